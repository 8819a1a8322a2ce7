# A set containing an instance that holds the set.
class Member(object):
    pass

s = set()
m = Member()
m.owner = s
s.add(m)

RELEASE = ['s', 'm']
