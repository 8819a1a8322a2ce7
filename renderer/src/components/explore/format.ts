/** Small pure formatters shared by the explore views. */
import type { ObjectSummary } from '../../../../shared/exploreApi';

export function hex(address: number): string {
  return `0x${address.toString(16)}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** "CGcLeakB _b" or "dict 0x7f…": how an object is named in lists. */
export function objectName(o: Pick<ObjectSummary, 'type' | 'names' | 'address'> & { repr?: string }): string {
  const t = o.type.slice(o.type.lastIndexOf('.') + 1);
  if (t === 'frame' && o.repr) return `frame ${o.repr}`; // "frame handle_job (jobserver.py:71)"
  return o.names.length ? `${t} ${o.names[0]}` : `${t} ${hex(o.address)}`;
}

export function fateSlug(fate: string): string {
  return fate.replace(/\s+/g, '-');
}
