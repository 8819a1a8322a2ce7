# ----------------------------------------------------------------------------------------------
def _mro_has_python_del(t):
    """(defines __del__ at all, defined by a Python function) scanning the MRO's own dicts."""
    for c in _T_MRO(t):
        d = _T_DICT(c)
        if '__del__' in d:
            return True, type(d['__del__']) is _FunctionType
    return False, False


def _classobj_has_del(c):
    """2.7 old-style class: does it or a base define __del__ (like _PyInstance_Lookup)."""
    todo, seen = [c], set()
    while todo:
        k = todo.pop()
        if id(k) in seen:
            continue
        seen.add(id(k))
        if '__del__' in k.__dict__:
            return True
        todo.extend(k.__bases__)
    return False


def _type_name(t):
    try:
        mod = _T_MODULE(t)
    except Exception:
        mod = None
    name = _T_NAME(t)
    if not isinstance(mod, (str, _text_type)) or mod == _BUILTINS_MOD:
        return name
    return '%s.%s' % (mod, name)


def _make_type_info(t, layout, shared):
    ti = _TypeInfo()
    flags = _T_FLAGS(t)
    heap = bool(flags & _TPFLAGS_HEAPTYPE)
    ti.flags = 1 if flags & _TPFLAGS_HAVE_GC else 0
    ti.tjson = _jstr(_type_name(t))
    ti.fin = None
    ti.slots = ()
    ti.shared_keys = None
    ti.labels = {}
    ti.rep = None
    ti.tid = id(t)
    ready = bool(flags & _TPFLAGS_READY)
    # 2.7 readies a static type on first attribute lookup or sys.getsizeof (creating its dict
    # for good): for a type nobody has readied yet, use object.__sizeof__ and no MRO scans.
    ti.safe_size = ready and not (heap and type(_lookup_mro(t, '__sizeof__')) is _FunctionType)
    # Finalizer kind: memory reads give the slots; the MRO scan is the fallback and tells a Python
    # __del__ ("del") from a C one.
    slots = layout.slots(t) if ready else (False, False)
    has_del, py_del = _mro_has_python_del(t) if ready else (False, False)
    if slots is not None:
        tp_del, tp_fin = slots
    else:
        tp_del, tp_fin = (has_del and PY < (3, 4)), (has_del and PY >= (3, 4))
    if PY2:
        if heap and tp_del:
            ti.fin = 'del'  # 2.7 gc: has_finalizer() looks at tp_del of heap types only
    elif tp_del:
        ti.fin = 'tp_del'
    elif tp_fin:
        ti.fin = 'del' if (heap and py_del) else 'tp_finalize'
    if t is dict or (issubclass(t, dict) and not heap):
        ti.kind = _K_DICT
    elif t is list or t is tuple:
        ti.kind = _K_SEQ
    elif t is _FunctionType:
        ti.kind = _K_FUNC
    elif t is _CodeType:
        ti.kind = _K_CODE
    elif t is _FrameType:
        ti.kind = _K_FRAME
    elif t is _CellType:
        ti.kind = _K_CELL
    elif t is _ModuleType:
        ti.kind = _K_MODULE
    elif t is _MethodType:
        ti.kind = _K_METHOD
    elif issubclass(t, _WEAK_TYPES):
        ti.kind = _K_WEAK
    elif t is _GeneratorType:
        ti.kind = _K_GEN
    elif t is _TracebackType:
        ti.kind = _K_TB
    elif issubclass(t, type):
        ti.kind = _K_TYPE
        ti.flags |= 8  # FORMAT.md flag 8: the object is a type
    elif PY2 and _T_NAME(t) == 'instance' and _T_MODULE(t) == '__builtin__':
        ti.kind = _K_OLDINST
    elif _holder_base(t) is not None:
        ti.kind = _K_HOLDER  # fidelity: hidden references of a non-GC holder
    elif heap:
        ti.kind = _K_INST
        ti.slots = _slot_descriptors(t)
        if PY >= (3, 11):
            ti.shared_keys = shared.names(t)
    else:
        ti.kind = _K_PLAIN
    ti.atomic = ti.kind == _K_PLAIN and not ti.flags and ti.fin is None
    # Instances of a type with no items and object's own __sizeof__ all have one size.
    ti.fixed_size = (ti.safe_size and not t.__itemsize__
                     and _lookup_mro(t, '__sizeof__') is _OBJECT_SIZEOF)
    ti.size = None
    return ti


_OBJECT_SIZEOF = object.__dict__['__sizeof__']
# Where the "finalized" bit lives, counted back from the object: 3.8+ keep it in bit 0 of
# _gc_prev, the word just before the object; 3.4 - 3.7 in bit 0 of gc_refs, the third word of a
# PyGC_Head whose size (24 or 32 bytes, by alignment) sys.getsizeof reveals.
_GC_HEAD = sys.getsizeof([]) - [].__sizeof__()
_GC_FLAG_OFFSET = _P if PY >= (3, 8) else _GC_HEAD - 16  # _gc_prev: the word before the object (3.8+)


def _lookup_mro(t, name):
    for c in _T_MRO(t):
        d = _T_DICT(c)
        if name in d:
            return d[name]
    return None


def _slot_descriptors(t):
    """(label, member descriptor) in the order subtype_traverse visits slots: most derived
    class first, each class's __slots__ in declaration order."""
    member_type = type(_T_DICT(_FunctionType)['__globals__']) if not PY2 else None
    out = []
    for c in _T_MRO(t):
        if not (_T_FLAGS(c) & _TPFLAGS_HEAPTYPE):
            break
        d = _T_DICT(c)
        names = d.get('__slots__')
        if isinstance(names, (str, _text_type)):
            names = (names,)
        if type(names) not in (tuple, list, dict):
            continue  # absent, or an exotic iterable we will not run
        for n in names:
            desc = d.get(_mangle(c, n))
            if desc is not None and (member_type is None or type(desc) is member_type
                                     or type(desc).__name__ == 'member_descriptor'):
                out.append(('.' + n, desc.__get__))
    return tuple(out)


def _mangle(c, n):
    if n.startswith('__') and not n.endswith('__'):
        return '_%s%s' % (_T_NAME(c).lstrip('_'), n)
    return n


def _align(eids, cands):
    """Labels for edges (addresses) by identity, walking candidates (label, address) in traverse
    order. Greedy: a candidate that is absent (a NULL slot tp_traverse skipped) is passed over."""
    labels = [None] * len(eids)
    j, n = 0, len(cands)
    for i in range(len(eids)):
        r = eids[i]
        k = j
        while k < n and cands[k][1] != r:
            k += 1
        if k < n:
            labels[i] = cands[k][0]
            j = k + 1
    return labels


def _labels_json(labels):
    if labels is None:
        return ''
    for x in labels:
        if x is not None:
            return ',"l":[%s]' % ','.join(['null' if x is None else _jstr(x) for x in labels])
    return ''


