# An object holding a weakref to itself, freed by reference counting: its dealloc clears its
# weakrefs before its attributes, so the callback runs while the object still holds the weakref;
# the weakref drops the callback then and is freed with the object.
import weakref

CALLBACK_LOG = []


class Node(object):
    pass

n = Node()
n.watch = weakref.ref(n, lambda r: CALLBACK_LOG.append(id(r)))

RELEASE = ['n']
