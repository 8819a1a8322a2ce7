# The seed article's first leak (test_code_1): an instance with __del__ that refers to itself.
# CPython 2.7 prints "Unreachable Object num:2" and "Garbage Object num:1" (the instance and its
# __dict__ are unreachable; only the instance, which has __del__, goes to gc.garbage).
# With --dump FILE the heap is captured right before gc.collect(), the garbage still in place:
# gc stays disabled until then so no automatic collection can run early.
from __future__ import print_function

import gc
import sys

import _harness


class CGcLeak(object):
    def __init__(self):
        self._text = '#' * 10

    def __del__(self):
        pass


def make_circle_ref():
    _gcleak = CGcLeak()
    _gcleak._self = _gcleak  # test_code_1
    print('_gcleak ref count0:%d' % sys.getrefcount(_gcleak))
    del _gcleak
    try:
        print('_gcleak ref count1:%d' % sys.getrefcount(_gcleak))  # noqa: F821
    except UnboundLocalError:
        print('_gcleak is invalid!')


def test_gcleak(opts):
    gc.disable()
    flags = 0
    for name in ('DEBUG_COLLECTABLE', 'DEBUG_UNCOLLECTABLE', 'DEBUG_INSTANCES', 'DEBUG_OBJECTS'):
        flags |= getattr(gc, name, 0)  # the last two exist on 2.7 only
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
