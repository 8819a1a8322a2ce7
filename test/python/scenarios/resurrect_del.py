# A self-cycle whose __del__ stores itself in a live list: resurrected on 3.4+ (declared effect).
SAVED = []


class Phoenix(object):
    def __del__(self):
        SAVED.append(self)

a = Phoenix()
a.me = a

RELEASE = ['a']
EFFECTS = {'a': 'resurrect'}
