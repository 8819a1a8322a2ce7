# Two __slots__ instances (no __dict__) referencing each other.
class Slotted(object):
    __slots__ = ('other',)

a = Slotted()
b = Slotted()
a.other = b
b.other = a

RELEASE = ['a', 'b']
