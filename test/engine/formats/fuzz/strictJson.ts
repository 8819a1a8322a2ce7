/**
 * A strict JSON parser for the fuzz oracle, written apart from the reader (which uses V8's
 * JSON.parse and its own byte scanner): RFC 8259 over bytes that must be valid UTF-8, with the
 * rules FORMAT.md adds — no key twice in one object, nesting at most MAX_DEPTH, lone surrogates
 * read as U+FFFD. Recursive descent is fine here: depth is capped.
 */
export const MAX_DEPTH = 64;

export class StrictJsonError extends Error {}

/** Parses one line's text; throws StrictJsonError. Objects are null-prototype records. */
export function parseStrict(text: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  const fail = (why: string): never => {
    throw new StrictJsonError(`${why} at ${i}`);
  };
  const value = (depth: number): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      if (depth + 1 > MAX_DEPTH) fail('too deep');
      i++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('key expected');
        const key = string();
        if (Object.hasOwn(obj, key)) fail(`duplicate key ${key}`);
        ws();
        if (text[i++] !== ':') fail('colon expected');
        obj[key] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('comma or } expected');
      }
    }
    if (c === '[') {
      if (depth + 1 > MAX_DEPTH) fail('too deep');
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('comma or ] expected');
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return number();
  };
  const string = (): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        // FORMAT.md: strings are stored as UTF-8, so a lone surrogate escape (Python writes them
        // for surrogate-escaped names) reads as U+FFFD.
        return (out as unknown as { toWellFormed(): string }).toWellFormed();
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('bad escape');
      } else {
        out += text[i];
        i++;
      }
    }
  };
  const number = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('value expected');
    i += m![0].length;
    return Number(m![0]);
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}
