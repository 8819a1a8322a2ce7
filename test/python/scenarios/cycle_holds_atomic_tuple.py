# A garbage cycle holding a tracked tuple of ints (a slice is tracked when it is made). 3.14.0 -
# 3.14.4 untrack it before collecting (untrack_tuples(young)): gc.collect() counts only the list;
# 3.13, 3.14.5+ and 3.15 count both.
l = []
l.append(l)
l.append((1, 2, [3])[:2])

RELEASE = ['l']
