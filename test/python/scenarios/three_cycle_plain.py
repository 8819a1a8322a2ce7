# A 3-cycle of plain instances.
class Node(object):
    pass

a = Node()
b = Node()
c = Node()
a.next = b
b.next = c
c.next = a

RELEASE = ['a', 'b', 'c']
