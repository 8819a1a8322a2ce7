# Holds N (default 1,000,000) small class instances, dumps the heap with heapscope_dump and prints
# one JSON line: objects written, wall and CPU seconds, output bytes, peak RSS (bytes), and, for the
# noise-free figure, the seconds of a bare traversal of the same heap in the same process (the best
# of one before and one after the dump) and the peak memory the dump needed beside the heap.
# Used by the benchmark and by test/bench/fixtures.ts. Usage: python million.py DUMPER_DIR OUT_FILE [N]
import gc
import json
import os
import resource
import sys
import time

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Small(object):
    def __init__(self, i, parent):
        self.i = i
        self.parent = parent


def clock():
    return time.clock() if sys.version_info[0] == 2 else time.process_time()


def traverse():
    """The floor any exact dumper pays: every tracked object's referents, once."""
    was = gc.isenabled()
    gc.disable()
    t = clock()
    get_referents = gc.get_referents
    for o in gc.get_objects():
        get_referents(o)
    t = clock() - t
    if was:
        gc.enable()
    return t


def hwm_reset():
    """Linux: writing 5 to clear_refs resets VmHWM, so the next peak is the dump's alone."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        return True
    except (IOError, OSError):
        return False


def status_kib(field):
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except (IOError, OSError):
        pass
    return None


n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
root = Small(-1, None)
items = [Small(i, root) for i in range(n)]
bare = traverse()
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
reset = hwm_reset()
heap = status_kib('VmRSS')
t0 = time.time()
c0 = clock()
count = heapscope_dump.dump(sys.argv[2])
seconds = time.time() - t0
cpu = clock() - c0
hwm = status_kib('VmHWM') if reset else None
bare = min(bare, traverse())
# ru_maxrss is in KiB on Linux.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({'objects': count, 'seconds': seconds, 'cpuSeconds': cpu, 'bytes': os.path.getsize(sys.argv[2]),
                  'peakRss': peak, 'rssBeforeDump': rss_before * 1024, 'bareSeconds': bare,
                  'dumpPeakExtra': (hwm - heap) * 1024 if hwm is not None and heap is not None else None,
                  'python': '%d.%d.%d' % sys.version_info[:3]}))
