/** The seed article's two-instance heap on 2.7 (instances 64 bytes, dicts 40), with names _a and _b. */
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { Finalizer, type HeapGraph, NodeFlag } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';

export const IA = 0x1000;
export const DA = 0x1010;
export const IB = 0x1020;
export const DB = 0x1030;

export function articleHeap(version = '2.7.18'): HeapGraph {
  const b = new HeapGraphBuilder();
  const gc = NodeFlag.Gc | NodeFlag.Tracked;
  const inst = (address: number, dict: number, type: string) =>
    b.addNode({ address, type, size: 64, flags: gc, refcount: 2, external: 1, finalizer: Finalizer.Del, edges: [dict], labels: ['__dict__'] });
  inst(IA, DA, '__main__.CGcLeakA');
  b.addNode({ address: DA, type: 'dict', size: 40, flags: gc, refcount: 1, external: 0, edges: [IB], labels: ["['_b']"] });
  inst(IB, DB, '__main__.CGcLeakB');
  b.addNode({ address: DB, type: 'dict', size: 40, flags: gc, refcount: 1, external: 0, edges: [IA], labels: ["['_a']"] });
  b.addHolderName(IA, 'frame make_circle_ref', '_a');
  b.addHolderName(IB, 'frame make_circle_ref', '_b');
  return b.finish(syntheticHeader(version));
}
