# A weakref with a callback that is itself part of the garbage: its callback does not run.
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
a.watch = weakref.ref(b, on_dead)

RELEASE = ['a', 'b']
