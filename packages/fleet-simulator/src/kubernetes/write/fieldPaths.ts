/**
 * Paths into objects, as server-side apply tracks fields: leaf paths of an apply configuration, FieldsV1 tries,
 * reading, setting and removing a value at a path.
 */

/** A JSON object. */
export type Json = Record<string, unknown>;
/** The keys from an object's root to one field. */
export type Path = string[];

/** Fields the server owns: never part of a manager's set, never taken from a request. */
export const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'selfLink',
]);

/** A JSON object (not an array, not null). */
export const isMap = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaf paths of an apply configuration: maps are walked, lists and scalars are leaves. */
export function leafPaths(obj: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (prefix.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
    if (
      prefix.length === 1 &&
      prefix[0] === 'metadata' &&
      SERVER_METADATA.has(k)
    )
      continue;
    const p = [...prefix, k];
    if (isMap(v) && Object.keys(v).length > 0) out.push(...leafPaths(v, p));
    else out.push(p);
  }
  return out;
}

/** FieldsV1 of a set of paths, e.g. {"f:data":{"f:server":{}}}. */
export function toFieldsV1(paths: Path[]): Json {
  const root: Json = {};
  for (const p of paths) {
    let node = root;
    for (const k of p) {
      const key = `f:${k}`;
      node[key] = (node[key] as Json | undefined) ?? {};
      node = node[key] as Json;
    }
  }
  return root;
}

/** Paths of a FieldsV1 trie (its leaves). */
export function fromFieldsV1(trie: unknown, prefix: Path = []): Path[] {
  if (!isMap(trie)) return [];
  const out: Path[] = [];
  for (const [k, v] of Object.entries(trie)) {
    if (!k.startsWith('f:')) continue;
    const p = [...prefix, k.slice(2)];
    if (isMap(v) && Object.keys(v).length > 0) out.push(...fromFieldsV1(v, p));
    else out.push(p);
  }
  return out;
}

/** The value at a path, undefined when the path leads nowhere. */
export function getAt(obj: unknown, p: Path): unknown {
  let cur = obj;
  for (const k of p) {
    if (!isMap(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Sets the value (a copy) at a path, making the maps on the way. */
export function setAt(obj: Json, p: Path, value: unknown): void {
  let cur = obj;
  for (const k of p.slice(0, -1)) {
    if (!isMap(cur[k])) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[p[p.length - 1]] = structuredClone(value);
}

/** Removes the value at a path, and the maps below the top level that it leaves empty. */
export function deleteAt(obj: Json, p: Path): void {
  const parents: Json[] = [];
  let cur: Json = obj;
  for (const k of p.slice(0, -1)) {
    if (!isMap(cur[k])) return;
    parents.push(cur);
    cur = cur[k] as Json;
  }
  delete cur[p[p.length - 1]];
  // Drop maps the removal left empty (below the top level).
  for (let i = p.length - 2; i >= 1; i--) {
    const parent = parents[i];
    const key = p[i];
    if (isMap(parent[key]) && Object.keys(parent[key] as Json).length === 0)
      delete parent[key];
    else break;
  }
}

/** A path as a Set or Map key. */
export const pathKey = (p: Path) => JSON.stringify(p);

/** A path as the API server prints it (.spec.x). */
export const pathText = (p: Path) => `.${p.join('.')}`;

/** True when one path is the other or lies below it. */
export const overlaps = (a: Path, b: Path) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};
