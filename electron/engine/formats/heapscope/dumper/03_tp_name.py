# ---- tp_name (FORMAT.md "tpname" records) ---------------------------------------------------------
# gc's debug lines print Py_TYPE(op)->tp_name, which `t` does not determine: a Python class's is its
# bare __name__, a PyType_FromSpec type's is the spec name with its module ("_thread.RLock"), a
# static type's is dotted only when its C source says so. So it is read from the type object.
def _c_str(addr, limit=1024):
    """The NUL-terminated bytes at addr, read a page at most at a time (a read must not cross into
    an unmapped page), or None past limit."""
    out = b''
    while len(out) < limit:
        at = addr + len(out)
        chunk = _read(at, min(64, 4096 - at % 4096))
        z = chunk.find(b'\0')
        if z >= 0:
            return out + chunk[:z]
        out += chunk
    return None


def _tp_name_at(t):
    """tp_name of type t decoded as CPython's %s does (UTF-8, lenient), or None if unreadable.
    tp_name follows PyObject_VAR_HEAD (refcount, type, size), pointer-sized words on both the
    64-bit and the 32-bit (Pyodide) layouts."""
    try:
        s = _c_str(_ptr(id(t) + 3 * _P))
    except (OSError, ValueError, OverflowError):
        return None
    return None if s is None else s.decode('utf-8', 'replace')


def _tp_name_ok():
    """The offset holds tp_name on this build: the static types below name themselves there."""
    if not (_MEM or _STRING_AT[0] is not None):
        return False
    try:
        return all(_tp_name_at(t) == t.__name__ for t in (type, object, int, dict, tuple))
    except Exception:
        return False


_TP_NAME_OK = _tp_name_ok()


def _tp_name_records(objs, tinfo, old_class_json, add):
    """One {"k":"tpname","t":T,"tp":TP} per type name T whose objects all have tp_name TP != T (or an
    unreadable one, "tp":null). Where types sharing a T disagree (a Python class named like a C
    type), the objects whose tp_name is not T are listed by address instead."""
    if not _TP_NAME_OK:
        return
    by_t = {}  # tjson -> {tp json: [id of type, or of old-style class]}
    old_tp = None
    for t, ti in tinfo.items():
        if ti.kind == _K_OLDINST:
            old_tp = _tp_json(t)  # 2.7 instance objects: tp_name "instance", `t` by class
            continue
        by_t.setdefault(ti.tjson, {}).setdefault(_tp_json(t), []).append(id(t))
    for c, tjson in old_class_json.items():
        by_t.setdefault(tjson, {}).setdefault(old_tp, []).append(id(c))
    listed = {}  # id of type or class -> tp json, for the disagreeing ones
    for tjson, groups in by_t.items():
        if len(groups) == 1:
            tp = list(groups)[0]
            if tp != tjson:
                add('{"k":"tpname","t":%s,"tp":%s}' % (tjson, tp))
            continue
        for tp, members in groups.items():
            if tp != tjson:
                for m in members:
                    listed[m] = tp
    if not listed:
        return
    addrs = {}
    for o in objs:
        t = type(o)
        tp = listed.get(id(t))
        if tp is None and tinfo[t].kind == _K_OLDINST:
            tp = listed.get(id(o.__class__))
        if tp is not None:
            addrs.setdefault(tp, []).append(id(o))
    for tp, a in addrs.items():
        for c in range(0, len(a), _GEN_CHUNK):
            add('{"k":"tpname","tp":%s,"a":[%s]}' % (tp, ','.join(_map(str, a[c:c + _GEN_CHUNK]))))


def _tp_json(t):
    s = _tp_name_at(t)
    return 'null' if s is None else _jstr(s)
