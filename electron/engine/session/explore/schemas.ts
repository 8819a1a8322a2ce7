/**
 * zod schemas of the explore requests, without the `session` field (the host's router checks it
 * and strips it before applying these). Bounds keep a hostile renderer from asking for huge pages.
 */
import { z } from 'zod';
import type { ExploreMethods } from '../../../../shared/exploreApi.js';
import type { SuspectsMethods } from '../../../../shared/suspectsApi.js';

const address = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const start = z.number().int().min(0).max(2 ** 32);
const count = z.number().int().min(0).max(500);
const fate = z.enum(['alive', 'freed by refcount', 'collected', 'uncollectable', 'resurrected']);
const empty = z.object({}).strict();
/** Sort and filter of the objects table, shared by its page and row lookups. */
const tableOrder = {
  sort: z.enum(['address', 'type', 'size', 'retained', 'refcount', 'external', 'fate']).optional(),
  descending: z.boolean().optional(),
  filter: z
    .object({ type: z.string().max(500).optional(), fate: fate.optional(), text: z.string().max(500).optional(), address: z.string().max(40).optional() })
    .strict()
    .optional(),
};

const editSpec = z.union([
  z.object({ kind: z.literal('drop-ref'), edge: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('drop-ref'), source: address, target: address }).strict(),
  z.object({ kind: z.literal('drop-external'), address, count: z.number().int().min(1).optional() }).strict(),
  z.object({ kind: z.literal('clear'), address }).strict(),
  z.object({ kind: z.literal('finalizer-effect'), address, effect: z.enum(['none', 'resurrect', 'drop-refs']) }).strict(),
]);

export const exploreSchemas: { [M in keyof (ExploreMethods & SuspectsMethods)]: z.ZodType } = {
  objectsPage: z.object({ start, count, ...tableOrder }).strict(),
  objectRow: z.object({ address, ...tableOrder }).strict(),
  inspectObject: z.object({ address, refsCount: z.number().int().min(0).max(500).optional() }).strict(),
  objectRefs: z.object({ address, direction: z.enum(['referrers', 'referents']), start, count }).strict(),
  neighbourhood: z
    .object({
      addresses: z.array(address).min(1).max(500),
      depth: z.number().int().min(0).max(6),
      maxNodes: z.number().int().min(1).max(500).optional(),
      expand: z.array(address).max(50).optional(),
      hideTypes: z.boolean().optional(),
      direction: z.enum(['both', 'referrers', 'referents']).optional(),
    })
    .strict(),
  cyclesPage: z.object({ start, count, fate: fate.optional() }).strict(),
  applyEdit: z.object({ edit: editSpec }).strict(),
  undoEdit: empty,
  redoEdit: empty,
  revertEdit: z.object({ step: z.number().int().min(0) }).strict(),
  listEdits: empty,
  exportEdits: empty,
  exportReport: z.object({ format: z.enum(['markdown', 'text']) }).strict(),
  suggestCuts: z.object({ address, max: z.number().int().min(1).max(20).optional() }).strict(),
  replay: z
    .object({ addresses: z.array(address).min(1).max(50), rules: z.string().max(10).optional(), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  suspects: z.object({ limit: z.number().int().min(1).max(50).optional() }).strict(),
  mergedPaths: z
    .object({ type: z.string().min(1).max(500).optional(), suspect: z.number().int().min(0).max(49).optional(), maxNodes: z.number().int().min(1).max(2000).optional() })
    .strict(),
  classSummary: z.object({ start, count, sort: z.enum(['retained', 'bytes', 'count']).optional(), filter: z.string().max(500).optional() }).strict(),
  dominatorChildren: z.object({ address: address.optional(), start, count }).strict(),
  retainers: z.object({ address, start, count }).strict(),
};
