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

/** Parses one line as a JSON object, or throws a 'JSON' / 'FIELD' HeapFormatError. */
export function parseRecordLine(buf: Buffer, start: number, end: number, at: LineRef): Json {
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
