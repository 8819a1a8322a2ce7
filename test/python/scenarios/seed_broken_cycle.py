# The seed article's second example with test_code_4 (`_b._a = None`): no cycle is left, so the
# dump is taken after the cycle is broken and everything dies by reference counting.
from __future__ import print_function
import sys


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


def run(checkpoint):
    _a = CGcLeakA()
    _b = CGcLeakB()
    _a._b = _b  # test_code_2
    _b._a = _a  # test_code_3
    print('ref count0:a=%d b=%d' % (sys.getrefcount(_a), sys.getrefcount(_b)))
    _b._a = None  # test_code_4
    checkpoint(id(_a), id(_b))
    del _a
    del _b
