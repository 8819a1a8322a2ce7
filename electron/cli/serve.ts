/**
 * `heapscope serve [DUMP…] [--port N] [--demo ID|default]`: the app in a browser, for machines
 * where Electron cannot run. Same renderer build, same API (ApiRouter) over HTTP on 127.0.0.1
 * with a per-run token, engine sessions in worker threads (EngineHost) exactly as in Electron.
 * Dumps named on the command line are opened at start; the page picks them up as tabs.
 * `npm start`'s fallback passes `--demo default`: the article's two-object cycle (2.7 capture).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { EngineHost } from '../host/EngineHost.js';
import { FilePolicy, createApiRouter } from '../host/ApiRouter.js';
import { CaptureService, capturesDir } from '../host/CaptureService.js';
import { dumperText } from './dumper.js';
import { RecentFiles } from '../host/RecentFiles.js';
import { defaultDemo, loadDemos } from '../host/demos.js';
import { serveDataDir } from '../host/dataDir.js';
import { mainOutDir } from '../host/paths.js';
import { startServer, type RunningServer } from './serveHttp.js';
import { userPath } from './openDump.js';

export { startServer } from './serveHttp.js';
export type { RunningServer, ServeOptions } from './serveHttp.js';

const version = '0.1.0';
const usage = 'usage: heapscope serve [DUMP…] [--port N] [--demo ID|default]\n';

interface ServeArgs {
  dumps: string[];
  port: number;
  demo?: string;
}

export function parseServeArgs(argv: string[]): ServeArgs | string {
  const out: ServeArgs = { dumps: [], port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) return 'heapscope serve: --port takes a number from 0 to 65535';
      out.port = port;
    } else if (flag === '--demo') {
      const demo = value();
      if (!demo) return 'heapscope serve: --demo takes a demo id or "default"';
      out.demo = demo;
    } else if (flag === '--help' || flag === '-h') {
      return '';
    } else if (arg.startsWith('-')) {
      return `heapscope serve: unknown option ${arg}`;
    } else {
      out.dumps.push(userPath(arg));
    }
  }
  return out;
}

/** Starts everything; resolves once the server listens. Used by serveCommand and tests. */
export async function startServe(args: ServeArgs, dirs = { main: mainOutDir(import.meta.dirname) }): Promise<{ server: RunningServer; host: EngineHost; opened: string[] }> {
  const dataDir = serveDataDir();
  const host = new EngineHost({ workerPath: join(dirs.main, 'worker.js'), dataDir });
  const policy = new FilePolicy(true);
  const recent = new RecentFiles(dataDir);
  const demos = loadDemos(process.env.HEAPSCOPE_DEMO_DIR ?? join(dirs.main, '../../electron/demo-heaps'));
  // An unpredictable private folder (mkdtemp: created exclusively, mode 0700), removed on stop.
  const uploadDir = mkdtempSync(join(tmpdir(), 'heapscope-uploads-'));
  const captures = new CaptureService({
    dir: capturesDir(dataDir),
    dumperSource: dumperText,
    open: (path) => {
      policy.allow(path);
      return host.open(path, { path }, basename(path));
    },
  });
  const api = createApiRouter({ mode: 'serve', version, host, policy, demos, recent, uploadDir, captures });
  const server = await startServer({
    rendererDir: join(dirs.main, '../renderer'),
    port: args.port,
    version,
    api,
    uploadDir,
    onUpload: (path) => policy.allow(path),
  });
  const opened: string[] = [];
  for (const dump of args.dumps) {
    policy.allow(dump);
    const result = await api('openDump', { path: dump });
    if (result.ok) opened.push(dump);
    else process.stderr.write(`heapscope serve: ${dump}: ${result.error.message}\n`);
  }
  if (args.demo) {
    const demo = args.demo === 'default' ? defaultDemo(demos) : demos.find((d) => d.id === args.demo);
    if (demo) await api('openDump', { demo: demo.id });
    else process.stderr.write(`heapscope serve: no demo heap ${args.demo} (have: ${demos.map((d) => d.id).join(', ') || 'none'})\n`);
  }
  const close = server.close;
  server.close = async () => {
    await close();
    rmSync(uploadDir, { recursive: true, force: true });
  };
  return { server, host, opened };
}

/** `heapscope serve …`: runs until SIGINT/SIGTERM; returns the exit code. */
export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(args ? `${args}\n${usage}` : usage);
    return args ? 2 : 0;
  }
  const { server, host } = await startServe(args);
  process.stdout.write(`heapscope is serving on ${server.url}\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      // A second signal (Ctrl-C reaches both a re-exec wrapper and us) must not cut the clean stop short.
      if (stopping) return;
      stopping = true;
      // Never outlive a stop request: if closing stalls, exit anyway after a short grace period.
      setTimeout(() => resolve(0), 3000).unref();
      void host
        .closeAll()
        .then(() => server.close())
        .then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
  });
}
