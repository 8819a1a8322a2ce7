/**
 * Known retention shapes: what kind of leak an accumulation point is, and the sentence that says
 * why. Each shape is recognised from the graph alone, never from the program's names:
 *   - cache:     the owner is a `functools.lru_cache` wrapper; its keys hold the objects (with a
 *                method's wrapper found in a class, the keys hold that class's instances: `self`);
 *   - registry:  the items are bound methods (callbacks keep their `__self__`), threads
 *                (subclasses of threading.Thread, finished ones counted where the dump tells) or
 *                asyncio Tasks;
 *   - traceback: the items keep traceback objects (a logging handler's records with exc_info, a
 *                list of caught exceptions): their frames keep every local alive;
 *   - accumulation otherwise.
 * Start at `classifyAccumulation`.
 */
import type { DominatorTree } from '../types.js';
import type { Accumulation } from './accumulation.js';
import { countOf, formatBytes } from './format.js';
import { derivesFrom, edgeNamed, frameName, type PythonContext, unquote } from './pythonContext.js';

export interface Shape {
  kind: string;
  reason: string;
}

const reprOf = (ctx: PythonContext, n: number): string => ctx.graph.strings.get(ctx.graph.reprIds[n]);
const typeOf = (ctx: PythonContext, n: number): string => ctx.graph.strings.get(ctx.graph.typeIds[n]);

/** The target of the first of `names` that labels an out-edge of `node`, or −1. */
function follow(ctx: PythonContext, node: number, ...names: string[]): number {
  for (const name of names) {
    const e = edgeNamed(ctx.graph, node, name);
    if (e >= 0) return ctx.graph.edgeTargets[e];
  }
  return -1;
}

/**
 * Traceback objects the item keeps alive by itself: a breadth-first walk down its dominator
 * subtree (only edges to objects it dominates), at most `budget` objects. Returns the frame
 * names found, or null when there is no traceback.
 */
export function tracebacksUnder(ctx: PythonContext, dom: DominatorTree, item: number, budget = 200): string[] | null {
  const g = ctx.graph;
  const queue = [item];
  const seen = new Set(queue);
  const frames: string[] = [];
  let found = false;
  for (let i = 0; i < queue.length && queue.length < budget; i++) {
    const v = queue[i];
    const t = g.typeIds[v];
    if (t === ctx.ids.traceback) found = true;
    if (t === ctx.ids.frame) {
      const name = frameName(ctx, v);
      if (name && !frames.includes(name)) frames.push(name);
      if (found) continue;
    }
    for (let e = g.firstOutEdge[v], end = g.firstOutEdge[v + 1]; e < end; e++) {
      const w = g.edgeTargets[e];
      if (dom.idom[w] === v && !seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return found ? frames : null;
}

function selfOfMethod(ctx: PythonContext, method: number): number {
  return follow(ctx, method, '__self__', 'im_self');
}

/** "finished" when the thread object says so (2.7 and 3.x up to 3.12 keep an `_is_stopped` flag). */
function threadFinished(ctx: PythonContext, thread: number): boolean | undefined {
  let holder = thread;
  const d = follow(ctx, thread, '__dict__');
  if (d >= 0) holder = d;
  const flag = follow(ctx, holder, '._is_stopped', "['_is_stopped']", "['_Thread__stopped']");
  if (flag < 0) return undefined;
  return reprOf(ctx, flag) === 'True';
}

/**
 * Kind and reason of an accumulation. `where` is the owner's path; `holders` its nearest
 * ancestors on that path (parent first), to recognise a logging handler's list of records.
 */
export function classifyAccumulation(ctx: PythonContext, dom: DominatorTree, acc: Accumulation, where: string, holders: number[]): Shape {
  const g = ctx.graph;
  const top = acc.holds[0];
  const items = acc.held;
  const sample = items.length > 0 ? items[0] : -1;
  const bytes = formatBytes(acc.heldBytes);
  const ownerType = typeOf(ctx, acc.owner);
  const topType = top.type;
  const many = `${top.count.toLocaleString('en-US')} × ${topType}`;

  // A bounded cache is found at its wrapper; an unbounded one (maxsize=None, functools.cache)
  // keeps its keys in a plain dict the wrapper holds, and is found at that dict.
  const wrapper = ownerType === 'functools._lru_cache_wrapper' ? acc.owner : ownerType === 'dict' && holders.length > 0 && typeOf(ctx, holders[0]) === 'functools._lru_cache_wrapper' ? holders[0] : -1;
  if (wrapper >= 0) {
    let func = -1;
    for (let e = g.firstOutEdge[wrapper], end = g.firstOutEdge[wrapper + 1]; e < end && func < 0; e++) {
      if (g.typeIds[g.edgeTargets[e]] === ctx.ids.function) func = g.edgeTargets[e];
    }
    const at = wrapper === acc.owner ? where : where.replace(/ → dict$/, '');
    const name = (func >= 0 ? unquote(reprOf(ctx, func)) : '') || at;
    const inClass = at.split('.').slice(-2, -1)[0];
    const self = inClass && topType.endsWith(`.${inClass}`) ? ' (the method’s self)' : '';
    return { kind: 'cache', reason: `functools.lru_cache ${name} keeps its keys, which hold ${many}${self} and ${bytes}` };
  }
  if (g.typeIds[sample] === ctx.ids.method) {
    const selves = new Map<string, number>();
    for (const m of items) {
      const s = selfOfMethod(ctx, m);
      if (s >= 0) selves.set(typeOf(ctx, s), (selves.get(typeOf(ctx, s)) ?? 0) + 1);
    }
    const func = follow(ctx, sample, '__func__', 'im_func');
    const fname = func >= 0 ? unquote(reprOf(ctx, func)) : '';
    const kept = [...selves].map(([t, c]) => `${c.toLocaleString('en-US')} × ${t}`).join(', ');
    return { kind: 'registry', reason: `${countOf(top.count, 'bound method')}${fname ? ` (${fname})` : ''} registered as callbacks keep ${kept || 'their objects'} alive through __self__, ${bytes} in all` };
  }
  if (derivesFrom(ctx, topType, 'threading.Thread')) {
    let finished = 0;
    let known = false;
    for (const t of items) {
      const f = threadFinished(ctx, t);
      if (f !== undefined) known = true;
      if (f) finished++;
    }
    const state = known ? `, ${finished.toLocaleString('en-US')} of them finished,` : '';
    return { kind: 'registry', reason: `${many} threads${state} are kept in a container after they ran, holding ${bytes}` };
  }
  if (/(^|\.)(Task|Future)$/.test(topType) && (topType.startsWith('_asyncio.') || derivesFrom(ctx, topType, '_asyncio.Task') || derivesFrom(ctx, topType, 'asyncio.tasks.Task'))) {
    return { kind: 'registry', reason: `${many} are kept in a container (a done task keeps its result and coroutine until it is dropped), ${bytes} in all` };
  }
  const via = acc.level === 2 ? `, one level down in ${countOf(acc.via, 'container')}` : '';
  const handler = holders.find((h) => derivesFrom(ctx, typeOf(ctx, h), 'logging.Handler'));
  const by = handler === undefined ? `${ownerType} holds` : `the logging handler ${typeOf(ctx, handler)} keeps`;
  if (sample >= 0) {
    const frames = tracebacksUnder(ctx, dom, sample);
    if (frames) {
      const fnames = frames.length > 0 ? ` of ${frames.slice(0, 3).join(', ')}` : '';
      return { kind: 'traceback', reason: `${by} ${many}${via} with tracebacks whose frames${fnames} keep their locals alive: ${bytes} held` };
    }
  }
  return { kind: 'accumulation', reason: `${by} ${many}${via}, which retain ${bytes}` };
}
