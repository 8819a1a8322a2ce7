# A WeakValueDictionary value freed by reference counting: the callback runs at once and deletes
# the entry, so the KeyedRef (a tracked object) is freed by reference counting too.
import weakref


class Node(object):
    pass

cache = weakref.WeakValueDictionary()
n = Node()
cache['n'] = n

RELEASE = ['n']
