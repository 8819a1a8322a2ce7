/**
 * The Python that runs inside the target. Two pieces:
 *  - the *stub*: a few expression statements handed to PyRun_SimpleString (gdb) or sys.remote_exec.
 *    Both run it in `__main__`'s namespace, so it binds no name there; in a dict of its own it
 *    runs two lines that read the boot file (under `with`) and exec it, and it swallows every
 *    exception (a pending call that returns -1 without an exception set would make the
 *    interrupted bytecode raise SystemError, and PyErr_Print would write to the program's stderr);
 *  - the *boot file*: writes a status file (started / returned / error) that the host polls, loads
 *    the dumper as `__heapscope_dump__` (not imported: nothing enters sys.modules; from the code
 *    object the target's interpreter compiled ahead when there is one, see precompile.ts) and calls
 *    dump(OUT, fork=…, capture=…), falling back to dump(OUT) for a dumper without those options.
 * The boot file is compiled under the dumper's own path, so the dumper takes its frames for its
 * own and leaves them out of the census. Both run unchanged on 2.7 and 3.x (no f-strings).
 */

export interface BootPaths {
  boot: string;
  dumper: string;
  out: string;
  status: string;
  /** The dumper compiled by the target's own interpreter (precompile.ts), if that worked. */
  code?: string;
  /** Where a forked writer notes its pid (capture={'writer': …}), so a busy writer is told from a dead one. */
  writer?: string;
}

/** A Python string literal for an ASCII-safe path (JSON escapes are Python escapes for ASCII). */
export function pyString(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`path must be printable ASCII: ${s}`);
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function stubSource(paths: BootPaths): string {
  const b = pyString(paths.boot);
  const d = pyString(paths.dumper);
  // The boot file is read under `with`: a file left to be closed by its finalizer warns
  // (ResourceWarning, ignored by default) and the warning machinery then adds a lasting
  // __warningregistry__ to the globals of the running code, which here are the program's __main__.
  return `try:\n exec(compile("with open(_B, 'rb') as _f:\\n _s = _f.read()\\nexec(compile(_s, _D, 'exec'))\\n", ${d}, 'exec'), {'__name__': '__heapscope_boot__', '_B': ${b}, '_D': ${d}})\nexcept BaseException:\n pass\n`;
}

export function bootSource(paths: BootPaths, fork: boolean, method: string): string {
  return `# heapscope attach bootstrap (generated): runs once in the target process.
import sys
_status = open(${pyString(paths.status)}, 'w')
try:
    import os
    _status.write('started %d\\n' % os.getpid())
    _status.flush()
    _ns = {'__name__': '__heapscope_dump__', '__file__': ${pyString(paths.dumper)}}
    _code = None
    _m = sys.modules.get('marshal')
    if _m is not None and ${paths.code === undefined ? 'False' : 'True'}:
        try:
            with open(${pyString(paths.code ?? paths.dumper)}, 'rb') as _f:
                _code = _m.loads(_f.read())
        except Exception:
            _code = None
    if _code is None:
        with open(${pyString(paths.dumper)}, 'rb') as _f:
            _src = _f.read()
        _code = compile(_src, ${pyString(paths.dumper)}, 'exec')
        _src = None
    exec(_code, _ns)
    _code = _m = None
    try:
        _n = _ns['dump'](${pyString(paths.out)}, fork=${fork ? 'True' : 'False'}, capture={'method': ${pyString(method)}${paths.writer ? `, 'writer': ${pyString(paths.writer)}` : ''}})
    except TypeError:
        if 'unexpected' not in str(sys.exc_info()[1]):
            raise
        _n = _ns['dump'](${pyString(paths.out)})
    _status.write('returned %r\\n' % (_n,))
except BaseException:
    _e = sys.exc_info()[1]
    _status.write('error %s: %s\\n' % (type(_e).__name__, str(_e).replace('\\n', ' ')))
finally:
    _status.close()
    _ns = _n = _e = _status = _code = _m = None
`;
}

export type BootStatus =
  | { state: 'waiting' }
  | { state: 'started'; pid: number }
  | { state: 'returned'; value: string }
  | { state: 'error'; message: string };

/** Reads the status file's text (as written by bootSource). */
export function parseStatus(text: string | undefined): BootStatus {
  if (!text) return { state: 'waiting' };
  const lines = text.split('\n').filter((l) => l !== '');
  const last = lines[lines.length - 1] ?? '';
  if (last.startsWith('error ')) return { state: 'error', message: last.slice(6) };
  if (last.startsWith('returned ')) return { state: 'returned', value: last.slice(9) };
  const started = /^started (\d+)$/.exec(last);
  if (started) return { state: 'started', pid: Number(started[1]) };
  return { state: 'waiting' };
}
