# The pause a program sees while its heap is dumped: holds N (default 1,000,000) small class
# instances, runs a heartbeat thread that notes the time every millisecond, dumps with MODE
# ("fork" or "in-process") and prints one JSON line: the longest gap between two heartbeats
# while dump() ran, dump()'s own duration, and for fork the time until the file was complete.
# Usage: python pause.py DUMPER_DIR OUT_FILE MODE [N]
import json
import os
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Small(object):
    def __init__(self, i, parent):
        self.i = i
        self.parent = parent


n = int(sys.argv[4]) if len(sys.argv) > 4 else 1000000
root = Small(-1, None)
items = [Small(i, root) for i in range(n)]
beats = []
running = [True]


def heartbeat():
    while running[0]:
        beats.append(time.time())
        time.sleep(0.001)


t = threading.Thread(target=heartbeat)
t.daemon = True
t.start()
time.sleep(0.05)
t0 = time.time()
heapscope_dump.dump(sys.argv[2], fork=sys.argv[3] == 'fork')
t1 = time.time()
time.sleep(0.05)
running[0] = False
t.join()
window = [b for b in beats if t0 - 0.01 <= b <= t1 + 0.05]
gap = max(window[i + 1] - window[i] for i in range(len(window) - 1)) if len(window) > 1 else t1 - t0
done = t1
if sys.argv[3] == 'fork':
    end = b'"k":"end"'
    while True:  # the grandchild writes the trailer last
        try:
            with open(sys.argv[2], 'rb') as fh:
                fh.seek(-200, 2)
                if end in fh.read():
                    break
        except (IOError, OSError):
            pass
        time.sleep(0.05)
    done = time.time()
print(json.dumps({'mode': sys.argv[3], 'longestGap': gap, 'dumpCall': t1 - t0, 'complete': done - t0,
                  'python': '%d.%d.%d' % sys.version_info[:3]}))
