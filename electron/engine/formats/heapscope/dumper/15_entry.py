# ----------------------------------------------------------------------------------------------
# Signal handler and `run` mode. Both call dump() from a frame of this file; they tell it which
# of their references it must not count (see _adjust): on 3.11+ the function and code object of
# each active dumper frame plus the locals that point into the heap; on ≤3.10 the functions on
# the callers' value stacks (frames themselves are objects there and are excluded).
def _frame_holds(fn, called_from_python):
    if PY >= (3, 11):
        return (id(fn), id(fn.__code__))
    if not called_from_python:
        return ()
    return (id(fn), id(fn)) if PY2 else (id(fn),)  # 2.7 increfs the callee as well


def _signal_holds(handler, signum):
    """What the running signal handler holds that the dump must not count. 3.11+: its function
    and code, signum, and copies of its closure cells (frames are not objects there)."""
    if PY >= (3, 11):
        return _frame_holds(handler, False) + (id(signum),) + tuple(_map(id, handler.__closure__))
    return ()


def install_signal_handler(sig, directory, **options):
    """Dump to DIRECTORY/heapscope-PID-TIME.jsonl.gz whenever `sig` arrives (e.g. SIGUSR1).
    Returns the previous handler. The dump runs in the main thread, between bytecodes."""
    import signal

    def on_signal(signum, frame):
        # Keep only the frame's address: the dump finds (and excludes) the argument tuple the
        # signal machinery holds it by; nothing of ours refers to the frame itself. No container
        # is built here before the call: it would be counted as part of the program's heap.
        fid = id(frame)
        del frame
        path = os.path.join(directory, 'heapscope-%d-%s.jsonl.gz' % (os.getpid(), time.strftime('%Y%m%dT%H%M%S')))
        dump(path, _outer=_signal_holds(on_signal, signum), _sigframe=fid, _options=options)
        sys.stderr.write('heapscope: heap written to %s\n' % path)
    if directory and not os.path.isdir(directory):
        os.makedirs(directory)
    return signal.signal(sig, on_signal)


def _cmd_run():
    """python heapscope_dump.py run SCRIPT [ARGS...] --out FILE [--signal SIGUSR1]"""
    argv = sys.argv[2:]
    out, sig, rest = None, None, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ('--out', '-o') and i + 1 < len(argv) and (not rest or i >= len(argv) - 4):
            out = argv[i + 1]
            i += 2
        elif a == '--signal' and i + 1 < len(argv) and (not rest or i >= len(argv) - 4):
            sig = argv[i + 1]
            i += 2
        else:
            rest.append(a)
            i += 1
    if not rest or not out:
        sys.stderr.write('usage: heapscope_dump.py run SCRIPT [ARGS...] --out FILE [--signal SIGNAME]\n')
        return 2
    script = rest[0]
    _PRIVATE[0] = True  # the program did not import the dumper: leave it out of the dump
    me = sys.modules.get('__main__')
    sys.modules['heapscope_dump'] = me
    _module_dict(me)['__name__'] = 'heapscope_dump'  # the script is __main__ from now on
    if sig:
        import signal
        install_signal_handler(getattr(signal, sig if sig.startswith('SIG') else 'SIG' + sig),
                               os.path.dirname(os.path.abspath(out)) or '.')
    main = _ModuleType('__main__')  # not types.ModuleType: importing types would be the dumper's doing
    g = _module_dict(main)
    g['__file__'] = script
    g['__builtins__'] = _builtins_module
    sys.modules['__main__'] = main
    sys.argv[:] = rest
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    with open(script, 'rb') as f:
        code = compile(f.read(), script, 'exec')
    status = 0
    try:
        exec(code, g)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    # Drop every container this frame made before the census would see it as the program's.
    del code, g, main, f, argv, rest
    if PY2:
        sys.exc_clear()
    dump(out, _outer=_frame_holds(_cmd_run, True) + _frame_holds(_main, True))
    sys.stderr.write('heapscope: heap written to %s\n' % out)
    return status


def _main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'run':
        return _cmd_run()
    sys.stderr.write(__doc__)
    return 2


_OWN_IMPORTS = tuple(sorted(k for k in sys.modules if k not in _PRE_MODULES))
if __name__ == '__heapscope_dump__' or (__name__ == '__main__' and sys.argv[1:2] == ['run']):
    # Path finders our imports created (a FileFinder for lib-dynload...) are not the program's.
    for _k in [k for k in sys.path_importer_cache if k not in _PRE_FINDERS]:
        del sys.path_importer_cache[_k]
    _k = None

if __name__ == '__main__':
    sys.exit(_main())
