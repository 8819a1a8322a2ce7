# Grows cache['k'] by exactly K Leak objects per step, with noise that comes and goes (Noise
# instances replaced every step, temporary dicts, cyclic Junk garbage that waits for a collection
# with gc disabled), and dumps after every step. argv: DUMPER_DIR OUT_PREFIX K STEPS [attach|trace|fork]
# The trace variant runs under tracemalloc; the attach variant execs the dumper source afresh in a
# private namespace for every dump, as the attach helper does. Prints JSON facts the test checks.
import gc
import json
import sys
import weakref

dumper_dir, prefix, K, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
attach = len(sys.argv) > 5 and sys.argv[5] == 'attach'
fork = len(sys.argv) > 5 and sys.argv[5] == 'fork'
if len(sys.argv) > 5 and sys.argv[5] == 'trace':
    import tracemalloc
    tracemalloc.start()
path = dumper_dir + '/heapscope_dump.py'
if attach:
    with open(path) as f:
        src = f.read()
    code = compile(src, path, 'exec')

    def dump(out):
        ns = {'__name__': '__heapscope_dump__', '__file__': path}
        exec(code, ns)
        ns['dump'](out)
        ns.clear()
else:
    sys.path.insert(0, dumper_dir)
    import heapscope_dump
    dump = heapscope_dump.dump
    if fork:  # a fork capture, as attach makes: the registry is filled after the fork
        def dump(out):
            heapscope_dump.dump(out, fork=True, wait=True)


class Leak(object):
    pass


class Noise(object):
    pass


class Junk(object):
    pass


cache = {'k': []}
noise = []
gc.disable()
facts = {'files': [], 'shared': []}
for step in range(steps):
    cache['k'].extend([Leak() for _ in range(K)])  # LEAK-SITE
    noise = [Noise() for _ in range(40)]
    for i in range(30):
        d = {'i': i}
    for i in range(5):
        j = Junk()
        j.me = j
    del j, d
    out = '%s-%d.jsonl' % (prefix, step)
    # A weak reference the program shares with the dumper's registry (weakref.ref returns the one
    # callback-less reference of an object): its refcount must read as the program's own, which
    # is held by this module's globals only, while getrefcount also counts the registry (whose
    # dicts gc.get_referrers sees too: without the C API they stay tracked).
    w = weakref.ref(cache['k'][0])
    reg = sys.__dict__.get('_heapscope_identity')
    theirs = set(id(e[1]) for e in reg['gens']) if reg else set()
    holders = len([r for r in gc.get_referrers(w) if id(r) not in theirs])
    facts['shared'].append([id(w), holders, sys.getrefcount(w) - 1])
    del reg, theirs
    dump(out)
    facts['files'].append(out)
print(json.dumps(facts))
