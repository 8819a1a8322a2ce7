/**
 * User names for uids, from /etc/passwd (read once per call site; a uid with no entry prints as
 * "uid N"). Synchronous on purpose: the file is small and this keeps error paths simple.
 */
import { readFileSync } from 'node:fs';

export function userName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && Number(f[2]) === uid) return f[0];
    }
  } catch {
    // no passwd file (some containers): fall through
  }
  return `uid ${uid}`;
}
