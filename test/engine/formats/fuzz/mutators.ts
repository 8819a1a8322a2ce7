/**
 * Corruptions for the fuzz suite, driven by a seeded PRNG so every case can be replayed from its
 * seed. Byte-level damage (flips, cuts, inserts), line-level damage (delete, duplicate, swap,
 * blank lines) and damage that knows the format: numbers nudged (an rc off by one hides a leak),
 * keys duplicated or renamed, floats for integers, non-UTF-8 bytes, deep nesting, huge counts,
 * CRLF line ends, and, for gzip cases, a broken CRC or a cut stream.
 */
export type Rng = () => number;

/** mulberry32: small, fast, good enough to spread corruptions. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rng, n: number): number => Math.floor(r() * n);

function lines(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let s = 0; s < data.length; ) {
    const nl = data.indexOf(10, s);
    const e = nl < 0 ? data.length : nl + 1;
    out.push(data.subarray(s, e));
    s = e;
  }
  return out;
}

const tokens = [
  '"rc":9,', '"x":0,', '"a":1,', ',"rc":1', '1.0', '6.4e1', '-0', '1e400', '99999999999999999', 'null', 'true', '"', '\\', '\\u0000', '\\ud800',
  '[', ']', '{', '}', ',', ':', '"__proto__":{},', '"k":"name",', '"k":"end","objects":0', '\r', '\n', '\n\n', ' ', '\t', '\u00e9',
];

type Mutator = (data: Buffer, r: Rng) => Buffer;

const mutators: [string, Mutator][] = [
  ['flip', (d, r) => {
    const out = Buffer.from(d);
    if (out.length) out[int(r, out.length)] = int(r, 256);
    return out;
  }],
  ['bit', (d, r) => {
    const out = Buffer.from(d);
    if (out.length) out[int(r, out.length)] ^= 1 << int(r, 8);
    return out;
  }],
  ['truncate', (d, r) => d.subarray(0, int(r, d.length + 1))],
  ['insertToken', (d, r) => {
    const at = int(r, d.length + 1);
    return Buffer.concat([d.subarray(0, at), Buffer.from(pick(r, tokens)), d.subarray(at)]);
  }],
  ['insertBytes', (d, r) => {
    const at = int(r, d.length + 1);
    return Buffer.concat([d.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(r, 6) }, () => int(r, 256))), d.subarray(at)]);
  }],
  ['deleteRange', (d, r) => {
    const at = int(r, d.length + 1);
    return Buffer.concat([d.subarray(0, at), d.subarray(Math.min(d.length, at + 1 + int(r, 16)))]);
  }],
  ['deleteLine', (d, r) => {
    const ls = lines(d);
    if (ls.length === 0) return d;
    ls.splice(int(r, ls.length), 1);
    return Buffer.concat(ls);
  }],
  ['duplicateLine', (d, r) => {
    const ls = lines(d);
    const i = int(r, ls.length);
    ls.splice(i, 0, ls[i] ?? Buffer.alloc(0));
    return Buffer.concat(ls);
  }],
  ['swapLines', (d, r) => {
    const ls = lines(d);
    if (ls.length === 0) return d;
    const a = int(r, ls.length);
    const b = int(r, ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return Buffer.concat(ls);
  }],
  ['blankLine', (d, r) => {
    const ls = lines(d);
    ls.splice(int(r, ls.length + 1), 0, Buffer.from(pick(r, ['\n', '\r\n', '  \n'])));
    return Buffer.concat(ls);
  }],
  ['nudgeNumber', (d, r) => {
    // Change one number by a small amount: the corruption a checksum-less format cannot see.
    const text = d.toString('latin1');
    const nums = [...text.matchAll(/-?\d+/g)];
    if (nums.length === 0) return d;
    const m = pick(r, nums);
    const v = Number(m[0]) + pick(r, [-1, 1, 5, -5, 1000]);
    return Buffer.from(text.slice(0, m.index) + String(v) + text.slice(m.index! + m[0].length), 'latin1');
  }],
  ['renameKey', (d, r) => {
    const text = d.toString('latin1');
    const keys = [...text.matchAll(/"(a|t|s|f|rc|x|e|l|ex|fin|w|r|k|objects|format|version|python)":/g)];
    if (keys.length === 0) return d;
    const m = pick(r, keys);
    const to = pick(r, ['a', 't', 's', 'f', 'rc', 'x', 'e', 'l', 'ex', 'fin', 'w', 'r', 'k', 'zz', '__proto__', 'constructor']);
    return Buffer.from(`${text.slice(0, m.index)}"${to}":${text.slice(m.index! + m[0].length)}`, 'latin1');
  }],
  ['retypeValue', (d, r) => {
    const text = d.toString('latin1');
    const vals = [...text.matchAll(/:(-?\d+|"[^"\\]*"|\[[^\]]*\])/g)];
    if (vals.length === 0) return d;
    const m = pick(r, vals);
    const to = pick(r, ['null', '1.5', '1.0', '"7"', '[]', '{}', 'true', '-1', '0', '9007199254740993', '[1,[2]]', `${'['.repeat(100)}${']'.repeat(100)}`]);
    return Buffer.from(`${text.slice(0, m.index)}:${to}${text.slice(m.index! + m[0].length)}`, 'latin1');
  }],
  ['duplicateKey', (d, r) => {
    // A key repeated at the end of a record: JSON.parse would let the last value win.
    const ls = lines(d);
    const i = int(r, ls.length);
    const text = ls[i]?.toString('latin1') ?? '';
    const keys = [...text.matchAll(/"(a|t|s|f|rc|x|e|l|ex|fin|w|r|k|objects)":(-?\d+|"[^"\\]*"|\[[^\]]*\])/g)];
    const close = text.lastIndexOf('}');
    if (keys.length === 0 || close < 0) return d;
    const m = pick(r, keys);
    const value = /^-?\d+$/.test(m[2]) ? String(Number(m[2]) + 1 + int(r, 8)) : m[2];
    ls[i] = Buffer.from(`${text.slice(0, close)},"${m[1]}":${value}${text.slice(close)}`, 'latin1');
    return Buffer.concat(ls);
  }],
  ['reorderKeys', (d, r) => {
    // Valid JSON the dumper never writes: keys shuffled and spaced (both reader paths must agree).
    const ls = lines(d);
    const i = int(r, ls.length);
    const text = ls[i]?.toString('utf8').replace(/\r?\n$/, '') ?? '';
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch {
      return d;
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return d;
    const entries = Object.entries(rec as Record<string, unknown>);
    for (let k = entries.length - 1; k > 0; k--) {
      const j = int(r, k + 1);
      [entries[k], entries[j]] = [entries[j], entries[k]];
    }
    const sep = pick(r, [',', ', ', ' ,\t']);
    ls[i] = Buffer.from(`{ ${entries.map(([k, v]) => `${JSON.stringify(k)} : ${JSON.stringify(v)}`).join(sep)} }\n`);
    return Buffer.concat(ls);
  }],
  ['crlf', (d) => Buffer.from(d.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')],
  ['hugeCount', (d) => Buffer.from(d.toString('latin1').replace(/"objects":\d+/, '"objects":4000000000'), 'latin1')],
  ['deepLine', (d, r) => {
    const ls = lines(d);
    const depth = pick(r, [63, 64, 65, 5000]);
    ls.splice(1 + int(r, Math.max(1, ls.length - 1)), 0, Buffer.from(`{"k":"deep","v":${'['.repeat(depth)}${']'.repeat(depth)}}\n`));
    return Buffer.concat(ls);
  }],
];

export const mutatorNames = mutators.map(([n]) => n);

/** 1-4 corruptions of `data`; returns the bytes and what was done. */
export function corrupt(data: Buffer, r: Rng): { bytes: Buffer; applied: string[] } {
  let bytes = data;
  const applied: string[] = [];
  const n = 1 + int(r, 4);
  for (let k = 0; k < n; k++) {
    const [name, m] = pick(r, mutators);
    bytes = m(bytes, r);
    applied.push(name);
  }
  return { bytes, applied };
}

/** Damage to a gzip stream itself: a broken CRC or length, a cut, a flipped byte in the deflate data. */
export function corruptGzip(gz: Buffer, r: Rng): { bytes: Buffer; applied: string } {
  const out = Buffer.from(gz);
  const kind = pick(r, ['crc', 'isize', 'cut', 'flip']);
  if (kind === 'crc') out[out.length - 8 + int(r, 4)] ^= 1 + int(r, 255);
  else if (kind === 'isize') out[out.length - 4 + int(r, 4)] ^= 1 + int(r, 255);
  else if (kind === 'cut') return { bytes: out.subarray(0, int(r, out.length)), applied: 'gzip:cut' };
  else out[10 + int(r, Math.max(1, out.length - 18))] ^= 1 + int(r, 255);
  return { bytes: out, applied: `gzip:${kind}` };
}
