import { describe, expect, it } from 'vitest';
import { createLayoutRunner, inPlaceDagreMaxNodes } from '../../../renderer/src/graph/layoutRunner';
import { layoutInput, layoutPositions, type LayoutInput } from '../../../renderer/src/graph/layout';
import { hopColumns } from '../../../renderer/src/graph/hopColumns';
import { starNeighbourhood, twoCycleGraph } from './fixtures';

const now = (): Promise<void> => Promise.resolve();

/** A stand-in for the layout worker: answers with a marker, or fails the way a real one can. */
function fakeWorker(behaviour: 'answer' | 'error' | 'messageerror' | 'silent') {
  const w = {
    posted: [] as { id: number; input: LayoutInput }[],
    terminated: false,
    onmessage: null as ((e: MessageEvent) => void) | null,
    onerror: null as ((e: { message?: string; preventDefault(): void }) => void) | null,
    onmessageerror: null as (() => void) | null,
    postMessage(m: { id: number; input: LayoutInput }) {
      w.posted.push(m);
      queueMicrotask(() => {
        if (behaviour === 'answer') w.onmessage?.({ data: { id: m.id, positions: { marker: { x: m.id, y: 0 } } } } as MessageEvent);
        // A module worker whose script did not load fires an error event without a message.
        else if (behaviour === 'error') w.onerror?.({ preventDefault() {} });
        else if (behaviour === 'messageerror') w.onmessageerror?.();
      });
    },
    terminate() {
      w.terminated = true;
    },
  };
  return w;
}

describe('layout runner', () => {
  const input = layoutInput(twoCycleGraph());
  const expected = layoutPositions(input);

  it('lays out in a worker and answers each request with its own positions', async () => {
    const worker = fakeWorker('answer');
    const runner = createLayoutRunner(() => worker as unknown as Worker, now);
    const [a, b] = await Promise.all([runner.run(input), runner.run(input)]);
    expect(worker.posted).toHaveLength(2);
    expect([a.marker.x, b.marker.x]).toEqual([0, 1]);
    expect(runner.fallbackReason).toBeNull();
  });

  it('computes in place, and says why, when no worker can start', async () => {
    const refused = createLayoutRunner(() => {
      throw new DOMException("Failed to construct 'Worker': refused by the Content Security Policy", 'SecurityError');
    }, now);
    expect(await refused.run(input)).toEqual(expected);
    expect(refused.fallbackReason).toMatch(/could not start: .*Content Security Policy/);
    const none = createLayoutRunner(null, now);
    expect(await none.run(input)).toEqual(expected);
    expect(none.fallbackReason).toBe('no Web Worker in this page');
  });

  it('answers what a failing worker owed in place, ends it, and does not use it again', async () => {
    for (const how of ['error', 'messageerror'] as const) {
      const worker = fakeWorker(how);
      let made = 0;
      const runner = createLayoutRunner(() => (made++, worker as unknown as Worker), now);
      expect(await Promise.all([runner.run(input), runner.run(input)])).toEqual([expected, expected]);
      expect(worker.terminated).toBe(true);
      expect(runner.fallbackReason).toMatch(how === 'error' ? /worker failed: its script did not load/ : /could not be read back/);
      expect(await runner.run(input)).toEqual(expected);
      expect(made).toBe(1);
      expect(worker.posted).toHaveLength(2);
    }
  });

  it('on the UI thread, keeps dagre to small neighbourhoods and lays out larger ones by hop columns', async () => {
    const big = layoutInput(starNeighbourhood(inPlaceDagreMaxNodes + 10));
    const positions = await createLayoutRunner(null, now).run(big);
    expect(positions).toEqual(Object.fromEntries(hopColumns(big.nodes, big.edges, 220, 85)));
    // The worker would have used dagre for it.
    expect(layoutPositions(big)).not.toEqual(positions);
  });

  it('waits for its turn before computing in place (not inside the task that asked)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let done = false;
    const result = createLayoutRunner(null, () => gate)
      .run(input)
      .then((p) => ((done = true), p));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    expect(await result).toEqual(expected);
  });
});
