# functools.lru_cache(maxsize=None) on a method (what functools.cache is, 3.9+): an unbounded cache
# keeps its keys in a plain dict one level below the wrapper, and every key holds `self`, so each
# Report (and its 32 KiB buffer) stays alive after the program dropped it. 30 reports.
import functools


class Report(object):
    def __init__(self, name):
        self.name = name
        self.buf = bytearray(32 * 1024)

    @functools.lru_cache(maxsize=None)
    def render(self, page):
        return '%s:%d' % (self.name, page)


def build(i):
    return Report('report-%d' % i).render(i)


pages = [build(i) for i in range(30)]
