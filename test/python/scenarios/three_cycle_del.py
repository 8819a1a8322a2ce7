# A 3-cycle where the middle member has __del__.
class Node(object):
    pass


class Leak(object):
    def __del__(self):
        pass

a = Node()
b = Leak()
c = Node()
a.next = b
b.next = c
c.next = a

RELEASE = ['a', 'b', 'c']
