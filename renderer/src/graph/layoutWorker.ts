/** The layout worker: positions for one neighbourhood per message, computed off the UI thread (layoutRunner.ts starts it). */
import { layoutPositions, type LayoutInput } from './layout';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ id: number; input: LayoutInput }>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = (e) => scope.postMessage({ id: e.data.id, positions: layoutPositions(e.data.input) });
