# Runs heapscope's proof scenarios under one real CPython (2.7, 3.6+) and records what really
# happens, so scenarioRunner.ts can hold the simulation's prediction against it.
#
#   python harness.py --dumper DIR --out OUTDIR [--modes normal,saveall] SCENARIO.py...
#
# For each scenario and mode the harness forks a child that:
#   1. runs gc.collect() (a clean heap), then gc.disable();
#   2. executes the scenario as module `__main__` in a fresh dict G. Module-level code builds
#      objects under names in G; an optional `run(checkpoint)` builds function locals and calls
#      `checkpoint(id(x), ...)` (at most 4) to name the locals that die when `run` returns;
#   3. at the checkpoint (or right after the module code), dumps the heap with the real dumper
#      and takes a census of tracked objects (id -> type name);
#   4. really releases: `run` returns, then `del G[name]` for each name in RELEASE, in order;
#   5. takes a census (what died by reference counting), sets the gc debug flags and calls
#      gc.collect(), records its return value, gc.garbage and a last census (what the collector
#      freed). gc's own debug lines go to OUTDIR/NAME.MODE.stderr.
# Results go to OUTDIR/NAME.MODE.json. The bookkeeping holds only ints and strs between the dump
# and the collection (no object references, no cycles), and clears every list it fills with
# objects before returning.
import gc
import json
import os
import sys

STATE = {}


def parse_args(argv):
    opts = {'modes': 'normal,saveall', 'scenarios': []}
    i = 0
    while i < len(argv):
        if argv[i] in ('--dumper', '--out', '--modes'):
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            opts['scenarios'].append(argv[i])
            i += 1
    return opts


def census():
    """id -> type name of every tracked object, minus this frame's own list."""
    objs = gc.get_objects()
    out = {}
    for o in objs:
        out[id(o)] = type(o).__name__
    o = None
    out.pop(id(objs), None)
    del objs[:]
    return out


def alive_of(pre):
    """The ids of `pre` that are still the same live objects: tracked now, or untracked (tuples and
    dicts the collector untracked) but reachable from a tracked object through untracked ones."""
    objs = gc.get_objects()
    me = id(sys._getframe())
    alive = {}
    stack = []
    for o in objs:
        i = id(o)
        if i in pre and i != me and pre[i] == type(o).__name__:
            alive[i] = 1
    for o in objs:
        stack.append(o)
        while stack:
            x = stack.pop()
            for r in gc.get_referents(x):
                i = id(r)
                if i in pre and i not in alive and not gc.is_tracked(r) and pre[i] == type(r).__name__:
                    alive[i] = 1
                    stack.append(r)
            x = None
            r = None
    o = None
    alive.pop(id(objs), None)
    del objs[:]
    return alive


def frames_above(depth):
    """ids of the frames between the checkpoint and the harness (they die before the collection).
    Only on <= 3.10, where frames are objects anyway: asking on 3.11+ would create them."""
    if sys.version_info >= (3, 11):
        return []
    ids = []
    f = sys._getframe(depth)
    while f is not None and f.f_code is not run_scenario.__code__:
        ids.append(id(f))
        f = f.f_back
    f = None
    return ids


def checkpoint(a=None, b=None, c=None, d=None):
    """Dump now. a..d: ids of function locals that die when `run` returns (plain parameters, not
    *args: on 3.11+ an argument tuple would be a tracked object that dies with the call)."""
    if 'pre' in STATE:
        return
    STATE['locals'] = [i for i in (a, b, c, d) if i is not None]
    STATE['frames'] = frames_above(1)
    STATE['dumper'].dump(STATE['dump_path'])
    STATE['pre'] = census()


def gc_flags(saveall):
    flags = gc.DEBUG_COLLECTABLE | gc.DEBUG_UNCOLLECTABLE
    if sys.version_info[0] == 2:
        flags |= gc.DEBUG_INSTANCES | gc.DEBUG_OBJECTS
    if saveall:
        flags |= gc.DEBUG_SAVEALL
    return flags


def run_scenario(path, mode, out_dir):
    name = os.path.splitext(os.path.basename(path))[0]
    base = os.path.join(out_dir, name + '.' + mode)
    STATE['dump_path'] = base + '.jsonl'
    with open(path) as fh:
        source = fh.read()
    code = compile(source, path, 'exec', 0, True)
    G = {'__name__': '__main__', '__file__': path}
    gc.collect()
    gc.disable()
    exec(code, G)
    modes = G.get('MODES', ('normal', 'saveall'))
    if mode not in modes:
        return None
    run = G.get('run')
    if run is not None:
        run(checkpoint)
    else:
        checkpoint()
    run = None
    release = list(G.get('RELEASE', []))
    targets = [id(G[n]) for n in release]
    effects = [[id(G[n]), e] for n, e in sorted(G.get('EFFECTS', {}).items())]
    for n in release:
        del G[n]
    pre = STATE['pre']
    after_release = alive_of(pre)
    gc.set_debug(gc_flags(mode == 'saveall'))
    collected = gc.collect()
    gc.set_debug(0)
    garbage = [id(x) for x in gc.garbage]
    after_collect = alive_of(pre)
    callbacks = G.get('CALLBACK_LOG')
    return {
        'scenario': name,
        'mode': mode,
        'python': '%d.%d.%d' % sys.version_info[:3],
        'dump': STATE['dump_path'],
        'namespace': id(G),
        'release': targets,
        'releaseNames': release,
        'locals': STATE['locals'],
        'frames': STATE['frames'],
        'effects': effects,
        'collect': collected,
        'garbage': garbage,
        'freedByRefcount': sorted(i for i in pre if i not in after_release),
        'freedByCollector': sorted(i for i in after_release if i not in after_collect),
        'callbacks': None if callbacks is None else list(callbacks),
    }


def child(path, mode, out_dir, dumper):
    name = os.path.splitext(os.path.basename(path))[0]
    base = os.path.join(out_dir, name + '.' + mode)
    err = os.open(base + '.stderr', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 420)
    os.dup2(err, 2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    STATE['dumper'] = dumper
    status = 0
    try:
        result = run_scenario(path, mode, out_dir)
        sys.stderr.flush()
        if result is not None:
            with open(base + '.json', 'w') as fh:
                fh.write(json.dumps(result))
    except BaseException:
        import traceback
        traceback.print_exc()
        status = 1
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(status)


def main(argv):
    opts = parse_args(argv)
    sys.path.insert(0, opts['dumper'])
    import heapscope_dump
    warm = os.path.join(opts['out'], '_warmup.jsonl')
    heapscope_dump.dump(warm)
    os.remove(warm)
    failed = 0
    for path in opts['scenarios']:
        for mode in opts['modes'].split(','):
            pid = os.fork()
            if pid == 0:
                child(path, mode, opts['out'], heapscope_dump)
            _, status = os.waitpid(pid, 0)
            if status != 0:
                failed += 1
                sys.stdout.write('FAILED %s %s\n' % (path, mode))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
