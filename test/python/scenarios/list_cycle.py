# A list containing itself and an instance that holds the list.
class Node(object):
    pass

l = []
l.append(l)
n = Node()
n.items = l
l.append(n)

RELEASE = ['l', 'n']
