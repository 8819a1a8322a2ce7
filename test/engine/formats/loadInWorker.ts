/**
 * Worker entry for loadDump.test.ts: loads workerData.path with loadDump inside a worker_thread
 * (no Electron, no DOM) and posts back counts, progress phases, or the HeapFormatError's code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDump, isHeapFormatError } from '../../../electron/engine/formats/index.js';

const { path } = workerData as { path: string };
const phases = new Set<string>();
try {
  const d = await loadDump(path, { onProgress: (p) => phases.add(p.phase) });
  parentPort!.postMessage({ nodes: d.graph.nodeCount, edges: d.graph.edgeCount, hash: d.contentHash, phases: [...phases] });
} catch (e) {
  parentPort!.postMessage({ error: isHeapFormatError(e) ? e.code : String(e) });
}
