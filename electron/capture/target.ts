/**
 * Looks at a process before anything stops it: does it exist, may we attach, is it CPython, which
 * version, and where in its memory are the functions the injection calls. Everything here reads
 * /proc and ELF files only; errors are CaptureErrors naming the pid.
 */
import { access, constants } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { CaptureError } from './errors.js';
import { EM_X86_64, readElfSymbols } from './elf.js';
import { findLibc, findPythonImage, loadBias, type PythonImage, readCmdline, readExe, readMaps, readStatus } from './procfs.js';
import { userName } from './users.js';

export interface TargetInfo {
  pid: number;
  uid: number;
  gid: number;
  user: string;
  cmdline: string[];
  exe: string;
  image: PythonImage;
  /** "3.11" */
  version: string;
}

/** Runtime addresses of what the gdb injection calls. */
export interface InjectionAddresses {
  Py_AddPendingCall: bigint;
  PyRun_SimpleString: bigint;
  PyGILState_Ensure: bigint;
  PyGILState_Release: bigint;
  Py_MakePendingCalls: bigint;
  mmap: bigint;
}

const PY_NAMES = ['Py_AddPendingCall', 'PyRun_SimpleString', 'PyGILState_Ensure', 'PyGILState_Release', 'Py_MakePendingCalls'] as const;

/** Fails with a one-line reason unless `pid` names a live process we could attach to. */
export async function inspectTarget(pid: number): Promise<TargetInfo> {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new CaptureError('NO_PROCESS', `"${pid}" is not a process id`);
  if (pid === process.pid) throw new CaptureError('NOT_PYTHON', `process ${pid} is heapscope itself`);
  const status = await readStatus(pid);
  if (!status) throw new CaptureError('NO_PROCESS', `no process ${pid}`);
  if (status.state === 'Z' || status.state === 'X') throw new CaptureError('EXITED', `process ${pid} has exited (zombie)`);
  const me = process.getuid?.() ?? 0;
  if (me !== 0 && status.uid !== me) {
    throw new CaptureError(
      'PERMISSION',
      `process ${pid} belongs to user ${userName(status.uid)}, not to you (${userInfo().username}): run heapscope as that user or as root`,
    );
  }
  if (status.tracerPid !== 0) throw new CaptureError('PTRACE_DENIED', `process ${pid} is already being traced by process ${status.tracerPid} (a debugger or profiler): detach it first`);
  const [maps, exe, cmdline] = await Promise.all([readMaps(pid), readExe(pid), readCmdline(pid)]);
  if (!maps || exe === undefined) {
    if (!(await readStatus(pid))) throw new CaptureError('EXITED', `process ${pid} exited`);
    throw new CaptureError('PERMISSION', `cannot read /proc/${pid}/maps: process ${pid} of user ${userName(status.uid)} is not accessible to you`);
  }
  const image = findPythonImage(maps, exe);
  const argv = cmdline ?? [];
  if (!image || (image.kind === 'executable' && image.version === undefined && !/python/i.test(exe))) {
    throw new CaptureError('NOT_PYTHON', `process ${pid} (${argv[0] ?? status.name}) is not a Python process: no libpython or python executable in its memory`);
  }
  const version = image.version ?? (await askVersion(exe, pid));
  return { pid, uid: status.uid, gid: status.gid, user: userName(status.uid), cmdline: argv, exe, image, version };
}

/** A python executable whose name has no version: ask the same binary (it is on disk). */
async function askVersion(exe: string, pid: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(`/proc/${pid}/exe`, ['-c', 'import sys; sys.stdout.write("%d.%d" % sys.version_info[:2])'], { timeout: 5_000 }, (err, stdout) => {
      if (err || !/^\d+\.\d+$/.test(stdout)) reject(new CaptureError('NOT_PYTHON', `process ${pid} (${exe}) is not a CPython heapscope can recognise`));
      else resolve(stdout);
    });
  });
}

/** Resolves every address the gdb injection needs, before the target is stopped. */
export async function resolveAddresses(target: TargetInfo): Promise<InjectionAddresses> {
  const maps = await readMaps(target.pid);
  if (!maps) throw new CaptureError('EXITED', `process ${target.pid} exited`);
  const libc = findLibc(maps);
  if (!libc) throw new CaptureError('UNSUPPORTED', `process ${target.pid} maps no C library heapscope knows (glibc or musl)`);
  const pyPath = fileOf(target.pid, target.image.path);
  const py = await readElfSymbols(pyPath, new Set(PY_NAMES));
  if (py.machine !== EM_X86_64) throw new CaptureError('UNSUPPORTED', `attach by gdb supports x86-64 processes only; process ${target.pid} is another architecture`);
  const missing = PY_NAMES.filter((n) => !py.symbols.has(n));
  if (missing.length > 0) {
    throw new CaptureError('NO_SYMBOLS', `${target.image.path} (Python ${target.version}) has no symbol table entries for ${missing.join(', ')}: it was stripped of its dynamic symbols; use a Python build that exports its C API`);
  }
  const c = await readElfSymbols(fileOf(target.pid, libc), new Set(['mmap', 'mmap64']));
  const mmap = c.symbols.get('mmap') ?? c.symbols.get('mmap64');
  if (mmap === undefined) throw new CaptureError('NO_SYMBOLS', `${libc} exports no mmap`);
  const pyBias = loadBias(maps, target.image.path, py.firstLoadVaddr, py.firstLoadOffset);
  const cBias = loadBias(maps, libc, c.firstLoadVaddr, c.firstLoadOffset);
  if (pyBias === undefined || cBias === undefined) throw new CaptureError('INJECT_FAILED', `cannot find where ${pyBias === undefined ? target.image.path : libc} is loaded in process ${target.pid}`);
  const at = (n: (typeof PY_NAMES)[number]): bigint => pyBias + (py.symbols.get(n) ?? 0n);
  return {
    Py_AddPendingCall: at('Py_AddPendingCall'),
    PyRun_SimpleString: at('PyRun_SimpleString'),
    PyGILState_Ensure: at('PyGILState_Ensure'),
    PyGILState_Release: at('PyGILState_Release'),
    Py_MakePendingCalls: at('Py_MakePendingCalls'),
    mmap: cBias + mmap,
  };
}

/**
 * The file as the target sees it: through /proc/PID/root when the process runs in another mount
 * namespace (a container), else the path itself.
 */
function fileOf(pid: number, path: string): string {
  return `/proc/${pid}/root${path}`;
}

/** True when we can read the file (used by the process list to hide what we cannot attach to). */
export async function readable(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
