# No leak: the same libraries as the leaking programs (logging, functools, threading), used in a way
# that keeps nothing: the handler formats and drops records, the cache is on a plain function with
# small keys, threads are joined and dropped, results are summed. Runs on 2.7 and 3.x.
import functools
import logging
import threading

try:
    cached = functools.lru_cache(maxsize=16)
except AttributeError:  # 2.7
    def cached(f):
        return f


class CountingHandler(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.count = 0

    def emit(self, record):
        self.format(record)
        self.count += 1


log = logging.getLogger('quiet')
log.addHandler(CountingHandler())
log.propagate = False


@cached
def square(n):
    return n * n


def work(i):
    data = bytearray(16 * 1024)
    try:
        raise ValueError(i)
    except ValueError:
        log.error('failed %d', i, exc_info=True)
    return len(data) + square(i % 8)


total = 0
for i in range(40):
    t = threading.Thread(target=work, args=(i,))
    t.start()
    t.join()
    total += work(i)
