# The running stack's carrier list against a collection in another thread (#12 item 6): on
# 3.11 - 3.13 the dumper points a private list at a running frame's slots with writes to
# /proc/self/mem, each of which lets other threads run. DUMPER_DIR OUT MODE [DUMPS]:
#   "split":   every write the dumper makes is applied one 8-byte word at a time, in address order
#              (as the kernel's copy does), with a gc.collect() after each word: a collection at
#              every point another thread could run. A write that leaves the list with a size but
#              no items is a NULL dereference in list_traverse there.
#   "threads": a thread loops gc.collect() while the main thread points the carrier at the worker's
#              frame 20 * DUMPS times (each time four writes, each letting the collector run), then
#              dumps DUMPS times while the collector collects every millisecond (looping without a
#              pause, it would take the GIL at each of the dump's thousands of reads).
# A worker thread blocked in serve() holds untracked objects in its locals and one on its value
# stack; each dump must still find them. Prints JSON: dumps made, collections, what was found.
import gc
import json
import os
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

out, mode = sys.argv[2], sys.argv[3]
dumps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
ready, done, stop = threading.Event(), threading.Event(), threading.Event()
ids = {}
counts = {'collections': 0, 'words': 0, 'rounds': 0, 'complete': 0}
pause = [0]


def hold(*args):
    return args


def block():
    ready.set()
    done.wait(120)


def pending():
    s = ('race-pending-' + str(len(ids))).upper()
    ids['pending'] = id(s)
    return s


def serve(n):
    tup = tuple([n, n + 1, 'race-t'])
    s = 'race-s' + str(n)
    big = 10 ** 40 + n
    raw = ('race-b' + str(n)).encode('ascii')
    gc.collect()  # untracks the tuple
    ids.update(tup=id(tup), s=id(s), big=id(big), raw=id(raw), tracked=gc.is_tracked(tup))
    return hold(pending(), block())  # while block() runs, pending's str is on the value stack only


class _SplitWrites(object):
    """os as the dumper sees it, but pwrite lands one word at a time with a collection after each."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def pwrite(fd, data, offset):
        for i in range(0, len(data), 8):
            os.pwrite(fd, data[i:i + 8], offset + i)
            counts['words'] += 1
            gc.collect()
            counts['collections'] += 1
        return len(data)


def collector():
    while not stop.is_set():
        gc.collect()
        counts['collections'] += 1
        if pause[0]:
            time.sleep(pause[0])


def carrier_rounds(n):
    """The carrier pointed at serve()'s locals and value stack n times; each time it must give back
    serve()'s untracked locals and the value on its stack."""
    f = sys._current_frames()[worker.ident]
    callee = None
    while f.f_code.co_name != 'serve':
        callee, f = f, f.f_back
    fp, names, depth = heapscope_dump._frame_slots(f)
    fd = os.open('/proc/self/mem', os.O_RDWR)
    try:
        for _ in range(n):
            got = set(id(o) for o in heapscope_dump._frame_slots_objects(fd, f, fp, depth, callee))
            counts['rounds'] += 1
            if all(ids[k] in got for k in ('tup', 's', 'big', 'raw', 'pending')):
                counts['complete'] += 1
            got = None
    finally:
        os.close(fd)


worker = threading.Thread(target=serve, args=(5,), name='Worker-1')
worker.daemon = True
worker.start()
ready.wait()
if mode == 'split':
    heapscope_dump.os = _SplitWrites()
    heapscope_dump.dump(out)
    heapscope_dump.os = os
else:
    c = threading.Thread(target=collector, name='Collector')
    c.daemon = True
    c.start()
    carrier_rounds(20 * dumps)
    pause[0] = 0.001
    for _ in range(dumps):
        heapscope_dump.dump(out)
    stop.set()
    c.join()
done.set()
found = {}
want = dict((ids[k], k) for k in ('tup', 's', 'big', 'raw', 'pending'))
with open(out) as fh:
    for line in fh:
        r = json.loads(line)
        if r.get('k') == 'name' and r['a'] in want and 'serve' in r['holder']:
            found[want[r['a']]] = r['name']
        elif r.get('k') is None and r.get('a') in want:
            found.setdefault(want[r['a']] + ':object', r['t'])
sys.stdout.write(json.dumps(dict(dumps=dumps, found=found, tracked=ids['tracked'], **counts)) + '\n')
