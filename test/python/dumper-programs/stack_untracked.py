# The running stack's untracked objects (#12 item 6): a worker thread blocked in serve() and the
# main thread in handle() hold, in locals only, objects gc does not track (a tuple and a dict of
# atoms, a str, an int, bytes, a float), and on the value stack only a `for` loop's iterator and an
# argument of the call being made (in the main thread: below the operands of its dump() call). Prints
# their addresses (JSON) once they exist. DUMPER_DIR OUT MODE: MODE "inprocess" or "fork" dumps
# from handle(); "run" (under `heapscope_dump.py run`) returns and lets the dumper write at exit.
import gc
import json
import sys
import threading
import time

mode = sys.argv[3] if len(sys.argv) > 3 else 'run'
if mode != 'run':
    sys.path.insert(0, sys.argv[1])
    import heapscope_dump  # noqa: E402
ready = threading.Event()
done = threading.Event()
ids = {}


def atoms(tag, n):
    """Fresh untracked objects (nothing else refers to them) tagged so tests can tell them apart."""
    t = tuple([n, n + 1, tag + '-t'])
    d = {tag + '-k': n}
    gc.collect()  # untracks the tuple (and the dict on versions that track it at creation)
    return t, d, tag + '-s' + str(n), 10 ** 30 + n, (tag + '-b').encode('ascii'), n + 0.5


def pending(who, n):
    """A fresh str only the caller's value stack will hold (an argument of the call it makes)."""
    s = (who + '-pending-' + str(n)).upper()
    ids[who]['pending'] = id(s)
    return s


def items(who, n):
    """A fresh iterator only the caller's `for` loop will hold (on its value stack)."""
    it = iter((n, who + '-item'))
    ids[who]['iter'] = id(it)
    return it


def hold(*args):
    return args


def block():
    ready.set()
    done.wait(30)


class Waiter(object):
    def block(self):
        block()


def serve(n):
    tup, dct, s, big, raw, fl = atoms('worker', n)
    ids['worker'] = dict(tup=id(tup), dct=id(dct), s=id(s), big=id(big), raw=id(raw), fl=id(fl),
                         tracked=[gc.is_tracked(tup), gc.is_tracked(dct)])
    waiter = Waiter()
    ids['worker']['waiter'] = id(waiter)
    # A bound method called from a local: on 3.8 - 3.10 it lends its self the callable's slot (no
    # reference of the stack's); 3.6/3.7 and 3.11+ put self there with a reference of its own.
    wait = waiter.block
    for _item in items('worker', n):  # the loop's iterator is on the value stack only
        ids['worker']['line'] = sys._getframe().f_lineno + 1
        return hold(pending('worker', n), wait())  # while wait() runs, so is pending's str


def handle(n):
    tup, dct, s, big, raw, fl = atoms('main', n)
    ids['main'] = dict(tup=id(tup), dct=id(dct), s=id(s), big=id(big), raw=id(raw), fl=id(fl),
                       tracked=[gc.is_tracked(tup), gc.is_tracked(dct)])
    ready.wait()
    if mode == 'run':
        return
    for _item in items('main', n):
        ids['main']['line'] = sys._getframe().f_lineno + 1
        hold(pending('main', n), heapscope_dump.dump(sys.argv[2], fork=mode == 'fork', wait=True))
    done.set()
    return tup, dct, s, big, raw, fl


t = threading.Thread(target=serve, args=(7,), name='Worker-1')
t.daemon = True
t.start()
handle(3)
sys.stdout.write(json.dumps(ids) + '\n')
sys.stdout.flush()
