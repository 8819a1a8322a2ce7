# Old-style classes on 2.7 (instance objects; DEBUG_INSTANCES format); plain classes on 3.x.
class OldLeak:
    def __del__(self):
        pass


class OldNode:
    pass

a = OldLeak()
a.me = a
b = OldNode()
b.me = b

RELEASE = ['a', 'b']
