// Regenerates electron/demo-heaps/*.jsonl.gz and index.json: runs each demo program under the
// real CPython it is meant for, with heapscope_dump capturing the heap just before the program's
// gc.collect(), and records the collect() result and len(gc.garbage) that run really observed.
// Usage: node scripts/make-demo-heaps.mjs   (needs pyenv's 2.7 and 3.11, or HEAPSCOPE_PYTHONS)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, 'electron/demo-heaps');
const programs = join(demoDir, 'programs');

const demos = [
  {
    name: 'article-self-cycle',
    program: 'article_self_cycle.py',
    versions: ['2.7', '3.11'],
    title: 'Article: an object with __del__ that refers to itself',
    description:
      'The seed article\'s test_code_1: CGcLeak() with _gcleak._self = _gcleak, captured after make_circle_ref() ' +
      'returned and before gc.collect(). gc is disabled until then (the header says enabled: false) so nothing ' +
      'was collected early; gc.set_debug is the article\'s.',
  },
  {
    name: 'article-two-cycle',
    program: 'article_two_cycle.py',
    versions: ['2.7', '3.11', '3.14'],
    title: 'Article: two objects with __del__ referring to each other',
    description:
      'The seed article\'s CGcLeakA/CGcLeakB cycle (test_code_2 and test_code_3), captured after make_circle_ref() ' +
      'returned and before gc.collect(), with gc disabled until then.',
  },
  {
    name: 'web-cache-leak',
    program: 'web_cache_leak.py',
    versions: ['3.11'],
    title: 'A web request cache that leaks through cycles',
    description:
      'A few thousand fake requests through a response cache: evicted entries kept in cycles by bound-method ' +
      'callbacks, request closures over themselves, pooled connections with __del__ in cycles, failed requests ' +
      'kept with sys.exc_info() (tracebacks keep frames alive) and a weak-valued session table. Captured just ' +
      'before the final gc.collect().',
  },
];

function pythonFor(short) {
  const fromEnv = (process.env.HEAPSCOPE_PYTHONS ?? '').split(':').filter(Boolean);
  let candidates = fromEnv;
  if (candidates.length === 0) {
    let pyenvRoot = process.env.PYENV_ROOT;
    if (!pyenvRoot) {
      try {
        pyenvRoot = execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
      } catch {
        pyenvRoot = join(process.env.HOME ?? '/root', '.pyenv');
      }
    }
    const versions = join(pyenvRoot, 'versions');
    candidates = existsSync(versions) ? readdirSync(versions).map((v) => join(versions, v, 'bin/python')) : [];
  }
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const v = execFileSync(path, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
    if (v === short) return path;
  }
  throw new Error(`CPython ${short} not found (install it with pyenv or list it in HEAPSCOPE_PYTHONS)`);
}

// No native 3.14 here: it runs in Pyodide (CPython 3.14.2 in WebAssembly, an npm devDependency),
// with the programs folder and the temp folder mounted at their own paths.
const pyodidePackages = { '3.14': 'pyodide314', '3.15': 'pyodide315' };

async function runInPyodide(short, program, args) {
  const { loadPyodide } = await import(pyodidePackages[short]);
  const lines = [];
  const py = await loadPyodide({ stdout: (l) => lines.push(l), stderr: () => {} });
  for (const dir of [root, tmpdir()]) {
    py.FS.mkdirTree(dir);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, dir);
  }
  py.globals.set('argv', py.toPy([program, ...args]));
  py.runPython(`import os, runpy, sys\nsys.argv = list(argv)\nos.chdir(${JSON.stringify(programs)})\nsys.path.insert(0, ${JSON.stringify(programs)})\nrunpy.run_path(sys.argv[0], run_name='__main__')`);
  return `${lines.join('\n')}\n`;
}

// HEAPSCOPE_DEMOS=article-two-cycle-3.14 regenerates only the named entries and keeps the others.
const only = process.env.HEAPSCOPE_DEMOS?.split(',').filter(Boolean);
const previous = existsSync(join(demoDir, 'index.json')) ? JSON.parse(readFileSync(join(demoDir, 'index.json'), 'utf8')).demos : [];
const index = [];
for (const demo of demos) {
  for (const short of demo.versions) {
    const file = `${demo.name}-${short}.jsonl.gz`;
    if (only && !only.includes(`${demo.name}-${short}`)) {
      const kept = previous.find((d) => d.file === file);
      if (kept) index.push(kept);
      continue;
    }
    const out = join(demoDir, file);
    const result = join(tmpdir(), `heapscope-demo-${process.pid}-${demo.name}-${short}.json`);
    rmSync(out, { force: true });
    const args = ['--dump', out, '--result', result];
    const stdout = short in pyodidePackages
      ? await runInPyodide(short, join(programs, demo.program), args)
      : execFileSync(pythonFor(short), [join(programs, demo.program), ...args], {
          cwd: programs,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
    const observed = JSON.parse(readFileSync(result, 'utf8'));
    rmSync(result, { force: true });
    index.push({
      file,
      title: demo.title,
      description: demo.description,
      program: `programs/${demo.program}`,
      python: observed.python,
      expected: { collected: observed.collected, garbage: observed.garbage },
      bytes: statSync(out).size,
      output: stdout.trim().split('\n'),
    });
    console.log(`${file}: gc.collect() = ${observed.collected}, len(gc.garbage) = ${observed.garbage}, ${statSync(out).size} bytes`);
  }
}
writeFileSync(join(demoDir, 'index.json'), JSON.stringify({ demos: index }, null, 2) + '\n');
