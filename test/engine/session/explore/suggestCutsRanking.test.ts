/**
 * "Which references must I break?" ranks cuts by what Python code can do and offers the container
 * that holds an object (RecentErrorsHandler.records) before the one-object cut, naming it.
 */
import { describe, expect, it } from 'vitest';
import { heap } from '../../heapDsl.js';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import type { ApiResult } from '../../../../shared/api.js';
import type { CutSuggestion, EditResponse } from '../../../../shared/exploreApi.js';
import type { HolderName } from '../../../../electron/engine/model/HeapGraph.js';

function sessionOf(h: ReturnType<typeof heap>, names: Record<string, string> = {}) {
  for (const [node, name] of Object.entries(names)) (h.graph.holderNames as HolderName[]).push({ node: h.id(node), holder: '__main__', name });
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/jobs.jsonl', bytes: 1000, contentHash: 'h', format: 'heapscope' });
  const call = <T>(method: string, req: object): T => {
    const r = s.handle(method, { session: 'abcd1234', ...req }) as ApiResult<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  return { call, addr: (name: string): number => h.graph.addresses[h.id(name)] };
}

describe('suggestCuts ranking', () => {
  it('puts the attribute cuts of a leaked cycle before the __dict__ ones no code can make', () => {
    const h = heap('2.7.18', {
      Ia: { type: '__main__.A', fin: 'del', size: 72, refs: [['Da', '__dict__']] },
      Da: { type: 'dict', size: 280, refs: [['Ib', "['_b']"]] },
      Ib: { type: '__main__.B', fin: 'del', size: 72, refs: [['Db', '__dict__']] },
      Db: { type: 'dict', size: 280, refs: [['Ia', "['_a']"]] },
    });
    const { call, addr } = sessionOf(h);
    const r = call<{ suggestions: CutSuggestion[] }>('suggestCuts', { address: addr('Ib') });
    expect(r.suggestions.map((s) => s.action)).toEqual(['attribute', 'attribute', 'internal', 'internal']);
    expect(r.suggestions.map((s) => s.edges[0].label).slice(0, 2).sort()).toEqual(["['_a']", "['_b']"]);
    expect(r.suggestions[3].summary).toContain('no Python code can remove this reference');
  });

  it("offers the records list of a shared handler, named, before the one-record cut", () => {
    const h = heap('3.11.7', {
      M: { type: 'dict', ext: 1, size: 1000, refs: [['H', "['recent']"]] },
      H: { type: '__main__.RecentErrorsHandler', refs: [['Hd', '__dict__']] },
      Hd: { type: 'dict', refs: [['R', "['records']"]] },
      R: { type: 'list', refs: [['L0', '[0]'], ['L1', '[1]'], ['L2', '[2]']] },
      L0: { type: 'logging.LogRecord', refs: [['P0', '.payload']] },
      L1: { type: 'logging.LogRecord', refs: [['P1', '.payload']] },
      L2: { type: 'logging.LogRecord', refs: [['P2', '.payload']] },
      P0: { type: '__main__.Payload' },
      P1: { type: '__main__.Payload' },
      P2: { type: '__main__.Payload' },
    });
    const { call, addr } = sessionOf(h, { H: 'recent' });
    const r = call<{ suggestions: CutSuggestion[] }>('suggestCuts', { address: addr('L1') });
    expect(r.suggestions).toHaveLength(2);
    const [container, single] = r.suggestions;
    expect(container.summary).toBe('Breaking recent.records (the list that holds it) frees 7 objects (392 B) by reference counting');
    expect(container).toMatchObject({ action: 'attribute', retainer: 'the list recent.records', freedObjects: 7 });
    expect(single.summary).toBe('Breaking recent.records[1] frees 2 objects (112 B) by reference counting');
    expect(single.action).toBe('item');
  });
});

describe('deltas', () => {
  it('name the cycle that becomes collectable and count the changed objects by type', () => {
    const h = heap('3.11.7', {
      M: { type: 'dict', ext: 1, refs: [['Wa', "['a']"]] },
      Wa: { type: '__main__.Worker', refs: [['Wb', '.job']] },
      Wb: { type: '__main__.Worker', refs: [['Wa', '.job']] },
    });
    const { call, addr } = sessionOf(h);
    const edge = call<{ referents: { rows: { edge: number; label: string }[] } }>('inspectObject', { address: addr('M') }).referents.rows[0].edge;
    const r = call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', edge } });
    expect([r.delta?.summary, ...(r.delta?.notes ?? [])].join('; ')).toContain('the cycle of 2 × __main__.Worker becomes collectable by gc.collect()');
    expect(r.delta?.byType).toEqual([{ type: '__main__.Worker', count: 2, before: 'alive', after: 'collected' }]);
    const undone = call<EditResponse>('undoEdit', {});
    expect(undone.delta?.notes.join(' ')).not.toMatch(/still alive: another reference holds it/);
  });

  it('the report says each step once', () => {
    const h = heap('3.11.7', { M: { type: 'dict', ext: 1, refs: [['L', "['items']"]] }, L: { type: 'list' } });
    const { call, addr } = sessionOf(h);
    const edge = call<{ referents: { rows: { edge: number }[] } }>('inspectObject', { address: addr('M') }).referents.rows[0].edge;
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', edge } });
    const text = call<{ text: string }>('exportReport', { format: 'text' }).text;
    const step = text.split('\n').find((l) => l.startsWith('1. '));
    expect(step).toMatch(/^1\. Breaking .*items.* frees 1 object/);
    expect(step?.match(/Breaking/g)).toHaveLength(1);
  });
});
