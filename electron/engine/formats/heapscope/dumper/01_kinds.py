# ----------------------------------------------------------------------------------------------
# Kinds of object, decided once per type: each kind has its own labels and hidden references.
_K_PLAIN, _K_INST, _K_DICT, _K_SEQ, _K_FUNC, _K_TYPE, _K_CODE, _K_FRAME, \
    _K_CELL, _K_WEAK, _K_MODULE, _K_GEN, _K_OLDINST, _K_METHOD = range(14)


class _TypeInfo(object):
    """What the writer needs to know about one type, computed on first sight."""
    __slots__ = ('kind', 'tjson', 'flags', 'fin', 'safe_size', 'slots', 'shared_keys', 'labels', 'rep', 'tid',
                 'atomic', 'fixed_size', 'size')


try:
    from _json import encode_basestring_ascii as _enc  # the C escaper behind json.dumps (not json: it imports re)
except ImportError:  # pragma: no cover - a build without _json
    import json
    _enc = json.encoder.encode_basestring_ascii


def _jstr(s):
    """JSON string literal; 2.7 byte strings are decoded leniently first."""
    if PY2 and isinstance(s, str):
        s = s.decode('utf-8', 'replace')
    return _enc(s)


def _safe_key_repr(k):
    """repr of a dict key when it cannot run user code, else None."""
    t = type(k)
    if t is str or t is _text_type or t is bytes:
        return repr(k[:60]) if len(k) > 60 else repr(k)
    if t in _int_types:
        return repr(k) if -10 ** 30 < k < 10 ** 30 else None
    if t is float or t is bool or k is None:
        return repr(k)
    return None


def _short_repr(o, t):
    """A short repr that never calls user code (FORMAT.md `r`), or None."""
    if t is int and -10 ** 18 < o < 10 ** 18:
        return '"%d"' % o  # the common case first: digits need no JSON escaping
    try:
        if t is str or t is _text_type or t is bytes:
            s = repr(o[:80])
        elif t in _int_types or t is bool:
            if -10 ** 18 < o < 10 ** 18:
                return '"%r"' % (o,)  # digits need no JSON escaping
            s = repr(o) if o.bit_length() <= 256 else '<int of %d bits>' % o.bit_length()
        elif t is float or o is None:
            s = repr(o)
        elif t is _FunctionType:
            s = getattr(o, '__qualname__', None) or o.__name__
        elif t is _CodeType:
            s = '%s %s:%d' % (o.co_name, os.path.basename(o.co_filename), o.co_firstlineno)
        elif t is _ModuleType:
            s = _dict_get(o, '__name__')
        elif isinstance(o, type):
            s = '%s.%s' % (_T_MODULE(o), _T_NAME(o))
        else:
            return None
    except Exception:
        return None
    if s is None:
        return None
    if not isinstance(s, (str, _text_type)):
        return None
    return _jstr(s[:80])


def _dict_get(mod, name):
    """A module global read straight from the module's own dict (no __getattr__)."""
    d = _module_dict(mod)
    return dict.get(d, name) if type(d) is dict else None


def _module_dict(mod):
    for r in _get_referents(mod):
        if type(r) is dict:
            return r
    return None


