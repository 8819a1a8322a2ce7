# A plain weakref (no callback) to a cycle member is cleared; the weakref itself survives.
import weakref


class Node(object):
    pass

a = Node()
a.me = a
ref = weakref.ref(a)

RELEASE = ['a']
