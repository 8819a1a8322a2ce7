# Holds N (default 1,000,000) small class instances, dumps the heap with heapscope_dump and prints
# one JSON line: objects written, wall and CPU seconds, output bytes, peak RSS (bytes). Used by the benchmark
# and by test/bench/fixtures.ts. Usage: python million.py DUMPER_DIR OUT_FILE [N]
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


n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
root = Small(-1, None)
items = [Small(i, root) for i in range(n)]
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.time()
c0 = time.clock() if sys.version_info[0] == 2 else time.process_time()
count = heapscope_dump.dump(sys.argv[2])
seconds = time.time() - t0
cpu = (time.clock() if sys.version_info[0] == 2 else time.process_time()) - c0
# ru_maxrss is in KiB on Linux.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({'objects': count, 'seconds': seconds, 'cpuSeconds': cpu, 'bytes': os.path.getsize(sys.argv[2]),
                  'peakRss': peak, 'rssBeforeDump': rss_before * 1024,
                  'python': '%d.%d.%d' % sys.version_info[:3]}))
