/**
 * Suspects benchmark (issue 13): on the real 1M-instance dump (~2M objects, fixtures.ts), times the
 * passes behind the Suspects panel and the Merged paths view once the session has its simulation and
 * dominator tree: the Python context, the root tree, findSuspects, and merged paths for the top
 * suspect's objects and for all 1,000,000 instances of the type. Target: suspects + merged paths
 * <= 1 s. Wall-clock and CPU time are printed (the two cores are shared), never asserted.
 */
import type { BenchContext } from './run.js';
import { ensureMillionDump } from './fixtures.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { computeDominators } from '../../electron/engine/analysis/dominators.js';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import { pythonContext } from '../../electron/engine/analysis/suspects/pythonContext.js';
import { rootTree } from '../../electron/engine/analysis/suspects/rootTree.js';
import { findSuspects } from '../../electron/engine/analysis/suspects/findSuspects.js';
import { mergedPaths } from '../../electron/engine/analysis/suspects/mergedPaths.js';
import { resolveType } from '../../electron/engine/analysis/suspects/typeNames.js';

function time<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [value, ms, (c.user + c.system) / 1000];
}

export default async function (ctx: BenchContext): Promise<void> {
  const file = await ensureMillionDump(ctx.workDir);
  const { graph } = await loadDump(file);
  ctx.report('objects', graph.nodeCount);
  ctx.report('references', graph.edgeCount);
  const dominators = computeDominators(graph);
  const simulation = simulate(graph, { rules: rulesForVersion(graph.header.python) });
  for (const run of ['cold', 'warm']) {
    const [context, ctxMs, ctxCpu] = time(() => pythonContext(graph));
    const [tree, treeMs, treeCpu] = time(() => rootTree(graph));
    const [suspects, susMs, susCpu] = time(() => findSuspects({ graph, dominators, simulation, context, tree }));
    const top = suspects[0];
    const [topPaths, topMs, topCpu] = time(() => mergedPaths(context, tree, dominators, top ? top.held : []));
    const small = resolveType(graph, '__main__.Small');
    const nodes = 'error' in small ? new Uint32Array(0) : small.nodes;
    const [typePaths, typeMs, typeCpu] = time(() => mergedPaths(context, tree, dominators, nodes));
    ctx.report(`${run}: python context`, `${ctxMs.toFixed(0)} ms (cpu ${ctxCpu.toFixed(0)} ms)`);
    ctx.report(`${run}: root tree`, `${treeMs.toFixed(0)} ms (cpu ${treeCpu.toFixed(0)} ms)`);
    ctx.report(`${run}: findSuspects`, `${susMs.toFixed(0)} ms (cpu ${susCpu.toFixed(0)} ms), ${suspects.length} suspects`);
    ctx.report(`${run}: merged paths, top suspect`, `${topMs.toFixed(0)} ms (cpu ${topCpu.toFixed(0)} ms), ${topPaths.members} objects, ${topPaths.branches.length} branches`);
    ctx.report(`${run}: merged paths, ${nodes.length} × __main__.Small`, `${typeMs.toFixed(0)} ms (cpu ${typeCpu.toFixed(0)} ms), ${typePaths.branches.length} branches`);
    ctx.report(`${run}: total (context + tree + suspects + top paths)`, `${(ctxMs + treeMs + susMs + topMs).toFixed(0)} ms`);
    if (run === 'cold' && top) ctx.report('top suspect', `${top.kind} ${top.path}: ${top.reason}`);
  }
}
