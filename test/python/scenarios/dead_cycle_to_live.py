# A dead cycle pointing at a live object: the cycle is collected, the live object stays.
class Node(object):
    pass

live = Node()
a = Node()
b = Node()
a.other = b
b.other = a
a.target = live
b.target = live

RELEASE = ['a', 'b']
