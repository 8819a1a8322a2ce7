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

/** 2036319 → "2,036,319". By hand: the first toLocaleString loads ICU data, a 100 ms task at startup. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const sign = n < 0 ? '-' : '';
  const [whole, fraction] = String(Math.abs(n)).split('.');
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** id() addresses as CPython prints them. */
export function formatAddress(address: number): string {
  return `0x${address.toString(16)}`;
}

/** "__main__.CGcLeak" → "CGcLeak", for tight spaces (the full name goes in a title). */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}
