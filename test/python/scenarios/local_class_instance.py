# A local class and an instance of it in a cycle with __del__ on the class.
def make():
    class Local(object):
        def __del__(self):
            pass
    return Local

inst = make()()
inst.me = inst

RELEASE = ['inst']
