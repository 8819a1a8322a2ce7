/**
 * EngineSession: the overview in the article's terms, rule switching, dispatch to the explore
 * handlers, errors as values, and what-if histories saved and restored by content hash.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heap } from '../engine/heapDsl';
import { EngineSession } from '../../electron/engine/session/EngineSession';
import { HistoryStore } from '../../electron/engine/session/HistoryStore';
import type { Overview } from '../../shared/api';

/** The article's two instances referencing each other through their __dict__s, both with __del__. */
function twoCycle(python = '2.7.18') {
  return heap(python, {
    A: { type: '__main__.CGcLeakA', fin: 'del', refs: [['Da', '__dict__']] },
    Da: { type: 'dict', refs: [['B', "['_b']"]] },
    B: { type: '__main__.CGcLeakB', fin: 'del', refs: [['Db', '__dict__']] },
    Db: { type: 'dict', refs: [['A', "['_a']"]] },
    M: { type: 'module', ext: 1, refs: [['Mod', '__dict__']] },
    Mod: { type: 'dict' },
  });
}

const hash = 'ab'.repeat(32);

function session(python = '2.7.18', histories?: HistoryStore) {
  const h = twoCycle(python);
  return { h, s: new EngineSession({ graph: h.graph, dumpPath: '/tmp/two-cycle.jsonl', bytes: 1000, contentHash: hash, format: 'heapscope', histories }) };
}

function overviewOf(s: EngineSession): Overview {
  const r = s.handle('overview', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Overview;
}

describe('EngineSession', () => {
  it('gives the article verdict for the 2.7 two-cycle: 4 unreachable, 2 in gc.garbage', () => {
    const { s } = session();
    const o = overviewOf(s);
    expect(o.rules).toBe('2.7');
    expect(o.verdict).toEqual({ collect: 4, garbage: 2, sentence: 'gc.collect() would find 4 unreachable objects; gc.garbage would hold 2' });
    expect(o.byFate.find((f) => f.fate === 'uncollectable')?.count).toBe(4);
    expect(o.largestCycles[0]).toMatchObject({ size: 4, finalizers: 2, fate: 'uncollectable' });
    expect(o.pinning.map((p) => p.object.type).sort()).toEqual(['__main__.CGcLeakA', '__main__.CGcLeakB']);
    expect(o.pinning.every((p) => p.inGarbage && p.finalizer === 'del')).toBe(true);
    expect(o.totals.objects).toBe(6);
  });

  it('switches rules: 3.9 collects all 4 and leaves gc.garbage empty; DEBUG_SAVEALL keeps all 4', () => {
    const { s } = session();
    const r39 = s.handle('setRules', { rules: '3.9', saveAll: false });
    expect(r39.ok && (r39.value as Overview).verdict).toMatchObject({ collect: 4, garbage: 0 });
    const saveAll = s.handle('setRules', { rules: '3.9', saveAll: true });
    expect(saveAll.ok && (saveAll.value as Overview).verdict).toMatchObject({ collect: 4, garbage: 4 });
    expect(overviewOf(s).saveAll).toBe(true);
  });

  it('counts types by retained bytes without counting nested objects of one type twice', () => {
    const { s } = session();
    const dict = overviewOf(s).topTypesByRetained.find((t) => t.type === 'dict');
    // Da dominates B and Db; Db must not be added again on top of Da's subtree.
    expect(dict?.retainedBytes).toBeLessThanOrEqual(overviewOf(s).totals.bytes);
  });

  it('answers unknown methods and bad explore requests with error values, never throws', () => {
    const { s } = session();
    expect(s.handle('nope', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const bad = s.handle('inspectObject', { address: 12345 });
    expect(bad.ok).toBe(false);
  });

  it('dispatches explore methods to the explore handlers', () => {
    const { s } = session();
    const page = s.handle('objectsPage', { start: 0, count: 10 });
    expect(page.ok).toBe(true);
    expect((page as { value: { total: number } }).value.total).toBe(6);
  });

  it('saves what-if edits by content hash and restores them when the same dump is reopened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-hist-'));
    const store = new HistoryStore(dir);
    const first = session('2.7.18', store);
    const address = (name: string) => first.h.graph.addresses[first.h.id(name)];
    const delta = first.s.whatIf.apply({ kind: 'drop-ref', source: address('Db'), target: address('A') });
    expect(delta.freedObjects).toBe(4);
    expect(overviewOf(first.s).verdict).toMatchObject({ collect: 0, garbage: 0 });
    expect(first.s.unexportedEdits).toBe(1);
    const again = session('2.7.18', store);
    expect(again.s.info.restoredEdits).toBe(1);
    expect(overviewOf(again.s).verdict).toMatchObject({ collect: 0, garbage: 0 });
    expect(again.s.unexportedEdits).toBe(0);
    // Undo back to nothing removes the saved file's edits.
    again.s.whatIf.undo();
    expect(overviewOf(again.s).verdict).toMatchObject({ collect: 4, garbage: 2 });
    expect(session('2.7.18', store).s.info.restoredEdits).toBe(0);
  });

  it('clears the unexported count when the edits are exported', () => {
    const { s, h } = session();
    s.whatIf.apply({ kind: 'drop-external', address: h.graph.addresses[h.id('M')], count: 1 });
    expect(s.unexportedEdits).toBe(1);
    expect(s.handle('exportEdits', {}).ok).toBe(true);
    expect(s.unexportedEdits).toBe(0);
  });

  it('counts no unexported edit after an edit and its undo, and only the new ones after an export', () => {
    const { s, h } = session();
    const M = h.graph.addresses[h.id('M')];
    s.whatIf.apply({ kind: 'drop-external', address: M, count: 1 });
    s.whatIf.undo();
    expect(s.unexportedEdits).toBe(0);
    s.whatIf.apply({ kind: 'drop-external', address: M, count: 1 });
    expect(s.handle('exportEdits', {}).ok).toBe(true);
    s.whatIf.apply({ kind: 'clear', address: M });
    expect(s.unexportedEdits).toBe(1);
    s.whatIf.undo();
    expect(s.unexportedEdits).toBe(0);
  });
});
