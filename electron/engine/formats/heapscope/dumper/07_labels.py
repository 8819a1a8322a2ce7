# ----------------------------------------------------------------------------------------------
def _idx_labels(cache, n):
    """',"l":["[n-1]",...,"[0]"]' for a list or tuple of n items: list_traverse and
    tuple_traverse visit items from the last one down (cached per dump for short ones)."""
    if n > _CHUNK:
        return _SEQ_LABELS  # labels made chunk by chunk (_write_big)
    got = cache.get(n)
    if got is None:
        got = ',"l":[%s]' % ','.join(['"[%d]"' % i for i in range(n - 1, -1, -1)])
        if n <= 256:
            cache[n] = got
    return got


class _Labeler(object):
    """Edge labels per kind of object, by identity only. Returns a list parallel to the edges
    (None = unknown) or a ready JSON fragment; caches fragments that depend only on the type."""

    def __init__(self, st):
        self.st = st
        self.key_cache = {}
        self.names = []
        self.cur = ()

    def dict_labels(self, o, eids):
        items = list(dict.items(o))
        keys = tuple([k for k, _ in items])
        n = len(items)
        ne = len(eids)
        if PY2:
            order = ne == 2 * n and all(eids[2 * i] == id(items[i][0]) and eids[2 * i + 1] == id(items[i][1])
                                        for i in range(n))
            pattern = 'kv'
        elif ne == n:
            order = list(_map(id, [v for _, v in items])) == eids
            pattern = 'v'
        else:
            order = ne == 2 * n and all(eids[2 * i] == id(items[i][1]) and eids[2 * i + 1] == id(items[i][0])
                                        for i in range(n))
            pattern = 'vk'
        if order:
            ck = (pattern, keys) if n <= 16 else None
            frag = self.key_cache.get(ck) if ck is not None else None
            if frag is None:
                frag = self._dict_frag(keys, pattern)
                if ck is not None and len(self.key_cache) < 200000:
                    try:
                        self.key_cache[ck] = frag
                    except TypeError:
                        pass
            return frag
        # Traverse order differs from iteration order (3.11+ split dicts), or edges were left out
        # (a dict holding something the dump leaves out): match by identity, in traverse order
        # (2.7 visits each key before its value, 3.x the value first).
        cands = []
        for k, v in items:
            r = _safe_key_repr(k)
            if PY2:
                cands.append(('<%s>' % r if r is not None else None, id(k)))
            cands.append(('[%s]' % r if r is not None else None, id(v)))
            if not PY2:
                cands.append(('<%s>' % r if r is not None else None, id(k)))
        return _align(eids, cands)

    @staticmethod
    def _dict_frag(keys, pattern):
        parts = []
        for k in keys:
            r = _safe_key_repr(k)
            val = _jstr('[%s]' % r) if r is not None else 'null'
            key = _jstr('<%s>' % r) if r is not None else 'null'
            if pattern == 'kv':
                parts.append(key)
                parts.append(val)
            elif pattern == 'vk':
                parts.append(val)
                parts.append(key)
            else:
                parts.append(val)
        if not parts or all(p == 'null' for p in parts):
            return ''
        return ',"l":[%s]' % ','.join(parts)

    def inst_labels(self, o, t, ti, eids):
        ne = len(eids)
        tid = id(t)
        cands = []
        for label, get in ti.slots:
            try:
                cands.append((label, id(get(o))))
            except Exception:
                pass
        labels = _align(eids, cands)
        i = len([x for x in labels if x is not None])
        sk = ti.shared_keys
        start = i
        if sk is not None and eids[-1] == tid:
            # 3.11+: label inline values only after checking them against the object's memory
            # (a materialized __dict__ holding one value looks the same from the edges alone).
            i = _inline_values_labels(o, t, sk, eids, labels, i)
        if i == start and i < ne and eids[i] != tid and type(self._obj(eids[i])) is dict:
            # ≤3.10, or a materialized dict on 3.11+: the instance dict comes right after slots.
            labels[i] = '__dict__'
            i += 1
        if i < ne and eids[i] == tid:
            labels[i] = '__class__'
        frag = _labels_json(labels)
        if (not ti.slots and ne and eids[-1] == tid and len(ti.labels) < 64
                and (sk is None or (ne - 1 == len(sk) and i == ne - 1 and labels[0] != '__dict__'))):
            ti.labels[ne] = frag  # all attributes present (3.11+) or [__dict__, __class__] (≤3.10)
        return frag

    def module_names(self, m, ids):
        """Name records for the globals of a module the user cares about (FORMAT.md "name")."""
        d = _module_dict(m)
        if type(d) is not dict or d is globals():
            return  # the dumper's own globals are never the program's names
        name = dict.get(d, '__name__')
        if not isinstance(name, (str, _text_type)):
            return
        if self.st.names != 'all' and name != '__main__':
            f = dict.get(d, '__file__')
            if not isinstance(f, (str, _text_type)) or (_STDLIB and os.path.abspath(f).startswith(_STDLIB)):
                return
        holder = 'module ' + name
        for k, v in dict.items(d):
            if isinstance(k, (str, _text_type)) and id(v) in ids and not k.startswith('__'):
                self.names.append((id(v), holder, k))

    def _obj(self, a):
        """The referent at address `a` of the object being labelled (self.cur: its referents)."""
        for r in self.cur:
            if id(r) == a:
                return r
        return None

    def labels(self, kind, o, eids, ti):
        """Labels for every kind but instances, dicts and sequences."""
        if kind == _K_FUNC:
            cands = [(n, id(getattr(o, n, None))) for n in _FUNC_FIELDS]
        elif kind == _K_TYPE:
            cands = [('__mro__', id(_T_MRO(o))), ('__bases__', id(_T_BASES(o))), ('__base__', id(_T_BASE(o)))]
            labels = _align(eids, cands)
            if eids and labels[0] is None and type(self._obj(eids[0])) is dict:
                labels[0] = '__dict__'
            return labels
        elif kind == _K_CELL:
            return ['cell_contents'] * len(eids)
        elif kind == _K_MODULE:
            return ['__dict__' if type(self._obj(a)) is dict else None for a in eids]
        elif kind == _K_WEAK:
            return ['__callback__'] * len(eids)
        elif kind == _K_METHOD:
            cands = [('__func__', id(o.__func__)), ('__self__', id(o.__self__))]
            if PY2:
                cands.append(('im_class', id(o.im_class)))
        elif kind == _K_GEN:
            cands = ([('gi_frame', id(o.gi_frame))] if PY < (3, 11) else []) + [
                ('gi_code', id(o.gi_code)), ('__name__', id(getattr(o, '__name__', None))),
                ('__qualname__', id(getattr(o, '__qualname__', None)))]
        elif kind == _K_OLDINST:
            return ['__class__' if a == id(o.__class__) else '__dict__' for a in eids]
        elif kind == _K_FRAME:
            return self.frame_labels(o, eids)
        elif kind == _K_TB:
            return _tb_labels(o, eids)
        else:
            return None
        return _align(eids, cands)

    def frame_labels(self, f, eids):
        labels, named = _frame_labels(f, eids, self.st.ids)
        if named:
            holder = _frame_holder(self.st, f)
            for a, name in named:
                self.names.append((a, holder, name))
        return labels


