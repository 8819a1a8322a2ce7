/**
 * The scale dump through the app's own path: `heapscope serve FILE` (EngineHost, its worker and
 * the HTTP API the UI calls), timed call by call as the views make them: open until ready, the
 * Overview, the Objects table by retained size (page 1, a deep page), a Graph neighbourhood, one
 * what-if edit with the overview after it, and its undo. Needs the built app (out/; `npm run
 * build`). Used by scale.bench.ts when HEAPSCOPE_SCALE_SERVE=1.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { withHugePages } from '../../scripts/hugepages.mjs';

const root = join(import.meta.dirname, '../..');

export interface ServeStep {
  name: string;
  ms: number;
  note?: string;
}

/** Peak RSS (VmHWM) of a process, bytes; 0 where /proc is missing. */
async function peakRssOf(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function serveScale(file: string): Promise<{ steps: ServeStep[]; peakRss: number }> {
  // With the huge-page setting already in the environment the command does not re-exec itself,
  // so this pid is the server and its engine worker threads.
  const child = spawn(process.execPath, [join(root, 'bin/heapscope.mjs'), 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: withHugePages() });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving on (\S+)/.exec(out);
        if (m) resolve(new URL(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`heapscope serve exited (${code}) before listening`)));
    });
    const token = url.searchParams.get('token')!;
    const api = async <T>(method: string, request: object): Promise<T> => {
      const res = await fetch(`${url.origin}/api/${method}`, { method: 'POST', headers: { 'x-heapscope-token': token, 'content-type': 'application/json' }, body: JSON.stringify(request) });
      const r = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
      return r.value as T;
    };
    const steps: ServeStep[] = [];
    const step = async <T>(name: string, fn: () => Promise<T>, note?: (r: T) => string): Promise<T> => {
      const t = performance.now();
      const r = await fn();
      steps.push({ name, ms: performance.now() - t, note: note?.(r) });
      return r;
    };
    const t = performance.now();
    const { session } = await api<{ session: string }>('openDump', { path: file });
    for (;;) {
      const s = await api<{ state: string; error?: { message: string } }>('openStatus', { session });
      if (s.state === 'ready') break;
      if (s.state !== 'loading') throw new Error(`open ended ${s.state}: ${s.error?.message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    steps.push({ name: 'open until ready (load + analyses + first overview)', ms: performance.now() - t });
    await step('overview', () => api('overview', { session }));
    const page = { session, count: 100, sort: 'retained', descending: true };
    const first = await step('objects page 1 by retained', () => api<{ total: number; rows: { address: number; type: string }[] }>('objectsPage', { ...page, start: 0 }));
    await step('objects deep page by retained', () => api('objectsPage', { ...page, start: Math.floor(first.total / 2) }));
    const list = first.rows.find((r) => r.type === 'list')!;
    const refs = await api<{ referents: { rows: { other: { address: number } }[] } }>('inspectObject', { session, address: list.address, refsCount: 3 });
    const target = refs.referents.rows[1].other.address;
    await step('graph neighbourhood (depth 2)', () => api('neighbourhood', { session, addresses: [target], depth: 2, maxNodes: 150 }), (r) => `${(r as { nodes: unknown[] }).nodes.length} nodes`);
    await step('what-if edit (drop-ref)', () => api('applyEdit', { session, edit: { kind: 'drop-ref', source: list.address, target } }), (r) => (r as { delta?: { summary: string } }).delta?.summary ?? '');
    await step('overview after the edit', () => api('overview', { session }));
    await step('objects page 1 after the edit', () => api('objectsPage', { ...page, start: 0 }));
    await step('undo', () => api('undoEdit', { session }));
    await step('overview after undo', () => api('overview', { session }));
    return { steps, peakRss: await peakRssOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
  }
}
