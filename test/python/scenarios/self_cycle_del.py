# An instance referencing itself, with __del__: uncollectable on 2.7 (legacy finalizer), collected on 3.4+.
class Leak(object):
    def __del__(self):
        pass

a = Leak()
a.me = a

RELEASE = ['a']
