/**
 * zod schemas for every request that crosses into the host (IPC from the renderer, HTTP in serve
 * mode). The renderer is untrusted: nothing reaches a worker before its arguments parse here.
 * Core methods are listed below. Explore methods use `exploreSchemas` when
 * electron/engine/session/explore exports one for the method, and otherwise the minimal shape
 * every session method shares (an object with a session id), the handler checking the rest.
 */
import { z } from 'zod';
import type { CoreMethods } from '../../shared/api.js';

const session = z.string().regex(/^[0-9a-f]{8}$/, 'a session id');
const empty = z.object({}).strict();
const ruleSet = z.enum(['2.7', '3.4', '3.7.5', '3.9', '3.14', '3.14.5', '3.15']);
/** Paths are user-named: bounded length, no NUL (Node rejects it, but say why). */
const path = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path without NUL bytes');

export const coreSchemas: { [M in keyof CoreMethods]: z.ZodType } = {
  ping: empty,
  listDemos: empty,
  openDump: z.union([z.object({ path }).strict(), z.object({ demo: z.string().min(1).max(200) }).strict()]),
  openStatus: z.object({ session }).strict(),
  listSessions: empty,
  cancelOpen: z.object({ session }).strict(),
  closeDump: z.object({ session }).strict(),
  overview: z.object({ session, limit: z.number().int().min(1).max(100).optional() }).strict(),
  setRules: z.object({ session, rules: ruleSet, saveAll: z.boolean() }).strict(),
  recentFiles: empty,
  pickDump: z.object({ purpose: z.enum(['open', 'baseline', 'final']).optional() }).strict(),
  compareWith: z
    .object({ session, base: session, final: session.optional(), mode: z.enum(['after-collect', 'as-dumped']).optional(), limit: z.number().int().min(1).max(5000).optional() })
    .strict(),
  comparisonStatus: z.object({ session, addresses: z.array(z.number().int().min(0)).max(2000) }).strict(),
  comparisonObjects: z
    .object({ session, type: z.string().max(1000).optional(), leak: z.number().int().min(0).optional(), start: z.number().int().min(0).optional(), count: z.number().int().min(1).max(500).optional() })
    .strict(),
  listProcesses: empty,
  startCapture: z
    .object({
      pid: z.number().int().min(1).max(2 ** 22),
      fork: z.boolean().optional(),
      // A series: up to 100 dumps, at most an hour apart (the dialog's bounds too).
      every: z.number().min(0).max(3600).optional(),
      count: z.number().int().min(1).max(100).optional(),
    })
    .strict()
    .refine((r) => r.every === undefined || r.count !== undefined, { message: 'every needs count (how many dumps)', path: ['every'] }),
  captureStatus: z.object({ capture: z.string().regex(/^c[0-9]{1,9}$/, 'a capture id') }).strict(),
};

/** What every session method's request has in common. */
export const sessionRequest = z.looseObject({ session });

export type Validation = { ok: true; value: unknown } | { ok: false; message: string };

export function validate(schema: z.ZodType, request: unknown): Validation {
  const parsed = schema.safeParse(request ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, message: `invalid request${where}: ${issue?.message ?? 'does not match the schema'}` };
}
