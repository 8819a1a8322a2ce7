/**
 * What the suspects need to know about the Python program behind a dump, read from the graph
 * alone: which modules are the user's (`__main__`, and modules whose `__file__` lies outside the
 * standard library's folder), which objects are interpreter machinery (sys.modules, module
 * namespaces, class dicts, types, modules), the type object of a type name and its MRO, and a
 * short name for a frame or function. Built once per graph in O(nodes); start at
 * `pythonContext`.
 */
import { type HeapGraph, NodeFlag } from '../../model/HeapGraph.js';

export interface PythonContext {
  readonly graph: HeapGraph;
  /** Type ids (string-table ids) of well-known types, −1 when absent from the dump. */
  readonly ids: {
    module: number;
    dict: number;
    type: number;
    frame: number;
    traceback: number;
    method: number;
    function: number;
    code: number;
    str: number;
  };
  /** sys.modules, or −1 when it cannot be recognised. */
  readonly sysModules: number;
  /** Names of the user's modules. */
  readonly userModules: ReadonlySet<string>;
  /**
   * Per node: 1 when the dict is an instance's namespace, 2 when it is a module's or a class's
   * (reached by a `__dict__` edge from such an object), 0 otherwise.
   */
  readonly namespaceDict: Uint8Array;
  /** Type node by its qualified name (`__main__.Service`, `threading.Thread`). */
  readonly typeByName: ReadonlyMap<string, number>;
}

const label = (g: HeapGraph, e: number): string => g.strings.get(g.edgeLabels[e]);
const reprOf = (g: HeapGraph, n: number): string => g.strings.get(g.reprIds[n]);

/** `'abc'` → abc; a repr that is not a plain quoted str stays as it is. */
export function unquote(repr: string): string {
  return repr.length >= 2 && (repr[0] === "'" || repr[0] === '"') && repr[repr.length - 1] === repr[0] ? repr.slice(1, -1) : repr;
}

/** The out-edge of `node` labelled `name`, or −1. */
export function edgeNamed(g: HeapGraph, node: number, name: string): number {
  const id = g.strings.find(name);
  if (id < 0) return -1;
  for (let e = g.firstOutEdge[node], end = g.firstOutEdge[node + 1]; e < end; e++) if (g.edgeLabels[e] === id) return e;
  return -1;
}

export function pythonContext(g: HeapGraph): PythonContext {
  const find = (s: string): number => g.strings.find(s);
  const ids = {
    module: find('module'),
    dict: find('dict'),
    type: find('type'),
    frame: find('frame'),
    traceback: find('traceback'),
    method: find(g.header.python.major === 2 ? 'instancemethod' : 'method'),
    function: find('function'),
    code: find('code'),
    str: find('str'),
  };
  const n = g.nodeCount;
  const namespaceDict = new Uint8Array(n);
  const dictLabel = find('__dict__');
  const typeByName = new Map<string, number>();
  const modulesByName = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    const isType = (g.flags[v] & NodeFlag.IsType) !== 0;
    if (isType) {
      const name = reprOf(g, v);
      if (name && !typeByName.has(name)) typeByName.set(name, v);
    }
    if (g.typeIds[v] === ids.module) {
      const name = reprOf(g, v);
      if (name) modulesByName.set(name, v);
    }
    if (dictLabel < 0) continue;
    for (let e = g.firstOutEdge[v], end = g.firstOutEdge[v + 1]; e < end; e++) {
      const w = g.edgeTargets[e];
      if (g.edgeLabels[e] !== dictLabel || g.typeIds[w] !== ids.dict) continue;
      namespaceDict[w] = isType || g.typeIds[v] === ids.module ? 2 : Math.max(namespaceDict[w], 1);
    }
  }
  // sys.modules: the dict sys's namespace holds under 'modules'.
  let sysModules = -1;
  const sys = modulesByName.get('sys');
  if (sys !== undefined) {
    const d = edgeNamed(g, sys, '__dict__');
    const m = d >= 0 ? edgeNamed(g, g.edgeTargets[d], "['modules']") : -1;
    if (m >= 0) sysModules = g.edgeTargets[m];
  }
  return { graph: g, ids, sysModules, userModules: userModules(g, modulesByName), namespaceDict, typeByName };
}

/** The folder of a module's `__file__`, from the str its namespace holds ('' when unknown). */
function moduleFile(g: HeapGraph, module: number): string {
  const d = edgeNamed(g, module, '__dict__');
  if (d < 0) return '';
  const f = edgeNamed(g, g.edgeTargets[d], "['__file__']");
  return f < 0 ? '' : unquote(reprOf(g, g.edgeTargets[f]));
}

/**
 * `__main__` plus every module with a `__file__` outside the standard library's folder (the
 * folder of `os`'s file) or under site-packages. Built-in modules (no file) are the interpreter's.
 */
function userModules(g: HeapGraph, modules: ReadonlyMap<string, number>): Set<string> {
  const user = new Set<string>(['__main__']);
  const os = modules.get('os');
  const osFile = os === undefined ? '' : moduleFile(g, os);
  const stdlib = osFile.slice(0, osFile.lastIndexOf('/') + 1);
  if (!stdlib) return user;
  for (const [name, node] of modules) {
    const file = moduleFile(g, node);
    if (file && (!file.startsWith(stdlib) || file.includes('-packages/'))) user.add(name);
  }
  return user;
}

/** The module part of a qualified type name: `__main__.Service` → `__main__`, `dict` → ''. */
export function moduleOfType(typeName: string): string {
  const dot = typeName.lastIndexOf('.');
  return dot < 0 ? '' : typeName.slice(0, dot);
}

/** True when objects of this type were defined by the user's code. */
export function isUserType(ctx: PythonContext, typeName: string): boolean {
  const m = moduleOfType(typeName);
  if (!m) return false;
  if (ctx.userModules.has(m)) return true;
  // Nested modules of a user package (pkg.sub) and classes nested in functions (`__main__.f.<locals>`).
  for (const u of ctx.userModules) if (m.startsWith(`${u}.`)) return true;
  return false;
}

/** True when the node is a user thing: a user module, a type defined by the user, or an instance of one. */
export function isUserObject(ctx: PythonContext, node: number): boolean {
  const g = ctx.graph;
  const t = g.typeIds[node];
  if (t === ctx.ids.module) return ctx.userModules.has(reprOf(g, node));
  if ((g.flags[node] & NodeFlag.IsType) !== 0) return isUserType(ctx, reprOf(g, node));
  return isUserType(ctx, g.strings.get(t));
}

/** Machinery that is never a suspect by itself: sys.modules, modules, namespaces, types, code. */
export function isMachinery(ctx: PythonContext, node: number): boolean {
  const g = ctx.graph;
  const t = g.typeIds[node];
  return node === ctx.sysModules || t === ctx.ids.module || t === ctx.ids.code || ctx.namespaceDict[node] === 2 || (g.flags[node] & NodeFlag.IsType) !== 0;
}

/** True when the object's class is `base` or derives from it (read from its type's `__mro__`). */
export function derivesFrom(ctx: PythonContext, typeName: string, base: string): boolean {
  if (typeName === base) return true;
  const type = ctx.typeByName.get(typeName);
  if (type === undefined) return false;
  const g = ctx.graph;
  const mro = edgeNamed(g, type, '__mro__');
  if (mro < 0) return false;
  const tuple = g.edgeTargets[mro];
  for (let e = g.firstOutEdge[tuple], end = g.firstOutEdge[tuple + 1]; e < end; e++) if (reprOf(g, g.edgeTargets[e]) === base) return true;
  return false;
}

/** A frame's function name (`handle_job`), from its code object's repr; '' when unknown. */
export function frameName(ctx: PythonContext, frame: number): string {
  const g = ctx.graph;
  for (let e = g.firstOutEdge[frame], end = g.firstOutEdge[frame + 1]; e < end; e++) {
    const w = g.edgeTargets[e];
    if (g.typeIds[w] === ctx.ids.code || label(g, e) === 'f_code') return reprOf(g, w).split(' ')[0];
  }
  return '';
}
