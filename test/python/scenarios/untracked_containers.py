# Untracked containers (a dict of atomic values, a tuple of ints) hanging off a dead cycle.
class Node(object):
    pass

a = Node()
a.me = a
a.config = {'depth': 3, 'name': 'leaf'}
a.coords = (1, 2, 3)
plain = {'only': 'atoms'}

RELEASE = ['a', 'plain']
