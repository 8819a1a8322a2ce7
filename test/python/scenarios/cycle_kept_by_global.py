# A 2-cycle with __del__ where one member is still bound to a global: nothing is unreachable.
class Leak(object):
    def __del__(self):
        pass

a = Leak()
b = Leak()
a.other = b
b.other = a
keep = b

RELEASE = ['a', 'b']
