# The small job server of issue 13, two leaks at once: a logging.Handler subclass keeps every
# error record (each traceback keeps handle_job's frame and its 64 KiB payload), and an lru_cache on
# a method keeps every Service (and its 16 KiB buffer) alive through `self` in its keys.
# CPython 3.2+ (lru_cache).
import functools
import logging


class Payload(object):
    def __init__(self, n):
        self.data = bytearray(64 * 1024)
        self.n = n


class RecentErrorsHandler(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.records = []

    def emit(self, record):
        self.records.append(record)


class Service(object):
    def __init__(self, name):
        self.name = name
        self.buf = bytearray(16 * 1024)

    @functools.lru_cache(maxsize=128)
    def price(self, job):
        return len(self.name) * job


recent = RecentErrorsHandler()
log = logging.getLogger('jobs')
log.addHandler(recent)
log.propagate = False


def handle_job(i):
    payload = Payload(i)
    svc = Service('svc-%d' % i)
    try:
        if i % 4 == 0:
            raise ValueError('job %d failed' % i)
        return svc.price(i) + payload.n
    except ValueError:
        log.error('job %d failed', i, exc_info=True)


for i in range(44):
    handle_job(i)
