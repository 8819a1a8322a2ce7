/**
 * ApiRouter: the one place a method name from outside (IPC in Electron, HTTP in serve mode) is
 * turned into work. It validates arguments (schemas.ts), applies the file policy (only files the
 * user named can be opened), runs host-level methods itself and forwards session methods to the
 * session's worker through EngineHost. Both transports call `handle` and get an ApiResult back;
 * nothing here throws to the caller.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import type { ApiResult, CoreMethods, ErrorCode, PickPurpose } from '../../shared/api.js';
import * as explore from '../engine/session/explore/index.js';
import type { EngineHost } from './EngineHost.js';
import type { Demo } from './demos.js';
import type { RecentFiles } from './RecentFiles.js';
import type { CaptureService } from './CaptureService.js';
import { coreSchemas, sessionRequest, validate } from './schemas.js';
import type { z } from 'zod';

/**
 * Which paths may be opened. Electron: paths from the native dialog, drops (registered by the
 * preload from real File objects), the command line and recent files. Serve mode also accepts a
 * path typed into the UI's path field: the user named it.
 */
export class FilePolicy {
  private readonly named = new Set<string>();

  constructor(private readonly acceptTyped: boolean) {}

  allow(path: string): void {
    this.named.add(resolvePath(path));
  }

  mayOpen(path: string, recent: RecentFiles): boolean {
    const full = resolvePath(path);
    return this.acceptTyped || this.named.has(full) || recent.has(full);
  }
}

export interface RouterContext {
  mode: 'electron' | 'serve';
  version: string;
  host: EngineHost;
  policy: FilePolicy;
  demos: Demo[];
  recent: RecentFiles;
  /** Electron's native open dialog; absent in serve mode. */
  pickDump?: (purpose: PickPurpose) => Promise<string | null>;
  /** Capture from a running process; absent where the host offers none. */
  captures?: CaptureService;
  /** Where serve mode stores uploads: those copies vanish with the run, so they never become recent files. */
  uploadDir?: string;
}

export type ApiHandler = (method: string, request: unknown) => Promise<ApiResult<unknown>>;

export function resolvePath(path: string): string {
  return resolve(path.startsWith('~/') ? homedir() + path.slice(1) : path);
}

const exploreNs = explore as unknown as { exploreHandlers: Record<string, unknown>; exploreSchemas?: Record<string, z.ZodType> };

/** The worker does not know its session id; overviews get it here. */
async function withSession(session: string, pending: Promise<ApiResult<unknown>>): Promise<ApiResult<unknown>> {
  const result = await pending;
  if (result.ok && result.value && typeof result.value === 'object') return { ok: true, value: { ...result.value, session } };
  return result;
}

export function createApiRouter(ctx: RouterContext): ApiHandler {
  const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
  const fail = (code: ErrorCode, message: string): ApiResult<never> => ({ ok: false, error: { code, message } });

  /** Opens a file the policy allows, after checking it is a regular file (not a device or folder). */
  const openPath = (path: string): ApiResult<unknown> => {
    const full = resolvePath(path);
    if (!ctx.policy.mayOpen(full, ctx.recent)) return fail('FORBIDDEN', `${basename(full)} was not opened by you (use File › Open)`);
    let isFile = false;
    try {
      isFile = statSync(full).isFile();
    } catch {
      return fail('NOT_FOUND', `${full}: no such file`);
    }
    if (!isFile) return fail('BAD_REQUEST', `${full} is not a regular file`);
    const busy = ctx.host.refusal();
    if (busy) return fail('BUSY', busy);
    const session = ctx.host.open(full, { path: full }, basename(full));
    // A file becomes recent once it has loaded; uploads vanish with the run, so never.
    if (!ctx.uploadDir || !full.startsWith(resolvePath(ctx.uploadDir))) {
      void ctx.host.whenSettled(session)?.then((status) => status.state === 'ready' && ctx.recent.add(full));
    }
    return ok({ session });
  };

  type Core = { [M in keyof CoreMethods]: (req: CoreMethods[M]['request']) => Promise<ApiResult<unknown>> | ApiResult<unknown> };
  const core: Core = {
    ping: () => ok({ app: 'heapscope', version: ctx.version, mode: ctx.mode }),
    listDemos: () => ok({ demos: ctx.demos.map(({ id, title, description, python }) => ({ id, title, description, python })) }),
    openDump: (req) => {
      if ('demo' in req) {
        const demo = ctx.demos.find((d) => d.id === req.demo);
        if (!demo) return fail('NOT_FOUND', `no demo heap named ${req.demo}`);
        const busy = ctx.host.refusal();
        if (busy) return fail('BUSY', busy);
        // Tabs show the demo's id (its file name): titles repeat across the 2.7 and 3.11 captures.
        return ok({ session: ctx.host.open(demo.path, { demo: demo.id }, demo.id) });
      }
      return openPath(req.path);
    },
    openStatus: (req) => {
      const status = ctx.host.status(req.session);
      return status ? ok(status) : fail('NOT_FOUND', `no open dump with session id ${req.session}`);
    },
    listSessions: () => ok({ sessions: ctx.host.list() }),
    cancelOpen: (req) => ok({ cancelled: ctx.host.cancel(req.session) }),
    closeDump: async (req) => ok({ closed: await ctx.host.close(req.session) }),
    overview: (req) => withSession(req.session, ctx.host.call(req.session, 'overview', req)),
    setRules: (req) => withSession(req.session, ctx.host.call(req.session, 'setRules', req)),
    compareWith: (req) => {
      // The worker cannot see other sessions: hand it the paths of the dumps to load beside its own.
      const pathOf = (id: string): string | undefined => ctx.host.status(id)?.info?.path;
      const basePath = pathOf(req.base);
      const finalPath = req.final !== undefined ? pathOf(req.final) : undefined;
      if (!basePath) return fail('NOT_FOUND', `no loaded dump with session id ${req.base} to compare with`);
      if (req.final !== undefined && !finalPath) return fail('NOT_FOUND', `no loaded dump with session id ${req.final} to use as the final dump`);
      return ctx.host.call(req.session, 'compareWith', { basePath, finalPath, mode: req.mode, limit: req.limit });
    },
    comparisonObjects: (req) => ctx.host.call(req.session, 'comparisonObjects', req),
    comparisonStatus: (req) => ctx.host.call(req.session, 'comparisonStatus', req),
    recentFiles: () => ok({ files: ctx.recent.list() }),
    listProcesses: async () => (ctx.captures ? ok(await ctx.captures.list()) : fail('UNSUPPORTED', 'capture is not available here')),
    startCapture: (req) =>
      ctx.captures
        ? ok({ capture: ctx.captures.start(req.pid, req.fork ?? true, { count: req.count ?? 1, everyMs: (req.every ?? 0) * 1000 }) })
        : fail('UNSUPPORTED', 'capture is not available here'),
    captureStatus: (req) => {
      const status = ctx.captures?.status(req.capture);
      return status ? ok(status) : fail('NOT_FOUND', `no capture ${req.capture}`);
    },
    pickDump: async (req) => {
      if (!ctx.pickDump) return fail('UNSUPPORTED', 'no native file dialog in serve mode: type a path or upload the file');
      const path = await ctx.pickDump(req.purpose ?? 'open');
      if (path) ctx.policy.allow(path);
      return ok({ path });
    },
  };

  return async (method, request) => {
    try {
      if (Object.hasOwn(coreSchemas, method)) {
        const m = method as keyof CoreMethods;
        const parsed = validate(coreSchemas[m], request);
        if (!parsed.ok) return fail('BAD_REQUEST', `${method}: ${parsed.message}`);
        return await (core[m] as (req: unknown) => Promise<ApiResult<unknown>> | ApiResult<unknown>)(parsed.value);
      }
      if (Object.hasOwn(exploreNs.exploreHandlers, method)) {
        // The session id is checked here; the method's own schema (when explore exports one) sees the rest.
        const base = validate(sessionRequest, request);
        if (!base.ok) return fail('BAD_REQUEST', `${method}: ${base.message}`);
        const { session, ...rest } = base.value as { session: string };
        const schema = exploreNs.exploreSchemas?.[method];
        const parsed = schema ? validate(schema, rest) : { ok: true as const, value: rest };
        if (!parsed.ok) return fail('BAD_REQUEST', `${method}: ${parsed.message}`);
        return await ctx.host.call(session, method, { ...(parsed.value as object), session });
      }
      return fail('BAD_REQUEST', `unknown method ${String(method).slice(0, 60)}`);
    } catch (err) {
      return fail('INTERNAL', `${method} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}
