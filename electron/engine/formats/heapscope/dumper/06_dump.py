def dump(path, **options):
    """Write the whole live heap of this process to `path` (gzip when it ends in .gz).

    Options: compresslevel (gzip, default 3), labels (default True: edge labels), names
    ("user" default: name records for globals of non-stdlib modules and __main__; "all"; "none").
    Returns the number of object records written. Never calls gc.collect(); gc is disabled
    while dumping and its state restored. Not reentrant and not for use from several threads.
    """
    st = _State()
    st.was_enabled = gc.isenabled()
    gc.disable()
    st.switch = _hold_threads()
    try:
        # A fork capture registers identities after the fork, in both processes (the parent's
        # in the background: _identity_background); any other dump registers them first.
        st.ident = None if options.get('fork') else _identity_begin()
        st.pending = None
        for key in options:
            if key not in _OPTIONS:
                raise TypeError('dump() got an unexpected option %r' % (key,))
        st.path = os.fspath(path) if hasattr(os, 'fspath') else path
        user = options.get('_options') or options  # the signal handler passes its options along
        st.level = int(user.get('compresslevel', 3))
        st.labels = bool(user.get('labels', True))
        st.names = user.get('names', 'user')
        st.outer = options.get('_outer', ())
        st.held = options.get('_held', ())
        st.sigframe = options.get('_sigframe')
        st.capture = _capture_header(options.get('capture'))
        st.forked = False
        # The forked writer has this thread only: every thread's stack is looked at before the fork
        # (3.11+ this makes the frame objects in the program, as an in-process dump does).
        st.stacks = _thread_stacks(st) if options.get('fork') else None
        if options.get('fork'):
            pre = _identity_prepare()
            if _fork_off(st, options.get('wait')):
                if pre is not None:
                    st.pending = (pre[0], pre[1], pre[3])
                return _FORK_RESULT[0]  # the parent: the grandchild writes the dump
            st.ident = _identity_after_fork(pre)
            pre = None
        # Opened before the census: the int _MEM_FD holds is then the same when refcounts are
        # read and when the list's record is written (in-process dumps include this module).
        _mem_fd()
        if st.stacks is None:
            st.stacks = _thread_stacks(st)
        _census(st, sys._getframe() if PY < (3, 11) else None, options)
        _stack_locals(st)
        if _PRIVATE[0]:
            _drop_private(st)
        # The refcount pass. Invariant here: dump()'s locals are path, options, st and objs;
        # every other dumper structure holds ids (large ints), never a census object.
        objs = st.objs
        st.k = _calibrate()
        rcs = (_array('l', _map(_getrefcount, objs)) if PY2 else
               list(_map(_add, _map(_getrefcount, objs), _repeat(_RC_SHIFT))))
        _adjust(st, path, options, sys._getframe() if PY < (3, 11) else None)
        del objs
        n = _write(st, rcs)
        if options.get('_twin'):
            _twin_write(st, rcs, options['_twin'])
        if st.forked:
            _FORK_RESULT[0] = n
        return n
    finally:
        st.objs = None
        _mem_close()
        if st.forked:
            _fork_exit(st.forked)  # the grandchild: never returns into the program's code
        _release_threads(st.switch)
        if st.pending is not None:
            pending, st.pending = st.pending, None
            _identity_background(pending, st.was_enabled)  # gc stays off until it has finished
        elif st.was_enabled:
            gc.enable()


def _twin_write(st, rcs, path):
    """Tests: the same census written again by the general loop alone, to compare with the bulk path."""
    st.path = path
    _write(st, rcs, True)


def _calibrate():
    """How much the refcount pass itself adds: measured on a probe exactly as the census is.
    A probe held by one local and one list reads 2 + the pass's own references."""
    probe = object()
    if PY2:
        return _array('l', _map(_getrefcount, [probe]))[0] - 1
    return list(_map(_add, _map(_getrefcount, [probe]), _repeat(_RC_SHIFT)))[0] - _RC_SHIFT - 1


# 3.x: refcounts are kept in a list as refcount + 2**40 (fresh ints: a list of small ints would
# hold references to the small ints the census is measuring) rather than in an array('l'): the
# array module imports collections.abc, collections and half a dozen more modules on 3.x.
if PY2:
    _RC_SHIFT = 0
else:
    from itertools import repeat as _repeat
    _add = int.__add__
    _RC_SHIFT = 1 << 40


def _hold_threads():
    if hasattr(sys, 'getswitchinterval'):
        old = sys.getswitchinterval()
        sys.setswitchinterval(1e6)
        return old
    old = sys.getcheckinterval()
    sys.setcheckinterval(1 << 30)
    return old


def _release_threads(old):
    if hasattr(sys, 'setswitchinterval'):
        sys.setswitchinterval(old)
    else:
        sys.setcheckinterval(old)


def _dumper_frames(top):
    """≤3.10: the frames of this file on the current stack (all of them are the dumper's)."""
    out = []
    f = top
    while f is not None:
        if f.f_code.co_filename in (_THIS_FILE, __file__):
            out.append(f)
        elif __name__ == '__heapscope_dump__' and f.f_code.co_filename == '<string>':
            out.append(f)  # attach: the injected bootstrap that ran this file and called dump()
        f = f.f_back
    return out


def _census(st, top, options):
    """Fill st.objs: tracked objects first (st.ntracked of them), then untracked ones reached by
    gc.get_referents, by the hidden references of code objects / static types, and weak targets.
    Also counts, per address, the references from tracked objects (st.inner) for `x`."""
    excl = set([id(st), id(options)])
    for key in ('_outer', '_held', 'capture'):
        if key in options:
            excl.add(id(options[key]))
    frames = _dumper_frames(sys._getframe()) if top is not None else []
    excl.update(_map(id, frames))
    excl.add(id(frames))
    excl.add(id(excl))
    _identity_exclude(st, excl)
    objs = gc.get_objects()
    excl.add(id(objs))
    _stack_excl(st, excl)
    st.sigtuples = []
    if st.sigframe is not None:
        # The signal machinery called us with an argument tuple (signum, frame): not the program's.
        # The frame is alive (that tuple holds it), so its address can be turned back into it.
        st.sigtuples = _sig_tuples(st.sigframe, objs)
        excl.update(_map(id, st.sigtuples))
    # No comprehension or closure here: on 3.11 they would create cells before the census.
    # One pass, in place: the registry can put many thousands of addresses in excl.
    objs[:] = list(_compress(objs, _not(_map(excl.__contains__, _map(id, objs)))))
    st.ntracked = len(objs)
    # One dict serves as the census (its keys) and as the count of references from tracked
    # objects (its values, for `x`): a separate set would hold a second int per address.
    ids = dict.fromkeys(_map(id, objs), 0)
    dirty = set()
    hidden = {}
    weak = {}
    special = {}
    # Round 0 walks the tracked objects (their edges count for `x`); later rounds walk the
    # newly found untracked objects until nothing new appears.
    start, round0 = 0, True
    while start < len(objs):
        end = len(objs)
        for c in range(start, end, 4096):
            chunk = objs[c:min(c + 4096, end)]
            refs = _get_referents(*chunk)
            rid = list(_map(id, refs))
            if len(rid) > _CHUNK:
                _note_big(st, chunk)  # continuation records ahead: the header says 2.0
            if round0 and _reversed_dict:
                # Counting inserts every unseen address at the end of the (ordered) dict, so the
                # new ones are its last keys: no second lookup per edge.
                before = len(ids)
                _count_elements(ids, rid)
                new = set(_islice(reversed(ids), len(ids) - before))
            else:
                # set.difference iterates the small side (difference_update would walk all of ids).
                new = set(rid).difference(ids)
                if round0:
                    _count_elements(ids, rid)
                elif new:
                    ids.update(dict.fromkeys(new, 0))
            if not new.isdisjoint(excl):
                for o in chunk:
                    if not excl.isdisjoint(_map(id, _get_referents(o))):
                        dirty.add(id(o))
                new -= excl
            if new:
                # The new objects, each once: pick them out of refs by address, then dedupe.
                found = list(_compress(refs, _map(new.__contains__, rid)))
                objs.extend(dict(zip(_map(id, found), found)).values())
                del found
            has_special = False
            for t in set(_map(type, chunk)):
                if t not in special:
                    special[t] = _special_kind(t)
                has_special = has_special or special[t]
            for o in (chunk if has_special else ()):
                kind = special[type(o)]
                if kind:
                    for r in _hidden_refs(o, kind, hidden, weak):
                        if id(r) not in ids and id(r) not in excl:
                            ids[id(r)] = 0
                            objs.append(r)
            del chunk, refs, rid
        if round0:
            _add_stack_frames(st, objs, ids, excl)
        start, round0 = end, False
    for a in excl:
        ids.pop(a, None)  # counted as referents of dirty objects, but not part of the census
    _check_weak(weak, ids)
    st.objs, st.ids, st.inner, st.dirty, st.hidden, st.weak, st.excl = objs, ids, ids, dirty, hidden, weak, excl
    del frames[:]  # it holds this frame: a cycle that would outlive the dump with gc disabled
    _memory_hidden(st)


def _check_weak(weak, ids):
    """A proxy to an object the census did not reach: its target stays unknown (0). A function
    of its own: a comprehension in _census would make cells of its locals before the census."""
    for a in [w for w in weak if weak[w] and weak[w] not in ids]:
        weak[a] = 0


def _sig_tuples(address, objs):
    """The tracked (signum, frame) tuples whose frame is at `address` (found by identity)."""
    out = []
    for o in objs:
        if type(o) is tuple and len(o) == 2 and id(o[1]) == address:
            out.append(o)
    o = None
    return out


def _count_py(inner, rid):
    get = inner.get
    for a in rid:
        inner[a] = get(a, 0) + 1


from itertools import compress as _compress, islice as _islice
_reversed_dict = PY >= (3, 8)  # dicts (and their key order) are reversible from 3.8

try:
    from _collections import _count_elements
except ImportError:  # 2.7: no C counter
    _count_elements = _count_py


def _special_kind(t):
    """1 = code object, 2 = static type (hidden refs), 3 = weakref, 0 = nothing to add."""
    if t is _CodeType:
        return 1
    if issubclass(t, _WEAK_TYPES):
        return 3
    if issubclass(t, type):
        return 2
    if _holder_base(t) is not None:
        return 4  # fidelity: non-GC holder
    return 0


def _ht_slots_offset():
    """The offset of ht_slots in a heap type (the word after ht_name; type.__basicsize__ is a heap
    type's size), validated on _State, whose ht_slots holds its __slots__ names sorted: the very
    interned strings."""
    if not _MEM:
        return None
    t = _State
    a, name, want = id(t), id(_T_NAME(t)), sorted(_T_DICT(t)['__slots__'])
    try:
        for off in range(2 * _P, type.__basicsize__ - _P, _P):
            if _word(a + off) != name:
                continue
            tup = _word(a + off + _P)
            if (_word(tup + _P) == id(tuple) and _word(tup + 2 * _P) == len(want)
                    and all(_word(tup + (3 + i) * _P) == id(want[i]) for i in range(len(want)))):
                return off + _P
    except (OSError, ValueError, OverflowError):
        pass
    return None


_HT_SLOTS_OFF = _ht_slots_offset()
_CODE_FIELDS = (('co_code', 'co_consts', 'co_names', 'co_varnames', 'co_freevars', 'co_cellvars',
                 'co_filename', 'co_name', 'co_lnotab') if PY < (3, 10) else
                ('co_code', 'co_consts', 'co_names', 'co_varnames', 'co_freevars', 'co_cellvars',
                 'co_filename', 'co_name', 'co_linetable') if PY < (3, 11) else
                # 3.11+: co_code, co_varnames, co_lnotab... are built on access: not read.
                ('co_consts', 'co_names', 'co_filename', 'co_name', 'co_qualname', 'co_linetable',
                 'co_exceptiontable'))


def _memory_hidden(st):
    """Strong references no attribute exposes and tp_traverse does not report, read from memory:
    3.11+ a code object's co_localsplusnames (tuple) and co_localspluskinds (bytes), from which
    co_varnames and friends are built on access, and a heap type's ht_slots (its sorted __slots__
    tuple, all versions). One is recorded as a hidden reference when the census holds the object at
    that address: the census keeps it alive, so it is that very object. A tuple gc has untracked
    that nothing else reaches stays out (without the C API an address gives no object); a fresh one
    (tracked: every new code's and class's, the dumper's own included) would otherwise read as a
    root held from C, and run / attach modes could not tell the dumper's code holds it."""
    code_names = _CO_NAMES_OFF if _MEM else None  # Pyodide reads the names (stacks) but not these
    if code_names is None and _HT_SLOTS_OFF is None:
        return
    objs, ids, hidden = st.objs, st.ids, st.hidden
    want = {}  # address -> [(id(holder), label)]: ints only until the objects are picked out
    fields = []
    if code_names is not None:
        fields.append((set([_CodeType]), (('co_localsplusnames', code_names), ('co_localspluskinds', code_names + _P))))
    if _HT_SLOTS_OFF is not None:
        metas = set([t for t in set(_map(type, objs)) if issubclass(t, type)])
        fields.append((metas, (('ht_slots', _HT_SLOTS_OFF),)))
    for kinds, offsets in fields:
        for o in _compress(objs, _map(kinds.__contains__, _map(type, objs))):
            if type(o) is not _CodeType and not _T_FLAGS(o) & _TPFLAGS_HEAPTYPE:
                continue  # a static type has no ht_slots
            try:  # the fields of one holder are adjacent words: one read
                raw = _read(id(o) + offsets[0][1], len(offsets) * _P)
            except (OSError, ValueError, OverflowError):
                continue
            words = _array('L', raw) if PY2 else [int.from_bytes(raw[i:i + _P], sys.byteorder) for i in range(0, len(raw), _P)]
            for (label, _off), a in zip(offsets, words):
                if a in ids:
                    got = want.get(a)
                    if got is None:
                        got = want[a] = []
                    got.append((id(o), label))
    o = got = kinds = raw = words = None
    del fields[:]
    if not want:
        return
    found = list(_compress(objs, _map(want.__contains__, _map(id, objs))))
    for o in found:
        for c, label in want[id(o)]:
            if type(o) is not (bytes if label == 'co_localspluskinds' else tuple):
                continue  # cannot be (the field points at the object); never record a guess
            h = hidden.get(c)
            if h is None:
                h = hidden[c] = ([], [])
            h[0].append(label)
            h[1].append(o)
    o = None
    del found[:]
    want.clear()


def _hidden_refs(o, kind, hidden, weak):
    """Strong references tp_traverse does not report, recorded in st.hidden as (labels, objects)
    and returned so the census can include their targets; weak targets go to st.weak."""
    if kind == 4:
        return _holder_hidden(o, hidden)
    if kind == 1:
        labels, vals = [], []
        for name in _CODE_FIELDS:
            v = getattr(o, name, None)
            if v is not None:
                labels.append(name)
                vals.append(v)
        hidden[id(o)] = (labels, vals)
        return vals
    if kind == 2:
        if _T_FLAGS(o) & _TPFLAGS_HEAPTYPE or not _T_FLAGS(o) & _TPFLAGS_READY:
            return ()  # heap types report these to tp_traverse; un-readied ones have NULL fields
        labels, vals = [], []
        for name, get in (('__mro__', _T_MRO), ('__bases__', _T_BASES), ('__base__', _T_BASE)):
            v = get(o)
            if v is not None:
                labels.append(name)
                vals.append(v)
        hidden[id(o)] = (labels, vals)
        return vals
    if not issubclass(type(o), _weakref.ref):
        weak[id(o)] = _proxy_target(o)  # checked against the census when it is complete
        return ()
    target = _weak_target(o, type(o))
    weak[id(o)] = id(target) if target is not None else 0
    return (target,) if target is not None else ()


def _weak_target(o, t):
    if issubclass(t, _weakref.ref):
        return _ref_call(o)
    return None


def _proxy_target(o):
    """A weak proxy's referent address, read from its C repr (calling or touching a proxy would
    run its referent's code): "<weakproxy at 0x..; to 'C' at 0x..>", or "dead" (a dead proxy of
    <= 3.12 points at None)."""
    r = _weakref.ProxyType.__repr__(o) if type(o) is _weakref.ProxyType else _weakref.CallableProxyType.__repr__(o)
    i = r.rfind(' at 0x')
    if i < 0 or r.endswith('dead>'):
        return 0
    try:
        addr = int(r[i + 6:].rstrip('>'), 16)
    except ValueError:
        return 0
    return 0 if addr == id(None) else addr


def _adjust(st, path, options, top):
    """st.adj: per address, how many of its references the dumper's own frames and containers
    hold right now (they are subtracted from the measured refcount)."""
    adj = {}
    ids = st.ids

    def sub(o, n=1):
        a = id(o)
        if a in ids:
            adj[a] = adj.get(a, 0) + n
    excluded = [st, options] + st.sigtuples
    if top is not None:
        excluded.extend(_dumper_frames(top))
    for x in excluded:
        for r in _get_referents(x):
            sub(r)
    del excluded[:], x
    for h in st.hidden.values():  # st.hidden holds every hidden target once more
        for r in h[1]:
            sub(r)
    h = r = None
    sub(dump)  # the caller's value stack (≤3.10) or dump()'s frame (3.11+) holds the function
    if PY2:
        sub(dump)  # 2.7's call_function also increfs a Python callee for the call's duration
    if PY >= (3, 11):
        sub(dump.__code__)
        sub(path)  # a local of dump()
        for a in list(st.outer) + list(st.held):
            if a in ids:
                adj[a] = adj.get(a, 0) + 1
    else:
        sub(path)  # the caller's value stack
        for key in options:
            if not key.startswith('_'):
                sub(options[key])  # keyword values stay on the caller's stack during the call
                if PY2:
                    sub(key)
        for a in st.outer:
            if a in ids:
                adj[a] = adj.get(a, 0) + 1
    # The pass itself: array('l', map(getrefcount, objs)) keeps `array` and 'l' on dump()'s
    # stack and getrefcount inside the map object.
    sub(_getrefcount)
    if PY2:
        sub(_array)
        sub('l')
    else:  # list(map(int.__add__, map(getrefcount, objs), repeat(2**40)))
        sub(list)
        sub(_add)
        sub(_RC_SHIFT)
    _identity_adjust(st, adj)
    st.adj = adj


