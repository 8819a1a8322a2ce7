# A running function's untracked locals, without threads (#12 item 6; Pyodide has none): handle()
# holds in locals only objects gc does not track (a tuple of atoms, a str, an int, bytes) and keeps
# a str on its value stack while the call that dumps runs. DUMPER_DIR OUT. Prints their addresses
# (JSON) after the dump.
import gc
import json
import sys

sys.path.insert(0, sys.argv[1])
import heapscope_dump  # noqa: E402

ids = {}


def hold(*args):
    return args


def pending(n):
    s = ('main-pending-' + str(n)).upper()
    ids['pending'] = id(s)
    return s


def dump_now():
    heapscope_dump.dump(sys.argv[2])


def handle(n):
    tup = tuple([n, n + 1, 'main-t'])
    s = 'main-s' + str(n)
    big = 10 ** 30 + n
    raw = ('main-b' + str(n)).encode('ascii')
    gc.collect()  # untracks the tuple
    ids.update(tup=id(tup), s=id(s), big=id(big), raw=id(raw), tracked=gc.is_tracked(tup))
    ids['line'] = sys._getframe().f_lineno + 1
    return hold(pending(n), dump_now())  # while dump_now() runs, pending's str is on the value stack only


handle(3)
sys.stdout.write(json.dumps(ids) + '\n')
sys.stdout.flush()
