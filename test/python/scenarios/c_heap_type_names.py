# Garbage whose gc debug lines need each type's real tp_name (issue #12): PyType_FromSpec types
# (functools.partial and _thread.RLock on 3.10+, collections.deque on 3.12+: tp_name keeps the
# module), static C types (the same before; collections.OrderedDict on 3.x: dotted in its C
# source), and Python classes (bare __name__, also a dotted or 120-character one, which 2.7 cuts
# to 100 bytes), one of them named like the C RLock type (the same `t`, another tp_name).
import collections
import functools
import threading


class Node(object):
    pass


class RLock(object):
    pass


RLock.__module__ = type(threading.RLock()).__module__


class Dotted(object):
    pass


Dotted.__name__ = 'pkg.Dotted'
Long = type('L' * 120, (object,), {})

n = Node()
n.parts = [functools.partial(len, n), collections.deque([n]), collections.OrderedDict(me=n),
           RLock(), Dotted(), Long(), threading.RLock()]

RELEASE = ['n']
