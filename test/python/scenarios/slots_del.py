# A __slots__ instance with __del__ in a self-cycle.
class Slotted(object):
    __slots__ = ('me', '__weakref__')

    def __del__(self):
        pass

a = Slotted()
a.me = a

RELEASE = ['a']
