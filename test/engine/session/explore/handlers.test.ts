import { describe, expect, it } from 'vitest';
import { heap } from '../../heapDsl.js';
import { fakeSession } from './fakeSession.js';
import { Fate } from '../../../../electron/engine/gc/types.js';
import { exploreHandlers } from '../../../../electron/engine/session/explore/index.js';
import { sortByKeys } from '../../../../electron/engine/session/explore/objectsPage.js';
import { isEdgeRemoved } from '../../../../electron/engine/whatif/types.js';
import { NodeFlag } from '../../../../electron/engine/model/HeapGraph.js';

/** The article's two-object cycle under 2.7 (instances with __del__ and their dicts), plus a few live objects. */
function twoCycle() {
  const h = heap('2.7.18', {
    M: { type: 'dict', ext: 1, refs: [['L', "['items']"]], repr: 'module __main__ dict' },
    L: { type: 'list', size: 120, refs: [['S1', '[0]'], ['S2', '[1]']] },
    S1: { type: 'str', gc: false, size: 40, repr: "'hello'" },
    S2: { type: 'str', gc: false, size: 41, repr: "'world'" },
    Ia: { type: '__main__.CGcLeakA', fin: 'del', size: 72, refs: [['Da', '__dict__']] },
    Da: { type: 'dict', size: 280, refs: [['Ib', "['_b']"]] },
    Ib: { type: '__main__.CGcLeakB', fin: 'del', size: 72, refs: [['Db', '__dict__']] },
    Db: { type: 'dict', size: 280, refs: [['Ia', "['_a']"]] },
  });
  const U = Fate.Uncollectable;
  const session = fakeSession(h, {
    fates: { Ia: U, Da: U, Ib: U, Db: U },
    cycles: [['Ia', 'Da', 'Ib', 'Db']],
    garbage: ['Ia', 'Ib'],
    refate: (overlay) => {
      const broken = isEdgeRemoved(overlay, h.graph.firstOutEdge[h.id('Db')]);
      const F = Fate.FreedByRefcount;
      return broken ? { Ia: F, Da: F, Ib: F, Db: F } : { Ia: U, Da: U, Ib: U, Db: U };
    },
  });
  const addr = (name: string): number => h.graph.addresses[h.id(name)];
  return { h, session, addr };
}

describe('objectsPage', () => {
  it('pages rows sorted by size, largest first, with the total', () => {
    const { session } = twoCycle();
    const page = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 3, sort: 'size', descending: true });
    expect(page.total).toBe(8);
    expect(page.rows.map((r) => r.size)).toEqual([280, 280, 120]);
    const next = exploreHandlers.objectsPage(session, { session: 's', start: 3, count: 10, sort: 'size', descending: true });
    expect(next.rows.map((r) => r.size)).toEqual([72, 72, 56, 41, 40]);
    // Most common first; ties in the order the types first appear.
    expect(page.types).toEqual(['dict', 'str', 'list', '__main__.CGcLeakA', '__main__.CGcLeakB']);
  });

  it('filters by text in type names and reprs, by fate and by address', () => {
    const { session, addr } = twoCycle();
    const byText = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, filter: { text: 'cgcleakb' } });
    expect(byText.rows.map((r) => r.type)).toEqual(['__main__.CGcLeakB']);
    expect(byText.rows[0].kind).toBe('instance');
    const byFate = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, filter: { fate: 'uncollectable', type: 'dict' } });
    expect(byFate.total).toBe(2);
    const byAddr = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, filter: { address: `0x${addr('L').toString(16)}` } });
    expect(byAddr.rows.map((r) => r.type)).toEqual(['list']);
    const none = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, filter: { type: 'nosuchtype' } });
    expect(none.total).toBe(0);
  });

  it('finds the row of an object under the same sort and filter as the page that shows it', () => {
    const { session, addr } = twoCycle();
    for (const descending of [false, true]) {
      const order = { sort: 'size', descending } as const;
      const all = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, ...order });
      const row = exploreHandlers.objectRow(session, { session: 's', address: addr('L'), ...order });
      expect(row.total).toBe(8);
      expect(all.rows[row.index].address).toBe(addr('L'));
    }
    const dicts = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 10, filter: { type: 'dict' } });
    const inDicts = exploreHandlers.objectRow(session, { session: 's', address: dicts.rows[1].address, filter: { type: 'dict' } });
    expect(inDicts).toEqual({ index: 1, total: dicts.total });
    expect(exploreHandlers.objectRow(session, { session: 's', address: addr('L'), filter: { type: 'dict' } }).index).toBe(-1);
    expect(() => exploreHandlers.objectRow(session, { session: 's', address: 1 })).toThrow(/no object at address/);
  });

  it('sorts by fate after an edit changes fates (the cached order follows the simulation)', () => {
    const { session, h } = twoCycle();
    const first = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 1, sort: 'fate', descending: true });
    expect(first.rows[0].fate).toBe('uncollectable');
    session.whatIf.apply({ kind: 'drop-ref', source: 0, target: 0, edge: h.graph.firstOutEdge[h.id('Db')] });
    const after = exploreHandlers.objectsPage(session, { session: 's', start: 0, count: 1, sort: 'fate', descending: true });
    expect(after.rows[0].fate).toBe('freed by refcount');
  });
});

describe('sortByKeys', () => {
  it('orders like a comparator sort, with packed integer keys and with fractional or huge keys', () => {
    for (const keys of [
      Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 97),
      Float64Array.from({ length: 500 }, (_, i) => ((i * 31) % 17) + 0.5),
      Float64Array.from({ length: 300 }, (_, i) => 2 ** 50 + ((i * 13) % 29)),
    ]) {
      const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
      expect([...sortByKeys(keys, keys.length)]).toEqual(expected);
    }
  });
});

describe('inspectObject', () => {
  it('splits the refcount into references from the dump, external ones and the unaccounted gap', () => {
    const { session, addr } = twoCycle();
    const r = exploreHandlers.inspectObject(session, { session: 's', address: addr('M') });
    expect(r.object.refcount).toBe(1);
    expect(r.internal).toBe(0);
    expect(r.object.external).toBe(1);
    expect(r.unaccounted).toBe(1);
    expect(r.referents.rows.map((x) => x.label)).toEqual(["['items']"]);
    expect(r.fateExplanation).toMatch(/Alive/);
  });

  it('shows referrers with labels, the cycle and no root path for garbage', () => {
    const { session, addr } = twoCycle();
    const r = exploreHandlers.inspectObject(session, { session: 's', address: addr('Ia') });
    expect(r.referrers.rows.map((x) => [x.other.type, x.label])).toEqual([['dict', "['_a']"]]);
    expect(r.cycle?.size).toBe(4);
    expect(r.cycle?.finalizers).toBe(2);
    expect(r.cycle?.fate).toBe('uncollectable');
    expect(r.path).toBeUndefined();
    expect(r.fateExplanation).toMatch(/^Uncollectable: kept in gc.garbage because it defines __del__/);
  });

  it('finds the path from a root for an alive object', () => {
    const { session, addr } = twoCycle();
    const r = exploreHandlers.inspectObject(session, { session: 's', address: addr('S2') });
    expect(r.path?.nodes.map((n) => n.type)).toEqual(['dict', 'list', 'str']);
    expect(r.path?.labels).toEqual(["['items']", '[1]']);
    expect(r.paths).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown address', () => {
    const { session } = twoCycle();
    expect(() => exploreHandlers.inspectObject(session, { session: 's', address: 12345 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('pages referents', () => {
    const { session, addr } = twoCycle();
    const p = exploreHandlers.objectRefs(session, { session: 's', address: addr('L'), direction: 'referents', start: 1, count: 5 });
    expect(p.total).toBe(2);
    expect(p.rows.map((r) => r.label)).toEqual(['[1]']);
  });
});

describe('neighbourhood', () => {
  it('puts referrers at negative hops and referents at positive hops', () => {
    const { session, addr } = twoCycle();
    const n = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('L')], depth: 1 });
    const hops = Object.fromEntries(n.nodes.map((x) => [x.repr, x.hop]));
    expect(hops).toEqual({ 'module __main__ dict': -1, L: 0, "'hello'": 1, "'world'": 1 });
    expect(n.edges.map((e) => e.label).sort()).toEqual(["['items']", '[0]', '[1]']);
    expect(n.truncated).toBe(false);
  });

  it('caps the node count and says so; expand adds a hop around a node', () => {
    const { session, addr } = twoCycle();
    const capped = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('L')], depth: 2, maxNodes: 2 });
    expect(capped.nodes).toHaveLength(2);
    expect(capped.truncated).toBe(true);
    const small = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('Ia')], depth: 0 });
    expect(small.nodes).toHaveLength(1);
    expect(small.nodes[0].more).toBe(true);
    const expanded = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('Ia')], depth: 0, expand: [addr('Ia')] });
    expect(expanded.nodes.map((x) => x.hop).sort()).toEqual([-1, 0, 1]);
  });

  it('does not follow references removed by an edit', () => {
    const { session, addr, h } = twoCycle();
    session.whatIf.apply({ kind: 'drop-ref', source: addr('Db'), target: addr('Ia'), edge: h.graph.firstOutEdge[h.id('Db')] });
    const n = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('Ia')], depth: 1 });
    expect(n.nodes.map((x) => x.type)).toEqual(['__main__.CGcLeakA', 'dict']);
  });
});

describe('cyclesPage', () => {
  it('lists cycles with size, types, finalizers and fate', () => {
    const { session } = twoCycle();
    const p = exploreHandlers.cyclesPage(session, { session: 's', start: 0, count: 10 });
    expect(p.total).toBe(1);
    expect(p.rows[0]).toMatchObject({ size: 4, bytes: 704, finalizers: 2, fate: 'uncollectable', types: '2 × dict, 1 × __main__.CGcLeakA, 1 × __main__.CGcLeakB' });
  });

  it('lists leaks first, then collectable garbage, then alive cycles, however large they are', () => {
    const h = heap('2.7.18', {
      Big1: { type: 'dict', ext: 1, size: 9000, refs: [['Big2', "['x']"]] },
      Big2: { type: 'list', size: 9000, refs: [['Big1', '[0]']] },
      Gc1: { type: 'list', size: 100, refs: [['Gc2', '[0]']] },
      Gc2: { type: 'list', size: 100, refs: [['Gc1', '[0]']] },
      Ia: { type: '__main__.A', fin: 'del', size: 72, refs: [['Ib', '._b']] },
      Ib: { type: '__main__.B', fin: 'del', size: 72, refs: [['Ia', '._a']] },
    });
    const session = fakeSession(h, {
      fates: { Gc1: Fate.Collected, Gc2: Fate.Collected, Ia: Fate.Uncollectable, Ib: Fate.Uncollectable },
      cycles: [['Big1', 'Big2'], ['Gc1', 'Gc2'], ['Ia', 'Ib']],
    });
    const p = exploreHandlers.cyclesPage(session, { session: 's', start: 0, count: 10 });
    expect(p.rows.map((r) => r.fate)).toEqual(['uncollectable', 'collected', 'alive']);
  });
});

describe('edits', () => {
  it('breaks _b._a by edge and reports both instances and their dicts freed by refcounting; undo restores', () => {
    const { session, h } = twoCycle();
    const edge = h.graph.firstOutEdge[h.id('Db')];
    const r = exploreHandlers.applyEdit(session, { session: 's', edit: { kind: 'drop-ref', edge } });
    expect(r.delta?.freedObjects).toBe(4);
    expect(r.delta?.changed.every((c) => c.before === 'uncollectable' && c.after === 'freed by refcount')).toBe(true);
    expect(r.edits).toEqual([expect.objectContaining({ step: 0, description: expect.stringMatching(/^Breaking .*_a/) })]);
    expect(r.verdict.collect).toBe(0);
    const u = exploreHandlers.undoEdit(session, { session: 's' });
    expect(u.verdict.collect).toBe(4);
    expect(u.edits).toEqual([]);
    expect(u.redoable).toBe(1);
    const again = exploreHandlers.redoEdit(session, { session: 's' });
    expect(again.verdict.collect).toBe(0);
    const reverted = exploreHandlers.revertEdit(session, { session: 's', step: 0 });
    expect(reverted.verdict.collect).toBe(4);
  });

  it('notes when an object stays uncollectable', () => {
    const { session, addr } = twoCycle();
    const r = exploreHandlers.applyEdit(session, { session: 's', edit: { kind: 'finalizer-effect', address: addr('Ia'), effect: 'none' } });
    expect(r.delta?.notes).toContain('still uncollectable under 2.7 rules: __del__ in the cycle');
    expect(exploreHandlers.inspectObject(session, { session: 's', address: addr('Ia') }).finalizerEffect).toBe('none');
  });

  it('rejects bad edits with a code', () => {
    const { session, addr } = twoCycle();
    expect(() => exploreHandlers.applyEdit(session, { session: 's', edit: { kind: 'drop-ref', edge: 999 } })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => exploreHandlers.applyEdit(session, { session: 's', edit: { kind: 'drop-external', address: addr('Ia') } })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => exploreHandlers.revertEdit(session, { session: 's', step: 3 })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('exports the edit list as JSON and a Markdown report with the verdict before and after', () => {
    const { session, h } = twoCycle();
    exploreHandlers.applyEdit(session, { session: 's', edit: { kind: 'drop-ref', edge: h.graph.firstOutEdge[h.id('Db')] } });
    const json = exploreHandlers.exportEdits(session, { session: 's' });
    expect(json.fileName).toBe('two-cycle.edits.json');
    expect(JSON.parse(json.json).edits).toHaveLength(1);
    const report = exploreHandlers.exportReport(session, { session: 's', format: 'markdown' });
    expect(report.fileName).toBe('two-cycle.report.md');
    expect(report.text).toContain('Before edits: `gc.collect()` returns 4; `gc.garbage` holds 2.');
    expect(report.text).toMatch(/1\. Breaking .*_a.*: frees 4 objects/);
    const text = exploreHandlers.exportReport(session, { session: 's', format: 'text' });
    expect(text.text).not.toContain('`');
  });
});

describe('summaries', () => {
  it("name the object a dict is the __dict__ of", () => {
    const { session, addr } = twoCycle();
    const r = exploreHandlers.inspectObject(session, { session: 's', address: addr('Ia') });
    const dict = r.referents.rows.find((x) => x.label === '__dict__')?.other;
    expect(dict?.dictOf).toMatchObject({ address: addr('Ia'), type: '__main__.CGcLeakA' });
    expect(r.object.dictOf).toBeUndefined();
  });
});

describe('neighbourhood options', () => {
  function withClass() {
    const h = heap('3.11.7', {
      M: { type: 'dict', ext: 1, refs: [['I', "['job']"]] },
      I: { type: '__main__.Job', refs: [['D', '__dict__'], ['T', '__class__']] },
      D: { type: 'dict', refs: [['S', "['name']"]] },
      S: { type: 'str', gc: false, repr: "'nightly'" },
      T: { type: 'type', ext: 1, refs: [['Td', '__dict__'], ['Mro', '__mro__'], ['O', '__base__']] },
      Td: { type: 'dict' },
      Mro: { type: 'tuple', refs: [['T', '[0]'], ['O', '[1]']] },
      O: { type: 'type', ext: 1 },
    });
    for (const t of ['T', 'O']) h.graph.flags[h.id(t)] |= NodeFlag.IsType;
    const session = fakeSession(h, {});
    return { h, session, addr: (n: string): number => h.graph.addresses[h.id(n)] };
  }

  it('hides types and their plumbing, and counts them', () => {
    const { session, addr } = withClass();
    const all = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('I')], depth: 2 });
    expect(all.nodes.map((n) => n.address)).toContain(addr('Mro'));
    const r = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('I')], depth: 2, hideTypes: true });
    expect(r.nodes.map((n) => n.type).sort()).toEqual(['__main__.Job', 'dict', 'dict', 'str']);
    expect(r.hiddenTypes).toBe(1); // the type; what only it refers to is never reached
    expect(r.nodes.find((n) => n.address === addr('I'))?.more).toBe(false);
  });

  it('follows one side only', () => {
    const { session, addr } = withClass();
    const up = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('D')], depth: 3, direction: 'referrers', hideTypes: true });
    expect(up.nodes.every((n) => n.hop <= 0)).toBe(true);
    expect(up.nodes.map((n) => n.address)).toContain(addr('M'));
    const down = exploreHandlers.neighbourhood(session, { session: 's', addresses: [addr('I')], depth: 3, direction: 'referents', hideTypes: true });
    expect(down.nodes.every((n) => n.hop >= 0)).toBe(true);
    expect(down.nodes.map((n) => n.address)).toContain(addr('S'));
  });
});
