# A live weakref with a callback to a member of a dead cycle: the callback runs.
import weakref

CALLBACK_LOG = []


def on_dead(ref):
    CALLBACK_LOG.append(id(ref))


class Node(object):
    pass

a = Node()
b = Node()
a.other = b
b.other = a
watch = weakref.ref(a, on_dead)

RELEASE = ['a', 'b']
