# ---- Memory reads without ctypes ---------------------------------------------------------------
# The dumper reads a few interpreter structures (type slots, frame and key tables, GC header bits)
# from its own memory through /proc/self/mem: importing ctypes would put ctypes' modules, types and
# reference cycles into every dump. Every offset is validated against values Python itself reports;
# where /proc/self/mem cannot be read (not Linux) those details are left out, never guessed.
_MEM_FD = [-1]  # a one-item list: opened before each census (see dump), closed at its end
_pread = getattr(os, 'pread', None)


def _mem_fd():
    fd = _MEM_FD[0]
    if fd == -1:
        try:
            fd = _MEM_FD[0] = os.open('/proc/self/mem', os.O_RDONLY)
        except (OSError, AttributeError):
            fd = -2  # not available: every reader below then reports "unknown"
            _MEM_FD[0] = -2
    return fd


def _mem_close():
    fd = _MEM_FD[0]
    _MEM_FD[0] = -1
    if fd >= 0:
        os.close(fd)


def _read(addr, n):
    """n bytes of this process's memory at addr (OSError/ValueError when unreadable)."""
    fd = _mem_fd()
    if fd < 0:
        if _STRING_AT[0] is not None:  # Pyodide: ctypes reads the wasm linear memory
            return _STRING_AT[0](addr, n)
        raise OSError('no /proc/self/mem')
    if _pread is not None:
        data = _pread(fd, n, addr)
    else:  # 2.7
        os.lseek(fd, addr, 0)
        data = os.read(fd, n)
    if len(data) != n:
        raise OSError('short read')
    return data


if PY2:
    def _word(addr):
        return _array('L', _read(addr, 8))[0]

    def _int32(addr):
        return _array('i', _read(addr, 4))[0]
else:
    def _word(addr):
        return int.from_bytes(_read(addr, 8), sys.byteorder)

    def _int32(addr):
        return int.from_bytes(_read(addr, 4), sys.byteorder, signed=True)


def _mem_ok():
    """True when memory reads work here: a 64-bit build whose /proc/self/mem shows `type`'s size."""
    if _P != 8:
        return False
    try:
        return _word(id(type) + 32) == type.__basicsize__
    except (OSError, ValueError, OverflowError):
        return False


_MEM = _mem_ok()

# 32-bit Emscripten (Pyodide, how the proof suite runs 3.14 and 3.15) has no /proc/self/mem; there
# ctypes reads memory instead: the GC header's finalized bit (_WORD32) and, through _read, what the
# 3.13+ readers gated on _MEM13 read with pointer-sized offsets (str names, shared keys, inline
# values) or calibrate on this build (a generator's frame state). Readers gated on _MEM alone
# assume the 64-bit layout and stay off.
_WORD32 = [None]
_STRING_AT = [None]
_OBJECT_AT = [None]  # Pyodide: the object at an address (only ever one a running frame's slot holds)
if sys.platform == 'emscripten' and _P == 4:
    try:
        import ctypes as _ctypes
        _WORD32[0] = _ctypes.c_uint32.from_address
        _STRING_AT[0] = _ctypes.string_at
        _OBJECT_AT[0] = lambda a: _ctypes.cast(a, _ctypes.py_object).value
    except ImportError:  # pragma: no cover - a Pyodide without ctypes
        pass
_MEM13 = _MEM or (PY >= (3, 13) and _STRING_AT[0] is not None)


def _ptr(addr):
    """A pointer-sized word: 8 bytes natively, 4 in Pyodide."""
    return _word(addr) if _P == 8 else _int32(addr) & 0xffffffff


_STR_DATA = sys.getsizeof('') - 1  # 3.x: a compact ASCII str's characters follow its header


def _mem_str(addr):
    """3.x: the value of the compact ASCII str object at addr, read from memory, or None."""
    try:
        state = _int32(addr + 4 * _P)  # PyASCIIObject: refcnt, type, length, hash, state
        if not (state >> 5) & 1 or not (state >> 6) & 1:
            return None  # not compact ASCII: not an identifier we can read this way
        n = _ptr(addr + 2 * _P)
        if not 0 <= n <= 256:
            return None
        return _read(addr + _STR_DATA, n).decode('ascii')
    except (OSError, ValueError, UnicodeDecodeError):
        return None


if not PY2 and _MEM13 and _mem_str(id('__heapscope_probe__')) != '__heapscope_probe__':
    _mem_str = lambda addr: None  # noqa: E731 - a str layout we do not know: no names from memory


class _TypeLayout(object):
    """Offsets of tp_del / tp_finalize in PyTypeObject, validated once against `type` itself."""

    def __init__(self):
        self.ok = False
        if not _MEM:
            return
        try:
            # PyTypeObject (LP64): tp_basicsize @32, tp_itemsize @40, tp_flags @168, tp_base @256,
            # tp_dict @264, tp_bases @336, tp_mro @344, tp_del @376, tp_finalize @392 (3.4+).
            self.ok = all(self._valid(t) for t in (type, object, dict, _FunctionType))
        except Exception:
            self.ok = False

    @staticmethod
    def _valid(t):
        if not _T_FLAGS(t) & _TPFLAGS_READY:
            return False
        a = id(t)
        base = _T_BASE(t)
        return (_word(a + 32) == t.__basicsize__ and _word(a + 40) == t.__itemsize__
                and (_word(a + 168) & 0xffffffff) == (_T_FLAGS(t) & 0xffffffff)
                and _word(a + 256) == (id(base) if base is not None else 0)
                and _word(a + 336) == id(_T_BASES(t)) and _word(a + 344) == id(_T_MRO(t)))

    def slots(self, t):
        """(has tp_del, has tp_finalize) or None when this type's layout cannot be trusted."""
        if not self.ok or not self._valid(t):
            return None
        a = id(t)
        return _word(a + 376) != 0, (PY >= (3, 4) and _word(a + 392) != 0)


class _SharedKeys(object):
    """3.11+: names of inline instance attributes, read from the class's shared keys table.

    Instance attributes live in a values array ordered like the class's shared keys
    (ht_cached_keys); tp_traverse visits that array in order, skipping empty slots. We find
    ht_cached_keys right after ht_qualname (validated by finding ht_name, ht_slots, ht_qualname)
    and read the key pointers, accepting only keys that are str objects of the census.
    """

    def __init__(self, id_ok):
        self.id_ok = id_ok
        self.off = None

    def _find_off(self, t):
        a = id(t)
        name, qual = id(_T_NAME(t)), id(_type_dict['__qualname__'].__get__(t))
        p = _P
        for off in range(type.__basicsize__ // p - 12, type.__basicsize__ // p - 1):
            if _ptr(a + off * p) == name and _ptr(a + off * p + 2 * p) == qual:
                return off * p + 3 * p
        return None

    def names(self, t):
        """(names list, nentries) in values order, or None."""
        if not _MEM13 or PY < (3, 11):
            return None
        try:
            if self.off is None:
                self.off = self._find_off(t)
                if self.off is None:
                    return None
            p = _P
            keys = _ptr(id(t) + self.off)
            if keys == 0:
                return None
            # PyDictKeysObject: dk_refcnt, then log2_size, log2_index_bytes, kind (bytes) and the
            # 32-bit dk_version, then dk_usable, dk_nentries, dk_indices.
            raw = bytearray(_read(keys, p + 3))
            log2_index_bytes = raw[p + 1]
            kind = raw[p + 2]
            nentries = _ptr(keys + 2 * p + 8)
            if kind == 0 or not (0 <= nentries <= 4096) or log2_index_bytes > 20:
                return None
            entries = keys + 3 * p + 8 + (1 << log2_index_bytes)
            out = []
            for i in range(nentries):
                k = _ptr(entries + 2 * p * i)
                name = _mem_str(k) if k in self.id_ok else None
                out.append('.' + name if type(name) is str else None)
            return out
        except Exception:
            return None


def _gen27_needs_finalizing(g):
    """2.7 PyGen_NeedsFinalizing without running anything: read the frame's block stack.

    PyFrameObject (2.7, LP64): f_back @24, f_code @32, f_builtins @40, f_globals @48,
    f_stacktop @72, f_lasti @120, f_iblock @128, f_blockstack @132 (PyTryBlock = 3 ints).
    Returns None when the layout does not validate (the caller then scans co_code).
    """
    f = g.gi_frame
    if f is None:
        return False
    if not _MEM:
        return None
    a = id(f)
    back = f.f_back
    if (_word(a + 24) != (id(back) if back is not None else 0) or _word(a + 32) != id(f.f_code)
            or _word(a + 40) != id(f.f_builtins) or _word(a + 48) != id(f.f_globals)
            or _int32(a + 120) != f.f_lasti):
        return None
    if _word(a + 72) == 0:
        return False
    iblock = _int32(a + 128)
    for i in range(max(0, min(iblock, 20))):
        if _int32(a + 132 + 12 * i) != _SETUP_LOOP:
            return True
    return False


def _gen27_fallback(g):
    """Static approximation: a started generator whose code has a non-loop SETUP op."""
    f = g.gi_frame
    if f is None or f.f_lasti < 0:
        return False
    import dis
    code = bytearray(f.f_code.co_code)
    setups = set(dis.opmap[n] for n in ('SETUP_EXCEPT', 'SETUP_FINALLY', 'SETUP_WITH') if n in dis.opmap)
    i = 0
    while i < min(len(code), f.f_lasti + 1):
        op = code[i]
        if op in setups:
            return True
        i += 3 if op >= dis.HAVE_ARGUMENT else 1
    return False


