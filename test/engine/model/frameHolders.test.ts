import { describe, expect, it } from 'vitest';
import type { HeapGraph, HolderName } from '../../../electron/engine/model/HeapGraph.js';
import { frameSlotText, frameSlotsOf, valueStackName } from '../../../electron/engine/model/frameHolders.js';

/** frameSlotsOf reads holderNames only. */
const graphOf = (holderNames: HolderName[]): HeapGraph => ({ holderNames }) as unknown as HeapGraph;

describe('frame holders (the running stack as named holders)', () => {
  it('words a local, a value-stack slot, and nothing for other holders', () => {
    expect(frameSlotText({ holder: 'frame handle (server.py:88) in thread MainThread', name: 'x' })).toBe('local `x` of handle() (server.py:88) in thread MainThread');
    expect(frameSlotText({ holder: 'frame handle (server.py:88)', name: 'x' })).toBe('local `x` of handle() (server.py:88)');
    expect(frameSlotText({ holder: 'frame serve (w.py:9) in thread Worker-1', name: valueStackName })).toBe(
      'the value stack of serve() (w.py:9) in thread Worker-1 (an operand of the call it is making)',
    );
    expect(frameSlotText({ holder: 'module __main__', name: 'x' })).toBeUndefined();
    expect(frameSlotText({ holder: 'interpreter', name: 'sys.modules' })).toBeUndefined();
  });

  it('lists a node\'s slots once each, named locals before value-stack slots', () => {
    const g = graphOf([
      { node: 1, holder: 'frame serve (w.py:9) in thread W', name: valueStackName },
      { node: 1, holder: 'frame serve (w.py:9) in thread W', name: 'job' },
      { node: 1, holder: 'frame serve (w.py:9) in thread W', name: 'job' },
      { node: 1, holder: 'module __main__', name: 'job' },
      { node: 2, holder: 'frame run (w.py:3) in thread W', name: 'self' },
    ]);
    expect(frameSlotsOf(g, 1)).toEqual(['local `job` of serve() (w.py:9) in thread W', 'the value stack of serve() (w.py:9) in thread W (an operand of the call it is making)']);
    expect(frameSlotsOf(g, 2)).toEqual(['local `self` of run() (w.py:3) in thread W']);
    expect(frameSlotsOf(g, 3)).toEqual([]);
  });
});
