import { describe, expect, it } from 'vitest';
import { referencePath, ringAround, towards } from '../../../renderer/src/graph/highlight';

describe('selection highlight geometry', () => {
  it('rings a node just outside its border, and stays visible when zoomed far out', () => {
    expect(ringAround({ x: 10, y: 20 }, 40)).toEqual({ x: 10, y: 20, r: 25 });
    expect(ringAround({ x: 10, y: 20 }, 3.4).r).toBe(9);
  });

  it('draws a straight reference as a line, a bundled one as a curve through its midpoint', () => {
    expect(referencePath({ x: 0, y: 0 }, { x: 100, y: 0 })).toBe('M 0.0 0.0 L 100.0 0.0');
    // The curve's middle (t = ½ of the quadratic) is the midpoint Cytoscape reports.
    const d = referencePath({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: 20 });
    expect(d).toBe('M 0.0 0.0 Q 50.0 40.0 100.0 0.0');
    // A self-reference goes out to the loop's apex and back.
    expect(referencePath({ x: 5, y: 5 }, { x: 5, y: 5 }, { x: 5, y: -30 })).toBe('M 5.0 5.0 L 5.0 -30.0 L 5.0 5.0');
  });

  it('moves an end from a node centre to its border, never past the other end', () => {
    expect(towards({ x: 0, y: 0 }, { x: 30, y: 40 }, 10)).toEqual({ x: 6, y: 8 });
    expect(towards({ x: 0, y: 0 }, { x: 3, y: 4 }, 10)).toEqual({ x: 0, y: 0 });
  });
});
