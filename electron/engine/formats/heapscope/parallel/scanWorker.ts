/**
 * Worker-thread entry (built as out/main/scanWorker.js): scans the batches ScanPool sends, one at
 * a time, into the NodeColumns the message names, and answers with what scanBatch found. The
 * batch and the columns are shared memory; only the small string pool and line list are copied.
 */
import { parentPort } from 'node:worker_threads';
import { NodeColumns } from '../../../model/NodeColumns.js';
import { scanBatch } from './scanBatch.js';
import { StringTable } from '../../../model/StringTable.js';
import type { ScanReply, ScanRequest } from './ScanPool.js';

const port = parentPort;
if (!port) throw new Error('scanWorker.ts runs as a worker thread');

/** One string table for every batch of this thread (StringTable.reset). */
const strings = new StringTable(1 << 16);

port.postMessage('ready');
port.on('message', (m: ScanRequest) => {
  let reply: ScanReply;
  if (Atomics.compareExchange(new Int32Array(m.claim), 0, 0, 1) !== 0) {
    // The loading thread took it back to scan itself.
    port.postMessage({ id: m.id, skipped: true } satisfies ScanReply);
    return;
  }
  try {
    const cols = NodeColumns.fromBuffers(m.cols);
    const r = scanBatch(new Uint8Array(m.batch), m.start, m.end, m.headerFirst, m.maxLineBytes, cols, strings);
    reply = { id: m.id, ...r, cols: cols.buffers(), count: cols.count, edgeCount: cols.edgeCount };
  } catch (e) {
    // Out of memory here is not the user's error yet: the loading thread scans the batch itself.
    reply = { id: m.id, error: String(e) };
  }
  const transfer = 'strings' in reply ? [reply.deferred, reply.more, reply.moreEdges, reply.moreLabels, reply.strings.pool, reply.strings.offsets, reply.strings.interned].map((a) => a.buffer) : [];
  port.postMessage(reply, transfer as ArrayBuffer[]);
});
