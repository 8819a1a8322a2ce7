# Two dumps of one process holding ~1M small instances (~2M objects with their ints), for the
# compare benchmark: between the dumps 10,000 instances are freed and 20,000 added (some at the
# freed addresses). Prints one JSON line: the files, the dump seconds of each, the Python version.
# Usage: python million_series.py DUMPER_DIR OUT_PREFIX [N]
import json
import sys
import time

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Small(object):
    def __init__(self, i, parent):
        self.i = i
        self.parent = parent


n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
prefix = sys.argv[2]
root = Small(-1, None)
items = [Small(i, root) for i in range(n)]
files, seconds = [prefix + '-0.jsonl', prefix + '-1.jsonl'], []
t0 = time.time()
heapscope_dump.dump(files[0])
seconds.append(time.time() - t0)
del items[:10000]
items.extend(Small(n + i, root) for i in range(20000))
t0 = time.time()
heapscope_dump.dump(files[1])
seconds.append(time.time() - t0)
print(json.dumps({'files': files, 'seconds': seconds, 'python': '%d.%d.%d' % sys.version_info[:3]}))
