# ----------------------------------------------------------------------------------------------
# Frames and tracebacks: what a frame runs (function, file, line) and its locals by name, read
# from the code object, f_lineno and the frame's own memory, never from f_locals (which would
# build a dict on <= 3.12 and a proxy on 3.13). Tracebacks label tb_next and tb_frame.
def _tb_type():
    try:
        raise ValueError
    except ValueError:
        t = type(sys.exc_info()[2])
    if PY2:
        sys.exc_clear()
    return t


_TracebackType = _tb_type()
_K_TB = 100  # a kind of its own, beside the _K_* range


def _localsplus_probe(a, b):
    """<= 3.10: the offset of f_localsplus in a frame, found on this frame whose first two
    locals are a and b (tp_basicsize counts one slot of f_localsplus, so it is not the answer)."""
    f = sys._getframe()
    base, size = id(f), type(f).__basicsize__
    f = None
    try:
        for off in range(size - 64, size + 16, 8):
            if _word(base + off) == id(a) and _word(base + off + 8) == id(b):
                return off
    except (OSError, ValueError, OverflowError):
        pass
    return None


_LOCALSPLUS = _localsplus_probe(_getsizeof, _map) if _MEM and PY < (3, 11) else None


def _code_names_offset():
    """3.11+: the offset of co_localsplusnames in a code object (two words before co_filename,
    itself followed by co_name and co_qualname). co_varnames is built on access (and cached for
    good on 3.12+), so the names are read from that tuple in memory instead. Natively (64-bit
    /proc/self/mem) and, from 3.13, in Pyodide (ctypes, 4-byte words)."""
    if not _MEM13 or PY < (3, 11):
        return None
    co = _localsplus_probe.__code__
    a, fn, name, p = id(co), id(co.co_filename), id(co.co_name), _P
    try:
        for off in range(2 * p, type(co).__basicsize__, p):
            if _ptr(a + off) == fn and _ptr(a + off + p) == name:
                names = _ptr(a + off - 2 * p)
                if _ptr(names + p) == id(tuple) and _ptr(names + 2 * p) >= co.co_argcount:
                    return off - 2 * p
    except (OSError, ValueError, OverflowError):
        pass
    return None


_CO_NAMES_OFF = _code_names_offset()
_TUPLE_ITEMS = tuple.__basicsize__  # where a tuple's items start: 3 words, 4 from 3.14 (ob_hash)


def _localsplus_names(code):
    """The names of a code object's fast locals, cells and free variables, in slot order."""
    if PY < (3, 11):
        return code.co_varnames + code.co_cellvars + code.co_freevars
    if _CO_NAMES_OFF is None:
        return ()
    try:
        p = _P
        t = _ptr(id(code) + _CO_NAMES_OFF)
        n = _ptr(t + 2 * p)
        if not 0 <= n <= 65536:
            return ()
        return tuple([_mem_str(_ptr(t + _TUPLE_ITEMS + p * i)) for i in range(n)])
    except (OSError, ValueError, OverflowError):
        return ()


def _frame_title(f):
    """"handle_job (jobserver.py:71)": the function's name, the file's base name, f_lineno."""
    code = f.f_code
    return '%s (%s:%d)' % (code.co_name, os.path.basename(code.co_filename), f.f_lineno or 0)


def _frame_fields(f):
    """FORMAT.md frame fields: "fn", "file", "line", and the title as `r`."""
    code = f.f_code
    return ',"fn":%s,"file":%s,"line":%d,"r":%s' % (
        _jstr(code.co_name), _jstr(code.co_filename), f.f_lineno or 0, _jstr(_frame_title(f)[:80]))


# 3.11+: _PyInterpreterFrame offsets of (f_func, f_locals, f_code, owner byte); localsplus at +72.
_IFRAME = {(3, 11): (0, 24, 32, 69)}.get(PY, (16, 40, 0, 70))
_OWNED_BY_FRAME_OBJECT = 2


def _frame_labels(f, eids, ids):
    """(labels parallel to eids, [(address, local name)]) for a frame object."""
    code = f.f_code
    if PY >= (3, 11):
        return _frame_labels_311(f, code, eids, ids)
    fixed = [('f_back', id(f.f_back)), ('f_code', id(code)), ('f_builtins', id(f.f_builtins)),
             ('f_globals', id(f.f_globals))]
    if not (code.co_flags & _CO_NEWLOCALS):
        fixed.append(('f_locals', id(f.f_globals)))
    fixed.append(('f_trace', id(f.f_trace)))
    if PY2:
        fixed += [('f_exc_type', id(f.f_exc_type)), ('f_exc_value', id(f.f_exc_value)),
                  ('f_exc_traceback', id(f.f_exc_traceback))]
    local = []
    names = _localsplus_names(code)
    if _LOCALSPLUS is not None and names:
        try:
            base = id(f) + _LOCALSPLUS
            for i, name in enumerate(names):
                a = _word(base + 8 * i)
                if a:
                    local.append((name, a))
        except (OSError, ValueError, OverflowError):
            local = []
    return _frame_align(eids, fixed, local, ids)


def _frame_labels_311(f, code, eids, ids):
    if not _MEM:
        return _align(eids, [('f_trace', id(f.f_trace)), ('f_code', id(code))]), []
    try:
        a = id(f)
        # f_back as stored (reading the attribute would materialise the caller's frame).
        fixed = [('f_back', _word(a + 16)), ('f_trace', _word(a + 32))]
        fp = _word(a + 24)
        func_off, locals_off, code_off, owner_off = _IFRAME
        if _word(fp + code_off) != id(code) or bytearray(_read(fp + owner_off, 1))[0] != _OWNED_BY_FRAME_OBJECT:
            # A running frame: tp_traverse reports only f_back and f_trace (its locals belong
            # to the thread's stack).
            return _align(eids, fixed), []
        fixed += [('f_locals', _word(fp + locals_off)), ('f_func', _word(fp + func_off)), ('f_code', id(code))]
        local = []
        for i, name in enumerate(_localsplus_names(code)):
            v = _word(fp + 72 + 8 * i)
            if v and name is not None:
                local.append((name, v))
    except (OSError, ValueError, OverflowError):
        return _align(eids, [('f_trace', id(f.f_trace)), ('f_code', id(code))]), []
    return _frame_align(eids, [c for c in fixed if c[1]], local, ids)


def _frame_align(eids, fixed, local, ids):
    """Labels for a frame's edges: its fixed fields, then its non-NULL locals (in slot order, a
    contiguous run of the edges), then its value stack (unlabelled). The run of locals is found
    by identity right after the fixed fields, so a local is never given another slot's name."""
    n = len(local)
    vals = [v for _, v in local]
    p = None
    if n:
        for q in range(0, min(len(eids) - n, len(fixed)) + 1):
            if eids[q:q + n] == vals:
                p = q
                break
    if p is None:
        # No locals (or they could not be read): only the fixed fields, which come first.
        k = min(len(eids), len(fixed))
        return _align(eids[:k], fixed) + [None] * (len(eids) - k), []
    labels = _align(eids[:p], fixed) + [name for name, _ in local] + [None] * (len(eids) - p - n)
    return labels, [(v, name) for name, v in local if v in ids]


def _tb_labels(tb, eids):
    return _align(eids, [('tb_next', id(tb.tb_next)), ('tb_frame', id(tb.tb_frame))])


_FUNC_FIELDS = (('func_code', 'func_globals', '__module__', 'func_defaults', 'func_doc', 'func_name',
                 'func_closure') if PY2 else
                ('__code__', '__globals__', '__module__', '__defaults__', '__kwdefaults__', '__doc__',
                 '__name__', '__closure__', '__qualname__'))


_TPFLAGS_MANAGED_DICT = 1 << 4


def _inline_values_labels(o, t, names, eids, labels, i):
    """3.11+, an instance with some attributes unset: read its values array (NULL = unset) and
    label the non-NULL entries, but only if they are exactly the edges tp_traverse reported."""
    if not _MEM13 or not (_T_FLAGS(t) & _TPFLAGS_MANAGED_DICT):
        return i
    a = id(o)
    try:
        if PY >= (3, 13):
            vp = a + t.__basicsize__
            if bytearray(_read(vp, 4))[3] == 0:
                return i  # not valid: the dict was materialized and holds the attributes
            vp += _P
        elif PY >= (3, 12):
            tagged = _word(a - 24)  # PyDictOrValues: values stored as (char *)values - 1
            if not tagged & 1:
                return i
            vp = tagged + 1
        else:
            vp = _word(a - 32)
            if vp == 0:
                return i
        got, lab = [], []
        for n, name in enumerate(names):
            p = _ptr(vp + _P * n)
            if p:
                got.append(p)
                lab.append(name)
        if got == eids[i:i + len(got)]:
            labels[i:i + len(got)] = lab
            i += len(got)
    except Exception:
        pass
    return i


