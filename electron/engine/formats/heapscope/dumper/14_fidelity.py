# ----------------------------------------------------------------------------------------------
# Fidelity (FORMAT.md "weakcb" and "genstate" records, hidden references of non-GC holders): what the
# simulation needs beyond the edges to predict weakref callbacks, generator close() and objects
# held only by C types the collector cannot see into. Everything here reads by identity only.
_K_HOLDER = 14  # a non-GC C type (or a subclass) holding references tp_traverse cannot report

# Non-GC C types that hold object references, by (tp_name module, name): the fields to read
# through the C type's own descriptors (stored objects, no new ones). See the table in FORMAT.md.
_HOLDER_FIELDS = {('datetime', 'datetime'): ('tzinfo',), ('datetime', 'time'): ('tzinfo',),
                  ('_sre', 'SRE_Match'): ('string', 're'), ('re', 'Match'): ('string', 're'),
                  ('_sre', 'SRE_Scanner'): ('pattern',),
                  ('sqlite3', 'Connection'): ('row_factory', 'text_factory'),
                  ('sqlite3', 'Cursor'): ('connection', 'row_factory', 'description')}


def _holder_base(t):
    """The class of t's MRO listed in _HOLDER_FIELDS when it is not a GC type, else None."""
    mro = _T_MRO(t) if _T_FLAGS(t) & _TPFLAGS_READY else None
    for c in (mro or ()):
        if _T_FLAGS(c) & _TPFLAGS_HEAPTYPE:
            continue
        try:
            key = (_T_MODULE(c), _T_NAME(c))
        except Exception:
            return None
        if _T_FLAGS(c) & _TPFLAGS_HAVE_GC:
            return None  # a GC base: its tp_traverse reports what it holds
        if key in _HOLDER_FIELDS:
            return c
    return None


def _holder_hidden(o, hidden):
    c = _holder_base(type(o))
    labels, vals = [], []
    if c is not None:
        d = _T_DICT(c)
        seen = set(_map(id, _get_referents(o)))  # a GC subclass may report some itself
        for name in _HOLDER_FIELDS[(_T_MODULE(c), _T_NAME(c))]:
            desc = d.get(name)
            v = desc.__get__(o, c) if desc is not None else None
            if v is not None and id(v) not in seen:
                labels.append(name)
                vals.append(v)
    if vals:
        hidden[id(o)] = (labels, vals)
    return vals


# Generators: "created" (never started) is what close() and the never-awaited check look at.
# ≤3.10 read f_lasti of the frame object; 3.15+ ask gi_state / cr_state / ag_state ("GEN_CREATED",
# an immortal str); 3.11 - 3.14 read gi_frame_state, whose offset is found here on sample
# generators (created / suspended / finished) and used only if exactly one byte fits. Not the
# public attributes there: gi_suspended says "suspended" only, and telling "created" from
# "finished" by gi_frame would give a created generator a frame object for good.


def _coroutine_types():
    """(coroutine type, async generator type), made from source: `types` is not imported here."""
    if PY < (3, 5):
        return None, None
    ns = {}
    exec(compile('async def c():\n    pass\nasync def a():\n    yield 1\n' if PY >= (3, 6) else 'async def c():\n    pass\n',
                 '<heapscope>', 'exec'), ns)
    co = ns['c']()
    tc = type(co)
    co.close()
    ta = None
    if 'a' in ns:
        ag = ns['a']()
        ta = type(ag)
        del ag
    ns.clear()
    return tc, ta


_COROUTINE_TYPE, _ASYNCGEN_TYPE = _coroutine_types()
_GEN_FRAME = dict((t, n) for t, n in ((_GeneratorType, 'gi_frame'), (_COROUTINE_TYPE, 'cr_frame'),
                                     (_ASYNCGEN_TYPE, 'ag_frame')) if t is not None)
_FRAME_CREATED = (-3 if PY >= (3, 13) else -2) & 255
_GEN_STATE = dict((t, _T_DICT(t)[n].__get__) for t, n in ((_GeneratorType, 'gi_state'), (_COROUTINE_TYPE, 'cr_state'),
                                                          (_ASYNCGEN_TYPE, 'ag_state'))
                  if t is not None and n in _T_DICT(t))


def _find_frame_state():
    if PY < (3, 11) or _GEN_STATE or not (_MEM or _STRING_AT[0]):
        return None

    def g():
        yield 1
    a, a2, b, c = g(), g(), g(), g()
    next(b)
    list(c)
    n = type(a).__basicsize__
    A, A2, B, C = [bytearray(_read(id(x), n)) for x in (a, a2, b, c)]
    hits = [i for i in range(16, n) if A[i] == _FRAME_CREATED and A2[i] == _FRAME_CREATED
            and B[i] == (_FRAME_CREATED + 1) & 255 and C[i] in (1, 4)]
    b.close()
    return hits[0] if len(hits) == 1 else None


_FRAME_STATE_AT = _find_frame_state()
_mem_close()  # each dump opens its own


def _gen_created(o, t):
    state = _GEN_STATE.get(t)
    if state is not None:
        return state(o, t).endswith('_CREATED')
    if PY >= (3, 11):
        return _FRAME_STATE_AT is not None and bytearray(_read(id(o) + _FRAME_STATE_AT, 1))[0] == _FRAME_CREATED
    f = getattr(o, _GEN_FRAME[t], None)
    return f is not None and f.f_lasti == -1


# Weakref callbacks the stdlib installs, recognised by their code object (or identity) so the
# simulation can model what they free. Anything else is "unknown" (user code, assumed to free
# nothing). Codes of functions defined inside a class's __init__ (WeakValueDictionary.remove...).
def _inner_code(cls, name):
    init = cls.__dict__.get('__init__') if cls is not None else None
    code = getattr(init, '__code__', None)
    for c in (code.co_consts if code is not None else ()):
        if type(c) is _CodeType and c.co_name == name:
            return c
    return None


_CB_CODES = {}  # id(code) -> kind: ints and strings only, so the dict stays untracked
_FINALIZE = [None]


def _learn_stdlib_callbacks():
    """The weak containers' and weakref.finalize's code, read from the program's own `weakref` and
    `_weakrefset` modules (the dumper imports only the C module _weakref, which has neither): a
    program that never imported them has none of their callbacks."""
    if len(_CB_CODES) == 3:
        return
    wr = sys.modules.get('weakref')
    ws = sys.modules.get('_weakrefset')
    for cls, name, kind in ((getattr(wr, 'WeakValueDictionary', None), 'remove', 'WeakValueDictionary'),
                            (getattr(wr, 'WeakKeyDictionary', None), 'remove', 'WeakKeyDictionary'),
                            (getattr(ws, 'WeakSet', None), '_remove', 'WeakSet')):
        c = _inner_code(cls, name)
        if c is not None:
            _CB_CODES[id(c)] = kind  # the class's __init__ keeps the code alive: its id stays its own
    fin = getattr(wr, 'finalize', None)
    _FINALIZE[0] = None if fin is None else id(fin)  # its id: a reference kept here would add to its refcount
    fin = None


_learn_stdlib_callbacks()  # what is loaded already; a dump learns the rest before its census
_BuiltinMethodType = type(len)


def _weak_callback(w):
    """wr_callback, never through attribute access: a proxy forwards it to its referent."""
    if _REF_CALLBACK is not None and issubclass(type(w), _weakref.ref):
        return _REF_CALLBACK(w)
    if not _MEM or _P != 8:
        return None
    a = _word(id(w) + 24)  # PyWeakReference.wr_callback, checked against what tp_traverse reports
    for r in _get_referents(w):
        if id(r) == a:
            return r
    return None


_REF_CALLBACK = _weakref.ref.__dict__['__callback__'].__get__ if '__callback__' in _weakref.ref.__dict__ else None


def _plain_attr(obj, name):
    """obj.name read from the instance itself (no class attribute, property or __getattr__)."""
    try:
        if PY2 and _T_NAME(type(obj)) == 'instance':
            return obj.__dict__.get(name)
        if _lookup_mro(type(obj), name) is not None:
            return None
        return object.__getattribute__(obj, name)
    except Exception:
        return None


class _Fidelity(object):
    """Collects "weakcb" and "genstate" records while objects are written (one instance per dump)."""

    def __init__(self, ids):
        _learn_stdlib_callbacks()
        self.ids = ids
        self.records = []
        self.maps = {}

    def see(self, o, t, a, kind, flags):
        if kind == _K_WEAK:
            if flags & 16:
                self.weak(o, a)
        elif t in _GEN_FRAME and _gen_created(o, t):
            self.records.append('{"k":"genstate","a":%d,"state":"created"}' % a)

    def entries(self, d, by_value):
        """id(value) -> key (or id(key) -> value) of dict d, built once per dict."""
        key = (id(d), by_value)
        m = self.maps.get(key)
        if m is None:
            m = self.maps[key] = dict((id(v), k) for k, v in dict.items(d)) if by_value else \
                dict((id(k), v) for k, v in dict.items(d))
        return m

    def weak(self, w, a):
        cb = _weak_callback(w)
        if cb is None or id(cb) not in self.ids:
            return
        kind, drops, calls = self.classify(w, cb)
        ids = self.ids
        pairs = [(h, x) for h, x in drops if id(h) in ids and id(x) in ids]
        out = '{"k":"weakcb","a":%d,"cb":%d,"kind":"%s"' % (a, id(cb), kind)
        if pairs:
            out += ',"drops":[%s]' % ','.join('%d,%d' % (id(h), id(x)) for h, x in pairs)
        if calls is not None and id(calls) in ids:
            out += ',"calls":%d' % id(calls)
        self.records.append(out + '}')

    def classify(self, w, cb):
        """(kind, [(holder, target)] references the callback drops, user function it calls)."""
        tc = type(cb)
        if tc is _FunctionType:
            known = _CB_CODES.get(id(cb.__code__))
            if known is not None and cb.__code__.co_name in ('remove', '_remove'):
                return self.container(w, cb, known)
            log = sys.modules.get('logging')
            if log is not None and cb is _module_dict(log).get('_removeHandlerRef'):
                handlers = _module_dict(log).get('_handlerList')
                return 'logging', [(handlers, w)] if type(handlers) is list else [], None
            return 'unknown', [], None
        fin = None
        if _FINALIZE[0] is not None:
            for k in tc.__mro__:
                if id(k) == _FINALIZE[0] and k.__name__ == 'finalize':
                    fin = k
        if fin is not None:
            reg = _T_DICT(fin).get('_registry')
            if type(reg) is not dict:
                return 'unknown', [], None
            info = self.entries(reg, False).get(id(cb))
            func = getattr(info, 'func', None) if type(info) is getattr(fin, '_Info', None) else None
            return 'finalize', [(reg, cb), (reg, info)] if info is not None else [], func
        if tc is _BuiltinMethodType and cb.__name__ == '_destroy' and 'abc' in sys.modules:
            sref = cb.__self__
            target = sref() if type(sref) is _weakref.ref else None
            return 'abc', [(target, w)] if type(target) is set else [], None
        return 'unknown', [], None

    def container(self, w, cb, kind):
        defaults = cb.__defaults__ or ()
        selfref = defaults[0] if defaults else None
        owner = selfref() if type(selfref) is _weakref.ref else None
        if owner is None:
            return 'gone', [], None  # the container is dead: the callback does nothing
        if _plain_attr(owner, '_iterating'):
            return 'deferred', [], None  # iterating: removal is queued in _pending_removals
        data = _plain_attr(owner, 'data')
        if kind == 'WeakSet':
            return kind, [(data, w)] if type(data) is set else [], None
        if type(data) is not dict:
            return 'unknown', [], None
        if kind == 'WeakValueDictionary':
            key = self.entries(data, True).get(id(w))
            return kind, [(data, w), (data, key)] if key is not None else [(data, w)], None
        value = self.entries(data, False).get(id(w))
        return kind, [(data, w), (data, value)] if value is not None else [(data, w)], None



