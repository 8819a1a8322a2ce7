# Shared by the demo programs: parse `--dump FILE` / `--result FILE`, load heapscope_dump by file
# path only when a dump is wanted, and record what gc.collect() really observed.
from __future__ import print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DUMPER_DIR = os.path.join(HERE, '..', '..', 'engine', 'formats', 'heapscope')


def options(argv):
    """Parse the options; when a dump is wanted, import the dumper now and collect the cyclic
    garbage its import leaves, so that the program's own gc.collect() counts only its garbage."""
    opts = {'dump': None, 'result': None, 'dumper': None}
    i = 1
    while i < len(argv):
        if argv[i] in ('--dump', '--result') and i + 1 < len(argv):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            i += 1
    if opts['dump']:
        import gc
        sys.path.insert(0, DUMPER_DIR)
        import heapscope_dump
        sys.path.pop(0)
        opts['dumper'] = heapscope_dump
        gc.collect()
    return opts


def dump_if_asked(opts):
    """Dump the heap now (gc is disabled by the caller, so nothing has been collected yet)."""
    if opts['dump']:
        opts['dumper'].dump(opts['dump'], compresslevel=9)


def record(opts, unreachable, garbage):
    if opts['result']:
        with open(opts['result'], 'w') as f:
            json.dump({'collected': unreachable, 'garbage': garbage,
                       'python': '%d.%d.%d' % sys.version_info[:3]}, f)
