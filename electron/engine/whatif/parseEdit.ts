/**
 * The CLI's edit syntax, both ways: `drop-ref:SRC:DST`, `clear:ADDR`, `drop-external:ADDR[:N]`
 * (N defaults to 1, like one `del name`) and `effect:ADDR:resurrect|drop-refs|none`. Addresses are
 * the decimal id() values the dump records (0x-prefixed hex is accepted too). Parsing checks the
 * syntax only; whether the objects exist is checked when the edit is applied (overlay.ts).
 */
import { EngineError } from '../errors.js';
import type { FinalizerEffect } from '../gc/types.js';
import type { Edit } from './types.js';

const usage = 'expected drop-ref:SRC:DST, clear:ADDR, drop-external:ADDR[:N] or effect:ADDR:resurrect|drop-refs|none';

function parseAddress(text: string, whole: string): number {
  const t = text.trim();
  const value = /^\d+$/.test(t) ? Number(t) : /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : NaN;
  if (!Number.isSafeInteger(value)) throw new EngineError('BAD_EDIT', `"${whole}": "${text}" is not an address (a decimal id() value)`);
  return value;
}

export function parseEdit(text: string): Edit {
  const parts = text.trim().split(':');
  const kind = parts[0];
  const arity = (min: number, max: number): void => {
    if (parts.length - 1 < min || parts.length - 1 > max) throw new EngineError('BAD_EDIT', `"${text}": ${usage}`);
  };
  switch (kind) {
    case 'drop-ref':
      arity(2, 2);
      return { kind: 'drop-ref', source: parseAddress(parts[1], text), target: parseAddress(parts[2], text) };
    case 'clear':
      arity(1, 1);
      return { kind: 'clear', address: parseAddress(parts[1], text) };
    case 'drop-external': {
      arity(1, 2);
      const count = parts.length > 2 ? Number(parts[2]) : 1;
      if (!Number.isInteger(count) || count < 1 || !/^\d+$/.test(parts[2] ?? '1')) {
        throw new EngineError('BAD_EDIT', `"${text}": the count must be a positive whole number`);
      }
      return { kind: 'drop-external', address: parseAddress(parts[1], text), count };
    }
    case 'effect':
    case 'finalizer-effect': {
      arity(2, 2);
      const effect = parts[2] as FinalizerEffect;
      if (effect !== 'none' && effect !== 'resurrect' && effect !== 'drop-refs') {
        throw new EngineError('BAD_EDIT', `"${text}": the effect must be resurrect, drop-refs or none`);
      }
      return { kind: 'finalizer-effect', address: parseAddress(parts[1], text), effect };
    }
    default:
      throw new EngineError('BAD_EDIT', `"${text}": ${usage}`);
  }
}

/** The inverse of parseEdit (`edge` of a drop-ref is not expressible and is dropped). */
export function formatEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'drop-ref':
      return `drop-ref:${edit.source}:${edit.target}`;
    case 'clear':
      return `clear:${edit.address}`;
    case 'drop-external':
      return `drop-external:${edit.address}:${edit.count}`;
    case 'finalizer-effect':
      return `effect:${edit.address}:${edit.effect}`;
  }
}
