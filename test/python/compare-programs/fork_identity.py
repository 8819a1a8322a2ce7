# A fork capture registers identities twice: in the writer, on the fork's image, and in the
# program's own process, on a thread of its own, after dump() has returned. Both must register
# the very same objects. Dumps by fork (wait=True), waits for the background registration, and
# prints the addresses the program's registry holds for that dump as JSON, with facts about the
# wait. A bare weak reference the program holds from before (shared with the registry) and one
# it makes right after dump() returns are in the heap too. argv: DUMPER_DIR OUT
import json
import sys
import weakref

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Item(object):
    pass


items = [Item() for _ in range(50000)]
early = weakref.ref(items[0])
heapscope_dump.dump(sys.argv[2], fork=True, wait=True)
late = weakref.ref(items[1])  # made while the parent may still be registering
reg = sys.__dict__['_heapscope_identity']
busy = reg.get('busy')
waited = busy is not None
if busy is not None:
    busy.acquire()
    busy.release()
seq = reg['seq']
gen = [d for s, d in reg['gens'] if s == seq]
print(json.dumps({'seq': seq, 'background': waited, 'registered': sorted(gen[0]) if gen else [],
                  'items': len(items), 'early': id(items[0]), 'late': id(items[1])}))
