"""Big containers for bigContainers.test.ts: a list, dicts, a set and a tuple of many items in a cycle,
dumped twice in one process, with continuation records (a lowered _CHUNK) and without (one line
each); then the names are dropped and gc.collect() runs, so the test can compare the
simulation of both dumps with what CPython did.

usage: python big_containers.py DUMPER_DIR SPLIT_OUT WHOLE_OUT N CHUNK
"""
import gc
import json
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

N = int(sys.argv[4])
CHUNK = int(sys.argv[5])
L = list(range(N))
D = dict.fromkeys(L[:N // 2])
S = set(L[:N // 3])
T = tuple(L[:N // 4]) + (L,)
# Keys whose labels hold commas, quotes and backslashes: the dumper splits their JSON by hand.
E = dict(('k,"%d",\\' % i, i) for i in range(N // 8))
L.append(L)
L.append(D)
L.append(S)
L.append(T)
L.append(E)
D['list'] = L
gc.collect()
info = {
    'ns': id(globals()),
    'ids': {'L': id(L), 'D': id(D), 'S': id(S), 'T': id(T), 'E': id(E)},
    'refs': {'L': len(gc.get_referents(L)), 'D': len(gc.get_referents(D)),
             'S': len(gc.get_referents(S)), 'T': len(gc.get_referents(T)), 'E': len(gc.get_referents(E))},
}
heapscope_dump._CHUNK = CHUNK
heapscope_dump.dump(sys.argv[2])
heapscope_dump._CHUNK = 10 ** 9
heapscope_dump.dump(sys.argv[3])
del L, D, S, T, E
info['collect'] = gc.collect()
print(json.dumps(info))
