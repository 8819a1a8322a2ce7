/**
 * What /proc tells about a process without stopping it: its owner, command line, state, the files
 * it maps (to find libpython or a statically linked python and their load addresses) and which
 * CPython version that is. Linux only; every reader returns `undefined` for a vanished process.
 */
import { readFile, readlink, readdir } from 'node:fs/promises';
import { basename } from 'node:path';

export interface Mapping {
  start: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  inode: number;
  path: string;
}

export interface ProcStatus {
  name: string;
  /** One letter: R running, S sleeping, D disk wait, T stopped, t traced, Z zombie. */
  state: string;
  uid: number;
  gid: number;
  /** Non-zero when a debugger is attached already. */
  tracerPid: number;
  threads: number;
}

async function text(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function readStatus(pid: number): Promise<ProcStatus | undefined> {
  const t = await text(`/proc/${pid}/status`);
  if (t === undefined) return undefined;
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(t)?.[1] ?? '';
  return {
    name: field('Name'),
    state: field('State').charAt(0),
    uid: Number(field('Uid').split(/\s+/)[0]),
    gid: Number(field('Gid').split(/\s+/)[0]),
    tracerPid: Number(field('TracerPid') || 0),
    threads: Number(field('Threads') || 1),
  };
}

export async function readCmdline(pid: number): Promise<string[] | undefined> {
  const t = await text(`/proc/${pid}/cmdline`);
  if (t === undefined) return undefined;
  return t.split('\0').filter((s, i, all) => s !== '' || i < all.length - 1);
}

export async function readExe(pid: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/** The mappings of /proc/PID/maps (undefined when unreadable: gone, or another user's). */
export async function readMaps(pid: number): Promise<Mapping[] | undefined> {
  const t = await text(`/proc/${pid}/maps`);
  if (t === undefined) return undefined;
  const out: Mapping[] = [];
  for (const line of t.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ (\d+)\s*(.*)$/.exec(line);
    if (!m) continue;
    out.push({
      start: BigInt(`0x${m[1]}`),
      end: BigInt(`0x${m[2]}`),
      perms: m[3],
      offset: BigInt(`0x${m[4]}`),
      inode: Number(m[5]),
      path: m[6].replace(/ \(deleted\)$/, ''),
    });
  }
  return out;
}

export async function listPids(): Promise<number[]> {
  const names = await readdir('/proc');
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

/** The thread ids of a process (the main thread's is the pid). */
export async function listThreads(pid: number): Promise<number[]> {
  try {
    return (await readdir(`/proc/${pid}/task`)).map(Number).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export interface PythonImage {
  /** The mapped file that defines the C API: libpythonX.Y.so or the python executable itself. */
  path: string;
  /** Version from the file name ("3.11"), when the name tells. */
  version?: string;
  kind: 'libpython' | 'executable';
}

const LIBPYTHON = /(?:^|\/)libpython(\d+\.\d+)[a-z]*\.so/;
const PYTHON_EXE = /(?:^|\/)python(\d+\.\d+)?[a-z]*$/;

/** Finds the CPython image of a process from its maps and executable (no version: ask the ELF). */
export function findPythonImage(maps: readonly Mapping[], exe: string | undefined): PythonImage | undefined {
  for (const m of maps) {
    const lib = LIBPYTHON.exec(m.path);
    if (lib) return { path: m.path, version: lib[1], kind: 'libpython' };
  }
  if (exe) {
    const name = basename(exe);
    const ex = PYTHON_EXE.exec(name);
    if (ex) return { path: exe, version: ex[1], kind: 'executable' };
    // A renamed or embedding executable is still checked by its symbols (see symbols.ts).
    return { path: exe, kind: 'executable' };
  }
  return undefined;
}

/** The C library's mapped path (for mmap): glibc's libc.so.6 or musl's loader, which is its libc. */
export function findLibc(maps: readonly Mapping[]): string | undefined {
  for (const m of maps) if (/(?:^|\/)libc(?:-[\d.]+)?\.so(?:\.\d+)?$/.test(m.path)) return m.path;
  for (const m of maps) if (/(?:^|\/)ld-musl-[^/]+\.so\.\d+$/.test(m.path)) return m.path;
  return undefined;
}

/**
 * The load bias of a mapped ELF file: the address its p_vaddr 0 lands at. It is the start of
 * the mapping of the first PT_LOAD segment (file offset rounded down to a page) minus that
 * segment's page-aligned p_vaddr.
 */
export function loadBias(maps: readonly Mapping[], path: string, firstLoadVaddr: bigint, firstLoadOffset: bigint): bigint | undefined {
  const page = 0xfffn;
  const wantOffset = firstLoadOffset & ~page;
  let best: Mapping | undefined;
  for (const m of maps) {
    if (m.path !== path || m.offset !== wantOffset) continue;
    if (!best || m.start < best.start) best = m;
  }
  return best ? best.start - (firstLoadVaddr & ~page) : undefined;
}
