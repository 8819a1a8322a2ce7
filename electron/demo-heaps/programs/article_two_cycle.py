# The seed article's second leak (test_code_2 and test_code_3): two instances with __del__ that
# refer to each other. CPython 2.7 prints "Unreachable Object num:4" and "Garbage Object num:2".
# With --dump FILE the heap is captured right before gc.collect() (gc disabled until then).
from __future__ import print_function

import gc
import sys

import _harness


class CGcLeakA(object):
    def __init__(self):
        self._text = '#' * 10

    def __del__(self):
        pass


class CGcLeakB(object):
    def __init__(self):
        self._text = '*' * 10

    def __del__(self):
        pass


def make_circle_ref():
    _a = CGcLeakA()
    _b = CGcLeakB()
    _a._b = _b  # test_code_2
    _b._a = _a  # test_code_3
    print('ref count0:a=%d b=%d' % (sys.getrefcount(_a), sys.getrefcount(_b)))
    # _b._a = None    # test_code_4
    del _a
    del _b
    try:
        print('ref count1:a=%d' % sys.getrefcount(_a))  # noqa: F821
    except UnboundLocalError:
        print('_a is invalid!')
    try:
        print('ref count2:b=%d' % sys.getrefcount(_b))  # noqa: F821
    except UnboundLocalError:
        print('_b is invalid!')


def test_gcleak(opts):
    gc.disable()
    flags = 0
    for name in ('DEBUG_COLLECTABLE', 'DEBUG_UNCOLLECTABLE', 'DEBUG_INSTANCES', 'DEBUG_OBJECTS'):
        flags |= getattr(gc, name, 0)
    gc.set_debug(flags)
    print('begin leak test...')
    make_circle_ref()
    _harness.dump_if_asked(opts)
    print('begin collect...')
    gc.enable()
    _unreachable = gc.collect()
    print('unreachable object num:%d' % _unreachable)
    print('garbage object num:%d' % len(gc.garbage))
    _harness.record(opts, _unreachable, len(gc.garbage))


if __name__ == '__main__':
    test_gcleak(_harness.options(sys.argv))
