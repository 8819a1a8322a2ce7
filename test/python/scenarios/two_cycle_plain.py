# Two instances referencing each other, no __del__.
class Node(object):
    pass

a = Node()
b = Node()
a.other = b
b.other = a

RELEASE = ['a', 'b']
