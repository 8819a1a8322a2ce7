/** The `replay` method on a real EngineSession: the session's edits and rules, or another rule set. */
import { describe, expect, it } from 'vitest';
import { heap } from '../../heapDsl.js';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import type { ApiResult } from '../../../../shared/api.js';
import type { ReplayResponse } from '../../../../shared/replayApi.js';

function twoCycle() {
  const h = heap('2.7.18', {
    Ia: { type: '__main__.CGcLeakA', fin: 'del', size: 72, refs: [['Da', '__dict__']] },
    Da: { type: 'dict', size: 280, refs: [['Ib', "['_b']"]] },
    Ib: { type: '__main__.CGcLeakB', fin: 'del', size: 72, refs: [['Db', '__dict__']] },
    Db: { type: 'dict', size: 280, refs: [['Ia', "['_a']"]] },
    F: { type: 'frame', ext: 1, refs: [['Ia', '_a']] },
  });
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/two-cycle.jsonl', bytes: 1000, contentHash: 'h', format: 'heapscope' });
  const call = <T>(method: string, req: object): ApiResult<T> => s.handle(method, { session: 'abcd1234', ...req }) as ApiResult<T>;
  const ok = <T>(method: string, req: object): T => {
    const r = call<T>(method, req);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const addr = (name: string): number => h.graph.addresses[h.id(name)];
  return { ok, call, addr };
}

describe('replay method', () => {
  it('replays under the session edits: breaking the frame local makes the cycle garbage on 2.7, collected on 3.9', () => {
    const { ok, addr } = twoCycle();
    const before = ok<ReplayResponse>('replay', { addresses: [addr('Ia')] });
    expect(before.objects.sort()).toEqual([addr('Ia'), addr('Da'), addr('Ib'), addr('Db')].sort());
    expect(before.steps[before.steps.length - 1].objects.every((o) => o.list === 'reachable')).toBe(true);
    expect(before.steps.find((s) => s.phase === 'move_unreachable')!.objects.find((o) => o.address === addr('Da'))!.pulledBackBy).toBe(addr('Ia'));

    ok('applyEdit', { edit: { kind: 'drop-ref', source: addr('F'), target: addr('Ia') } });
    const legacy = ok<ReplayResponse>('replay', { addresses: [addr('Ia')] });
    expect(legacy.steps[0].phase).toBe('edits');
    expect(legacy.steps[0].edges).toEqual([]);
    const last = legacy.steps[legacy.steps.length - 1];
    expect(last.phase).toBe('handle_finalizers');
    expect(last.acted.sort()).toEqual([addr('Ia'), addr('Ib')].sort());
    const sub = legacy.steps.find((s) => s.phase === 'subtract_refs')!;
    expect(sub.edges.map((e) => e.label).sort()).toEqual(["['_a']", "['_b']", '__dict__', '__dict__']);

    const modern = ok<ReplayResponse>('replay', { addresses: [addr('Ia')], rules: '3.9' });
    expect(modern.rules).toBe('3.9');
    expect(modern.steps[modern.steps.length - 1].objects.every((o) => o.list === 'freed')).toBe(true);
  });

  it('refuses an unknown rule set and an address the dump does not hold', () => {
    const { call, addr } = twoCycle();
    const bad = call('replay', { addresses: [addr('Ia')], rules: '9.9' });
    expect(bad.ok).toBe(false);
    const missing = call('replay', { addresses: [12345] });
    expect(missing.ok).toBe(false);
  });
});
