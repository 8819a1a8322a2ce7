# A __del__ object that is not in a cycle but hangs off a plain dead cycle: on 2.7 it is in F,
# and clearing the cycle frees it, so nothing is uncollectable.
class Leak(object):
    def __del__(self):
        pass


class Node(object):
    pass

c = Node()
c.me = c
c.payload = Leak()

RELEASE = ['c']
