# The writer's bulk path (#17): most objects are of a few plain kinds whose record needs no decision
# per object. Chunk by chunk, the objects of each such type are written column-wise (addresses,
# refcounts, x and sizes computed by map() in C, lines by one format string); every other object,
# and any object a fast path is not sure of, is yielded to the general loop in _write_objects,
# which writes it as before. Records may come in another order within a chunk (FORMAT.md: any order).
from itertools import chain as _chain  # noqa: E402
if PY2:
    from itertools import izip as _zip  # 2.7: zip builds a list
else:
    _zip = zip
_FAST_CHUNK = 4096
_CUT = slice(None, 80)
_F_NO, _F_ATOM, _F_INT, _F_TEXT, _F_FLOAT, _F_EDGES = range(6)
_DICT_ID = frozenset([id(dict)])


def _fast_kind(t, ti):
    if ti.atomic:
        if ti.rep is None:
            ti.rep = _has_repr(t)
        if not ti.rep:
            return _F_ATOM
        if t is int:
            return _F_INT
        if t is str or t is bytes or t is _text_type:
            return _F_TEXT
        return _F_FLOAT if t is float else _F_NO
    if (ti.kind not in (_K_INST, _K_DICT, _K_SEQ, _K_PLAIN) or ti.fin is not None or ti.flags & 8
            or t in _GEN_FRAME):
        return _F_NO
    if ti.rep is None:
        ti.rep = _has_repr(t)
    return _F_NO if ti.rep else _F_EDGES


def _fast_records(st, rcs, w, tinfo, shared, lab, idx_cache, immortal_min, young):
    """Writes the records it can; yields the index of every object left to the general loop."""
    objs = st.objs
    ntracked = st.ntracked
    n = len(objs)
    shift = _RC_SHIFT + st.k
    adj = st.adj
    adj_get = adj.get
    inner_get = st.inner.get
    has = st.ids.__contains__
    dirty = st.dirty
    want_labels = st.labels
    buf = w.buf
    add = buf.append
    extend = buf.extend
    getsizeof = _getsizeof
    object_sizeof = object.__sizeof__
    get_referents = _get_referents
    dict_labels = lab.dict_labels
    sub_ = int.__sub__
    mortal_below = immortal_min + _RC_SHIFT
    kinds = {}
    spans = ([(c, min(c + _FAST_CHUNK, ntracked)) for c in range(0, ntracked, _FAST_CHUNK)] +
             [(c, min(c + _FAST_CHUNK, n)) for c in range(ntracked, n, _FAST_CHUNK)])
    for c, e in spans:
        chunk = objs[c:e]
        raws = rcs[c:e]
        types = list(_map(type, chunk))
        tids = list(_map(id, types))
        fast_ids = set()
        groups = []
        for t in set(types):
            ti = tinfo.get(t)
            if ti is None:
                ti = tinfo[t] = _make_type_info(t, _LAYOUT, shared)
            fk = kinds.get(t)
            if fk is None:
                fk = kinds[t] = _fast_kind(t, ti)
            if fk != _F_NO:
                fast_ids.add(id(t))
                groups.append((t, ti, fk))
        del types
        mortal = None
        if max(raws) >= mortal_below:  # 3.12+: immortal objects take the general loop
            mortal = list(_map(mortal_below.__gt__, raws))
        if len(groups) == 1 and mortal is None and len(set(tids)) == 1:
            masks = [None]  # one type in the whole chunk (the common case)
        else:
            masks = []
            for t, ti, fk in groups:
                m = _map(frozenset([id(t)]).__contains__, tids)
                masks.append(list(_map(bool.__and__, m, mortal) if mortal is not None else m))
            fast = _map(fast_ids.__contains__, tids)
            if mortal is not None:
                fast = _map(bool.__and__, fast, mortal)
            slow = list(_compress(range(c, e), _not(fast)))
            for i in slow:
                yield i
            del slow
        del tids, mortal
        tracked = c < ntracked
        for (t, ti, fk), m in _zip(groups, masks):
            if m is None:
                sub, r, idx = chunk, raws, range(c, e)
            else:
                sub, r, idx = list(_compress(chunk, m)), list(_compress(raws, m)), list(_compress(range(c, e), m))
            if not sub:
                continue
            addrs = list(_map(id, sub))
            rc = list(_map(sub_, r, _repeat(shift)))
            if adj:
                rc = list(_map(sub_, rc, _map(adj_get, addrs, _repeat(0))))
            x = list(_map(sub_, rc, _map(inner_get, addrs, _repeat(0))))
            f = ti.flags | (2 if tracked else 0)
            flags = (_map(int.__or__, _repeat(f), _map(int.__mul__, _map(young.__contains__, addrs), _repeat(64)))
                     if tracked and young else _repeat(f))
            size = ti.size
            if size is None:
                try:
                    sizes = list(_map(getsizeof if ti.safe_size else object_sizeof, sub))
                except Exception:
                    for i in idx:
                        yield i  # the general loop sizes each one on its own (0 when it fails)
                    continue
                if ti.fixed_size:
                    ti.size = sizes[0]
            else:
                sizes = _repeat(size)
            head = '{"a":%d,"t":' + ti.tjson.replace('%', '%%') + ',"s":%d,"f":%d,"rc":%d,"x":%d'
            if fk == _F_ATOM:
                extend(_map((head + '}').__mod__, _zip(addrs, sizes, flags, rc, x)))
            elif fk == _F_INT:
                if not -10 ** 18 < min(sub) <= max(sub) < 10 ** 18:
                    for i in idx:
                        yield i
                    continue
                extend(_map((head + ',"r":"%d"}').__mod__, _zip(addrs, sizes, flags, rc, x, sub)))
            elif fk != _F_EDGES:  # _short_repr: _jstr(repr(o[:80])[:80]) for text, of repr(o) for floats
                reps = _map(repr, _map(t.__getitem__, sub, _repeat(_CUT)) if fk == _F_TEXT else sub)
                reps = _map(_jstr if PY2 else _enc, _map(str.__getitem__, reps, _repeat(_CUT)))
                extend(_map((head + ',"r":%s}').__mod__, _zip(addrs, sizes, flags, rc, x, reps)))
            else:
                for i in _fast_edges(ti, t, sub, idx, addrs, sizes, flags, rc, x, head, add, extend, dirty, has,
                                     get_referents, want_labels, dict_labels, idx_cache):
                    yield i
            del sub, r, idx, addrs, rc, x
        del chunk, raws, groups, masks
        if len(buf) >= 8192:
            w.flush()


def _dict_frags(sub, refs_all, want_labels, dict_labels):
    """The label fragments dict_labels gives a group of non-empty dicts, when each one's edges
    are its items in order (2.7: key, value; 3.x str keys: values only) and the fragment of its
    keys is cached already; else None (the loop asks dict_labels one dict at a time)."""
    lens = list(_map(len, refs_all))
    if not lens or min(lens) == 0 or max(lens) > _CHUNK:
        return None
    if not want_labels:
        return _repeat('')
    dlens = list(_map(len, sub))
    if PY2:
        if list(_map(int.__mul__, dlens, _repeat(2))) != lens:
            return None
        items = _map(list, _map(_map, _repeat(id), _map(_chain.from_iterable, _map(dict.items, sub))))
        pattern = 'kv'
    else:
        if dlens != lens:
            return None
        items = _map(list, _map(_map, _repeat(id), _map(dict.values, sub)))
        pattern = 'v'
    if max(dlens) > 16 or not all(_map(list.__eq__, items, _map(list, _map(_map, _repeat(id), refs_all)))):
        return None
    cache = dict_labels.__self__.key_cache
    lfs = list(_map(cache.get, _zip(_repeat(pattern), _map(tuple, _map(dict.keys, sub)))))
    return None if None in lfs else lfs


def _fast_edges(ti, t, sub, idx, addrs, sizes, flags, rc, x, head, add, w_extend, dirty, has, get_referents,
                want_labels, dict_labels, idx_cache):
    """Records with edges for instances, dicts, lists/tuples and plain GC objects; yields the
    index of each object the general loop must take (a dropped edge, labels not known here)."""
    kind = ti.kind
    refs_all = list(_map(get_referents, sub))
    # Edges outside the census are rare: check the whole group at once, then each object if needed.
    check = not (dirty.isdisjoint(addrs) and all(_map(has, _map(id, _chain.from_iterable(refs_all)))))
    with_e = head + ',"e":[%s]%s}'
    without = head + '}'
    sk = ti.shared_keys
    lget = ti.labels.get
    dict_frag = ',"l":["__dict__"]' if not ti.slots else None
    if kind == _K_INST and not check:
        # The whole group at once when every instance takes the same branch of the loop below.
        lens = list(_map(len, refs_all))
        if min(lens) > 0 and max(lens) <= _CHUNK:
            lfs = None
            if not want_labels:
                lfs = _repeat('')
            elif all(_map(frozenset([ti.tid]).__contains__, _map(id, _map(list.__getitem__, refs_all, _repeat(-1))))):
                lfs = list(_map(lget, lens))
                if None in lfs or (sk is not None and any(_map(_DICT_ID.__contains__, _map(
                        id, _map(type, _map(list.__getitem__, refs_all, _repeat(0))))))):
                    lfs = None
            elif max(lens) == 1 and dict_frag is not None and all(_map(_DICT_ID.__contains__, _map(
                    id, _map(type, _map(list.__getitem__, refs_all, _repeat(0)))))):
                lfs = _repeat(dict_frag)
            if lfs is not None:
                edges = _map(','.join, _map(_map, _repeat(str), _map(_map, _repeat(id), refs_all)))
                w_extend(_map(with_e.__mod__, _zip(addrs, sizes, flags, rc, x, edges, lfs)))
                return
    if kind == _K_DICT and not check:
        lfs = _dict_frags(sub, refs_all, want_labels, dict_labels)
        if lfs is not None:
            edges = _map(','.join, _map(_map, _repeat(str), _map(_map, _repeat(id), refs_all)))
            w_extend(_map(with_e.__mod__, _zip(addrs, sizes, flags, rc, x, edges, lfs)))
            return
    for i, o, a, s, f, r, xx, refs in _zip(idx, sub, addrs, sizes, flags, rc, x, refs_all):
        ne = len(refs)
        if not ne:
            add(without % (a, s, f, r, xx))
            continue
        if ne > _CHUNK or (check and (a in dirty or not all(_map(has, _map(id, refs))))):
            yield i
            continue
        lf = ''
        if not want_labels:
            pass
        elif kind == _K_INST:
            # What inst_labels gives: the type's cached fragment when the last edge is the class,
            # and ≤3.8's lone instance dict (no slots) is "__dict__".
            if refs[-1] is t:
                lf = lget(ne)
                if lf is None or (sk is not None and type(refs[0]) is dict):
                    yield i
                    continue
            elif ne == 1 and dict_frag is not None and type(refs[0]) is dict:
                lf = dict_frag
            else:
                yield i
                continue
        elif kind == _K_SEQ:
            lf = _idx_labels(idx_cache, ne) if ne == len(o) else ''
        elif kind == _K_DICT:
            lf = dict_labels(o, list(_map(id, refs)))
            if type(lf) is list:
                lf = _labels_json(lf)
        add(with_e % (a, s, f, r, xx, ','.join(_map(str, _map(id, refs))), lf))


def _write_objects(st, rcs, w):
    objs = st.objs
    ntracked = st.ntracked
    k = st.k
    adj_get = st.adj.get
    inner_get = st.inner.get
    ids = st.ids
    has = ids.__contains__
    dirty = st.dirty
    hidden = st.hidden
    weak = st.weak
    want_labels = st.labels
    layout = _LAYOUT
    shared = _SharedKeys(ids)
    lab = _Labeler(st)
    fx = _Fidelity(ids)
    tinfo = {}
    getsizeof = _getsizeof
    get_referents = _get_referents
    object_sizeof = object.__sizeof__
    immortal_min, is_immortal = _immortality()
    young = _young_ids()
    finalized_bit = PY >= (3, 4) and ((_MEM and _P == 8) or _WORD32[0] is not None)
    word32 = _WORD32[0]
    old_class_json = {}
    idx_cache = {}
    st.dropped = 0
    n = len(objs)
    buf = w.buf
    add = buf.append
    for i in range(n) if w.general else _fast_records(st, rcs, w, tinfo, shared, lab, idx_cache, immortal_min, young):
        o = objs[i]
        t = type(o)
        ti = tinfo.get(t)
        if ti is None:
            ti = tinfo[t] = _make_type_info(t, layout, shared)
        a = id(o)
        raw = rcs[i] - _RC_SHIFT
        flags = ti.flags
        if flags & 8 and not _T_FLAGS(o) & _TPFLAGS_HEAPTYPE:
            flags &= ~1  # type_is_gc(): a static type is not a GC object, though `type` has HAVE_GC
        if i < ntracked:
            flags |= 2
            if a in young:
                flags |= 64
        if raw >= immortal_min and is_immortal(o):
            flags |= 4
            rc = raw
        else:
            rc = raw - k - adj_get(a, 0)
        x = rc - inner_get(a, 0)
        size = ti.size
        if size is None:
            try:
                size = getsizeof(o) if ti.safe_size else object_sizeof(o)
            except Exception:
                size = 0
            if ti.fixed_size:
                ti.size = size
        if ti.atomic:
            # Non-GC objects of plain kinds (int, str, float, bytes...) have no referents that
            # tp_traverse reports and no hidden ones we record: no edges, maybe a repr.
            if t is int and -10 ** 18 < o < 10 ** 18:
                r = '"%d"' % o  # most atomic objects are ints: no function call for them
            else:
                if ti.rep is None:
                    ti.rep = _has_repr(t)
                r = _short_repr(o, t) if ti.rep else None
            if r is None:
                add('{"a":%d,"t":%s,"s":%d,"f":%d,"rc":%d,"x":%d}' % (a, ti.tjson, size, flags, rc, x))
            else:
                add('{"a":%d,"t":%s,"s":%d,"f":%d,"rc":%d,"x":%d,"r":%s}' % (a, ti.tjson, size, flags, rc, x, r))
            if len(buf) >= 8192:
                w.flush()
            continue
        refs = get_referents(o)
        lab.cur = refs
        eids = list(_map(id, refs))
        if a in dirty or not all(_map(has, eids)):
            kept = [e for e in eids if e in ids]
            st.dropped += len(eids) - len(kept) - len([e for e in eids if e in st.excl])
            eids = kept
        kind = ti.kind
        tjson = ti.tjson
        fin = ti.fin
        extra = ''
        nh = 0
        lfrag = ''
        if kind == _K_INST:
            if want_labels and eids:
                # Fast path: the labels of an instance depend only on its type and edge count
                # whenever its last edge is its class (see inst_labels for when they are cached).
                lfrag = ti.labels.get(len(eids)) if eids[-1] == ti.tid else None
                if lfrag is None or (ti.shared_keys is not None and type(refs[0]) is dict):
                    lfrag = lab.inst_labels(o, t, ti, eids)
        elif kind == _K_SEQ:
            if want_labels and eids:
                lfrag = _idx_labels(idx_cache, len(eids)) if len(eids) == len(o) else ''
        elif kind == _K_DICT:
            if want_labels and eids:
                lfrag = lab.dict_labels(o, eids)
        elif kind == _K_PLAIN:
            pass
        else:
            h = hidden.get(a)
            if h is not None:
                pairs = [(label, id(v)) for label, v in zip(h[0], h[1]) if id(v) in ids]
                hl = [p[0] for p in pairs]
                hid = [p[1] for p in pairs]
                nh = len(hid)
                eids = hid + eids
                extra = ',"ex":%d' % nh if nh else ''
            if want_labels and eids:
                labels = lab.labels(kind, o, eids[nh:], ti)
                if h is not None:
                    labels = list(hl[:nh]) + (labels if labels is not None else [None] * (len(eids) - nh))
                lfrag = labels if labels is not None else ''
            if kind == _K_WEAK:
                if len(eids):
                    flags |= 16
                extra += ',"w":%d' % weak.get(a, 0)
            elif kind == _K_GEN and PY2:
                need = _gen27_needs_finalizing(o)
                if need is None:
                    need = _gen27_fallback(o)
                fin = 'gen' if need else None
            elif kind == _K_OLDINST:
                c = o.__class__
                tjson = old_class_json.get(c)
                if tjson is None:
                    tjson = old_class_json[c] = _jstr('%s.%s' % (c.__module__, c.__name__))
                fin = 'del' if (_classobj_has_del(c) or '__del__' in o.__dict__) else None
            elif kind == _K_FRAME:
                extra += _frame_fields(o)
                if a in st.stacks[2]:
                    extra += ',"mk":1'  # 3.11+: materialised by the dumper to record the stack
            elif kind == _K_MODULE:
                lab.module_names(o, ids) if st.names != 'none' else None
        if kind == _K_WEAK or t in _GEN_FRAME:
            fx.see(o, t, a, kind, flags)
        if type(lfrag) is list:
            lfrag = _labels_json(lfrag)
        if fin is not None:
            extra += ',"fin":"%s"' % fin
            if finalized_bit and flags & 1 and (word32(a - _GC_FLAG_OFFSET).value if word32 else _word(a - _GC_FLAG_OFFSET)) & 1:
                flags |= 32
        if ti.rep is None:
            ti.rep = _has_repr(t)
        if ti.rep:
            r = _short_repr(o, t)
            if r is not None:
                extra += ',"r":' + r
        if len(eids) > _CHUNK:
            _write_big(st, w, '{"a":%d,"t":%s,"s":%d,"f":%d,"rc":%d,"x":%d' % (a, tjson, size, flags, rc, x),
                       a, eids, lfrag, extra)
        elif eids:
            add('{"a":%d,"t":%s,"s":%d,"f":%d,"rc":%d,"x":%d,"e":[%s]%s%s}' % (
                a, tjson, size, flags, rc, x, ','.join(_map(str, eids)), lfrag, extra))
        else:
            add('{"a":%d,"t":%s,"s":%d,"f":%d,"rc":%d,"x":%d%s}' % (a, tjson, size, flags, rc, x, extra))
        if len(buf) >= 8192:
            w.flush()
    buf.extend(fx.records)
    _tp_name_records(objs, tinfo, old_class_json, add)
    _root_names(lab.names, ids)
    _thread_records(st, add)
    for a, holder, name in lab.names:
        add('{"k":"name","a":%d,"holder":%s,"name":%s}' % (a, _jstr(holder), _jstr(name)))
    return n


def _root_names(names, ids):
    """Name records (holder "interpreter") for what the interpreter itself holds: the roots a
    path to an object usually starts from."""
    main = sys.modules.get('__main__')
    for obj, name in ((sys.modules, 'sys.modules'), (_module_dict(sys), 'sys.__dict__'),
                      (_module_dict(_builtins_module), 'builtins.__dict__'),
                      (_module_dict(main) if type(main) is _ModuleType else None, '__main__.__dict__'),
                      (main, "sys.modules['__main__']")):
        if id(obj) in ids:
            names.append((id(obj), 'interpreter', name))


def _has_repr(t):
    return (t in (str, _text_type, bytes, float, bool, type(None), _FunctionType, _CodeType, _ModuleType)
            or t in _int_types or issubclass(t, type))


