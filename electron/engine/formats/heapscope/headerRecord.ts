/**
 * headerRecord: validates line 1 of a heapscope dump and turns it into the model's DumpHeader.
 * The version check lives here: any minor of majors 1 and 2 is read (2.0 is 1.0 plus continuation
 * records, continuation.ts), anything else is refused with a message naming both versions
 * (FORMAT.md, "Versioning").
 */
import { HeapFormatError } from '../HeapFormatError.js';
import type { DumpHeader } from '../../model/HeapGraph.js';
import { parsePythonVersion } from '../../model/header.js';
import { type Json, type LineRef, fieldError, intField, own, stringField } from './objectRecord.js';

export const SUPPORTED_MAJOR = 2;

export interface ParsedHeader {
  header: DumpHeader;
  /** `counts.objects` when present and plausible: used to pre-size arrays, never trusted further. */
  expectedObjects: number | undefined;
}

export function parseHeader(rec: Json, at: LineRef): ParsedHeader {
  if (own(rec, 'format') !== 'heapscope') {
    throw new HeapFormatError('FORMAT', at.file, at.line, 'not a heapscope dump: line 1 has no "format": "heapscope"');
  }
  const version = own(rec, 'version');
  if (!Array.isArray(version) || version.length < 2 || !version.every((v) => Number.isSafeInteger(v) && (v as number) >= 0)) {
    throw fieldError(at, 'field "version" must be [major, minor]');
  }
  const [major, minor] = version as number[];
  if (major < 1 || major > SUPPORTED_MAJOR) {
    throw new HeapFormatError(
      'VERSION',
      at.file,
      at.line,
      `dump format version ${major}.${minor} is not supported: this reader knows versions 1.x to ${SUPPORTED_MAJOR}.x`,
    );
  }
  const python = own(rec, 'python');
  if (python === null || typeof python !== 'object' || Array.isArray(python)) {
    throw fieldError(at, 'field "python" must be an object');
  }
  const pyVersion = stringField(python as Json, 'version', at);
  if (!/^\d+\.\d+(\.\d+)?/.test(pyVersion!)) throw fieldError(at, `field "python.version" must look like "3.11.7"`);
  const implementation = stringField(python as Json, 'implementation', at, false) ?? 'cpython';

  const gcRaw = own(rec, 'gc');
  const gc = { enabled: true, threshold: [] as number[], debug: 0 };
  if (gcRaw !== undefined) {
    if (gcRaw === null || typeof gcRaw !== 'object' || Array.isArray(gcRaw)) throw fieldError(at, 'field "gc" must be an object');
    const g = gcRaw as Json;
    const enabled = own(g, 'enabled');
    if (enabled !== undefined && typeof enabled !== 'boolean') throw fieldError(at, 'field "gc.enabled" must be a boolean');
    gc.enabled = enabled ?? true;
    const threshold = own(g, 'threshold');
    if (threshold !== undefined) {
      if (!Array.isArray(threshold) || !threshold.every((v) => Number.isSafeInteger(v))) {
        throw fieldError(at, 'field "gc.threshold" must be an array of integers');
      }
      gc.threshold = threshold as number[];
    }
    gc.debug = intField(g, 'debug', at, 0, false) ?? 0;
  }

  const notesRaw = own(rec, 'notes');
  let notes: string[] = [];
  if (notesRaw !== undefined) {
    if (!Array.isArray(notesRaw) || !notesRaw.every((n) => typeof n === 'string')) {
      throw fieldError(at, 'field "notes" must be an array of strings');
    }
    notes = notesRaw as string[];
  }

  let expectedObjects: number | undefined;
  const counts = own(rec, 'counts');
  if (counts !== null && typeof counts === 'object' && !Array.isArray(counts)) {
    const n = own(counts as Json, 'objects');
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) expectedObjects = n;
  }

  const header: DumpHeader = {
    format: 'heapscope',
    version: [major, minor],
    python: parsePythonVersion(pyVersion!, implementation),
    platform: stringField(rec, 'platform', at, false) ?? '',
    time: stringField(rec, 'time', at, false) ?? '',
    gc,
    notes,
    // The parsed line itself: JSON.parse gave it only own data properties, so even a
    // "__proto__" key is inert here.
    raw: rec,
  };
  return { header, expectedObjects };
}
