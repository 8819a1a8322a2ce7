# An instance referencing itself, no __del__: collectable on every version.
class Node(object):
    pass

a = Node()
a.me = a

RELEASE = ['a']
