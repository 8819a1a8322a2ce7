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

/** Types whose repr is the value itself: a list shows `'job %s failed'`, `40`, `None`, not "str 0x…". */
const valueTypes = new Set(['str', 'bytes', 'unicode', 'int', 'long', 'float', 'bool', 'NoneType', 'complex']);

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * How an object is named in lists: "CGcLeakB _b" (a name binds it), `'job %s failed'` or `40` (a
 * value), "__dict__ of LogRecord 0x7f…" (an instance's dict), "function handle" (a repr that is a
 * name), else "dict 0x7f…".
 */
export function objectName(o: Pick<ObjectSummary, 'type' | 'names' | 'address'> & Partial<Pick<ObjectSummary, 'repr' | 'dictOf'>>): string {
  const t = o.type.slice(o.type.lastIndexOf('.') + 1);
  if (t === 'frame' && o.repr) return `frame ${o.repr}`; // "frame handle_job (jobserver.py:71)"
  if (o.names.length) return `${t} ${o.names[0]}`;
  if (o.repr && valueTypes.has(o.type)) return clip(o.repr, 60);
  if (o.dictOf) return `__dict__ of ${o.dictOf.type.slice(o.dictOf.type.lastIndexOf('.') + 1)} ${o.dictOf.name ? clip(o.dictOf.name, 30) : hex(o.dictOf.address)}`;
  if (o.repr) return `${t} ${clip(o.repr, 40)}`;
  return `${t} ${hex(o.address)}`;
}

/** The full type and address, for a tooltip beside a short name. */
export function objectTitle(o: Pick<ObjectSummary, 'type' | 'address'>): string {
  return `${o.type} at ${hex(o.address)}`;
}

/** A finalizer as Python people name it: `__del__`, not the dump's "del". */
export function finalizerText(f: string): string {
  return ({ del: '__del__', tp_del: 'tp_del (C, legacy)', tp_finalize: 'tp_finalize (__del__ under PEP 442)', gen: 'a generator suspended in try', '': 'none' } as Record<string, string>)[f] ?? f;
}

export function fateSlug(fate: string): string {
  return fate.replace(/\s+/g, '-');
}
