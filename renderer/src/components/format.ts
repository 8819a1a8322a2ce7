/** Number formatting shared by the presentational components. Pure functions. */

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '–';
}

/** id() addresses as CPython prints them. */
export function formatAddress(address: number): string {
  return `0x${address.toString(16)}`;
}

/** "__main__.CGcLeak" → "CGcLeak", for tight spaces (the full name goes in a title). */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}
