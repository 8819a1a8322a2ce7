# A tuple in a cycle with a list (tuples cannot reference themselves directly).
l = []
t = (l, 'tag')
l.append(t)

RELEASE = ['t', 'l']
