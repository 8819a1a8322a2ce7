# A dead cycle that is a WeakSet member and a WeakKeyDictionary key: both callbacks (`_remove`,
# `remove`) drop their weakref, which is freed and counted; the WeakKeyDictionary's value goes too.
import weakref


class Node(object):
    pass

members = weakref.WeakSet()
extra = weakref.WeakKeyDictionary()
a = Node()
a.me = a
members.add(a)
extra[a] = [1, 2]

RELEASE = ['a']
