/**
 * objectRecord: the careful path for one record line. JSON.parse, then every field checked with a
 * message that names it; the result lands in the same ObjectFields the fast scanner fills, so both
 * paths commit identically. Used for extra records, for object lines the scanner declined, and
 * therefore for every error message about a record.
 *
 * Fields are read only as own properties, so keys like "__proto__" or "constructor" in a record
 * are inert data: JSON.parse makes them plain own properties, and nothing here copies a parsed
 * object onto another with assignment semantics.
 */
import { isUtf8 } from 'node:buffer';
import { HeapFormatError } from '../HeapFormatError.js';
import type { StringTable } from '../../model/StringTable.js';
import { type ObjectFields, finalizerCode } from './ObjectScanner.js';

export type Json = Record<string, unknown>;

/** Where the line came from, for messages. */
export interface LineRef {
  file: string;
  line: number;
}

export function fieldError(at: LineRef, detail: string): HeapFormatError {
  return new HeapFormatError('FIELD', at.file, at.line, detail);
}

export function own(rec: Json, key: string): unknown {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * Deepest nesting any record of the format needs is 3 (the header's `gc.threshold`); extra records
 * of future kinds get room to grow. Deeper values are refused before JSON.parse sees them: a
 * 67 KB gzip can inflate to a 30-million-deep array that JSON.parse takes 33 s and 3 GB to build.
 */
export const MAX_RECORD_DEPTH = 64;

/** Byte offset (from `start`) where nesting first exceeds `max`, or -1. Strings are skipped. */
export function nestingTooDeep(buf: Uint8Array, start: number, end: number, max: number): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x22) {
      // Skip the string, honouring backslash escapes.
      for (i++; i < end && buf[i] !== 0x22; i++) if (buf[i] === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i - start;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/**
 * The first key that repeats at the top level of the object on this line, or undefined. JSON.parse
 * lets the last one win without a word, and a trailing `"rc":9` would then hide a leak.
 */
export function duplicateTopLevelKey(buf: Uint8Array, start: number, end: number): string | undefined {
  let depth = 0;
  let expectKey = false;
  const seen = new Set<string>();
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x22) {
      const s0 = i;
      let escaped = false;
      for (i++; i < end && buf[i] !== 0x22; i++) {
        if (buf[i] === 0x5c) {
          escaped = true;
          i++;
        }
      }
      if (depth === 1 && expectKey) {
        const rawKey = Buffer.from(buf.buffer, buf.byteOffset + s0, i + 1 - s0).toString('utf8');
        let key = rawKey.slice(1, -1);
        if (escaped) {
          try {
            key = JSON.parse(rawKey) as string;
          } catch {
            return undefined; // JSON.parse reports the bad escape
          }
        }
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    }
  }
  return undefined;
}

/** Parses one line as a JSON object, or throws a 'JSON' / 'FIELD' HeapFormatError. */
export function parseRecordLine(buf: Buffer, start: number, end: number, at: LineRef): Json {
  const deep = nestingTooDeep(buf, start, end, MAX_RECORD_DEPTH);
  if (deep >= 0) {
    throw new HeapFormatError('JSON', at.file, at.line, `invalid record: values nested deeper than ${MAX_RECORD_DEPTH} levels (at byte ${deep} of the line)`);
  }
  // toString would turn bad bytes into U+FFFD, so one type could read as two names (FORMAT.md: UTF-8).
  if (!isUtf8(buf.subarray(start, end))) throw new HeapFormatError('JSON', at.file, at.line, 'invalid UTF-8 in the line');
  const text = buf.toString('utf8', start, end);
  if (text.trim() === '') throw new HeapFormatError('JSON', at.file, at.line, 'empty line');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HeapFormatError('JSON', at.file, at.line, `invalid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fieldError(at, 'a record must be a JSON object');
  }
  const dup = duplicateTopLevelKey(buf, start, end);
  if (dup !== undefined) throw fieldError(at, `key ${JSON.stringify(dup).slice(0, 60)} appears twice (JSON would keep the last silently)`);
  return value as Json;
}

/** An integer field; `min` bounds it below. Safe integers only: addresses must stay exact. */
export function intField(rec: Json, key: string, at: LineRef, min: number, required = true): number | undefined {
  const v = own(rec, key);
  if (v === undefined) {
    if (required) throw fieldError(at, `missing field "${key}"`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw fieldError(at, `field "${key}" must be an integer`);
  if (v < min) throw fieldError(at, `field "${key}" must be at least ${min}, not ${v}`);
  return v;
}

export function stringField(rec: Json, key: string, at: LineRef, required = true): string | undefined {
  const v = own(rec, key);
  if (v === undefined || (v === null && !required)) {
    if (required) throw fieldError(at, `missing field "${key}"`);
    return undefined;
  }
  if (typeof v !== 'string') throw fieldError(at, `field "${key}" must be a string`);
  return v;
}

/** Validates an object record and fills `out` (interning its strings). */
export function fillObjectFields(rec: Json, out: ObjectFields, strings: StringTable, at: LineRef): void {
  out.reset();
  out.address = intField(rec, 'a', at, 1)!;
  out.typeId = strings.intern(stringField(rec, 't', at)!);
  out.size = intField(rec, 's', at, 0)!;
  const flags = intField(rec, 'f', at, 0)!;
  if (flags > 255) throw fieldError(at, `field "f" must be a flag set below 256, not ${flags}`);
  out.flags = flags;
  out.refcount = intField(rec, 'rc', at, 0)!;
  out.external = intField(rec, 'x', at, Number.MIN_SAFE_INTEGER)!;
  out.weak = intField(rec, 'w', at, 0, false) ?? 0;
  const repr = stringField(rec, 'r', at, false);
  out.reprId = repr === undefined || repr === '' ? 0 : strings.add(repr);
  const fin = stringField(rec, 'fin', at, false);
  if (fin !== undefined) {
    out.finalizer = finalizerCode(fin);
    if (out.finalizer === 0) {
      throw fieldError(at, `field "fin" must be one of "del", "tp_del", "tp_finalize", "gen", not ${JSON.stringify(fin).slice(0, 40)}`);
    }
  }
  const edges = own(rec, 'e');
  if (edges !== undefined) {
    if (!Array.isArray(edges)) throw fieldError(at, 'field "e" must be an array of addresses');
    for (let i = 0; i < edges.length; i++) {
      const v: unknown = edges[i];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
        throw fieldError(at, `field "e"[${i}] must be a positive integer address`);
      }
      out.pushEdge(v);
    }
  }
  const labels = own(rec, 'l');
  if (labels !== undefined) {
    if (!Array.isArray(labels)) throw fieldError(at, 'field "l" must be an array of strings or nulls');
    if (labels.length !== out.edgeCount) {
      throw fieldError(at, `fields "e" and "l" must have the same length (${out.edgeCount} and ${labels.length})`);
    }
    out.labelCount = 0;
    for (let i = 0; i < labels.length; i++) {
      const v: unknown = labels[i];
      if (v === null) out.pushLabel(0);
      else if (typeof v === 'string') out.pushLabel(strings.labelId(v));
      else throw fieldError(at, `field "l"[${i}] must be a string or null`);
    }
  }
  const hidden = intField(rec, 'ex', at, 0, false) ?? 0;
  // A big container's references continue on later lines ("ec", continuation.ts).
  const total = typeof own(rec, 'ec') === 'number' ? Math.max(own(rec, 'ec') as number, out.edgeCount) : out.edgeCount;
  if (hidden > total) throw fieldError(at, `field "ex" (${hidden}) exceeds the number of references (${total})`);
  out.hidden = hidden;
}
