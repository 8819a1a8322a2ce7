/**
 * `tpname` records (FORMAT.md): the reader keeps Py_TYPE(op)->tp_name where the dumper says it is
 * not `t`, and `gc debug` prints it; a dump without the header's `tpNames` (an older dumper, or
 * memory that could not be read) keeps today's guess from the type name and `__class__` edges.
 * The real-CPython proof of the same is scenario c_heap_type_names (proof.test.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump } from '../../../electron/engine/formats/index';
import { tpName } from '../../../electron/cli/gcDebug';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-tpnames-'));
let serial = 0;
const head = (extra: object): string =>
  JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.12.1', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 }, ...extra });

// 16: a C heap type's instance (PyType_FromSpec "_thread.RLock"), 32: a Python class named like
// it (same `t`, tp_name "RLock"), 48: a class outside __main__, 64: a static type, 80: a type
// whose tp_name could not be read, 96: the class object the instances' `__class__` edges name.
const objects = [
  { a: 16, t: '_thread.RLock', s: 1, f: 3, rc: 1, x: 1, e: [96], l: ['__class__'] },
  { a: 32, t: '_thread.RLock', s: 1, f: 3, rc: 1, x: 1, e: [96], l: ['__class__'] },
  { a: 48, t: 'mod.Node', s: 1, f: 3, rc: 1, x: 1, e: [96], l: ['__class__'] },
  { a: 64, t: 'collections.OrderedDict', s: 1, f: 3, rc: 1, x: 1 },
  { a: 80, t: 'mod.Odd', s: 1, f: 3, rc: 1, x: 1, e: [96], l: ['__class__'] },
  { a: 96, t: 'type', s: 1, f: 11, rc: 5, x: 1 },
];
const records = [
  { k: 'tpname', t: 'mod.Node', tp: 'Node' },
  { k: 'tpname', t: 'mod.Odd', tp: null },
  { k: 'tpname', tp: 'RLock', a: [32, 4096] },
];

async function names(extra: object, recs: object[] = records): Promise<string[]> {
  const p = join(dir, `t${++serial}.jsonl`);
  const lines = [head(extra), ...objects.map((o) => JSON.stringify(o)), ...recs.map((r) => JSON.stringify(r)), JSON.stringify({ k: 'end', objects: objects.length })];
  writeFileSync(p, `${lines.join('\n')}\n`);
  const g = (await loadDump(p)).graph;
  return Array.from({ length: g.nodeCount }, (_, n) => tpName(g, n));
}

describe('tp_name records', () => {
  it('names each object by its recorded tp_name, by type and by address, and `t` where none is recorded', async () => {
    expect(await names({ tpNames: true })).toEqual(['_thread.RLock', 'RLock', 'Node', 'collections.OrderedDict', 'Odd', 'type']);
  });

  it('guesses as before when the header does not say the dumper read tp_name (records then mean nothing)', async () => {
    expect(await names({})).toEqual(['RLock', 'RLock', 'Node', 'collections.OrderedDict', 'Odd', 'type']);
    expect(await names({}, [])).toEqual(['RLock', 'RLock', 'Node', 'collections.OrderedDict', 'Odd', 'type']);
  });

  it('refuses a tp that is not a string or null, and an address list that is not addresses', async () => {
    for (const bad of [{ k: 'tpname', t: 'mod.Node', tp: 3 }, { k: 'tpname', tp: 'X', a: [0] }, { k: 'tpname', tp: 'X', a: 'no' }]) {
      const e = await names({ tpNames: true }, [bad]).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(HeapFormatError);
      expect((e as HeapFormatError).line).toBe(objects.length + 2);
    }
  });
});
