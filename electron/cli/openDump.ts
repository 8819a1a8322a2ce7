/**
 * Opening a dump for a subcommand, and naming objects in output. Load errors surface as
 * HeapFormatError (exit 3, "file:line: detail"); an address the dump does not hold is exit 4.
 */
import { loadDump, type LoadedDump } from '../engine/formats/index.js';
import { type HeapGraph, type NodeOrdinal, typeName } from '../engine/model/HeapGraph.js';
import { CliExit, ExitCode } from './cliIo.js';
import { parseAddress } from './args.js';
import { resolve } from 'node:path';
import { buildSuffix, interpreterBuild } from '../engine/gc/interpreterBuild.js';

/**
 * Where a path the user typed points. `npm run cli -- …` runs the command from the package root,
 * whatever directory the user was in; npm says where that was in INIT_CWD, so relative paths
 * resolve against it there (and against the working directory otherwise).
 */
export function userPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return resolve(base, path);
}

/** Loads the dump at a path the user typed; errors name the resolved path, so a wrong base shows. */
export async function openDump(path: string): Promise<LoadedDump> {
  return loadDump(userPath(path));
}

/** The node of an address given on the command line (decimal id() or 0x…). */
export function nodeOf(graph: HeapGraph, text: string): NodeOrdinal {
  const address = parseAddress(text);
  const node = graph.index.get(address);
  if (node < 0) throw new CliExit(ExitCode.UnknownAddress, `no object with address ${text} in this dump`);
  return node;
}

/** "0x7f3a… __main__.CGcLeak" plus the short repr when the dump has one. */
export function describe(graph: HeapGraph, node: NodeOrdinal): string {
  const address = graph.addresses[node];
  const repr = graph.strings.get(graph.reprIds[node]);
  return `${address} (0x${address.toString(16)}) ${typeName(graph, node)}${repr ? ` ${repr}` : ''}`;
}

/** The names the dumper saw binding a node ("module __main__: _b"), comma-separated, or "". */
export function namesOf(graph: HeapGraph, node: NodeOrdinal): string {
  return graph.holderNames
    .filter((h) => h.node === node)
    .map((h) => `${h.holder}: ${h.name}`)
    .join(', ');
}

export function pythonLabel(graph: HeapGraph): string {
  const p = graph.header.python;
  const build = interpreterBuild(graph.header);
  return `${p.implementation === 'cpython' ? 'CPython' : p.implementation} ${p.version}${build.preRelease}${buildSuffix(graph.header)}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
