# The running stack: a worker thread blocked in a function whose locals hold objects nothing else
# holds, and the main thread dumping from inside handle(). DUMPER_DIR OUT
import json
import sys
import threading
import time
sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402


class Job(object):
    pass


ready = threading.Event()
ids = {}


def worker():
    job = Job()
    ids['job'] = id(job)
    ready.set()
    time.sleep(5)


def handle():
    req = Job()
    ids['req'] = id(req)
    ids['line'] = sys._getframe().f_lineno + 1
    heapscope_dump.dump(sys.argv[2])
    return req


t = threading.Thread(target=worker, name='Worker-1')
t.daemon = True
t.start()
ready.wait()
handle()
sys.stdout.write(json.dumps(ids) + '\n')
