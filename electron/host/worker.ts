/** Worker-thread entry hosting one EngineSession per open dump (filled in by the host). */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (message: { id: number; method: string }) => {
  parentPort?.postMessage({ id: message.id, ok: false, error: { code: 'BAD_REQUEST', message: `unknown method ${message.method}` } });
});
