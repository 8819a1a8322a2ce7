# Two instances with __del__ referencing each other.
class Leak(object):
    def __del__(self):
        pass

a = Leak()
b = Leak()
a.other = b
b.other = a

RELEASE = ['a', 'b']
