# functools.lru_cache on a method: every cache key holds `self`, so each Service (and its 32 KiB
# buffer) stays alive after the program dropped it. 30 services. CPython 3.2+ (lru_cache).
import functools

SERVICES = 30


class Service(object):
    def __init__(self, name):
        self.name = name
        self.buf = bytearray(32 * 1024)

    @functools.lru_cache(maxsize=256)
    def lookup(self, key):
        return len(self.name) + key


def serve(i):
    svc = Service('svc-%d' % i)
    return svc.lookup(i)


total = 0
for i in range(SERVICES):
    total += serve(i)
