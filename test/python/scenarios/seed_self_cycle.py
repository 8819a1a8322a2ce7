# The seed article's first example with test_code_1: a CGcLeak referencing itself via a local.
from __future__ import print_function
import sys


class CGcLeak(object):
    def __init__(self):
        self._text = '#' * 10

    def __del__(self):
        pass


def run(checkpoint):
    _gcleak = CGcLeak()
    _gcleak._self = _gcleak  # test_code_1
    print('_gcleak ref count0:%d' % sys.getrefcount(_gcleak))
    checkpoint(id(_gcleak))
    del _gcleak
