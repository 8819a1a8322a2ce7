/**
 * Case-insensitive substring search over many strings of a StringTable, as
 * `s.toLowerCase().includes(needle)` decides it, without decoding or caching each string:
 * StringTable.get() keeps every string it decodes, so a search over the reprs of a 50M-object
 * heap would otherwise leave tens of millions of strings in the V8 heap (and take seconds).
 * ASCII strings are compared on their bytes, folding A–Z; a string with any non-ASCII byte is
 * decoded (not cached) and compared as JavaScript would, since some non-ASCII letters lower-case
 * to ASCII ones (U+212A KELVIN SIGN → "k").
 */
import type { StringTable } from './StringTable.js';

const decoder = new TextDecoder();

/** ASCII bytes of `needle` (already lower-cased), or undefined when it is not plain ASCII. */
function asciiBytes(needle: string): Uint8Array | undefined {
  const out = new Uint8Array(needle.length);
  for (let i = 0; i < needle.length; i++) {
    const c = needle.charCodeAt(i);
    if (c >= 0x80) return undefined;
    out[i] = c;
  }
  return out;
}

/** 1 = contains the needle, 0 = does not, -1 = has non-ASCII bytes (decide by decoding). */
function asciiContains(hay: Uint8Array, needle: Uint8Array): number {
  const n = needle.length;
  const last = hay.length - n;
  let nonAscii = false;
  for (let i = 0; i < hay.length; i++) {
    if (hay[i] >= 0x80) {
      nonAscii = true;
      break;
    }
  }
  if (nonAscii) return -1;
  if (n === 0) return 1;
  const first = needle[0];
  for (let i = 0; i <= last; i++) {
    let b = hay[i];
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b !== first) continue;
    let k = 1;
    for (; k < n; k++) {
      let c = hay[i + k];
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== needle[k]) break;
    }
    if (k === n) return 1;
  }
  return 0;
}

/**
 * Sets out[id] = 1 for every id in `ids` whose string contains `needle` case-insensitively.
 * `needle` must be lower-cased already (String.prototype.toLowerCase), as the callers compare.
 */
export function markMatchingStrings(strings: StringTable, ids: ArrayLike<number>, needle: string, out: Uint8Array): void {
  const ascii = asciiBytes(needle);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const bytes = strings.bytesOf(id);
    const hit = ascii ? asciiContains(bytes, ascii) : -1;
    if (hit === 1 || (hit === -1 && decoder.decode(bytes).toLowerCase().includes(needle))) out[id] = 1;
  }
}
