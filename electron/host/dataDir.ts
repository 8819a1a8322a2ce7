/**
 * Where heapscope keeps what must survive a restart (recent files, edit histories). Electron
 * passes its userData folder; serve mode and the CLI use $HEAPSCOPE_DATA_DIR or the XDG data home.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function serveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HEAPSCOPE_DATA_DIR) return env.HEAPSCOPE_DATA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'heapscope');
}
