/**
 * Starts test/capture/targets/target.py in a mode (sleep, busy, threads, read) and waits for its
 * "ready"; collects its stdout and stderr so tests can check that a capture added nothing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

const targetScript = join(import.meta.dirname, 'targets/target.py');

export interface Target {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  waitFor: (text: string) => Promise<void>;
  stop: () => void;
}

export async function startTarget(python: string, mode: string): Promise<Target> {
  const child = spawn(python, [targetScript, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const waitFor = async (text: string) => {
    const until = Date.now() + 20_000;
    while (!out.includes(text)) {
      if (Date.now() > until) throw new Error(`target (${mode}) never printed "${text}"; stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)}`);
      if (child.exitCode !== null) throw new Error(`target (${mode}) exited ${child.exitCode}: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await waitFor('ready\n');
  return { child, stdout: () => out, stderr: () => err, waitFor, stop: () => void child.kill('SIGKILL') };
}
