/**
 * heapscope_dump.py ships as one file but is edited as parts (dumper/NN_name.py): the shipped file
 * must be exactly the parts joined in name order, so an edit to either side without
 * `npm run build:dumper` fails here rather than shipping a dumper nobody reviewed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumperPath, joinedParts, partsDir } from '../../../scripts/build-dumper.mjs';

describe('heapscope_dump.py parts', () => {
  it('the shipped file is the parts joined in name order', () => {
    const shipped = readFileSync(dumperPath, 'utf8');
    expect(shipped === joinedParts(), 'heapscope_dump.py differs from dumper/*.py: run npm run build:dumper').toBe(true);
  });

  it('every part is a numbered .py file of a few hundred lines at most', () => {
    const names = readdirSync(partsDir);
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) {
      expect(n).toMatch(/^\d\d_[a-z0-9_]+\.py$/);
      expect(readFileSync(`${partsDir}/${n}`, 'utf8').split('\n').length, n).toBeLessThan(600);
    }
  });
});
