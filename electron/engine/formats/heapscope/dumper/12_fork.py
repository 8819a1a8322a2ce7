# ----------------------------------------------------------------------------------------------
# Capture by fork (dump(path, fork=True)): the process forks twice; the grandchild takes the census
# and writes the dump from its copy-on-write image, then leaves with os._exit; the parent reaps the
# intermediate child at once (no zombie; the program's own os.wait() never sees a child of ours)
# and goes on. fork() itself creates nothing in the parent, so the refcounts are the parent's.
# Where fork does not work (no os.fork, or it fails as on Pyodide) the dump runs in-process.
_FORK_RESULT = [None]
# capture={'writer': PATH}: where the forked writer puts its pid, so that whoever waits on the dump
# (electron/capture) can tell a writer still busy (a census of millions of objects writes nothing
# for a while) from one that died. Not part of the header.
_WRITER_FILE = [None]


def _capture_header(extra):
    """The header's `capture` object: method, the target's pid, plus what the caller passed."""
    c = {'method': 'in-process', 'pid': os.getpid()}
    if extra:
        c.update(extra)
    _WRITER_FILE[0] = c.pop('writer', None)
    return c


def _note_writer():
    """The forked writer: its pid into the capture's writer file (best effort)."""
    path, _WRITER_FILE[0] = _WRITER_FILE[0], None
    if path:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(fd, b'%d\n' % os.getpid())  # no str.encode: on 2.7 it imports encodings.ascii into the heap we dump
            finally:
                os.close(fd)
        except OSError:
            pass


def _fork_off(st, wait):
    """Fork a grandchild to write the dump. True in the parent (result in _FORK_RESULT: the
    object count with wait, else None), False in the grandchild or when fork does not work."""
    fork = getattr(os, 'fork', None)
    if fork is None:
        return False
    target = os.getpid()
    r = w = -1
    if wait:
        r, w = os.pipe()
    quiet = _quiet_fork_warning()
    saved = _mute_after_fork()
    try:
        pid = fork()
    except (OSError, NotImplementedError, RuntimeError):
        pid = -1
    finally:
        _unmute_after_fork(saved)
        _loud_fork_warning(quiet)
    if pid == 0:  # the intermediate child: fork the writer and leave at once
        try:
            saved = _mute_after_fork()  # the writer's fork too
            got = fork()
            _unmute_after_fork(saved)
            saved = None
            if got == 0:
                if r >= 0:
                    os.close(r)
                _note_writer()
                _mem_close()  # an inherited /proc/self/mem descriptor reads the parent's memory
                _FORK_RESULT[0] = None
                st.forked = w if w > 0 else True  # held by st: not counted in any refcount
                if 'method' not in st.capture or st.capture['method'] == 'in-process':
                    st.capture['method'] = 'fork'
                st.capture['pid'] = target
                return False
        finally:
            if not st.forked:
                os._exit(0)
    saved = None
    _WRITER_FILE[0] = None
    if r >= 0:
        os.close(w)
    if pid < 0:
        if r >= 0:
            os.close(r)
        return False
    os.waitpid(pid, 0)
    _FORK_RESULT[0] = None
    if r >= 0:
        got = b''
        while True:
            chunk = os.read(r, 64)
            if not chunk:
                break
            got += chunk
        os.close(r)
        if not got.strip():
            raise RuntimeError('heapscope: the forked writer failed (no dump written to %s)' % st.path)
        _FORK_RESULT[0] = int(got)
    return True


def _mute_after_fork():
    """Before the fork: switch threading's at-fork handler off for the dumper's own fork (see
    _unmute_after_fork). Returns what to give back, or None."""
    tm = sys.modules.get('threading')
    fn = dict.get(_module_dict(tm), '_after_fork') if type(tm) is _ModuleType else None
    if type(fn) is not _FunctionType or fn.__code__.co_freevars:
        return None
    code = fn.__code__
    fn.__code__ = _NO_AFTER_FORK
    return fn, code


def _unmute_after_fork(saved):
    """Right after the fork, in every process: threading's handler (_after_fork, run in the child)
    would rebind its locks, remake every Thread's internal locks and conditions and empty the thread
    table: new objects, read as new in every comparison of two captures, and a heap that is not the
    program's. With it off the writer's heap is the program's. Nothing runs in between: this thread
    holds the GIL from the switch to the fork, and the writer never uses threading."""
    if saved is not None:
        saved[0].__code__ = saved[1]


_NO_AFTER_FORK = (lambda: None).__code__


def _fork_exit(w):
    """The grandchild's way out: report the count to a waiting parent (pipe w, or True for none),
    and never run the program's code again (no atexit, no buffered output flushed twice)."""
    n = _FORK_RESULT[0]
    try:
        if w is not True and n is not None:
            os.write(w, ('%d\n' % n).encode('ascii'))
    finally:
        os._exit(0 if n is not None else 1)


def _quiet_fork_warning():
    """3.12+ warns (DeprecationWarning) when a multithreaded process forks: silence that one
    warning for the dumper's own fork, through the C filter list (no `warnings` import)."""
    if PY < (3, 12):
        return None
    try:
        import _warnings
        f = ('ignore', None, DeprecationWarning, None, 0)
        _warnings.filters.insert(0, f)
        _warnings._filters_mutated()
        return f
    except Exception:
        return None


def _loud_fork_warning(f):
    if f is None:
        return
    import _warnings
    filters = _warnings.filters
    for i in range(len(filters)):
        if filters[i] is f:
            del filters[i]
            break
    _warnings._filters_mutated()


