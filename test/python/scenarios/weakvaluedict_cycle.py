# A WeakValueDictionary entry whose value is a dead cycle: handle_weakrefs runs the KeyedRef's
# callback (WeakValueDictionary's `remove`), which deletes the entry; the KeyedRef is then freed
# and gc.collect() counts it on top of the cycle.
import weakref


class Node(object):
    pass

cache = weakref.WeakValueDictionary()
a = Node()
b = Node()
a.other = b
b.other = a
cache['a'] = a
cache['b'] = b

RELEASE = ['a', 'b']
