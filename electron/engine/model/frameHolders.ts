/**
 * The running stack as holders: the dumper's `"name"` records with a frame holder
 * ("frame handle (server.py:88) in thread MainThread", FORMAT.md) say which running function's
 * local holds an object. On 3.11 – 3.13 such a holder is outside the dump (the interpreter frame is
 * not an object), so these names are the only account of those references: `heapscope path`, the
 * inspector and root names read them through `frameSlotsOf`.
 */
import type { HeapGraph, HolderName, NodeOrdinal } from './HeapGraph.js';

/** "frame FUNCTION (FILE:LINE)[ in thread THREAD]". */
export const frameHolderPattern = /^frame (\S+) \(([^)]*)\)(?: in thread (.+))?$/;

/** The dumper's name for a value a running frame keeps on its evaluation stack (3.6 – 3.13). */
export const valueStackName = '<value stack>';

/** "local `x` of handle() (server.py:88) in thread MainThread", or undefined for another holder. */
export function frameSlotText(h: Pick<HolderName, 'holder' | 'name'>): string | undefined {
  const m = frameHolderPattern.exec(h.holder);
  if (!m) return undefined;
  const where = `${m[1]}() (${m[2]})${m[3] ? ` in thread ${m[3]}` : ''}`;
  return h.name === valueStackName ? `the value stack of ${where} (an operand of the call it is making)` : `local \`${h.name}\` of ${where}`;
}

const cache = new WeakMap<HeapGraph, Map<NodeOrdinal, string[]>>();

/** Every running-frame slot that holds `node`, as frameSlotText words: named locals first. */
export function frameSlotsOf(g: HeapGraph, node: NodeOrdinal): string[] {
  let map = cache.get(g);
  if (!map) {
    map = new Map();
    for (const h of g.holderNames) {
      const text = frameSlotText(h);
      if (text === undefined) continue;
      const list = map.get(h.node) ?? [];
      if (list.includes(text)) continue;
      const firstStack = h.name === valueStackName ? -1 : list.findIndex((t) => t.startsWith('the value stack'));
      list.splice(firstStack < 0 ? list.length : firstStack, 0, text);
      map.set(h.node, list);
    }
    cache.set(g, map);
  }
  return map.get(node) ?? [];
}
