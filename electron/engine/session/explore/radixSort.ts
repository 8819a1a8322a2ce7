/**
 * Sorting the Objects table's packed keys (objectsPage.ts: key × 2^bits + ordinal, whole numbers
 * below 2^53) by LSD radix sort on their IEEE-754 bit patterns, which order non-negative doubles
 * as unsigned integers do: four passes of 16 bits, a pass skipped when every value shares its
 * digit (the high bits usually). Float64Array.prototype.sort is a comparison sort: on 50M objects
 * it took minutes of wall time on a busy machine, this takes a few linear passes.
 */

const DIGIT = 16;
const BUCKETS = 1 << DIGIT;

/** Sorts non-negative doubles ascending in place and returns them; `tmp` (same length) is work space. */
export function radixSortNonNegative(values: Float64Array, tmp: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  if (n < 2) return values;
  if (tmp.length !== n) throw new RangeError('radixSortNonNegative: tmp must have the length of values');
  // Four histograms at once (one read of the data): digit d of value i is in word (d >> 1).
  const counts = new Uint32Array(4 * BUCKETS);
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    counts[lo & 0xffff]++;
    counts[BUCKETS + (lo >>> 16)]++;
    counts[2 * BUCKETS + (hi & 0xffff)]++;
    counts[3 * BUCKETS + (hi >>> 16)]++;
  }
  let from = values;
  let to = tmp;
  const offsets = new Uint32Array(BUCKETS);
  for (let d = 0; d < 4; d++) {
    const base = d * BUCKETS;
    // All in one bucket: this digit orders nothing.
    const firstWords = new Uint32Array(from.buffer, from.byteOffset, 2 * n);
    const sample = d < 2 ? firstWords[0] : firstWords[1];
    const shift = (d & 1) * DIGIT;
    if (counts[base + ((sample >>> shift) & 0xffff)] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      offsets[b] = sum;
      sum += counts[base + b];
    }
    const w = d >> 1;
    for (let i = 0; i < n; i++) {
      const digit = (firstWords[2 * i + w] >>> shift) & 0xffff;
      to[offsets[digit]++] = from[i];
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from !== values) values.set(from);
  return values;
}
