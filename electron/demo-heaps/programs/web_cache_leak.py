# A small "web service" that leaks the way real ones do. It serves a few thousand fake requests
# through a response cache, and:
#   - every cache entry registers a bound method of itself as an eviction callback (entry ->
#     callbacks list -> bound method -> entry): evicted entries become cyclic garbage;
#   - every request keeps closures over itself in its handler chain (request -> handlers ->
#     function -> cell -> request);
#   - connections have __del__ and sit in cycles with their pool slot (collectable on 3.4+,
#     uncollectable on 2.7);
#   - failed requests are kept with sys.exc_info(), so their tracebacks keep whole frames alive;
#   - a weak-valued session table with callbacks points into all of that.
# With --dump FILE the heap is captured just before the final gc.collect() (gc disabled from the
# start so the garbage is all there); --result FILE records what gc.collect() really returned.
from __future__ import print_function

import gc
import sys
import weakref

import _harness

opts = _harness.options(sys.argv)
gc.disable()

N_REQUESTS = 6000
CACHE_SIZE = 1500


class Headers(object):
    __slots__ = ('items', 'raw')

    def __init__(self, items):
        self.items = items
        self.raw = '\r\n'.join('%s: %s' % kv for kv in items)


class Request(object):
    def __init__(self, rid, path, user):
        self.rid = rid
        self.path = path
        self.user = user
        self.headers = Headers([('Host', 'example.org'), ('X-Request-Id', str(rid)), ('User', user)])
        self.handlers = []
        self.body = ('payload-%d ' % rid) * 4

    def on_done(self, response):
        self.response = response


class Response(object):
    def __init__(self, request, status, chunks):
        self.request = request
        self.status = status
        self.chunks = chunks


class Connection(object):
    """Pooled connection with a finalizer: a cycle through its slot makes it a legacy leak on 2.7."""

    def __init__(self, pool, n):
        self.pool = pool
        self.n = n
        self.slot = {'owner': self, 'busy': False}

    def __del__(self):
        pass


class CacheEntry(object):
    def __init__(self, cache, key, response):
        self.cache = cache
        self.key = key
        self.response = response
        self.callbacks = [self.evicted]

    def evicted(self):
        return self.key


class Cache(object):
    def __init__(self, size):
        self.size = size
        self.entries = {}
        self.order = []

    def put(self, key, response):
        self.entries[key] = CacheEntry(self, key, response)
        self.order.append(key)
        if len(self.order) > self.size:
            old = self.order.pop(0)
            entry = self.entries.pop(old)
            for cb in entry.callbacks:
                cb()
            entry.cache = None  # detached, but still its own cycle: garbage for the collector


class Session(object):
    def __init__(self, user):
        self.user = user
        self.requests = []


def make_handler(request, stage):
    def handler(response):
        return (stage, request.rid, response.status)
    return handler


def render(request):
    if request.rid % 97 == 0:
        buffer = [request.body] * 50  # kept alive by the traceback's frame
        raise ValueError('upstream timeout for %s (%d bytes buffered)' % (request.path, len(buffer)))
    return ['<p>%s</p>' % request.path, '<p>%d</p>' % request.rid]


cache = Cache(CACHE_SIZE)
pool = [Connection(None, n) for n in range(200)]
sessions = weakref.WeakValueDictionary()
live_sessions = []
failures = []
session_finalizers = []


def serve(i):
    user = 'user%d' % (i % 300)
    session = sessions.get(user)
    if session is None:
        session = Session(user)
        sessions[user] = session
        if i % 3 == 0:
            live_sessions.append(session)  # the others die by refcount, their weak entries removed
        session_finalizers.append(weakref.ref(session, lambda ref, user=user: None))
    request = Request(i, '/item/%d' % (i % 1000), user)
    for stage in ('auth', 'render', 'log'):
        request.handlers.append(make_handler(request, stage))
    try:
        chunks = render(request)
    except ValueError:
        failures.append(sys.exc_info())
        return
    response = Response(request, 200, chunks)
    request.on_done(response)
    session.requests.append(request.rid)
    cache.put(request.path + '?%d' % i, response)
    if i % 10 == 0:
        conn = pool[i % len(pool)]
        pool[i % len(pool)] = Connection(None, i)  # the old one is dropped while in a cycle
        conn.slot['busy'] = True


def main():
    for i in range(N_REQUESTS):
        serve(i)
    print('served %d requests, %d cached, %d failures kept' % (N_REQUESTS, len(cache.entries), len(failures)))
    _harness.dump_if_asked(opts)
    gc.enable()
    collected = gc.collect()
    print('gc.collect() -> %d, len(gc.garbage) = %d' % (collected, len(gc.garbage)))
    _harness.record(opts, collected, len(gc.garbage))


if __name__ == '__main__':
    main()
