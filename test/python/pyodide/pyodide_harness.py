# harness.py for CPython in Pyodide (WebAssembly: no fork, no subprocess, one process).
#
# harness.py forks a child per scenario and one per further mode, so every scenario starts on the
# same clean heap and both modes work on the very heap that was dumped. Here there is no fork:
# each scenario runs once per mode in this one interpreter, dumping its own heap each time (the
# two modes of a scenario therefore have two dumps), and leaves nothing behind for the next:
#   - before: harness.STATE is reset, gc.garbage emptied and gc.collect() run (inside
#     run_scenario), so garbage a previous scenario kept (DEBUG_SAVEALL, legacy finalizers) is
#     freed before the new one builds anything;
#   - gc's debug lines: CPython prints them through sys.stderr (PySys_FormatStderr), so the
#     harness's fd-level redirect becomes a swap of sys.stderr to a file opened before the dump
#     (an object made after the dump could take a freed object's address);
#   - after: sys.stderr is restored, the scenario's namespace is gone with run_scenario's frame.
# run_one() is called from Node once per scenario and mode (test/python/pyodide/pyodideHarness.ts),
# so Node's event loop runs between them.
import gc
import json
import os
import sys

import harness
import heapscope_dump

_ORIGINAL_STDERR = sys.stderr
_PENDING = {}


def _redirect(mode):
    sys.stderr = _PENDING['err']


def warm_up(out_dir):
    """The first dump readies lazily built objects for good: do it before any scenario."""
    path = os.path.join(out_dir, '_warmup.jsonl')
    heapscope_dump.dump(path)
    os.remove(path)


def run_one(path, out_dir, mode):
    """One scenario in one mode; returns '' or the traceback text of a failure."""
    harness.redirect_stderr = _redirect
    harness.STATE.clear()
    harness.STATE['dumper'] = heapscope_dump
    del gc.garbage[:]
    name = os.path.splitext(os.path.basename(path))[0]
    base = os.path.join(out_dir, name)
    _PENDING['err'] = open(base + '.' + mode + '.stderr', 'w')
    failure = ''
    try:
        result = _run(path, out_dir, mode, base)
        with open(base + '.' + mode + '.json', 'w') as fh:
            fh.write(json.dumps(result))
    except BaseException:
        import traceback
        failure = traceback.format_exc()
    finally:
        sys.stderr = _ORIGINAL_STDERR
        _PENDING.pop('err').close()
        harness.STATE.clear()
        del gc.garbage[:]
    return failure


def _run(path, out_dir, mode, base):
    """harness.run_scenario with one mode; its dump (NAME.jsonl) is renamed NAME.MODE.jsonl."""
    _, result = harness.run_scenario(path, out_dir, [mode])
    dump_path = base + '.' + mode + '.jsonl'
    os.rename(result['dump'], dump_path)
    result['dump'] = dump_path
    return result
