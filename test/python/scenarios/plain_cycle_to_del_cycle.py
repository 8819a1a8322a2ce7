# A plain cycle referencing a __del__ cycle: on 2.7 the plain cycle is collected, the other leaks.
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
c.leak = a

RELEASE = ['a', 'b', 'c', 'd']
