/**
 * The exported report: the verdict before and after the edits, each edit with its effect, the
 * uncollectable objects and the largest cycles — in Markdown or plain text. Capped lists, so a
 * report of a huge dump stays readable.
 */
import type { SessionContext } from '../context.js';
import { cyclesPage } from './cycles.js';
import { describeEdit, describeNode, verdictOf } from './edits.js';
import { fateName } from './summary.js';
import { bytesText } from '../../whatif/describeDelta.js';

export function exportReport(session: SessionContext, req: { format: 'markdown' | 'text' }): { fileName: string; text: string } {
  const md = req.format !== 'text';
  const g = session.graph;
  const h = (level: number, title: string): string => (md ? `${'#'.repeat(level)} ${title}` : `${title}\n${(level === 1 ? '=' : '-').repeat(title.length)}`);
  const item = (s: string): string => `${md ? '-' : '*'} ${s}`;
  const code = (s: string): string => (md ? `\`${s}\`` : s);
  const before = verdictOf(session.baseline());
  const after = verdictOf(session.simulation());
  const lines: string[] = [];
  const name = session.dumpPath.split(/[\\/]/).pop() ?? session.dumpPath;
  lines.push(h(1, `heapscope report: ${name}`), '');
  lines.push(`Python ${g.header.python.version}, ${g.nodeCount} objects, simulated under ${after.rules} rules${after.saveAll ? ' with DEBUG_SAVEALL' : ''}.`, '');
  lines.push(h(2, 'Verdict'), '');
  lines.push(item(`Before edits: ${code('gc.collect()')} returns ${before.collect}; ${code('gc.garbage')} holds ${before.garbage}.`));
  lines.push(item(`After edits: ${code('gc.collect()')} returns ${after.collect}; ${code('gc.garbage')} holds ${after.garbage}; ${after.freedByRefcount} freed by reference counting.`));
  lines.push('');
  const steps = session.whatIf?.steps() ?? [];
  lines.push(h(2, `Edits (${steps.length})`), '');
  if (steps.length === 0) lines.push('No edits.');
  // The step's summary opens with the edit's own phrase ("Breaking recent.records frees …"): once is enough.
  steps.forEach((s, i) => {
    const what = describeEdit(session, s.edit);
    lines.push(`${i + 1}. ${s.delta.summary.startsWith(what) ? s.delta.summary : `${what}: ${s.delta.summary}`}`);
  });
  lines.push('');
  const sim = session.simulation();
  lines.push(h(2, `Uncollectable objects (${sim.uncollectable.length})`), '');
  if (sim.uncollectable.length === 0) lines.push('None.');
  for (const n of sim.uncollectable.slice(0, 50)) lines.push(item(`${describeNode(session, n)} (${bytesText(g.sizes[n])}, ${fateName(sim.fates[n])})`));
  if (sim.uncollectable.length > 50) lines.push(item(`… and ${sim.uncollectable.length - 50} more`));
  lines.push('');
  const cycles = cyclesPage(session, { session: '', start: 0, count: 10 });
  lines.push(h(2, `Cycles, leaks first (${cycles.total})`), '');
  if (cycles.total === 0) lines.push('None.');
  for (const c of cycles.rows) lines.push(item(`${c.size} objects, ${bytesText(c.retained)} retained: ${c.types}; ${c.finalizers} with finalizers; ${c.fate}`));
  lines.push('');
  for (const a of sim.assumptions) lines.push(`Note: ${a}`);
  const base = name.replace(/\.jsonl(\.gz)?$/, '') || 'heap';
  return { fileName: `${base}.report.${md ? 'md' : 'txt'}`, text: lines.join('\n') + '\n' };
}
