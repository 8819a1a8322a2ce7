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
if sys.version_info < (3, 11):
    # Wait until the worker sleeps rather than still finishing ready.set(): a 2.7 thread switch
    # can land there, and the dump rightly shows it inside threading. Before 3.11 a running frame
    # is an object already, so looking creates nothing (3.11+ would make one: see dumperClean).
    while sys._current_frames()[t.ident].f_code.co_name != 'worker':
        time.sleep(0.001)
handle()
sys.stdout.write(json.dumps(ids) + '\n')
