# Baseline census without the dumper: runs SCRIPT as __main__ in a fresh module dict, then prints
# the tracked objects per type ("T name count") and the loaded modules by __name__ ("M name").
# Only gc and sys are used; this file's own globals and frame are left out. "X tuple-tracked N"
# counts the tuples holding a tracked object: a tuple of atoms stays tracked only until a collection
# looks at it, and when the automatic collections come differs with and without the dumper.
import gc
import sys

g = {'__name__': '__main__', '__file__': sys.argv[1], '__builtins__': __builtins__}
with open(sys.argv[1]) as fh:
    exec(compile(fh.read(), sys.argv[1], 'exec'), g)
mine = set([id(g), id(sys._getframe())])
counts = {}
for o in gc.get_objects():
    if id(o) in mine:
        continue
    t = type(o)
    name = t.__name__ if t.__module__ in ('builtins', '__builtin__') else t.__module__ + '.' + t.__name__
    if name == 'instance':  # 2.7 old-style instances: the dumper names them by class
        name = o.__class__.__module__ + '.' + o.__class__.__name__
    counts[name] = counts.get(name, 0) + 1
holding = 0
for o in gc.get_objects():
    if type(o) is tuple and id(o) not in mine:
        for x in o:
            if gc.is_tracked(x):
                holding += 1
                break
x = o = None
sys.stdout.write('X tuple-tracked %d\n' % holding)
for k in sorted(counts):
    sys.stdout.write('T %s %d\n' % (k, counts[k]))
for m in gc.get_objects():
    if type(m) is type(sys) and m is not gc:
        sys.stdout.write('M %s\n' % getattr(m, '__name__', '?'))
m = None
