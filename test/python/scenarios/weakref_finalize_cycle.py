# weakref.finalize on a member of a dead cycle: the callback (the finalize object) pops its entry
# from finalize._registry and calls the function; the entry, the weakref and the finalize object
# are freed, and the weakref is counted. (2.7 has no weakref.finalize: a WeakSet stands in.)
import weakref

LOG = []


class Node(object):
    pass

a = Node()
b = Node()
a.other = b
b.other = a
if hasattr(weakref, 'finalize'):
    fin = weakref.finalize(a, LOG.clear)
    del fin
else:
    members = weakref.WeakSet()
    members.add(a)

RELEASE = ['a', 'b']
