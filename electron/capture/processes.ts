/**
 * The Python processes the current user may attach to (the app's process list): every process of
 * this user (all of them for root) whose memory maps a libpython or whose executable is a
 * pythonX.Y. Read from /proc only; processes that vanish or cannot be read are left out.
 */
import { findPythonImage, listPids, readCmdline, readExe, readMaps, readStatus } from './procfs.js';
import { userName } from './users.js';

export interface PythonProcessInfo {
  pid: number;
  command: string;
  /** "3.11", or "" when the file names do not tell. */
  python: string;
  user: string;
}

export async function listPythonProcesses(): Promise<PythonProcessInfo[]> {
  if (process.platform !== 'linux') return [];
  const me = process.getuid?.() ?? 0;
  const out: PythonProcessInfo[] = [];
  for (const pid of await listPids()) {
    if (pid === process.pid) continue;
    const status = await readStatus(pid);
    if (!status || (me !== 0 && status.uid !== me) || status.state === 'Z') continue;
    const [maps, exe] = await Promise.all([readMaps(pid), readExe(pid)]);
    if (!maps || !exe) continue;
    const image = findPythonImage(maps, exe);
    if (!image || image.version === undefined) continue;
    const argv = (await readCmdline(pid)) ?? [];
    out.push({ pid, command: argv.join(' ').slice(0, 300) || status.name, python: image.version, user: userName(status.uid) });
  }
  return out;
}
