# No cycle at all: releasing the head frees the whole chain by reference counting.
class Node(object):
    pass

head = Node()
head.next = Node()
head.next.next = Node()
head.next.next.items = [1, 2, 3]

RELEASE = ['head']
