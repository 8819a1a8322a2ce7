# A 2-cycle where only one member has __del__: on 2.7 the other is uncollectable too (reachable
# from the finalizer) but only the finalizer object goes to gc.garbage.
class Leak(object):
    def __del__(self):
        pass


class Node(object):
    pass

a = Leak()
b = Node()
a.other = b
b.other = a

RELEASE = ['b', 'a']
