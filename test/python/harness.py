# Runs heapscope's proof scenarios under one real CPython (2.7, 3.6+) and records what really
# happens, so scenarioRunner.ts can hold the simulation's prediction against it.
#
#   python harness.py --dumper DIR --out OUTDIR [--modes normal,saveall] SCENARIO.py...
#
# For each scenario the harness forks a child that:
#   1. runs gc.collect() (a clean heap), then gc.disable();
#   2. executes the scenario as module `__main__` in a fresh dict G. Module-level code builds
#      objects under names in G; an optional `run(checkpoint)` builds function locals and calls
#      `checkpoint(id(x), ...)` (at most 4) to name the locals that die when `run` returns;
#   3. at the checkpoint (or right after the module code), dumps the heap with the real dumper
#      and takes a census of tracked objects (id -> type name);
#   4. forks once per further mode (normal, saveall), so each mode works on the dumped heap, and
#      really releases: `run` returns, then `del G[name]` for each name in RELEASE, in order;
#   5. takes a census (what died by reference counting), sets the gc debug flags and calls
#      gc.collect(), records its return value, gc.garbage and a last census (what the collector
#      freed). gc's own debug lines go to OUTDIR/NAME.MODE.stderr.
# The dump is OUTDIR/NAME.jsonl; results go to OUTDIR/NAME.MODE.json. The bookkeeping holds
# only ints and strs between the dump and the collection (no object references, no cycles), and
# clears every list it fills with objects before returning. Run it with -S (no site): a smaller
# heap dumps faster.
import ctypes
import gc
import json
import os
import sys

STATE = {}
CodeType = type(compile('0', '<harness>', 'eval'))
HEAPTYPE = 1 << 9
WORD = ctypes.sizeof(ctypes.c_void_p)


def parse_args(argv):
    opts = {'modes': 'normal,saveall', 'scenarios': []}
    i = 0
    while i < len(argv):
        if argv[i] == '--fork-dumps':
            STATE['fork_dumps'] = True  # also dump each heap by fork, to NAME.fork.jsonl
            i += 1
        elif argv[i] in ('--dumper', '--out', '--modes'):
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


def alive_of(pre, mine=()):
    """The ids of `pre` that are still the same live objects: tracked now, or untracked but
    reachable through untracked objects from a tracked one. The collector untracks reachable
    tuples and dicts of atomic values; some are held only by code objects (co_consts), which are
    not GC objects, so code objects are walked too. `mine`: ids of the harness's own objects made
    after the dump (they may reuse a freed object's address); they and this frame are skipped."""
    objs = gc.get_objects()
    skip = {}
    for i in mine:
        skip[i] = 1
    skip[id(sys._getframe())] = 1
    alive = {}
    seen = {}
    stack = []
    for o in objs:
        i = id(o)
        if i in pre and i not in skip and pre[i] == type(o).__name__:
            alive[i] = 1
    for o in objs:
        if isinstance(o, type) and o.__flags__ & HEAPTYPE:
            hidden_in_type(o, pre, alive)
    for o in objs:
        if id(o) in skip:
            continue
        stack.append(o)
        while stack:
            x = stack.pop()
            refs = gc.get_referents(x)
            if type(x) is CodeType:
                refs = [x.co_consts]
            for r in refs:
                i = id(r)
                if i in seen or i in skip or gc.is_tracked(r):
                    continue
                seen[i] = 1
                stack.append(r)
                if i in pre and pre[i] == type(r).__name__:
                    alive[i] = 1
            x = None
            r = None
            refs = None
    o = None
    alive.pop(id(objs), None)
    del objs[:]
    return alive


def hidden_in_type(t, pre, alive):
    """A heap type holds objects tp_traverse does not report (ht_slots, the __slots__ names
    tuple, among them): any word of its struct that is the id of a census object is one. The
    type is alive, so they are too."""
    size = type.__basicsize__
    base = id(t)
    for off in range(0, size - WORD + 1, WORD):
        i = ctypes.c_size_t.from_address(base + off).value
        if i in pre and i not in alive and pre[i] in ('tuple', 'dict'):
            alive[i] = 1


def untracked_survivors(pre, before, after, mode):
    """The collector untracks the reachable tuples and dicts it can (_PyTuple_MaybeUntrack in
    move_unreachable, untrack_dicts after it). One held only from C (a static argument-parser
    keyword tuple, ht_slots) then vanishes from every census without being freed. It was
    reachable, so CPython did not print it as collectable or uncollectable: a vanished tuple or
    dict that gc's own debug lines do not name is alive. (Not exact for a tuple in F freed while
    clearing, which CPython does not print either; no scenario has one.)"""
    sys.stderr.flush()
    printed = {}
    with open(STATE['base'] + '.' + mode + '.stderr') as fh:
        for line in fh:
            if line.startswith('gc: ') and ' 0x' in line:
                printed[int(line.rstrip().rstrip('>').split(' 0x')[-1], 16)] = 1
    for i in before:
        if i not in after and pre[i] in ('tuple', 'dict') and i not in printed:
            after[i] = 1


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
    """Dump now, then fork once per further mode: every mode releases and collects the very heap
    that was dumped (same addresses). a..d: ids of function locals that die when `run` returns
    (plain parameters, not *args: on 3.11+ an argument tuple would be a tracked object that dies
    with the call)."""
    if 'pre' in STATE:
        return
    STATE['locals'] = [i for i in (a, b, c, d) if i is not None]
    STATE['frames'] = frames_above(1)
    STATE['dumper'].dump(STATE['dump_path'])
    if STATE.get('fork_dumps'):
        STATE['dumper'].dump(STATE['base'] + '.fork.jsonl', fork=True, wait=True)
    STATE['pre'] = census()
    modes = STATE['modes']
    sys.stdout.flush()
    sys.stderr.flush()
    for mode in modes[1:]:
        pid = os.fork()
        if pid == 0:
            STATE['mode'] = mode
            redirect_stderr(mode)
            forget_fork_casualties()
            return
        STATE['children'].append(os.waitpid(pid, 0)[1])
    STATE['mode'] = modes[0]
    redirect_stderr(modes[0])


def forget_fork_casualties():
    """os.fork() runs the interpreter's after-fork code in the child (3.x reinitialises the import
    lock and thread state), which frees a few objects. They are not the scenario's doing: drop them
    from the census and report them so the comparison leaves them out."""
    pre = STATE['pre']
    alive = alive_of(pre)
    lost = [i for i in pre if i not in alive]
    alive = None
    for i in lost:
        del pre[i]
    STATE['fork_freed'][:] = lost  # in place: replacing the dumped list would free it


def redirect_stderr(mode):
    err = os.open(STATE['base'] + '.' + mode + '.stderr', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 420)
    os.dup2(err, 2)
    os.close(err)


def gc_flags(saveall):
    flags = gc.DEBUG_COLLECTABLE | gc.DEBUG_UNCOLLECTABLE
    if sys.version_info[0] == 2:
        flags |= gc.DEBUG_INSTANCES | gc.DEBUG_OBJECTS
    if saveall:
        flags |= gc.DEBUG_SAVEALL
    return flags


def run_scenario(path, out_dir, modes):
    name = os.path.splitext(os.path.basename(path))[0]
    STATE['base'] = os.path.join(out_dir, name)
    STATE['dump_path'] = STATE['base'] + '.jsonl'
    STATE['modes'] = modes
    STATE['children'] = []
    with open(path) as fh:
        source = fh.read()
    code = compile(source, path, 'exec', 0, True)
    # Held by STATE (a tracked dict) so alive_of() finds the constants of the module's code.
    STATE['code'] = code
    STATE['fork_freed'] = []
    G = {'__name__': '__main__', '__file__': path}
    gc.collect()
    gc.disable()
    exec(code, G)
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
    mode = STATE['mode']
    mine = [id(release), id(targets), id(effects)]
    mine.append(id(mine))
    after_release = alive_of(pre, mine)
    mine.append(id(after_release))
    gc.set_debug(gc_flags(mode == 'saveall'))
    collected = gc.collect()
    gc.set_debug(0)
    garbage = [id(x) for x in gc.garbage]
    mine.append(id(garbage))
    after_collect = alive_of(pre, mine)
    untracked_survivors(pre, after_release, after_collect, mode)
    callbacks = G.get('CALLBACK_LOG')
    return mode, {
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
        'forkFreed': STATE['fork_freed'],
    }


def child(path, out_dir, modes, dumper):
    """One scenario, in a forked process (and its forked mode siblings); never returns."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    STATE['dumper'] = dumper
    status = 0
    try:
        mode, result = run_scenario(path, out_dir, modes)
        with open(STATE['base'] + '.' + mode + '.json', 'w') as fh:
            fh.write(json.dumps(result))
    except BaseException:
        import traceback
        traceback.print_exc()
        status = 1
    sys.stderr.flush()
    sys.stdout.flush()
    if any(STATE.get('children', [])):
        status = 1
    os._exit(status)


def main(argv):
    opts = parse_args(argv)
    sys.path.insert(0, opts['dumper'])
    import heapscope_dump
    warm = os.path.join(opts['out'], '_warmup.jsonl')
    heapscope_dump.dump(warm)
    os.remove(warm)
    failed = 0
    modes = opts['modes'].split(',')
    for path in opts['scenarios']:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            child(path, opts['out'], modes, heapscope_dump)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            failed += 1
            sys.stdout.write('FAILED %s\n' % path)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
