/** Builds the DumpHeader for a Python version string; used by readers and tests. */
import type { DumpHeader, PythonInfo } from './HeapGraph.js';

export function parsePythonVersion(version: string, implementation = 'cpython'): PythonInfo {
  const [major = 0, minor = 0, micro = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return { version, major, minor, micro, implementation };
}

export function syntheticHeader(pythonVersion: string): DumpHeader {
  return {
    format: 'heapscope',
    version: [1, 0],
    python: parsePythonVersion(pythonVersion),
    platform: 'linux',
    time: '1970-01-01T00:00:00Z',
    gc: { enabled: true, threshold: [700, 10, 10], debug: 0 },
    notes: [],
    raw: {},
  };
}
