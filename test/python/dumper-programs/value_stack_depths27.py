# value_stack_depths.py for CPython 2.7 (its own syntax): the dumper's static value-stack depths
# (_vs_depth_at, from _VS27_EFFECTS) against the interpreter's own. 2.7 has line tracing only;
# before each 'line' event its eval loop stores the stack pointer in f_stacktop, so the true depth
# there is readable. The workload splits expressions over lines (2.7 starts a line at each
# sub-expression on a new line) to get events at non-zero depths, and runs some stdlib code, whose
# frames are checked too. Prints JSON {checked, deep (of them at a
# depth above 0), unknown, mismatches: [...]}. DUMPER_DIR.
import collections
import json
import re
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump as hd  # noqa: E402

DUMPER = hd.__file__.rstrip('c')
stats = {'checked': 0, 'deep': 0, 'unknown': 0, 'mismatches': []}


def true_depth(f):
    top = hd._word(id(f) + 72)
    return None if top == 0 else (top - hd._word(id(f) + 64)) // 8


def tracer(frame, event, arg):
    if event == 'line' and frame.f_code.co_filename.rstrip('c') != DUMPER:
        real = true_depth(frame)
        if real is None:
            return tracer
        got = hd._vs_depth_at(frame.f_code, frame.f_lasti)
        got = got and got[0]
        if got is None:
            stats['unknown'] += 1
        elif got == real:
            stats['checked'] += 1
            stats['deep'] += real > 0
        else:
            stats['mismatches'].append([frame.f_code.co_filename, frame.f_code.co_name, frame.f_lasti, got, real])
    return tracer


class Ctx(object):
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


class Old:
    x = 1

    def __call__(self, *a):
        return a


def sink(*a, **k):
    return a


def loops(n):
    out = []
    for i in range(n):
        for j in iter([i, i + 1]):
            if j % 2:
                continue
            out.append(sink(i,
                            j,
                            k=j))
        else:
            out.append(i)
        while i > 0:
            i -= 1
            if i == 1:
                break
        for k in range(3):
            try:
                if k:
                    continue
            except ValueError:
                pass
            with Ctx():
                if k == 2:
                    continue
    return out


def withs(n):
    with Ctx() as c:
        sink(c,
             n)
        with Ctx() as d:
            x = [sink(d,
                      _) for _ in range(2)]
    for i in range(2):
        with Ctx():
            if i:
                break
            continue
    with Ctx():
        return x, sink(n,
                       c)


def tries(n):
    r = []
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(i)
            r.append(sink(i,
                          n))
        except ValueError as e:
            r.append(sink(e,
                          i))
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
            sink(i,
                 r)
    try:
        return sink(r)
    finally:
        sink(r, n)


def displays(n):
    a = [n,
         sink(n),
         n]
    b = {n: sink(n),
         'x': [n, (n,
                   n)]}
    c = {n,
         sink(n)}
    d = (n, sink(*a), sink(**{'k': n}), sink(n, *a,
                                            **{'z': b}), sink(n, k=n, *a))
    e = {k: v for k, v in b.items()
         if k}
    f = [x for x in a
         if x] + list(x for x in a) + [y for x in a for y in (x,
                                                                  x)]
    g = (n if n
         else sink(n))
    h = a[0] + a[2] * n - (n or
                           1) and n
    a[0], b['x'] = b['x'], a[0]
    a[1:2] = a[0:1]
    a[1:] += [sink(n,
                   n)]
    a[2] += sink(n)[0]
    del a[:1]
    s = 'x%sy' % n + `n` + '%s' % (sink(n,
                                        n),)
    x, (y, z) = n, (sink(n), n)
    t = 1 < n < sink(3,
                     4)
    o = Old()
    u = o(n,
          o.x)
    return a, b, c, d, e, f, g, h, s, x, y, z, t, u


def closures(n, *args, **kw):
    k = n

    def inner(a=n, b=sink(n)):
        return k + a + sink(b,
                            k)[1]
    lam = lambda q=1: q + k

    class K(object):
        y = sink(k,
                 n)

        def m(self):
            return self.y
    exec 'zz = %d' % n in {}
    print >> sys.stderr, sink(n,
                              k),
    print >> sys.stderr
    return inner(), lam(), inner(1, b=2), K().m()


def gen(n):
    for i in range(n):
        x = yield sink(i,
                       n)
        for y in sub(x, i):
            yield y
    yield n


def sub(*a):
    for x in a:
        yield x


def stdlib():
    data = json.dumps({'a': [1, 2, {'b': None}], 'c': 'x' * 3}, sort_keys=True, indent=2)
    json.loads(data)
    re.compile(r'(a|b)+c{1,3}[^d]').findall('abcabccd')
    P = collections.namedtuple('P', 'x y')
    collections.OrderedDict([(1, P(1, 2))]).items()
    collections.Counter('abracadabra').most_common(2)
    '{0:>4}{1!r}'.format(1, 'x')


def main():
    loops(4)
    withs(2)
    tries(4)
    displays(3)
    closures(2, 3, z=4)
    g = gen(3)
    next(g)
    for _ in range(20):
        try:
            g.send(1)
        except StopIteration:
            break
    stdlib()


sys.settrace(tracer)
try:
    main()
finally:
    sys.settrace(None)
sys.stdout.write(json.dumps(stats) + '\n')
