/**
 * The leak-finding API methods of a real EngineSession on a hand-built heap: suspects (and the
 * Overview's headline), merged paths by type and by suspect, the class summary, the dominator tree
 * one level at a time and the retainers tree; an edit that breaks the leak makes the suspect go.
 */
import { describe, expect, it } from 'vitest';
import { heap, type DslNode } from '../../heapDsl.js';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import { sessionRootTree } from '../../../../electron/engine/session/explore/suspects.js';
import type { ApiResult } from '../../../../shared/api.js';
import type {
  ClassSummaryResponse,
  DominatorChildrenResponse,
  MergedPathsResponse,
  RetainersResponse,
  SuspectsSummaryDto,
} from '../../../../shared/suspectsApi.js';

const KiB = 1024;

function session() {
  const recs: Record<string, DslNode> = {};
  const refs: [string, string][] = [];
  for (let i = 0; i < 12; i++) {
    recs[`R${i}`] = { type: '__main__.Record', size: 8 * KiB };
    refs.push([`R${i}`, `[${i}]`]);
  }
  const h = heap('3.11.7', {
    SYSMOD: { type: 'dict', ext: 1, refs: [['MAIN', "['__main__']"], ['SYS', "['sys']"]] },
    SYS: { type: 'module', repr: 'sys', refs: [['SYSD', '__dict__']] },
    SYSD: { type: 'dict', refs: [['SYSMOD', "['modules']"]] },
    MAIN: { type: 'module', repr: '__main__', refs: [['MD', '__dict__']] },
    MD: { type: 'dict', refs: [['L', "['recent']"], ['R0', "['first']"]] },
    L: { type: 'list', refs },
    ...recs,
  });
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/leak.jsonl', bytes: 1000, contentHash: 'h', format: 'heapscope' });
  return { h, s };
}

function value<T>(r: ApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('suspects API', () => {
  it('lists the suspect with its owner address and puts the headline on the Overview', () => {
    const { h, s } = session();
    const sum = value<SuspectsSummaryDto>(s.handle('suspects', {}));
    expect(sum.total).toBe(1);
    expect(sum.suspects[0]).toMatchObject({ index: 0, owner: h.graph.addresses[h.id('L')], ownerType: 'list', path: "sys.modules['__main__'].recent", kind: 'accumulation' });
    expect(sum.sentence).toMatch(/^nothing is uncollectable; 1 leak suspect retains 88\.1 KiB/);
    expect(s.overview().suspects?.sentence).toBe(sum.sentence);
  });

  it('lets the root tree\'s BFS order go once the suspects are found; paths and the suspects stay', () => {
    const { s } = session();
    expect(sessionRootTree(s).tree.order.length).toBeGreaterThan(0);
    const first = value<SuspectsSummaryDto>(s.handle('suspects', {}));
    expect(sessionRootTree(s).tree.order.length).toBe(0);
    expect(value<SuspectsSummaryDto>(s.handle('suspects', {}))).toEqual(first);
    expect(value<MergedPathsResponse>(s.handle('mergedPaths', { type: 'Record' })).members).toBe(12);
  });

  it('merges paths by type and by suspect', () => {
    const { s } = session();
    const byType = value<MergedPathsResponse>(s.handle('mergedPaths', { type: 'Record' }));
    expect(byType.members).toBe(12);
    expect(byType.branches.map((b) => b.text)).toEqual([
      "11 × __main__.Record ← list[*] ← module __main__.recent ← sys.modules['__main__']",
      "1 × __main__.Record ← module __main__.first ← sys.modules['__main__']",
    ]);
    const bySuspect = value<MergedPathsResponse>(s.handle('mergedPaths', { suspect: 0 }));
    expect(bySuspect.members).toBe(12);
    expect(s.handle('mergedPaths', { suspect: 7 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(s.handle('mergedPaths', { type: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('pages the class summary, the dominator tree and the retainers', () => {
    const { h, s } = session();
    const classes = value<ClassSummaryResponse>(s.handle('classSummary', { start: 0, count: 2 }));
    expect(classes.rows[0]).toMatchObject({ type: 'dict', count: 3 });
    expect(value<ClassSummaryResponse>(s.handle('classSummary', { start: 0, count: 10, filter: 'record' })).rows).toEqual([
      { type: '__main__.Record', count: 12, bytes: 96 * KiB, retainedBytes: 96 * KiB },
    ]);
    const top = value<DominatorChildrenResponse>(s.handle('dominatorChildren', { start: 0, count: 10 }));
    expect(top.rows[0].object.type).toBe('dict');
    const list = value<DominatorChildrenResponse>(s.handle('dominatorChildren', { address: h.graph.addresses[h.id('L')], start: 0, count: 5 }));
    expect(list.total).toBe(11);
    expect(list.rows).toHaveLength(5);
    const ret = value<RetainersResponse>(s.handle('retainers', { address: h.graph.addresses[h.id('R0')], start: 0, count: 10 }));
    expect(ret.distance).toBe(3);
    expect(ret.rows.map((r) => [r.label, r.distance])).toEqual([
      ["['first']", 2],
      ['[0]', 3],
    ]);
  });

  it('re-derives the garbage suspects under other rules and keeps the live ones', () => {
    const h = heap('2.7.18', {
      SYSMOD: { type: 'dict', ext: 1, refs: [['MAIN', "['__main__']"]] },
      MAIN: { type: 'module', repr: '__main__', refs: [['MD', '__dict__']] },
      MD: { type: 'dict', refs: [['BLOB', "['blob']"]] },
      BLOB: { type: '__main__.Blob', size: 400 * KiB },
      A: { type: '__main__.A', fin: 'del', size: 40 * KiB, refs: ['B'] },
      B: { type: '__main__.B', size: 40 * KiB, refs: ['A'] },
    });
    const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/del.jsonl', bytes: 1000, contentHash: 'h', format: 'heapscope' });
    const kinds = (): string[] => value<SuspectsSummaryDto>(s.handle('suspects', {})).suspects.map((x) => x.kind);
    expect(kinds()).toEqual(['big-retainer', 'uncollectable']);
    s.setRules('3.9', false);
    expect(kinds()).toEqual(['big-retainer', 'pending-garbage']);
    expect(value<SuspectsSummaryDto>(s.handle('suspects', {})).sentence).toMatch(/^nothing is uncollectable; 2 leak suspects retain/);
  });

  it('drops the suspect once an edit breaks the list away', () => {
    const { h, s } = session();
    expect(value<SuspectsSummaryDto>(s.handle('suspects', {})).total).toBe(1);
    value(s.handle('applyEdit', { edit: { kind: 'drop-ref', source: h.graph.addresses[h.id('MD')], target: h.graph.addresses[h.id('L')] } }));
    const after = value<SuspectsSummaryDto>(s.handle('suspects', {}));
    expect(after.suspects.filter((x) => x.kind === 'accumulation')).toEqual([]);
  });
});
