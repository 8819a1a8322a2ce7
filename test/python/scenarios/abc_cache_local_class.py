# A local class checked against an ABC lands in the ABC's negative cache (3.7+: a set of weakrefs
# with the C callback _abc._destroy; before, a WeakSet). The class is a cycle: when it is
# collected, the callback removes its weakref from the cache, which is freed and counted.
try:
    from collections.abc import Sized
except ImportError:
    from collections import Sized


class Local(object):
    pass

isinstance(Local(), Sized)

RELEASE = ['Local']
