/**
 * API methods of the exploration views (objects table, inspector, graph, cycles, what-if edits).
 * Merged into ApiMethods in api.ts. Owned by the explore views; DTOs live beside their methods.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExploreMethods {}
