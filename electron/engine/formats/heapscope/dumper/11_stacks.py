# ----------------------------------------------------------------------------------------------
# The running stack (#12): every thread's frames, from sys._current_frames() down the f_back chain.
# Up to 3.10 running frames are objects that gc does not track: they join the census as untracked
# objects and their locals are ordinary edges. From 3.11 a running function's frame is not an object
# until asked for: sys._current_frames() and f_back make one (flagged "mk": the dumper made it),
# whose tp_traverse reports none of the locals; they are read from the interpreter frame's slots
# and named (name records), their references staying outside the dump. The dumper's own frames
# (and an attach bootstrap's) stay out. st.stacks = (threads, frame id -> thread name, made ids,
# [(address, holder, local name)]).
def _thread_stacks(st):
    threads, where, made = [], {}, set()
    current = getattr(sys, '_current_frames', None)
    if current is None:
        return (threads, where, made, [])
    names = _thread_names()
    frames = current()
    for ident in sorted(frames):
        chain = []
        f = frames[ident]
        ours = False  # the innermost frames are the dumper's: the thread that is dumping
        while f is not None:
            fn = f.f_code.co_filename
            if not (fn in (_THIS_FILE, __file__) or (__name__ == '__heapscope_dump__' and fn == '<string>')):
                chain.append(f)
                where[id(f)] = names.get(ident) or str(ident)
                if PY >= (3, 11):
                    made.add(id(f))
            elif not chain:
                ours = True
            f = f.f_back
        if chain:
            threads.append((ident, names.get(ident) or str(ident), chain, ours))
    f = chain = None
    frames.clear()
    return (threads, where, made, [])


def _thread_names():
    """ident -> Thread name, read from threading's registry when the program imported threading."""
    out = {}
    th = sys.modules.get('threading')
    active = _dict_get(th, '_active') if type(th) is _ModuleType else None
    if type(active) is dict:
        for ident, t in list(dict.items(active)):
            name = None
            for attr in ('_name', '_Thread__name'):  # 2.7 mangles it
                try:
                    name = object.__getattribute__(t, attr)
                    break
                except Exception:
                    pass
            if isinstance(name, (str, _text_type)):
                out[ident] = name
    return out


def _stack_excl(st, excl):
    threads = st.stacks[0]
    excl.update([id(st.stacks), id(threads), id(st.stacks[1]), id(st.stacks[2]), id(st.stacks[3]), id(st.capture)])
    for t in threads:
        excl.add(id(t))
        excl.add(id(t[2]))


def _add_stack_frames(st, objs, ids, excl):
    """After the tracked objects: the running frames gc does not track join the census, and on
    3.11+ the untracked objects their interpreter frames hold (see _add_stack_held)."""
    for t in st.stacks[0]:
        for f in t[2]:
            a = id(f)
            if a not in ids and a not in excl:
                ids[a] = 0
                objs.append(f)
    f = None
    if _STACK_SLOTS or _STACK_REFS:
        _add_stack_held(st, objs, ids, excl)
    elif _VS_OK:
        _vs_add_held(st, objs, ids, excl)


def _stack_locals(st):
    """3.11+: name the objects running frames hold in their locals (read from the interpreter
    frame's slots). The references themselves stay outside the dump, as the interpreter frame is
    not an object: the frame object made for the dump does not hold them."""
    # Our lists hold each frame once, st.capture its keys and values: not the program's
    # references (a tuple made after the census).
    st.outer = (tuple(st.outer) + tuple([id(f) for t in st.stacks[0] for f in t[2]])
                + tuple([id(x) for kv in st.capture.items() for x in kv]))
    # 3.11+: the locals themselves were read and named during the census (_add_stack_held).


# 3.11 - 3.13: a running function's fast locals, cells and value stack live in its interpreter
# frame (localsplus, at +72; `stacktop` at +64 is the saved stack depth, -1 while the frame itself
# executes), which is no object: gc.get_referents of the frame object made for it reports none of
# them, and an object only they hold (an untracked tuple, str, int...) would be missing. They are
# read there, never through f_locals (a dict snapshot kept on the frame on 3.11/3.12, a proxy on
# 3.13). <= 3.10 the frame object holds the locals (its edges); a running frame's value stack (its
# depth a C local) is read by 11_value_stack.py.
_STACK_SLOTS = _MEM and (3, 11) <= PY < (3, 14) and _P == 8
# 3.14 and 3.15 (pycore_interpframe_structs.h): f_executable, previous, f_funcobj, f_globals,
# f_builtins, f_locals, frame_obj, instr_ptr, stackpointer (word 8), return_offset (2 bytes),
# owner, visited, then localsplus at word-aligned 9 words + 4: +40 in Pyodide (wasm32), +80 on
# 64-bit. Slots are _PyStackRef (pycore_stackref.h, GIL build): the low bit Py_TAG_REFCNT marks a
# reference that owns no count (immortal or borrowed), PyStackRef_NULL is that bit alone, bits 3
# are a tagged int (Py_INT_TAG), 2 alone is PyStackRef_ERROR (3.15); stackpointer is the end of
# the live slots while the frame is suspended in a call (NULL while it runs). They are read as
# gc.c's _PyGC_VisitFrameStack reads them: localsplus up to stackpointer, tagged ints skipped,
# tag bits masked off, NULL skipped. Pyodide only: there ctypes gives the object at an address and
# the only stack is the dumping thread's. Natively the carrier list (below) cannot point at tagged
# slots, and no native 3.14 was here to prove a copy: off.
_STACK_REFS = PY >= (3, 14) and _OBJECT_AT[0] is not None
_LOCALSPLUS14 = (9 * _P + 4 + _P - 1) // _P * _P
_STACK_NAME = '<value stack>'  # name records' name for a value the frame keeps on its stack (3.6 - 3.15)


def _add_stack_held(st, objs, ids, excl):
    """Name what each running frame's slots hold (st.stacks[3]), and add to the census the objects
    it does not have yet: materialised by gc.get_referents of a private empty list pointed, for
    that one call, at the frame's live slots (see _frame_slots_objects), or in Pyodide by ctypes."""
    fd = -1  # names only when it cannot be opened: the objects the census lacks stay out
    if _STACK_SLOTS:
        try:
            fd = os.open('/proc/self/mem', os.O_RDWR)
        except (OSError, AttributeError):
            pass
    try:
        chain = None
        for t in st.stacks[0]:
            chain = t[2]
            for i in range(len(chain)):
                slots = _frame_slots(chain[i])
                if not slots:
                    continue
                base, names, depth = slots
                holder = _frame_holder(st, chain[i])
                missing = []
                for a, name in _slot_words(base, names, depth):
                    if name is not None:
                        st.stacks[3].append((a, holder, name))
                    if a not in ids and a not in excl:
                        missing.append(a)
                if _STACK_REFS:
                    # No other thread runs in Pyodide, and every frame here waits on dump(): its
                    # slots hold live objects (gc.c visits the very same ones).
                    for a in missing:
                        if a not in ids:
                            ids[a] = 0
                            objs.append(_OBJECT_AT[0](a))
                    continue
                if not missing or fd < 0:
                    continue
                # The value stack is read only while the frame's callee (the next frame in, or the
                # dumper) is still running: once it returns, the frame resumes and its stack changes.
                callee = chain[i - 1] if i else None
                if depth > len(names) and (gc.is_tracked(callee) if i else not t[3]):
                    depth = len(names)
                for o in _frame_slots_objects(fd, chain[i], base, depth, callee if depth > len(names) else None):
                    if id(o) not in ids and id(o) not in excl:
                        ids[id(o)] = 0
                        objs.append(o)
                o = callee = None
        chain = None
    finally:
        if fd >= 0:
            os.close(fd)


def _frame_slots(f):
    """(address of localsplus, localsplus names, slots to read) of a running 3.11+ frame, or None
    when its memory does not look like one (its code object must be where it is expected)."""
    try:
        code = f.f_code
        fp = _ptr(id(f) + 3 * _P)  # PyFrameObject: the object header, f_back, f_frame
        names = _localsplus_names(code)
        if not names:
            return None
        n = len(names)
        if PY >= (3, 14):
            if _ptr(fp) & ~3 != id(code):  # f_executable, a _PyStackRef
                return None
            base = fp + _LOCALSPLUS14
            top = _ptr(fp + 8 * _P) - base
            top = top // _P if top % _P == 0 else -1
        else:
            if _word(fp + _IFRAME[2]) != id(code):
                return None
            base = fp + 72
            top = _int32(fp + 64)
        return base, names, top if n < top <= n + code.co_stacksize else n
    except (OSError, ValueError, OverflowError):
        return None


def _slot_words(base, names, depth):
    """[(address, name)] of the slots holding objects: locals by name, then the value stack's
    entries. 3.14+ slots are _PyStackRef: tagged ints skipped, tag bits masked off."""
    p = _P
    try:
        data = _read(base, p * depth)
    except (OSError, ValueError, OverflowError):
        return []
    out = []
    tagged = PY >= (3, 14)
    for i in range(depth):
        a = int.from_bytes(data[p * i:p * i + p], sys.byteorder)
        if tagged:
            a = 0 if a & 3 == 3 else a & ~3
        if a:
            out.append((a, names[i] if i < len(names) else _STACK_NAME))
    return out


def _frame_slots_objects(fd, f, base, depth, callee):
    """The objects in the first `depth` slots of frame f's interpreter frame, as new references
    (_carrier_read). The frame must still be running (its object untracked: a returned frame's
    object is tracked once it owns its data) when the slots are read, and so must its callee when
    its value stack is read."""
    return _carrier_read(fd, base, depth, lambda: not (
        gc.is_tracked(f) or (callee is not None and gc.is_tracked(callee))))


def _carrier_read(fd, addr, n, still):
    """The objects in the n pointer slots at addr (NULLs skipped), as new references: an empty
    list of ours gets ob_item = addr, then ob_size = n (writes to our own list only, in that order
    and undone in the reverse one, so a collection in another thread never sees a size with no
    array), gc.get_referents reads them under the GIL and the list is emptied again. Each write
    releases the GIL: a thread may run meanwhile, so `still` (True, or a function) must say the
    slots still hold what they held; gc.get_referents itself never lets another thread run.

    A collection in another thread between or during the writes (gcmodule.c 3.11/3.12, gc.c
    3.13: update_refs, subtract_refs, move_unreachable) traverses the list, which is young and
    tracked: list_traverse visits ob_item[0 .. ob_size). The order keeps that safe at every
    point: ob_size is only non-zero while ob_item points at the slots, and a torn ob_size (the
    kernel copies bytes) mixes bytes of 0 and of n, so it is never above n. A collection that
    sees the slots: visit_decref takes one from the gc_refs of each slot's object (once per slot,
    and each slot owns a reference on 2.7 and 3.6 - 3.13, so gc_refs stays >= 0), which may leave a slot's
    object looking unreachable; but the list itself has gc_refs 1 (our local, which no container
    visits), so move_unreachable finds it reachable and its visit_reachable brings each slot's
    object back: nothing the frame holds is collected. What stays open: another thread's frame
    returning while the list points at it (its slots then go stale before our next check) and
    code in another thread that finds the list (gc.get_referrers) and uses it."""
    carrier = []
    a = id(carrier)
    try:
        if _word(a + 8) != id(list) or _word(a + 16) != 0 or _word(a + 24) != 0:
            return []
        _poke(fd, a + 24, addr)
    except (OSError, ValueError, OverflowError):
        return []
    got = []
    try:
        _poke(fd, a + 16, n)
        if still is True or still():
            got = _get_referents(carrier)
    except (OSError, ValueError, OverflowError):
        pass
    finally:
        try:
            _poke(fd, a + 16, 0)
            _poke(fd, a + 24, 0)
        except (OSError, ValueError):
            _STUCK.append(carrier)  # still pointing at the frame: freeing it would free the slots
    return got


if PY2:
    def _poke(fd, addr, value):
        """Write one 8-byte word of our own memory (2.7 has no os.pwrite: fd is the caller's own)."""
        os.lseek(fd, addr, 0)
        os.write(fd, _array('L', [value]).tostring())
else:
    def _poke(fd, addr, value):
        os.pwrite(fd, value.to_bytes(8, sys.byteorder), addr)


_STUCK = []  # carriers whose reset failed (never seen): kept for good rather than deallocated


def _frame_holder(st, f):
    """Name-record holder of a frame's locals: "frame handle (server.py:88) in thread MainThread"."""
    t = st.stacks[1].get(id(f)) if st.stacks else None
    return 'frame %s in thread %s' % (_frame_title(f), t) if t else 'frame ' + _frame_title(f)


def _thread_records(st, add):
    """FORMAT.md "thread" records: each thread's ident, name and frames, innermost first."""
    for a, holder, name in st.stacks[3]:
        if a not in st.ids:
            continue  # left out since (the dumper's own, in run and attach modes)
        add('{"k":"name","a":%d,"holder":%s,"name":%s}' % (a, _jstr(holder), _jstr(name)))
    for ident, name, chain, _ in st.stacks[0]:
        add('{"k":"thread","ident":%d,"name":%s,"frames":[%s]}' % (
            ident, _jstr(name), ','.join(['%d' % id(f) for f in chain if id(f) in st.ids])))


