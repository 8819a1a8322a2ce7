# The dumper's static value-stack depths (3.6 - 3.10, _vs_depth_at) against the interpreter's own:
# under opcode tracing (3.6: line tracing) CPython stores the stack pointer in the frame before
# calling the trace function (f_stacktop; 3.10 f_stackdepth), so the true depth before every
# instruction is readable there. Runs a workload of every construct that moves the stack (loops,
# with, try/except/finally, comprehensions, generators, coroutines, calls of every shape, displays)
# plus some stdlib code. Prints JSON {checked, unknown, mismatches: [...]}. DUMPER_DIR.
import asyncio
import json
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump as hd  # noqa: E402

PY = sys.version_info[:2]
HERE = __file__
stats = {'checked': 0, 'unknown': 0, 'mismatches': []}


def true_depth(f):
    base = id(f)
    if PY >= (3, 10):
        return hd._int32(base + 80)
    top = hd._word(base + 72)
    return None if top == 0 else (top - hd._word(base + 64)) // 8


def tracer(frame, event, arg):
    if PY >= (3, 7):
        frame.f_trace_opcodes = True
    if event in ('opcode', 'line') and frame.f_code.co_filename == HERE:
        real = true_depth(frame)
        if real is None or real < 0:
            return tracer
        got = hd._vs_depth_at(frame.f_code, frame.f_lasti)
        got = got and got[0]
        if got is None:
            stats['unknown'] += 1
        elif got == real:
            stats['checked'] += 1
        else:
            stats['mismatches'].append([frame.f_code.co_name, frame.f_lasti, got, real])
    return tracer


class Ctx(object):
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def sink(*a, **k):
    return a


def loops(n):
    out = []
    for i in range(n):
        for j in iter([i, i + 1]):
            if j % 2:
                continue
            out.append(sink(i, j, k=j))
        else:
            out.append(i)
        while i > 0:
            i -= 1
            if i == 1:
                break
    return out


def withs(n):
    with Ctx() as c:
        sink(c, n)
        with Ctx(), Ctx() as d:
            x = [sink(d) for _ in range(2)]
    for i in range(2):
        with Ctx():
            if i:
                break
            continue
    return x, sink(n)


def tries(n):
    r = []
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(i)
            r.append(sink(i))
        except ValueError as e:
            r.append(sink(e, i))
        except (TypeError, KeyError):
            pass
        else:
            r.append(i)
        finally:
            r.append(-i)
        try:
            try:
                {}[i]
            finally:
                sink(i)
        except KeyError:
            sink(i, r)
    try:
        return sink(r)
    finally:
        sink(r, n)


def displays(n):
    a = [n, sink(n), *[1, 2], n]
    b = {n: sink(n), 'x': [n, (n, n)], **{'y': 1}}
    c = {n, sink(n)}
    d = (n, sink(*a), sink(**{'k': n}), sink(n, *a, k=n, **{'z': b}))
    e = {k: v for k, v in b.items() if k}
    f = [x for x in a if x] + list(x for x in a)
    g = n if n else sink(n)
    h = a[0] + a[3] * n - (n or 1) and n
    a[0], b['x'] = b['x'], a[0]
    s = 'x%sy' % n + f'{n!r:>4}{sink(n)}'
    return a, b, c, d, e, f, g, h, s


def gen(n):
    for i in range(n):
        x = yield sink(i)
        yield from sub(x, i)
    return n


def sub(*a):
    for x in a:
        yield x


async def coro(n):
    await asyncio.sleep(0)
    async with ACtx() as a:
        sink(a)
    async for i in AIter(n):
        sink(i)
    return [i async for i in AIter(n)]


class ACtx(object):
    async def __aenter__(self):
        return self

    async def __aexit__(self, *a):
        return False


class AIter(object):
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.n -= 1
        if self.n < 0:
            raise StopAsyncIteration
        return self.n


def main():
    loops(4)
    withs(2)
    tries(4)
    displays(3)
    g = gen(3)
    next(g)
    for _ in range(20):
        try:
            g.send(1)
        except StopIteration:
            break
    loop = asyncio.new_event_loop()
    loop.run_until_complete(coro(3))
    loop.close()


# 3.8+: the dumper's branch effects (it never passes `jump`) are stack_effect's own.
if PY >= (3, 8):
    import dis
    for op in range(256):
        for arg in ([None] if op < dis.HAVE_ARGUMENT else [0, 1, 2, 3, 7, 255]):
            for jump in (False, True):
                try:
                    want = dis.stack_effect(op, arg, jump=jump)
                except ValueError:
                    continue
                got = hd._vs_effect(op, arg, jump)
                if got != want:
                    stats['mismatches'].append(['effect', dis.opname[op], arg, jump, got, want])

sys.settrace(tracer)
try:
    main()
finally:
    sys.settrace(None)
sys.stdout.write(json.dumps(stats) + '\n')
