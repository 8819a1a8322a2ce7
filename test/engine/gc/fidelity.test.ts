/**
 * The simulation's use of the dump's fidelity facts (model/fidelity.ts): known weakref callbacks
 * free their entry (and the weakref is counted), callbacks at refcount time run while the dying
 * object still holds the weakref, 2.7's module dealloc clears globals, and never-started
 * coroutines / generators keep their frame. The real-CPython proof is test/python/scenarios.
 */
import { describe, expect, it } from 'vitest';
import { heap, type DslHeap } from '../heapDsl';
import { simulate } from '../../../electron/engine/gc/simulate';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';
import type { WeakCallbackInfo } from '../../../electron/engine/model/fidelity';
import type { RuleSetId, SimulationResult } from '../../../electron/engine/gc/types';
import { fatesOf, toEdits, type NamedEdit } from './simHelpers';

function withFacts(h: DslHeap, callbacks: [string, string, string, string[]][], created: string[] = []): HeapGraph {
  const weakCallbacks = new Map<number, WeakCallbackInfo>();
  for (const [w, cb, kind, drops] of callbacks) {
    weakCallbacks.set(h.id(w), { callback: h.id(cb), kind, drops: Int32Array.from(drops.map((n) => h.id(n))), calls: -1 });
  }
  return { ...h.graph, weakCallbacks, createdGenerators: new Set(created.map((n) => h.id(n))) };
}

function run(g: HeapGraph, h: DslHeap, rules: RuleSetId, edits: NamedEdit[] = []): SimulationResult {
  return simulate(g, { rules, overlay: buildOverlay(g, toEdits(h, edits)) });
}

/** A dead cycle A <-> B that is a WeakValueDictionary value: data['a'] = W (KeyedRef to A). */
const weakValueHeap = (): DslHeap =>
  heap('3.11.7', {
    A: { type: '__main__.Node', refs: [['B', '.other']] },
    B: { type: '__main__.Node', refs: [['A', '.other']] },
    WVD: { type: 'weakref.WeakValueDictionary', ext: 1, refs: [['DATA', '.data'], ['RM', '._remove']] },
    DATA: { type: 'dict', refs: [['W', "['a']"]] },
    W: { type: 'weakref.KeyedRef', weak: 'A', weakCallback: true, refs: [['RM', '__callback__']] },
    RM: { type: 'function', repr: 'remove' },
  });

describe('weakref callbacks with known effects', () => {
  it('handle_weakrefs: the WeakValueDictionary callback frees its KeyedRef, which gc.collect() counts', () => {
    const h = weakValueHeap();
    const g = withFacts(h, [['W', 'RM', 'WeakValueDictionary', ['DATA', 'W']]]);
    const r = run(g, h, '3.9');
    expect(r.collect).toBe(3);
    expect(h.names(r.weakrefCallbacks)).toEqual(['W']);
    expect(fatesOf(h, r).W).toBe('collected');
    expect(r.assumptions.join('\n')).not.toMatch(/unknown code/);
  });

  it('keeps the "frees nothing" assumption for a callback of unknown code, naming it', () => {
    const h = weakValueHeap();
    const r = run(withFacts(h, [['W', 'RM', 'unknown', []]]), h, '3.9');
    expect(r.collect).toBe(2);
    expect(fatesOf(h, r).W).toBe('alive');
    expect(r.assumptions.join('\n')).toMatch(/unknown code.*function remove \(0x/);
  });

  it('runs a callback at refcount time and frees what it drops (the KeyedRef of a freed value)', () => {
    const h = heap('2.7.18', {
      N: { type: '__main__.Node', ext: 1 },
      DATA: { type: 'dict', ext: 1, refs: [['W', "['n']"]] },
      W: { type: 'weakref.KeyedRef', weak: 'N', weakCallback: true, refs: [['RM', '__callback__']] },
      RM: { type: 'function', ext: 1 },
    });
    const r = run(withFacts(h, [['W', 'RM', 'WeakValueDictionary', ['DATA', 'W']]]), h, '2.7', [['drop-external', 'N']]);
    expect(h.names(r.freedByRefcount).sort()).toEqual(['N', 'W']);
    expect(h.names(r.weakrefCallbacks)).toEqual(['W']);
  });

  it('runs the callback of a weakref the dying object holds, which lets go of its callback first', () => {
    const h = heap('3.9.18', {
      N: { type: '__main__.Node', ext: 1, refs: [['D', '__dict__']] },
      D: { type: 'dict', refs: [['W', "['watch']"]] },
      W: { type: 'weakref', weak: 'N', weakCallback: true, refs: [['L', '__callback__']] },
      L: { type: 'function', repr: '<lambda>' },
    });
    const r = run(withFacts(h, [['W', 'L', 'unknown', []]]), h, '3.9', [['drop-external', 'N']]);
    expect(h.names(r.weakrefCallbacks)).toEqual(['W']);
    expect(h.names(r.freedByRefcount).sort()).toEqual(['D', 'L', 'N', 'W']);
  });
});

describe('2.7 module dealloc', () => {
  // A module whose dict holds a function that holds the dict (func_globals).
  const moduleHeap = (python: string): DslHeap =>
    heap(python, {
      M: { type: 'module', ext: 1, refs: [['MD', '__dict__']] },
      MD: { type: 'dict', refs: [['F', "['helper']"]] },
      F: { type: 'function', refs: [['MD', 'func_globals']] },
    });

  it('clears the globals on 2.7: the function is freed by reference counting', () => {
    const h = moduleHeap('2.7.18');
    const r = run(h.graph, h, '2.7', [['drop-external', 'M']]);
    expect(h.names(r.freedByRefcount).sort()).toEqual(['F', 'M', 'MD']);
    expect(r.collect).toBe(0);
  });

  it('leaves them on 3.4+: the function <-> globals cycle is collected', () => {
    const h = moduleHeap('3.11.7');
    const r = run(h.graph, h, '3.9', [['drop-external', 'M']]);
    expect(h.names(r.freedByRefcount)).toEqual(['M']);
    expect(r.collect).toBe(2);
  });
});

describe('never-started generators and coroutines', () => {
  // co -> frame -> box -> co (a cycle through the argument), 3.10 layout (frame objects).
  const coHeap = (type: string): DslHeap =>
    heap('3.10.13', {
      C: { type, fin: 'tp_finalize', refs: [['FR', type === 'coroutine' ? 'cr_frame' : 'gi_frame']] },
      FR: { type: 'frame', refs: [['BOX', 'box']] },
      BOX: { type: '__main__.Box', refs: [['C', '.co']] },
    });

  it('a coroutine never awaited only warns: its frame stays and the whole cycle is counted', () => {
    const h = coHeap('coroutine');
    expect(run(withFacts(h, [], ['C']), h, '3.9').collect).toBe(3);
    expect(run(h.graph, h, '3.9').collect).toBe(0); // started: close() drops the frame, all freed while finalizing
  });

  it('a never-started generator is closed up to 3.11 and left alone from 3.12', () => {
    const h = coHeap('generator');
    expect(run(withFacts(h, [], ['C']), h, '3.9').collect).toBe(0);
    const h12 = heap('3.12.1', {
      C: { type: 'generator', fin: 'tp_finalize', refs: [['BOX', 'box']] },
      BOX: { type: '__main__.Box', refs: [['C', '.gen']] },
    });
    expect(run(withFacts(h12, [], ['C']), h12, '3.9').collect).toBe(2);
    expect(run(h12.graph, h12, '3.9').collect).toBe(0);
  });
});
