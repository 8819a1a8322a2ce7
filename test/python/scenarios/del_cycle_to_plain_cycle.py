# A __del__ cycle referencing a plain cycle: on 2.7 the plain cycle is uncollectable too.
class Leak(object):
    def __del__(self):
        pass


class Node(object):
    pass

a = Leak()
b = Leak()
a.other = b
b.other = a
c = Node()
d = Node()
c.other = d
d.other = c
a.plain = c

RELEASE = ['a', 'b', 'c', 'd']
