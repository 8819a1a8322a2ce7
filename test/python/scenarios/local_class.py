# A class defined inside a function: classes are cycles (type -> __mro__ -> type, descriptors).
def make():
    class Local(object):
        def method(self):
            return 1
    return Local

cls = make()

RELEASE = ['cls']
