# Provokes address reuse on purpose: dump with N objects of a type alive, free them, allocate
# new ones of the same type until at least MIN of them sit at freed addresses, dump again.
# Does it for a weakrefable type (Obj) and for one that is not (list). argv: DUMPER_DIR OUT_PREFIX [fork]
# With `fork` both dumps are fork captures, and the frees and new objects come at once after the
# first returns, while its parent side still registers identities in the background.
import gc
import json
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump

prefix = sys.argv[2]
fork = len(sys.argv) > 3 and sys.argv[3] == 'fork'


class Obj(object):
    pass


gc.disable()
objs = [Obj() for _ in range(2000)]
lists = [[i] for i in range(2000)]
old_objs = set(map(id, objs))
old_lists = set(map(id, lists))
heapscope_dump.dump(prefix + '-0.jsonl', fork=fork, wait=fork)
del objs[:], lists[:]
new_objs, new_lists = [], []
reused_objs, reused_lists = [], []
for _ in range(400000 if fork else 20000):  # fork: the registration holds the old ones a while
    o = Obj()
    new_objs.append(o)
    if id(o) in old_objs:
        reused_objs.append(id(o))
    l = [0]
    new_lists.append(l)
    if id(l) in old_lists:
        reused_lists.append(id(l))
    if len(reused_objs) >= 200 and len(reused_lists) >= 200:
        break
del o, l
heapscope_dump.dump(prefix + '-1.jsonl', fork=fork, wait=fork)
print(json.dumps({'objs': reused_objs, 'lists': reused_lists}))
