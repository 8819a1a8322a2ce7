# A cycle hanging off a live object: releasing the names does not free it.
class Node(object):
    pass

owner = Node()
a = Node()
b = Node()
a.other = b
b.other = a
owner.child = a

RELEASE = ['a', 'b']
