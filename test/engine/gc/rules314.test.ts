import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { sim, fatesOf } from './simHelpers';
import { parseRules, rulesForVersion } from '../../../electron/engine/gc/rules';
import { parsePythonVersion, syntheticHeader } from '../../../electron/engine/model/header';
import { buildSuffix, interpreterAssumptions, interpreterBuild } from '../../../electron/engine/gc/interpreterBuild';

describe('rule sets for 3.14 and 3.15', () => {
  it('picks the rule set from the patch version', () => {
    const pick = (v: string): string => rulesForVersion(parsePythonVersion(v));
    expect(['3.13.7', '3.14.0', '3.14.2', '3.14.4', '3.14.5', '3.14.9', '3.15.0', '3.16.1'].map(pick)).toEqual(['3.9', '3.14', '3.14', '3.14', '3.14.5', '3.14.5', '3.15', '3.15']);
    expect(parseRules('3.14')).toBe('3.14');
    expect(parseRules('3.14.5')).toBe('3.14.5');
    expect(parseRules('3.15')).toBe('3.15');
  });

  // A list cycle holding a tracked tuple of ints (young): 3.14.0 – 3.14.4 untrack the tuple before
  // collecting (untrack_tuples(young)) and count 1; 3.13, 3.14.5+ and 3.15 count 2. Proven on
  // Pyodide 3.14.2 and 3.15 by scenarios/cycle_holds_atomic_tuple.py.
  const cycle = (python: string, young: boolean) =>
    heap(python, {
      L: { type: 'list', refs: ['L', 'T'], young },
      T: { type: 'tuple', refs: ['I'], young },
      I: { type: 'int', gc: false },
    });

  it('does not count a young tuple of atoms in a garbage cycle on 3.14.0 – 3.14.4', () => {
    const h = cycle('3.14.2', true);
    const r = sim(h);
    expect(r.rules).toBe('3.14');
    expect(r.collect).toBe(1);
    expect(h.names(r.collectable)).toEqual(['L']);
    expect(fatesOf(h, r)).toMatchObject({ L: 'collected', T: 'collected', I: 'collected' });
  });

  it('counts it on 3.14.5+ and 3.15, and on 3.14.2 when it is old', () => {
    expect(sim(cycle('3.14.5', true)).collect).toBe(2);
    expect(sim(cycle('3.15.0', true)).collect).toBe(2);
    expect(sim(cycle('3.14.2', false)).collect).toBe(2);
  });

  it('keeps a young tuple that holds a GC object in the collection', () => {
    const h = heap('3.14.0', { L: { type: 'list', refs: ['L', 'T'], young: true }, T: { type: 'tuple', refs: ['D'], young: true }, D: { type: 'dict', tracked: false } });
    expect(sim(h).collect).toBe(2);
  });
});

describe('interpreter builds', () => {
  const header = (raw: Record<string, unknown>, platform = 'linux') => ({ ...syntheticHeader('3.14.2'), platform, raw });

  it('labels a free-threaded build and says what is approximate', () => {
    const h = header({ build: { gilDisabled: true } });
    expect(interpreterBuild(h).freeThreaded).toBe(true);
    expect(buildSuffix(h)).toBe(', free-threaded build (Py_GIL_DISABLED)');
    expect(interpreterAssumptions(h)[0]).toMatch(/approximate.*no generations.*deferred reference counts/);
    const old = header({ python: { build: '3.13.1 experimental free-threading build (main, Oct 2024)' } });
    expect(interpreterBuild(old).freeThreaded).toBe(true);
  });

  it('labels Pyodide and pre-releases, and a plain build not at all', () => {
    const h = header({ pointerSize: 4, build: { emscripten: '5.0.3', machine: 'wasm32', releaseLevel: 'candidate', serial: 1 } }, 'emscripten');
    expect(buildSuffix(h)).toBe(', Emscripten 5.0.3 (wasm32, 32-bit)');
    expect(interpreterBuild(h).preRelease).toBe('rc1');
    const plain = header({ build: { gilDisabled: false, releaseLevel: 'final', serial: 0 } });
    expect(buildSuffix(plain)).toBe('');
    expect(interpreterAssumptions(plain)).toEqual([]);
  });
});
