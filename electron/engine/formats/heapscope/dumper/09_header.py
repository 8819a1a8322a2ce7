def _write(st, rcs, general=False):
    st.notes = []
    w = _Writer(st.path, st.level)
    w.general = general  # _twin_write: no bulk path
    try:
        w.buf.append(_header(st))
        n = _write_objects(st, rcs, w)
        _identity_write(st, w)
        _sites_write(st, w)
        w.buf.append('{"k":"end","objects":%d%s}' % (n, ',"droppedEdges":%d' % st.dropped if st.dropped else ''))
    finally:
        w.close()
    return n


def _header(st):
    notes = list(st.notes)
    if PY2:
        notes.append('2.7: the first dump in a process may permanently create a few objects '
                     '(builtin types readied lazily on first use); later dumps do not')
    if PY < (3, 11):
        notes.append('refcounts of constants passed to dump() as keyword values may include references held by the call itself')
    notes.append('edge labels are recorded only where knowable without side effects; null = unknown')
    v = sys.version_info
    h = {
        'format': 'heapscope', 'version': _format_version(st),
        'python': {'version': '%d.%d.%d' % (v[0], v[1], v[2]), 'hexversion': sys.hexversion,
                   'implementation': getattr(getattr(sys, 'implementation', None), 'name', 'cpython'),
                   'build': sys.version.replace('\n', ' ')},
        'platform': sys.platform, 'pointerSize': _P,
        'time': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'pid': st.capture['pid'],
        'capture': st.capture,
        'gc': {'enabled': st.was_enabled, 'threshold': list(gc.get_threshold()), 'debug': gc.get_debug(),
               'counts': list(gc.get_count())},
        'counts': {'objects': len(st.objs), 'tracked': st.ntracked},
        'notes': notes,
        'identity': st.ident[1] if st.ident is not None else None,
        'argv': [a if not PY2 or isinstance(a, _text_type) else a.decode('utf-8', 'replace') for a in sys.argv],
    }
    h['build'] = _build_info()
    if _TP_NAME_OK:
        h['tpNames'] = True  # "tpname" records name every tp_name that is not `t`
    interned = _interned_dict_id()
    if interned is not None:
        h['interned'] = interned
    return _json_value(h)


def _json_value(v):
    """JSON for the header's plain values (the json module is not imported: see _enc)."""
    if v is None or v is True or v is False:
        return 'null' if v is None else ('true' if v else 'false')
    if isinstance(v, _int_types):
        return '%d' % v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (str, _text_type)):
        return _jstr(v)
    if isinstance(v, dict):
        return '{%s}' % ', '.join(['%s: %s' % (_jstr(k), _json_value(x)) for k, x in v.items()])
    return '[%s]' % ', '.join([_json_value(x) for x in v])


# ---- interpreter build and immortality (3.12+, every word size; 3.14+ asks sys._is_immortal) --
def _immortality():
    """(screen, test): an object is immortal when its raw refcount is >= screen and test(obj).
    The screen is cheap and never misses an immortal object of this build; the test is how the
    interpreter itself decides (_Py_IsImmortal):
      3.14+: sys._is_immortal (64-bit: low 32 bits negative; 32-bit: >= 2**30, e.g. 0x70000000
             for static objects; free-threaded: ob_ref_local == UINT32_MAX);
      3.12 - 3.13, 64-bit: low 32 bits negative (the refcount reads >= 2**31);
      3.12 - 3.13, 32-bit: exactly _Py_IMMORTAL_REFCNT = 2**30 - 1 (UINT_MAX >> 2)."""
    if PY < (3, 12):
        return 1 << 62, _always
    test = getattr(sys, '_is_immortal', None)
    if test is not None:
        return (1 << 30) if _P == 4 else (1 << 31), test
    if _P == 4:
        return (1 << 30) - 1, _always
    return _IMMORTAL_MIN, _always


def _always(o):
    return True


def _young_ids():
    """3.14+: ids in the young generation (flag 64). 3.14.0 - 3.14.4's incremental collector
    untracks the tuples of the young generation that hold no GC object before even a full
    collection looks at them (untrack_tuples in gc_collect_full), so those are never counted."""
    if PY < (3, 14):
        return ()
    young = gc.get_objects(0)
    ids = set(_map(id, young))
    del young[:]
    return ids


def _interned_dict_id():
    """3.14+: id of the interpreter's dict of interned strings (header `interned`). 3.14 tracks
    every dict (gh-127010), so this one is in the dump, yet CPython leaves its two references to a
    mortal interned string (key and value) out of that string's refcount (intern_common): a reader
    must not count its edge to each. Found as the dict mapping two of the dumper's own interned
    names to themselves; None when there is none."""
    if PY < (3, 14):
        return None
    probe, other = '__heapscope_probe__', '_interned_dict_id'
    for r in gc.get_referrers(probe):
        if type(r) is dict and dict.get(r, probe) is probe and dict.get(r, other) is other:
            return id(r)
    return None


def _build_info():
    """The header's `build` (FORMAT.md): what the simulation needs to know about the interpreter
    beyond its version. Reads only what exists already (no sysconfig or platform)."""
    v = sys.version_info
    abiflags = getattr(sys, 'abiflags', '')
    # Py_GIL_DISABLED shows in abiflags (POSIX) and in sys.version; sysconfig would load its data
    # module on first use, creating objects.
    gil_disabled = 't' in abiflags or 'free-threading build' in sys.version
    gil_check = getattr(sys, '_is_gil_enabled', None)
    info = {'releaseLevel': v[3], 'serial': v[4], 'gilDisabled': gil_disabled,
            'gilEnabled': bool(gil_check()) if gil_check is not None else True,
            'abiflags': abiflags, 'pointerSize': _P,
            'immortal': 'sys._is_immortal' if hasattr(sys, '_is_immortal') else
                        ('refcount' if PY >= (3, 12) else None)}
    try:
        info['machine'] = os.uname()[4]
    except Exception:
        info['machine'] = None
    em = getattr(sys, '_emscripten_info', None)
    if em is not None:
        info['emscripten'] = '.'.join(map(str, em.emscripten_version))
        info['runtime'] = em.runtime
        info['pthreads'] = bool(em.pthreads)
    return info


