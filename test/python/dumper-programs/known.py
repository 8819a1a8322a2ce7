# Builds structures whose refcounts, labels, finalizers and weakrefs are known, dumps the heap
# with heapscope_dump, and prints (as JSON on the last stdout line) the addresses involved, the
# refcounts CPython itself reports, and the tracked-object counts around the dump.
# Usage: python known.py DUMPER_DIR OUT_FILE
import datetime
import gc
import json
import sys
import weakref

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

OUT = sys.argv[2]


class Node(object):
    pass


class Slotted(object):
    __slots__ = ('x', 'y')


class Finalized(object):
    def __del__(self):
        pass


resurrected = []


class Phoenix(object):
    def __del__(self):
        try:
            resurrected.append(self)  # comes back: on 3.4+ its finalizer never runs again
        except AttributeError:
            pass  # 2.7 runs it again at shutdown, when module globals are already None


class Plain(object):
    def __init__(self):
        self.a = 1
        self.b = 'two'


def suspended_in_finally():
    try:
        yield 1
    finally:
        pass


def plain_generator():
    yield 1
    yield 2


def make_closure(value):
    def inner():
        return value
    return inner


def on_dead(ref):
    pass


held_list = [1, 2, 3]                      # held by one global: rc 1
cyc_a = Node()                             # cyc_a <-> cyc_b, cyc_a also held by a global
cyc_b = Node()
cyc_a.other = cyc_b
cyc_b.other = cyc_a
cyc_b_addr = id(cyc_b)
del cyc_b
holder = Node()
holder.child = held_list
slotted = Slotted()
slotted.y = held_list
seq = [None, held_list]
keyed = {'k1': held_list}
int_keyed = {5: held_list}
key_obj = Node()
by_obj = {key_obj: 1}                      # key_obj: global + dict key = 2
fin = Finalized()
gen = suspended_in_finally()
next(gen)
plain_gen = plain_generator()
next(plain_gen)
closure = make_closure(held_list)
cell = closure.__closure__[0]
plain = Plain()
weak_plain = weakref.ref(plain)
weak_cb = weakref.ref(plain, on_dead)
proxy = weakref.proxy(fin)
Phoenix()  # dies at once by refcount, and resurrects itself into `resurrected`
cache = weakref.WeakValueDictionary()      # a KeyedRef whose callback (remove) drops cache.data['c']
cache['c'] = plain
keyed_ref = cache.data['c']
fresh_gen = plain_generator()              # never started: a "genstate" record, state created
zone = datetime.tzinfo()                   # held by a non-GC datetime.time: a hidden edge
clock = datetime.time(1, tzinfo=zone)

info = {
    'ids': {
        'held_list': id(held_list), 'cyc_a': id(cyc_a), 'cyc_b': cyc_b_addr, 'holder': id(holder),
        'slotted': id(slotted), 'seq': id(seq), 'keyed': id(keyed), 'int_keyed': id(int_keyed),
        'key_obj': id(key_obj), 'by_obj': id(by_obj), 'fin': id(fin), 'gen': id(gen), 'cell': id(cell),
        'plain': id(plain), 'weak_plain': id(weak_plain), 'weak_cb': id(weak_cb), 'proxy': id(proxy),
        'Node': id(Node), 'Finalized': id(Finalized), 'main_dict': id(globals()),
        'plain_gen': id(plain_gen), 'phoenix': id(resurrected[0]), 'closure_code': id(make_closure.__code__), 'int_type': id(int),
        'keyed_ref': id(keyed_ref), 'cache_data': id(cache.data), 'fresh_gen': id(fresh_gen), 'zone': id(zone),
        'clock': id(clock), 'code_consts': id(make_closure.__code__.co_consts),
    },
}
# sys.getrefcount(x) at module level reads the true count + 1 (its argument).
expected = {}
expected['held_list'] = sys.getrefcount(held_list) - 1
expected['cyc_a'] = sys.getrefcount(cyc_a) - 1
expected['key_obj'] = sys.getrefcount(key_obj) - 1
expected['plain'] = sys.getrefcount(plain) - 1
expected['Node'] = sys.getrefcount(Node) - 1
expected['fin'] = sys.getrefcount(fin) - 1
expected['gen'] = sys.getrefcount(gen) - 1
expected['zone'] = sys.getrefcount(zone) - 1
expected['code_consts'] = sys.getrefcount(make_closure.__code__.co_consts) - 1
info['expected'] = expected

if sys.version_info[0] == 2:
    heapscope_dump.dump(OUT + '.warmup.jsonl')  # 2.7: the first dump creates a few objects for good
gc.disable()


def tracked_outside_registry():
    # The identity registry (FORMAT.md "Identity") keeps tracked weak references and dicts between
    # dumps, left out of every dump; everything else must stay as it was. No comprehension: on 2.7
    # its variable would stay in this frame (which gc.get_objects() lists), a cycle with gc off.
    reg = sys.__dict__.get('_heapscope_identity')
    mine = set()
    if reg is not None:
        mine.add(id(reg))
        mine.add(id(reg['gens']))
        for entry in reg['gens']:
            mine.add(id(entry))
            mine.add(id(entry[1]))
            # Held by the registry's dict, this list and map's argument only: the registry's own
            # (counted in C, so 3.14's borrowed loop variables cannot change the count).
            vals = list(entry[1].values())
            counts = list(map(sys.getrefcount, vals))
            for i in range(len(vals)):
                if counts[i] == 3:
                    mine.add(id(vals[i]))
            del vals, counts  # no lists of ours left for the count below
        entry = None
    reg = None
    objs = gc.get_objects()
    n = len(objs) - len(mine.intersection(map(id, objs)))
    del objs[:]
    return n


before = tracked_outside_registry()
heapscope_dump.dump(OUT)
after = tracked_outside_registry()
info['tracked_before'] = before
info['tracked_after'] = after
info['rc_after'] = sys.getrefcount(held_list) - 1
print(json.dumps(info))
