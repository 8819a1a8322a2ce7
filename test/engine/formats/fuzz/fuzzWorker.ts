/**
 * Runs fuzz cases in a worker thread, so a case that hangs the loader (a synchronous loop the
 * event loop cannot interrupt) is caught by the parent's watchdog instead of stalling the suite.
 * For each case: corrupt a base dump (mutators.ts), maybe gzip it (and maybe damage the gzip),
 * read it with the strict reader and with loadDump, and compare. Posts a heartbeat per case and
 * one summary at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HeapFormatError, loadDump } from '../../../../electron/engine/formats/index.js';
import { finalizerNames, typeName, type HeapGraph } from '../../../../electron/engine/model/HeapGraph.js';
import { simulate } from '../../../../electron/engine/gc/simulate.js';
import { corrupt, corruptGzip, rng } from './mutators.js';
import { readStrict, type StrictDump } from './strictReader.js';

interface Job {
  seed: number;
  cases: number;
  bases: string[];
  dir: string;
  slowMs: number;
}

const job = workerData as Job;
const bases = job.bases.map((p) => readFileSync(p));
const failures: { seed: number; applied: string[]; why: string }[] = [];
const stats = { accepted: 0, rejected: 0, gzip: 0, withLine: 0, sameLine: 0, maxMs: 0, inconsistentAccepted: 0 };

/** The differences between what the loader built and what the strict reader read (empty: none). */
function compare(g: HeapGraph, s: StrictDump): string | undefined {
  if (g.nodeCount !== s.objects.length) return `node count ${g.nodeCount} vs ${s.objects.length}`;
  for (let n = 0; n < g.nodeCount; n++) {
    const o = s.objects[n];
    const label = (id: number): string | null => (id === 0 ? null : g.strings.get(id));
    const got = {
      a: g.addresses[n],
      t: typeName(g, n),
      s: g.sizes[n],
      f: g.flags[n],
      rc: g.refcounts[n],
      x: g.externalRefs[n],
      fin: finalizerNames[g.finalizers[n]] || null,
      w: g.weakTargets[n] >= 0 ? g.addresses[g.weakTargets[n]] : 0,
      r: g.reprIds[n] === 0 ? null : g.strings.get(g.reprIds[n]),
      ex: g.hiddenEdgeCounts[n],
      e: [] as number[],
      l: [] as (string | null)[],
    };
    for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) {
      got.e.push(g.addresses[g.edgeTargets[e]]);
      got.l.push(label(g.edgeLabels[e]) || null);
    }
    const want = { a: o.a, t: o.t, s: o.s, f: o.f, rc: o.rc, x: o.x, fin: o.fin, w: o.w, r: o.r || null, ex: o.ex, e: o.e, l: o.l.map((v) => v || null) };
    // A weak reference to a dead object is 0 in both; a weakref whose target is itself is kept.
    const a = JSON.stringify(got);
    const b = JSON.stringify(want);
    if (a !== b) return `line ${o.line}: loader ${a.slice(0, 300)} vs strict ${b.slice(0, 300)}`;
  }
  const found = g.header.inconsistent?.count ?? 0;
  if (found !== s.inconsistent) return `inconsistent records: loader ${found}, strict ${s.inconsistent}`;
  return undefined;
}

function graphBytes(g: HeapGraph): number {
  let total = 0;
  for (const v of Object.values(g)) if (ArrayBuffer.isView(v)) total += v.byteLength;
  return total + g.index.byteSize;
}

for (let i = 0; i < job.cases; i++) {
  // Case i of run `seed`: case 0 is `seed` itself, so a failing case replays with CASES=1.
  const seed = (job.seed + Math.imul(i, 0x9e3779b9)) >>> 0;
  parentPort!.postMessage({ type: 'case', seed });
  const r = rng(seed);
  const base = bases[Math.floor(r() * bases.length)];
  let { bytes, applied } = corrupt(base, r);
  const gzip = r() < 0.25;
  if (gzip) {
    stats.gzip++;
    bytes = gzipSync(bytes);
    if (r() < 0.3) {
      const g = corruptGzip(bytes, r);
      bytes = g.bytes;
      applied = [...applied, g.applied];
    }
  }
  const name = `case${seed}.jsonl${gzip ? '.gz' : ''}`;
  const path = join(job.dir, name);
  writeFileSync(path, bytes);
  const strict = readStrict(bytes);
  const started = performance.now();
  let failure: string | undefined;
  try {
    const loaded = await loadDump(path);
    stats.accepted++;
    if ('problem' in strict) failure = `accepted, but the strict reader refuses it: ${strict.problem} (line ${strict.line})`;
    else {
      failure = compare(loaded.graph, strict);
      if (strict.inconsistent > 0) stats.inconsistentAccepted++;
      const limit = 64 * strict.decodedBytes + 16 * 1024 * 1024;
      if (!failure && graphBytes(loaded.graph) > limit) failure = `graph holds ${graphBytes(loaded.graph)} bytes for ${strict.decodedBytes} decoded bytes`;
      if (!failure) simulate(loaded.graph); // an accepted graph must simulate without throwing
    }
  } catch (e) {
    stats.rejected++;
    if (!(e instanceof HeapFormatError)) failure = `crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    else if (!e.message.startsWith(`${name}`)) failure = `error does not name the file: ${e.message}`;
    else if (!('problem' in strict)) failure = `refused (${e.message}), but the strict reader accepts it`;
    else if (e.line !== undefined) {
      stats.withLine++;
      if (e.line === strict.line) stats.sameLine++;
    } else if (strict.line !== undefined && !['NOT_GZIP', 'CORRUPT', 'TRUNCATED', 'EMPTY', 'IO'].includes(e.code)) {
      failure = `error names no line (${e.message}); the strict reader's problem is at line ${strict.line}`;
    }
  }
  const ms = performance.now() - started;
  stats.maxMs = Math.max(stats.maxMs, ms);
  if (!failure && ms > job.slowMs) failure = `took ${Math.round(ms)} ms`;
  if (failure) failures.push({ seed, applied, why: failure });
  else rmSync(path, { force: true });
}
parentPort!.postMessage({ type: 'done', failures: failures.slice(0, 30), failureCount: failures.length, stats });
