/**
 * What kind of CPython build wrote a dump, from the header's `build` record (FORMAT.md; 3.14+
 * dumpers) or, for older dumps, `sys.version` ("… experimental free-threading build …"): a
 * free-threaded (Py_GIL_DISABLED) build, Emscripten/WebAssembly (Pyodide), a pre-release. Used
 * for the header line and for the verdict's assumptions: heapscope simulates the GIL build's
 * collector, and no free-threaded interpreter was available to prove it there.
 */
import type { DumpHeader } from '../model/HeapGraph.js';

export interface InterpreterBuild {
  freeThreaded: boolean;
  /** Emscripten version when the dump came from WebAssembly (Pyodide). */
  emscripten?: string;
  machine?: string;
  pointerSize?: number;
  /** "rc1", "a2"… for a pre-release, "" for a final release. */
  preRelease: string;
}

const levels: Record<string, string> = { alpha: 'a', beta: 'b', candidate: 'rc' };

export function interpreterBuild(header: DumpHeader): InterpreterBuild {
  const raw = header.raw.build;
  const b = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const python = header.raw.python as Record<string, unknown> | undefined;
  const version = typeof python?.build === 'string' ? python.build : '';
  const level = typeof b.releaseLevel === 'string' ? (levels[b.releaseLevel] ?? '') : '';
  return {
    freeThreaded: b.gilDisabled === true || /free-threading build/.test(version),
    emscripten: typeof b.emscripten === 'string' ? b.emscripten : header.platform === 'emscripten' ? '?' : undefined,
    machine: typeof b.machine === 'string' ? b.machine : undefined,
    pointerSize: typeof header.raw.pointerSize === 'number' ? header.raw.pointerSize : undefined,
    preRelease: level && typeof b.serial === 'number' ? `${level}${b.serial}` : '',
  };
}

/** ", free-threaded build", ", Emscripten 5.0.3 (wasm32, 32-bit)" or "" for a plain GIL build. */
export function buildSuffix(header: DumpHeader): string {
  const b = interpreterBuild(header);
  const parts: string[] = [];
  if (b.freeThreaded) parts.push('free-threaded build (Py_GIL_DISABLED)');
  if (b.emscripten) parts.push(`Emscripten ${b.emscripten} (${b.machine ?? 'wasm32'}${b.pointerSize === 4 ? ', 32-bit' : ''})`);
  return parts.map((p) => `, ${p}`).join('');
}

export const freeThreadedAssumption =
  'Free-threaded build (Py_GIL_DISABLED): simulated with the GIL build\'s collector, so this is approximate: the ' +
  'free-threaded collector has no generations and examines every object at each collection, objects with deferred ' +
  'reference counts (modules, functions, code, types) read refcounts near 2**60 and biased (per-thread) counts may lag, ' +
  'so their external references are estimates; no free-threaded interpreter was available to prove these rules';

/** Assumptions the verdict lists for this build (none for a plain GIL build). */
export function interpreterAssumptions(header: DumpHeader): string[] {
  return interpreterBuild(header).freeThreaded ? [freeThreadedAssumption] : [];
}
