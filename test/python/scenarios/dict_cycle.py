# A dict holding itself as a value.
d = {}
d['self'] = d
d['x'] = [1, 2, 3]

RELEASE = ['d']
