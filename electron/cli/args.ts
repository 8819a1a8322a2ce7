/**
 * A small, strict argument parser for the subcommands: declared boolean flags, declared options
 * with a value (`--rules 3.8` or `--rules=3.8`, repeatable ones collect into a list) and
 * positionals. Anything undeclared is a usage error (exit 2), never silently ignored.
 */
import { CliExit, ExitCode } from './cliIo.js';

export interface ArgSpec {
  flags?: readonly string[];
  options?: readonly string[];
  /** Options that may be given more than once. */
  repeatable?: readonly string[];
  /** Names of the positionals, for messages; the last may end in "…" to take the rest. */
  positionals: readonly string[];
}

export interface ParsedArgs {
  flags: Set<string>;
  options: Map<string, string[]>;
  positionals: string[];
}

export function usageError(message: string): CliExit {
  return new CliExit(ExitCode.Usage, message);
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const isOption = (name: string): boolean => (spec.options ?? []).includes(name) || (spec.repeatable ?? []).includes(name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if ((spec.flags ?? []).includes(name) && eq < 0) {
        flags.add(name);
        continue;
      }
      if (!isOption(name)) throw usageError(`unknown option --${name}`);
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw usageError(`--${name} needs a value`);
      const list = options.get(name) ?? [];
      if (list.length > 0 && !(spec.repeatable ?? []).includes(name)) throw usageError(`--${name} given twice`);
      list.push(value);
      options.set(name, list);
      continue;
    }
    positionals.push(arg);
  }
  const rest = spec.positionals.length > 0 && spec.positionals[spec.positionals.length - 1].endsWith('…');
  const required = spec.positionals.filter((p) => !p.startsWith('[')).length;
  if (positionals.length < required) throw usageError(`missing ${spec.positionals[positionals.length]}`);
  if (!rest && positionals.length > spec.positionals.length) throw usageError(`unexpected argument ${positionals[spec.positionals.length]}`);
  return { flags, options, positionals };
}

export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/** A non-negative integer option (counts, limits). */
export function intOption(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const text = option(args, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw usageError(`--${name} takes a non-negative integer, not "${text}"`);
  return Number(text);
}

/** An object address as the CLI takes it: decimal id() or 0x-prefixed hex (as gc debug lines print). */
export function parseAddress(text: string, what = 'address'): number {
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw usageError(`${what} "${text}" is not a decimal id() or 0x… address`);
  return n;
}
