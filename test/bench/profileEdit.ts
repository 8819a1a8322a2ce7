/**
 * Profiles one what-if edit (and what follows it) on a scale dump, for finding where an edit's
 * time goes: `node --max-old-space-size=4096 --import tsx test/bench/profileEdit.ts FILE OUTDIR`.
 * Loads and prepares as scale.bench.ts does, then records a V8 CPU profile of each step around
 * the edit (edit, overview after it, undo) into OUTDIR/STEP.cpuprofile and prints the top
 * functions by self time.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { loadDump } from '../../electron/engine/formats/index.js';
import { EngineSession } from '../../electron/engine/session/EngineSession.js';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }

function top(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, count = 25): string[] {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i])!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [`total ${(total / 1000).toFixed(0)} ms`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`)];
}

const [file, out] = process.argv.slice(2);
const loaded = await loadDump(file);
const g = loaded.graph;
const session = new EngineSession({ graph: g, dumpPath: file, bytes: loaded.bytes, contentHash: loaded.contentHash, format: loaded.format });
const call = (method: string, request: unknown): unknown => {
  const r = session.handle(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
};
session.simulation();
session.cycles();
session.dominators();
call('suspects', { limit: 20 });
session.overview();
session.prepareWhatIf();
const rn = g.holderNames.find((h) => h.name === 'registry')!.node;
const registry = g.addresses[rn];
const rFirst = g.firstOutEdge[rn];
const rEnd = g.firstOutEdge[rn + 1];
let pick = rFirst + Math.min(1000, rEnd - rFirst - 1);
const referrers = (e: number): number => g.firstInEdge[g.edgeTargets[e] + 1] - g.firstInEdge[g.edgeTargets[e]];
for (let e = pick; e < Math.min(rEnd, pick + 16); e++) if (referrers(e) < referrers(pick)) pick = e;
const target = g.addresses[g.edgeTargets[pick]];

const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.setSamplingInterval', { interval: 1000 });
const profiled = async (name: string, fn: () => unknown): Promise<void> => {
  const t = performance.now();
  const c = process.cpuUsage();
  await inspector.post('Profiler.start');
  const r = fn();
  const { profile } = await inspector.post('Profiler.stop');
  const cpu = process.cpuUsage(c);
  writeFileSync(`${out}/${name}.cpuprofile`, JSON.stringify(profile));
  console.log(`== ${name}: ${(performance.now() - t).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);
  if (r && typeof r === 'object' && 'delta' in r) console.log(`   ${(r as { delta?: { summary?: string } }).delta?.summary}`);
  for (const line of top(profile as never)) console.log(`   ${line}`);
};
await profiled('edit', () => call('applyEdit', { edit: { kind: 'drop-ref', source: registry, target } }));
await profiled('overview-after-edit', () => session.overview());
await profiled('undo', () => call('undoEdit', {}));
await profiled('overview-after-undo', () => session.overview());
await profiled('edit2', () => call('applyEdit', { edit: { kind: 'drop-ref', source: registry, target } }));
await profiled('undo2', () => call('undoEdit', {}));
