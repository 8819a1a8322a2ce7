# ----------------------------------------------------------------------------------------------
# 3.6 - 3.10: the value stack of a running frame. frame_traverse visits it only up to f_stacktop
# (3.10: f_stackdepth), NULL (-1) while the frame executes: the stack pointer is a C local of the
# eval loop. Its depth is static though: the compiler gives every instruction one entry depth, so
# the depth before the instruction at f_lasti is found by a flow analysis of co_code with
# _opcode.stack_effect, called without its `jump` keyword (3.6/3.7 lack it; from 3.8 its first
# keyword call makes a tuple CPython keeps for good): the effects that differ per branch are in
# _VS_JUMPS, which value_stack_depths.py checks against stack_effect(jump=) on 3.8+ (and every
# depth against the interpreter's own, under opcode tracing). Where the interpreter's depth depends
# on the path taken, the depth is not trusted and nothing is read: 3.6 - 3.8 enter a `finally`
# body (and a `with` block's exit) with 1 or 2 values on the normal path but 6 when an exception
# is raised, both at one offset. 2.7 (no _opcode.stack_effect): the effects are _VS27_EFFECTS,
# from 2.7's compile.c opcode_stack_effect, with the branch effects of its ceval.c; same rules.
_VS_OK = _MEM and ((3, 6) <= PY < (3, 11) or PY == (2, 7)) and _P == 8
if _VS_OK:
    _had_opcode = 'opcode' in sys.modules
    try:
        import opcode as _opcode_mod  # noqa: E402
        if PY2:
            _stack_effect = None
        else:
            from _opcode import stack_effect as _stack_effect  # noqa: E402 - the C module stays imported
    except ImportError:
        _VS_OK = False
if _VS_OK:
    _OPS = dict(_opcode_mod.opmap)
    _OP_EXT = _opcode_mod.EXTENDED_ARG
    _OP_HAVE_ARG = _opcode_mod.HAVE_ARGUMENT
    _OP_JREL = frozenset(_opcode_mod.hasjrel)
    _OP_JABS = frozenset(_opcode_mod.hasjabs)
    # No fall-through to the next instruction.
    _OP_END = frozenset([_OPS[n] for n in ('JUMP_ABSOLUTE', 'JUMP_FORWARD', 'RETURN_VALUE', 'RAISE_VARARGS',
                                           'RERAISE', 'BREAK_LOOP', 'CONTINUE_LOOP') if n in _OPS])
    # (fall-through effect, jump effect) where they differ (stack_effect without `jump` gives the
    # larger), and 3.6's old counts (3.7's values).
    _VS_JUMPS = dict([(_OPS[n], e) for n, e in (
        ('FOR_ITER', (1, -1)), ('JUMP_IF_TRUE_OR_POP', (-1, 0)), ('JUMP_IF_FALSE_OR_POP', (-1, 0)),
        ('SETUP_EXCEPT', (0, 6)), ('SETUP_FINALLY', (0, 6)), ('SETUP_WITH', (1, 6)),
        ('SETUP_ASYNC_WITH', (0, 5)), ('SETUP_LOOP', (0, 0)), ('CONTINUE_LOOP', (0, 0)),
        ('CALL_FINALLY', (0, 1)), ('POP_EXCEPT', (-3, -3)), ('END_FINALLY', (-6, -6)),
        ('WITH_CLEANUP_START', (2, 2)), ('WITH_CLEANUP_FINISH', (-3, -3))) if n in _OPS])
    if PY2:
        # 2.7's ceval: an exception enters a handler with 3 values above the block's level (tb,
        # value, type; a `with` block's level counts its __exit__), END_FINALLY then pops 3 (the
        # normal path: 1, see _vs_untrusted); a loop's exit gets the SETUP_LOOP's depth.
        _VS_JUMPS = dict([(_OPS[n], e) for n, e in (
            ('FOR_ITER', (1, -1)), ('JUMP_IF_TRUE_OR_POP', (-1, 0)), ('JUMP_IF_FALSE_OR_POP', (-1, 0)),
            ('SETUP_EXCEPT', (0, 3)), ('SETUP_FINALLY', (0, 3)), ('SETUP_WITH', (1, 3)),
            ('SETUP_LOOP', (0, 0)), ('CONTINUE_LOOP', (0, 0)))])
    # CONTINUE_LOOP (2.7) unwinds to its loop's level, which a `with` block's __exit__ (left on
    # the stack) makes differ from its own depth: its target, the loop's head, is reached by
    # fall-through anyway and takes its depth from there.
    _OP_NO_EDGE = frozenset([_OPS['CONTINUE_LOOP']] if PY2 else [])
    # Handler entries reached with a path-dependent depth (3.6/3.7; 3.8: the instruction after
    # BEGIN_FINALLY, whose 6 (the exception's count) is 1 on the normal path, see _vs_untrusted).
    _OP_FINALLY = frozenset([_OPS[n] for n in ('SETUP_FINALLY', 'SETUP_WITH', 'SETUP_ASYNC_WITH') if n in _OPS]
                            if PY < (3, 8) else ())
    _OP_BEGIN_FINALLY = _OPS.get('BEGIN_FINALLY', -1)
    _OP_REGION_END = frozenset([_OPS[n] for n in ('END_FINALLY', 'POP_FINALLY') if n in _OPS])
    _UNIT = 2 if PY >= (3, 10) else 1  # 3.10: jump arguments count code units, not bytes
    _CALLS27 = dict([(_OPS[n], e) for n, e in (('CALL_FUNCTION', 1), ('CALL_FUNCTION_VAR', 2),
                                               ('CALL_FUNCTION_KW', 2), ('CALL_FUNCTION_VAR_KW', 3))]) if PY2 else {}
    if not _had_opcode:
        del sys.modules['opcode']  # read above, not kept: the program did not import it
    _opcode_mod = None
_VS_UNKNOWN = -1


def _vs_decode(code):
    """[(start, op, arg, next)]: co_code's instructions, EXTENDED_ARG prefixes folded in (start is
    the first prefix's offset: where jumps land and where f_lasti points while it runs)."""
    raw = bytearray(code.co_code)
    if PY2:
        return _vs27_decode(raw)
    out, ext, start = [], 0, None
    for i in range(0, len(raw) - 1, 2):
        op, arg = raw[i], raw[i + 1]
        if start is None:
            start = i
        if op == _OP_EXT:
            ext = (ext | arg) << 8
            continue
        out.append((start, op, (ext | arg) if op >= _OP_HAVE_ARG else None, i + 2))
        ext, start = 0, None
    return out


def _vs27_decode(raw):
    """2.7: an instruction is 1 byte, 3 with its argument (from HAVE_ARGUMENT on); EXTENDED_ARG
    gives the next one's high 16 bits. f_lasti (and a jump) points at the prefix."""
    out, ext, start, i = [], 0, None, 0
    while i < len(raw):
        op = raw[i]
        if start is None:
            start = i
        if op >= _OP_HAVE_ARG:
            if i + 3 > len(raw):
                raise ValueError('truncated')
            arg = ext | raw[i + 1] | raw[i + 2] << 8
            i += 3
            if op == _OP_EXT:
                ext = arg << 16
                continue
        else:
            arg = None
            i += 1
        out.append((start, op, arg, i))
        ext, start = 0, None
    return out


def _vs27_effects(ops):
    """2.7's opcode_stack_effect (Python/compile.c): opcode -> effect, or a function of the
    argument. Its branch effects (SETUP_*, FOR_ITER, JUMP_IF_*_OR_POP) are in _VS_JUMPS."""
    out = {}
    for name, op in ops.items():
        if name.startswith('BINARY_') or name.startswith('INPLACE_'):
            out[op] = -1
    for names, e in (
            (('POP_TOP', 'SET_ADD', 'LIST_APPEND', 'SLICE+1', 'SLICE+2', 'DELETE_SLICE+0', 'PRINT_EXPR',
              'PRINT_ITEM', 'PRINT_NEWLINE_TO', 'RETURN_VALUE', 'IMPORT_STAR', 'STORE_NAME', 'DELETE_ATTR',
              'STORE_GLOBAL', 'COMPARE_OP', 'IMPORT_NAME', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE',
              'STORE_FAST', 'STORE_DEREF', 'WITH_CLEANUP'), -1),
            (('ROT_TWO', 'ROT_THREE', 'ROT_FOUR', 'NOP', 'UNARY_POSITIVE', 'UNARY_NEGATIVE', 'UNARY_NOT',
              'UNARY_CONVERT', 'UNARY_INVERT', 'SLICE+0', 'GET_ITER', 'PRINT_NEWLINE', 'BREAK_LOOP',
              'YIELD_VALUE', 'POP_BLOCK', 'DELETE_NAME', 'DELETE_GLOBAL', 'LOAD_ATTR', 'JUMP_FORWARD',
              'JUMP_ABSOLUTE', 'DELETE_FAST'), 0),
            (('DUP_TOP', 'LOAD_LOCALS', 'LOAD_CONST', 'LOAD_NAME', 'BUILD_MAP', 'IMPORT_FROM', 'LOAD_GLOBAL',
              'LOAD_FAST', 'LOAD_CLOSURE', 'LOAD_DEREF'), 1),
            (('MAP_ADD', 'SLICE+3', 'STORE_SLICE+0', 'STORE_MAP', 'DELETE_SUBSCR', 'DELETE_SLICE+1',
              'DELETE_SLICE+2', 'PRINT_ITEM_TO', 'STORE_ATTR', 'BUILD_CLASS'), -2),
            (('STORE_SLICE+1', 'STORE_SLICE+2', 'STORE_SUBSCR', 'DELETE_SLICE+3', 'EXEC_STMT', 'END_FINALLY'), -3),
            (('STORE_SLICE+3',), -4)):
        for n in names:
            out[ops[n]] = e

    def nargs(a):
        return (a & 0xff) + 2 * ((a >> 8) & 0xff)
    for n, f in (('UNPACK_SEQUENCE', lambda a: a - 1), ('DUP_TOPX', lambda a: a),
                 ('BUILD_TUPLE', lambda a: 1 - a), ('BUILD_LIST', lambda a: 1 - a), ('BUILD_SET', lambda a: 1 - a),
                 ('RAISE_VARARGS', lambda a: -a), ('CALL_FUNCTION', lambda a: -nargs(a)),
                 ('CALL_FUNCTION_VAR', lambda a: -nargs(a) - 1), ('CALL_FUNCTION_KW', lambda a: -nargs(a) - 1),
                 ('CALL_FUNCTION_VAR_KW', lambda a: -nargs(a) - 2), ('MAKE_FUNCTION', lambda a: -a),
                 ('BUILD_SLICE', lambda a: -2 if a == 3 else -1), ('MAKE_CLOSURE', lambda a: -a - 1)):
        out[ops[n]] = f
    return out


_VS27_EFFECTS = _vs27_effects(_OPS) if _VS_OK and PY2 else {}


def _vs_effect(op, arg, jump):
    e = _VS_JUMPS.get(op)
    if e is not None:
        return e[1 if jump else 0]
    if PY2:
        e = _VS27_EFFECTS.get(op)
        if e is None:
            raise ValueError('opcode %d' % op)  # not 2.7's: the code's depths stay unknown
        return e if type(e) is int else e(arg)
    return _stack_effect(op, arg) if arg is not None else _stack_effect(op)


def _vs_depths(code):
    """{offset: depth before the instruction there} for every reachable instruction (prefixes
    included), _VS_UNKNOWN where two paths disagree or where the interpreter's depth depends on
    the path (see _vs_untrusted)."""
    ins = _vs_decode(code)
    at = dict([(s, k) for k, (s, _o, _a, _n) in enumerate(ins)])
    depth = [None] * len(ins)
    gen_start = _OPS.get('GEN_START', -1)
    work = [(0, 1 if ins and ins[0][1] == gen_start else 0)] if ins else []  # 3.10: the first send's value
    # 3.6/3.7: a `finally` body (a `with` exit) is entered by falling through from the protected
    # block with one None pushed, or by the exception with 6 values: counted as 6 (as 3.7's
    # compiler does; the body is untrusted anyway), so the depth after its END_FINALLY is right.
    entries = set([at.get(n + a * _UNIT) for _s, o, a, n in ins if o in _OP_FINALLY])
    while work:  # each instruction's depth changes at most twice: None, a depth, _VS_UNKNOWN
        k, d = work.pop()
        cur = depth[k]
        if cur == d or cur == _VS_UNKNOWN:
            continue
        if cur is not None or d < 0:
            d = _VS_UNKNOWN
        depth[k] = d
        _s, op, arg, nxt = ins[k]
        succ = []
        if op not in _OP_END and k + 1 not in entries:
            succ.append((nxt, _vs_effect(op, arg, False)))
        if (op in _OP_JREL or op in _OP_JABS) and op not in _OP_NO_EDGE:
            succ.append(((nxt if op in _OP_JREL else 0) + arg * _UNIT, _vs_effect(op, arg, True)))
        for off, eff in succ:
            j = at.get(off)
            if j is not None:
                work.append((j, _VS_UNKNOWN if d == _VS_UNKNOWN else d + eff))
    for k in _vs_untrusted(ins, at, depth):
        depth[k] = _VS_UNKNOWN
    out = {}
    for k, (s, op, arg, nxt) in enumerate(ins):
        if depth[k] is not None:
            for off in (s,) if PY2 else range(s, nxt, 2):
                out[off] = (depth[k], op, arg)
    return out


def _vs_untrusted(ins, at, depth):
    """2.7, 3.6 - 3.8: the instructions of each `finally` body and `with` exit, from the handler's
    entry (or 3.8's BEGIN_FINALLY) to the END_FINALLY / POP_FINALLY that brings the depth back
    down. There the analysis counts the exception's 6 values (2.7: 3); the normal path has 1 or 2. After it the
    depth is the same on every path again."""
    out = []
    for k, (_s, op, arg, nxt) in enumerate(ins):
        if op in _OP_FINALLY:
            h = at.get(nxt + arg * _UNIT)
        elif op == _OP_BEGIN_FINALLY:
            h = k + 1
        else:
            continue
        if h is None or h >= len(ins) or depth[h] is None or depth[h] == _VS_UNKNOWN:
            continue
        top = depth[h]
        e = h
        while e < len(ins) and not (ins[e][1] in _OP_REGION_END and depth[e] is not None and 0 <= depth[e] <= top):
            e += 1
        out.extend(range(k + 1 if op == _OP_BEGIN_FINALLY else h, min(e + 1, len(ins))))
    return out


def _vs_depth_at(code, lasti, cache=None):
    """(depth of the value stack before the instruction at byte offset `lasti`, its opcode, its
    argument), or None when the depth is not known for sure. `cache`: code address -> depths, for
    one dump (while its frames keep the code objects alive)."""
    got = cache.get(id(code)) if cache is not None else None
    if got is None:
        try:
            got = _vs_depths(code)
        except (ValueError, TypeError, IndexError):
            got = {}
        if cache is not None:
            cache[id(code)] = got
    d = got.get(lasti)
    return None if d is None or d[0] == _VS_UNKNOWN or d[0] > code.co_stacksize else d


# PyFrameObject (2.7, 3.6 - 3.10): f_valuestack at +64; then f_stacktop (2.7 - 3.9, +72) or
# f_stackdepth (3.10, +80); f_lasti at _VS_LASTI and 12 bytes on f_executing (3.6 - 3.9, a char:
# 1 while the frame runs) or f_state (3.10, an int8_t: FRAME_EXECUTING is 0). 2.7 has no such
# flag (see _vs27_in_call).
_VS_LASTI = {(2, 7): 120, (3, 6): 120, (3, 10): 96}.get(PY, 104)


def _vs_executing(f):
    return bytearray(_read(id(f) + _VS_LASTI + 12, 1))[0] == (0 if PY >= (3, 10) else 1)


def _vs27_in_call(ident, f, callee):
    """2.7: callee (the frame next in from f) is still on its thread's frame chain (a frame object
    is run once; a generator's, resumed, is run from the same f_lasti with the same stack below)."""
    g = sys._current_frames().get(ident)
    while g is not None and g is not callee:
        g = g.f_back
    ok = g is not None and callee.f_back is f
    g = None
    return ok


def _vs_running(ident, f, callee):
    """f is still stopped inside its call of callee (None: f is the dumping frame)."""
    if PY2:
        return callee is None or _vs27_in_call(ident, f, callee)
    return _vs_executing(f) and (callee is None or _vs_executing(callee))


def _vs_layout_ok():
    """The offsets above, checked on this frame while it is stopped in a call: its f_lasti, its
    f_valuestack (right after its localsplus, at _LOCALSPLUS), a NULL f_stacktop (-1
    f_stackdepth), and it is executing."""
    if not _VS_OK or _LOCALSPLUS is None:
        return False
    return _vs_layout_probe(sys._getframe()) and (not PY2 or _vs27_unpredicted())


class _VsIter(object):
    def __init__(self, seen):
        self.seen = seen

    def __iter__(self):
        return self

    def next(self):
        f = sys._getframe(1)
        self.seen.append(bytearray(f.f_code.co_code)[f.f_lasti])
        f = None
        raise StopIteration


def _vs27_unpredicted():
    """2.7 built without computed gotos runs PREDICT()ed pairs (GET_ITER then FOR_ITER, COMPARE_OP
    then POP_JUMP_IF_FALSE...) without updating f_lasti: it would name the instruction before
    the one calling out. Seen here as FOR_ITER's first call of a `next` coming from GET_ITER."""
    seen = []
    for _ in _VsIter(seen):
        pass
    return seen == [_OPS['FOR_ITER']]


def _vs_layout_probe(f):
    try:
        a, code = id(f), f.f_code
        n = len(code.co_varnames) + len(code.co_cellvars) + len(code.co_freevars)
        top = _int32(a + 80) < 0 if PY >= (3, 10) else _word(a + 72) == 0
        return (_int32(a + _VS_LASTI) * _UNIT == f.f_lasti and _word(a + 64) == a + _LOCALSPLUS + 8 * n
                and top and (_word(a + 24) == id(f.f_back) and _word(a + 32) == id(code) if PY2 else _vs_executing(f)))
    except (OSError, ValueError, OverflowError):
        return False
    finally:
        f = None


_VS_OK = _vs_layout_ok()
_OP_CALLS = dict([(_OPS[n], e) for n, e in (('CALL_FUNCTION', 1), ('CALL_FUNCTION_KW', 2), ('CALL_METHOD', 2))
                  if n in _OPS]) if _VS_OK else {}
_OP_CALL_EX = _OPS.get('CALL_FUNCTION_EX', -1) if _VS_OK else -1


def _vs_call_operands(op, arg):
    """The slots a call instruction's operands take (the callable and its arguments), or None."""
    if PY2:
        e = _CALLS27.get(op)
        return None if e is None else (arg & 0xff) + 2 * ((arg >> 8) & 0xff) + e
    if op in _OP_CALLS:
        return arg + _OP_CALLS[op]
    return 2 + (arg & 1) if op == _OP_CALL_EX else None


class _VsMethod(object):
    def m(self):
        pass


_FunctionType = type(_vs_decode)
_MethodType = type(_VsMethod().m)


def _vs_handler_codes():
    """The code of each Python signal handler: a frame a handler interrupted stopped between two
    instructions, its f_lasti the one before (not inside the instruction it points at)."""
    mod = sys.modules.get('_signal') or sys.modules.get('signal')
    get = getattr(mod, 'getsignal', None)
    out = set()
    for n in range(1, int(getattr(mod, 'NSIG', 0) or 0) if get else 0):
        try:
            h = get(n)
        except (ValueError, OSError, RuntimeError):
            continue
        if type(h) is _MethodType:
            h = h.__func__
        if type(h) is _FunctionType:
            out.add(id(h.__code__))
    h = None
    return out


def _vs_span(ident, f, callee, dumping, handlers, cache):
    """(address, count, lent slot or -1) of the value stack slots of running frame f (2.7, 3.6 - 3.10) stopped
    inside the instruction at f_lasti, which is calling `callee` (the next frame in); `dumping`: f
    called dump() itself, whose operands (the caller's references that _adjust discounts) are left
    out. 2.7 leaves out every call's operands: its call_function pops the arguments (their
    references move to a tuple) before calling anything but a Python function, and a bound
    method's call cannot be told from a callable instance's. None when the depth is not known for
    sure or the frame is not in that state."""
    code = f.f_code
    if f.f_trace is not None:
        return None  # traced: an 'exception' event runs its trace function mid-instruction
    if callee is not None and id(callee.f_code) in handlers:
        return None
    a = id(f)
    base = a + _LOCALSPLUS + 8 * (len(code.co_varnames) + len(code.co_cellvars) + len(code.co_freevars))
    try:
        if _word(a + 64) != base or (_int32(a + 80) >= 0 if PY >= (3, 10) else _word(a + 72) != 0):
            return None  # not this layout, or f_stacktop is set: frame_traverse visits the stack
        if not _vs_running(ident, f, callee):
            return None
    except (OSError, ValueError, OverflowError):
        return None
    got = _vs_depth_at(code, f.f_lasti, cache)
    if got is None:
        return None
    n, op, arg = got
    if dumping or PY2:
        ops = _vs_call_operands(op, arg)
        if ops is not None:
            n -= ops
        elif dumping:
            return None
    return (base, n, _vs_lent_slot(base, n, op, arg, callee)) if n > 0 else None


def _vs_lent_slot(base, n, op, arg, callee):
    """3.8 - 3.10: the slot of the callable a call passes its arguments from, when the callee has
    lent it to its own first argument: a bound method (or a partial) called with
    PY_VECTORCALL_ARGUMENTS_OFFSET stores its self in that slot for the call's duration (a borrowed
    reference, the method itself in a C local). Seen as the callee frame's first local being the
    word there. -1 for none. (3.6/3.7 replace the method by its self with a reference of its own.)"""
    if PY < (3, 8) or callee is None or op not in _OP_CALLS or not callee.f_code.co_nlocals:
        return -1
    try:
        k = n - arg - _OP_CALLS[op]  # CALL_FUNCTION(_KW): the callable; CALL_METHOD: the method slot
        if op == _OPS.get('CALL_METHOD') and _word(base + 8 * k):
            return -1  # LOAD_METHOD found a function: called with self as an argument, nothing lent
        if op == _OPS.get('CALL_METHOD'):
            k += 1
        w = _word(base + 8 * k)
        return k if w and w == _word(id(callee) + _LOCALSPLUS) else -1
    except (OSError, ValueError, OverflowError):
        return -1


def _vs_words(base, n):
    """[(slot, word)] of the non-NULL words of n slots at base, or None unless each looks like a live object (a
    refcount of at least 1 and a type whose type is a type): a slot the frame no longer owns
    (an object being deallocated) makes the whole stack unread."""
    try:
        data = _read(base, 8 * n)
        out = []
        for i in range(n):
            w = _array('L', data[8 * i:8 * i + 8])[0] if PY2 else int.from_bytes(data[8 * i:8 * i + 8], sys.byteorder)
            if not w:
                continue
            rc, tp = _word(w), _word(w + 8)
            meta = _word(tp + 8) if tp else 0
            if not (1 <= rc < 1 << 40 and meta and (meta == id(type) or _word(meta + 8) == id(type))):
                return None
            out.append((i, w))
        return out
    except (OSError, ValueError, OverflowError):
        return None


def _vs_add_held(st, objs, ids, excl):
    """2.7, 3.6 - 3.10: name what each running frame keeps on its value stack (st.stacks[3]) and add to
    the census the objects it does not have yet (read through a carrier list, _carrier_read). A
    frame is read while it is stopped inside a call into the next frame in (or the dumping
    thread's innermost frame, inside its call of dump()); another thread's innermost frame may be
    stopped between two instructions (a thread switch), where f_lasti is the one before."""
    handlers, cache = _vs_handler_codes(), {}
    this = sys._getframe()
    try:
        fd = os.open('/proc/self/mem', os.O_RDWR)
    except (OSError, AttributeError):
        fd = -1
    try:
        for t in st.stacks[0]:
            chain = t[2]
            for i in range(len(chain)):
                f = chain[i]
                callee = chain[i - 1] if i else None
                dumping = False
                if not i:
                    if not t[3]:
                        continue
                    g = this
                    while g is not None and g.f_back is not f:
                        g = g.f_back
                    dumping = g is not None and g.f_code is dump.__code__
                    g = None
                    if not dumping:
                        continue
                span = _vs_span(t[0], f, callee, dumping, handlers, cache)
                words = _vs_words(span[0], span[1]) if span else None
                if not words:
                    continue
                holder = _frame_holder(st, f)
                missing = False
                for k, a in words:
                    if k != span[2]:  # a lent slot: the object is live, but not the stack's
                        st.stacks[3].append((a, holder, _STACK_NAME))
                    missing = missing or (a not in ids and a not in excl)
                if missing and fd >= 0:
                    lasti = f.f_lasti
                    for o in _carrier_read(fd, span[0], span[1], t[3] or (
                            lambda: _vs_running(t[0], f, callee) and f.f_lasti == lasti)):
                        if id(o) not in ids and id(o) not in excl:
                            ids[id(o)] = 0
                            objs.append(o)
                    o = None
                f = callee = None
        chain = None
    finally:
        this = None
        cache.clear()
        if fd >= 0:
            os.close(fd)
