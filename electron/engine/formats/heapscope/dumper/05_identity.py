# ----------------------------------------------------------------------------------------------
# Identity across dumps of one process (FORMAT.md "Identity"). A registry kept in sys.__dict__
# under _IDENT_KEY (sys is always there, so it survives the attach helper's fresh exec of this
# file) holds, per dump sequence number, a weak reference to every weakrefable tracked object
# first seen by that dump. A live weak reference proves that the object at that address is the
# very one seen then; a dead one means any object now there is new (CPython clears weak references
# before it frees the memory). The registry must not appear in the dump nor change what it
# measures: its weak references have no callback, so they hold nothing and CPython may keep them
# untracked (we untrack the ones we create, and every container of the registry); the census
# excludes the registry (one dropped edge from sys.__dict__, not counted); a weak reference the
# program shares with us (weakref.ref() returns the one callback-less reference an object has)
# is dumped with the registry's reference subtracted from its refcount. Without ctypes there is
# no registry (dumps still compare by aggregates). Registration happens at the start of dump(),
# or for a fork capture after the fork on both sides (_identity_after_fork, _identity_background).
_IDENT_KEY = '_heapscope_identity'
_GEN_CHUNK = 50000
from itertools import repeat as _repeat
# Element-wise tests without the operator module (the dumper imports no Python module of its own):
# set membership of ints and bools compares by value, never calls the program's __eq__.
_ID_NONE = frozenset([id(None)])
_FALSE = frozenset([False])


def _is_none(xs):
    return _map(_ID_NONE.__contains__, _map(id, xs))


def _is_not_none(xs):
    return _map(_FALSE.__contains__, _is_none(xs))


def _not(bools):
    return _map(_FALSE.__contains__, bools)


def _random_hex():
    """16 random hex digits (no binascii: an import the program may not have)."""
    n = 0
    for ch in bytearray(os.urandom(8)):
        n = n * 256 + ch
    return '%016x' % n


def _untrack(o):
    """Untracking needs the C API (ctypes, which the dumper no longer imports): the registry stays
    tracked, and the census leaves it out all the same."""
# Argument parsers some versions build lazily (3.6/3.7 keep the keyword tuple of bytes.split):
# use them once now, not during a dump.
b'a b'.split()
if PY2:
    # 2.7 readies a static type (its dict and descriptors, kept for good) on the first attribute
    # lookup on one of its objects; a dump looks some up on method-wrapper, method_descriptor and
    # classmethod_descriptor objects: ready them now, or an in-place dump leaves them behind.
    for _x in (_T_NAME, str.__dict__['join'], dict.__dict__['fromkeys']):
        getattr(_x, '__doc__', None)
    del _x


def _identity_begin():
    """Register the objects of this moment; returns (registry, header fields) or None."""
    try:
        return _identity_register()
    except Exception:
        return None  # identity is an extra: a dump without it still compares by aggregates


def _identity_prepare():
    """Before a fork: (registry, seq, header, snapshot of every tracked object) or None."""
    try:
        reg, seq, header = _identity_open()
        return reg, seq, header, gc.get_objects()
    except Exception:
        return None


def _identity_after_fork(pre):
    """In the writer (or where fork failed): the registration, in one go, on the fork's image,
    by the parent's rule (shared=True: _identity_background), so both register the same objects."""
    if pre is None:
        return None
    reg, seq, header, objs = pre
    try:
        _identity_finish(reg, seq, objs, 0, True)
        return reg, header
    except Exception:
        return None
    finally:
        del objs[:]


def _process_start():
    """Boot id + start time in clock ticks (Linux), which tell two processes with one pid apart."""
    try:
        with open('/proc/self/stat', 'rb') as f:
            stat = f.read()
        with open('/proc/sys/kernel/random/boot_id', 'rb') as f:
            boot = f.read().strip()
        start = stat[stat.rindex(b')') + 2:].split()[19]
        # No str.decode on 2.7: it would import encodings.ascii during a dump.
        return '%s:%s' % ((boot, start) if PY2 else (boot.decode('ascii'), start.decode('ascii')))
    except Exception:
        return None


def _identity_open():
    """The registry (made on this process's first dump) and this dump's sequence number. A
    registration still running in the background (a fork capture's, see _identity_background)
    is waited for: the next dump must see all of it."""
    untrack = _untrack
    sd = _module_dict(sys)
    reg = dict.get(sd, _IDENT_KEY)
    pid = os.getpid()
    imports = dict.get(reg, 'imports') if type(reg) is dict else None
    if type(reg) is not dict or reg.get('pid') != pid:
        # First dump of this process (or of a forked child, which is another process).
        reg = {'session': _random_hex(), 'pid': pid,
               'start': _process_start(), 'seq': 0, 'gens': []}
        untrack(reg['gens'])
        sd[_IDENT_KEY] = reg
        untrack(reg)
    busy = reg.get('busy')
    if busy is not None:
        busy.acquire()  # held by a background registration until it has finished
        busy.release()
        _thread_gone(reg.get('busy_ident'))
    if _PRIVATE[0]:
        # The modules dumpers of this process imported (a forked child inherits its parent's),
        # for _own_imports: one str, which holds no object the census could meet.
        own = set(_OWN_IMPORTS)
        if type(imports) is str and imports:
            own.update(imports.split(','))
        reg['imports'] = ','.join(sorted(own))
        own.clear()
    reg['seq'] += 1
    seq = reg['seq']
    return reg, seq, {'session': reg['session'], 'seq': seq, 'pid': reg['pid'], 'processStart': reg['start']}


def _identity_register():
    reg, seq, header = _identity_open()
    _identity_finish(reg, seq, gc.get_objects(), 0, False)
    return reg, header


def _identity_finish(reg, seq, objs, chunk, shared):
    """Register every weakrefable object of `objs` not registered yet as first seen by dump `seq`
    (emptying objs as it goes). chunk = 0: in one go; else in slices of `chunk` objects with the
    GIL let go between them (_identity_background). shared: also keep a weak reference the
    program already had (see _identity_background)."""
    untrack = _untrack
    gens = reg['gens']
    known = set()
    keep = []
    step = chunk or (1 << 62)
    for gen in gens:
        d = gen[1]
        keys = list(d)
        for c in range(0, len(keys), step):
            part = keys[c:c + step]
            # Dead references: their objects are gone, the address may now hold a new one.
            for a in list(_compress(part, _is_none(_map(_ref_call, _map(d.__getitem__, part))))):
                del d[a]
            known.update(_compress(part, _map(d.__contains__, part)))
            _pass(chunk)
        if d:
            keep.append(gen)
        del d, keys
    gens[:] = keep
    del keep[:], keep
    wro = _type_dict['__weakrefoffset__'].__get__
    weakable = set()
    seen = set()
    d = {}
    while objs:
        part = objs[-step:]
        del objs[-step:]
        for t in set(_map(type, part)).difference(seen):
            seen.add(t)
            if wro(t) != 0:
                weakable.add(t)
        cands = list(_compress(part, _map(weakable.__contains__, _map(type, part))))
        del part[:]
        new = list(_compress(cands, _not(_map(known.__contains__, _map(id, cands)))))
        del cands[:]
        try:
            refs = list(_map(_weakref.ref, new))
        except TypeError:  # a type that claims weak reference support but refuses: one at a time
            refs = []
            for o in new:
                try:
                    refs.append(_weakref.ref(o))
                except TypeError:
                    refs.append(None)
            o = None
        # A reference we created is held by `refs` and getrefcount's argument only; one the program
        # already had is held by the program too: that one stays tracked, as the program left it.
        # Only references we created are kept: one the program already had (weakref.ref() hands out an
        # object's one callback-less reference, e.g. the one in a base class's __subclasses__) would be
        # kept alive by us after the program let go of it. Those objects get no registry evidence.
        ours = list(_is_not_none(refs) if shared else _map(_TWO.__contains__, _map(_getrefcount, refs)))
        d.update(_compress(zip(_map(id, new), refs), ours))
        for r in _compress(refs, ours):
            untrack(r)
        r = None
        del new[:], new, refs[:], refs, ours
        _pass(chunk)
    if d:
        entry = (seq, d)
        untrack(d)
        untrack(entry)
        gens.append(entry)
        del entry


_TWO = frozenset([2])


def _pass(chunk):
    if chunk:
        time.sleep(0)  # lets the program's threads run between slices


def _identity_background(pre, gc_was_enabled):
    """A fork capture's parent: the child wrote the dump from the fork's image, where this same
    registration ran on the same objects; here it runs on a thread of its own, in slices, so the
    program goes on at once (its pause is the fork). `pre` = (registry, seq, snapshot): the
    snapshot, every tracked object at the fork, holds them until registered, so an object that
    dies meanwhile cannot leave its address to a newcomer registered in its place (what the
    program frees in that time is freed a little later, on this thread). gc stays off meanwhile,
    as during a dump (a million new weak references would start a full collection). A reference
    the program made after the fork to an object the child registered is kept (shared=True):
    else that object would lose its evidence. Runs in-line where threads cannot."""
    reg, seq, objs = pre
    thread = sys.modules.get('thread' if PY2 else '_thread')
    lock = reg.get('busy')
    if lock is None and thread is not None:
        lock = reg['busy'] = thread.allocate_lock()
    if lock is not None and thread is not None:
        lock.acquire()
        try:
            reg['busy_ident'] = thread.start_new_thread(_identity_thread, (reg, seq, objs, lock, gc_was_enabled, 2048))
            return
        except Exception:
            lock.release()
    _identity_thread(reg, seq, objs, None, gc_was_enabled, 0)


def _thread_gone(ident, limit=2.0):
    """Wait until the registration thread `ident` has left (it releases the lock a few bytecodes
    before): its frame and locals must not be in the next dump's stacks."""
    end = time.time() + limit
    while ident is not None and ident in sys._current_frames() and time.time() < end:
        time.sleep(0.001)


def _identity_thread(reg, seq, objs, lock, gc_was_enabled, chunk):
    """The program's side of a fork capture's registration: on its own thread (lock held until it
    ends) or, where threads cannot be started, in-line (lock None)."""
    try:
        _identity_finish(reg, seq, objs, chunk, True)
    except Exception:
        pass  # identity is an extra
    finally:
        del objs[:]  # never keep the snapshot's objects alive
        if gc_was_enabled and not gc.isenabled():
            gc.enable()
        if lock is not None:
            lock.release()


def _sites_write(st, w):
    """{"k":"site"} records when tracemalloc is tracing: where each object was allocated (the most
    recent frame of its traceback), grouped by file and line. tracemalloc is never imported here
    (that would create objects); a program that traces has imported it."""
    tm = sys.modules.get('tracemalloc')
    if tm is None or not getattr(tm, 'is_tracing', lambda: False)():
        return
    get = tm.get_object_traceback
    newest = -1 if PY >= (3, 7) else 0  # 3.7+ order tracebacks oldest first
    sites = {}
    for o in st.objs:
        tb = get(o)
        if tb is not None and len(tb):
            f = tb[newest]
            key = (f.filename, f.lineno)
            got = sites.get(key)
            if got is None:
                got = sites[key] = []
            got.append(id(o))
    o = tb = f = None
    for (filename, line), addrs in sites.items():
        for c in range(0, len(addrs), _GEN_CHUNK):
            w.buf.append('{"k":"site","file":%s,"line":%d,"a":[%s]}' % (_jstr(filename), line or 0, ','.join(_map(str, addrs[c:c + _GEN_CHUNK]))))
            w.flush()


def _identity_exclude(st, excl):
    """The census leaves the registry (and so everything only it reaches) out. Without the C API
    its containers and the weak references only it holds stay tracked, so they are in
    gc.get_objects(): leave each of them out by address. A weak reference the program shares with
    us (weakref.ref() hands out the one callback-less reference an object has) is the program's:
    it stays in the dump, with our reference subtracted (_identity_adjust)."""
    if st.ident is None:
        return
    reg = st.ident[0]
    excl.update((id(st.ident), id(reg), id(st.ident[1]), id(reg['gens'])))
    if 'busy' in reg:
        excl.add(id(reg['busy']))  # a lock: tracked from 3.10 or so (a heap type with GC)
    two = _TWO.__contains__
    for entry in reg['gens']:
        d = entry[1]
        excl.update((id(entry), id(d)))
        # Held by d and by getrefcount's argument only: ours alone (2.7's values() is a list: iterate).
        values = d.itervalues if PY2 else d.values
        # Counted first: compress would hold each value while the count of the same value is taken.
        counts = list(_map(_getrefcount, values()))
        excl.update(_map(id, _compress(values(), _map(two, counts))))
        del counts[:]
    entry = d = values = counts = None


def _identity_adjust(st, adj):
    """A registry reference that is in the dump (shared with the program): not the program's."""
    if st.ident is None:
        return
    ids = st.ids
    for _seq, d in st.ident[0]['gens']:
        for a in filter(ids.__contains__, _map(id, d.values())):
            adj[a] = adj.get(a, 0) + 1


def _identity_write(st, w):
    """{"k":"gen"} records: the dumped objects each dump of this session saw first."""
    if st.ident is None:
        return
    ids = st.ids
    for seq, d in st.ident[0]['gens']:
        keys = list(d)
        alive = list(_compress(keys, _is_not_none(_map(_ref_call, list(d.values())))))
        here = list(filter(ids.__contains__, alive))
        for c in range(0, len(here), _GEN_CHUNK):
            w.buf.append('{"k":"gen","seq":%d,"a":[%s]}' % (seq, ','.join(_map(str, here[c:c + _GEN_CHUNK]))))
            w.flush()
        del keys, alive, here


