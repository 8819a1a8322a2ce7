# A cycle through a dict key: the key object holds the dict.
class Key(object):
    pass

k = Key()
d = {k: 'value'}
k.table = d

RELEASE = ['d', 'k']
