/**
 * Writes to a hub cluster's Kubernetes API: create (POST), server-side apply (PATCH with
 * `application/apply-patch+yaml`) and delete of the writable types (core v1 Secrets and Argo CD
 * Applications). Answers are shaped like the API server's, Status bodies included.
 *
 * Server-side apply is simplified but keeps what clients rely on:
 * - `fieldManager` is required; every manager's fields are recorded in `metadata.managedFields` (FieldsV1);
 * - maps merge key by key, lists and scalars are atomic (no list-map keys);
 * - a field that another manager owns with a different value is a 409 Conflict unless `force=true`
 *   (which takes the field over);
 * - fields this manager applied before and leaves out now are removed (unless another manager owns them);
 * - an apply that changes nothing is a no-op: same object, same resourceVersion;
 * - `dryRun=All` answers as if the write happened and stores nothing.
 * Secret `stringData` is merged into `data` (base64) as the API server does; Application `status` is ignored on
 * writes (status subresource).
 */
import { parse as parseYaml } from 'yaml';
import { ClusterWorld } from '../fleet/world';
import { Reply, SimRequest, json } from '../http';
import { KubeObject } from '../types';
import { isoSeconds, uuidOf } from '../util';
import { ResourceType, groupVersion, typeForPath } from './resources';
import { status } from './handler';

type Json = Record<string, unknown>;
type Path = string[];

const APPLY_PATCH = 'application/apply-patch+yaml';

/** Fields the server owns: never part of a manager's set, never taken from a request. */
const SERVER_METADATA = new Set([
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

function resourceName(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

function statusDetails(type: ResourceType, name: string): Json {
  return {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.resource,
  };
}

const isMap = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON text with sorted keys: equal values give equal text whatever the key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .filter(k => v[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

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

function getAt(obj: unknown, p: Path): unknown {
  let cur = obj;
  for (const k of p) {
    if (!isMap(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setAt(obj: Json, p: Path, value: unknown): void {
  let cur = obj;
  for (const k of p.slice(0, -1)) {
    if (!isMap(cur[k])) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[p[p.length - 1]] = structuredClone(value);
}

function deleteAt(obj: Json, p: Path): void {
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

const pathKey = (p: Path) => JSON.stringify(p);
const pathText = (p: Path) => `.${p.join('.')}`;
/** True when one path is the other or lies below it. */
const overlaps = (a: Path, b: Path) => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};

interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  paths: Path[];
}

function readManagers(obj: KubeObject): ManagerEntry[] {
  const mf = obj.metadata.managedFields;
  if (!Array.isArray(mf)) return [];
  return mf.map((e: Json) => ({
    manager: String(e.manager ?? ''),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: String(e.apiVersion ?? obj.apiVersion),
    time: String(e.time ?? ''),
    paths: fromFieldsV1(e.fieldsV1),
  }));
}

function writeManagers(entries: ManagerEntry[]): Json[] {
  return entries
    .filter(e => e.paths.length > 0)
    .map(e => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.paths),
    }));
}

/** What a write request sends, normalised: Secret stringData merged into data, status dropped. */
function normaliseBody(type: ResourceType, body: Json): Json {
  const out = structuredClone(body);
  delete out.status;
  if (type.kind === 'Secret' && isMap(out.stringData)) {
    const data = isMap(out.data) ? out.data : {};
    for (const [k, v] of Object.entries(out.stringData)) {
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    out.data = data;
    delete out.stringData;
  }
  if (isMap(out.metadata)) {
    for (const k of SERVER_METADATA) {
      if (k !== 'name' && k !== 'namespace') delete out.metadata[k];
    }
  }
  return out;
}

/** Checks that every Secret data value is base64, as the API server does when decoding. */
function invalidSecretData(body: Json): string | undefined {
  if (!isMap(body.data)) return undefined;
  for (const [k, v] of Object.entries(body.data)) {
    if (
      typeof v !== 'string' ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(v) ||
      v.length % 4 !== 0
    ) {
      return `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0 (data.${k})`;
    }
  }
  return undefined;
}

/** The required fields the CRD (or the API server) insists on; message as the API server words it. */
function invalidObject(type: ResourceType, obj: Json): string | undefined {
  const name = String((obj.metadata as Json | undefined)?.name ?? '');
  if (type.kind === 'Application') {
    const spec = obj.spec;
    const missing: string[] = [];
    if (!isMap(spec)) missing.push('spec');
    else {
      if (!isMap(spec.destination)) missing.push('spec.destination');
      if (typeof spec.project !== 'string') missing.push('spec.project');
    }
    if (missing.length > 0) {
      return `Application.argoproj.io "${name}" is invalid: ${missing
        .map(m => `${m}: Required value`)
        .join(', ')}`;
    }
  }
  return undefined;
}

function parseBody(
  req: SimRequest,
): { ok: true; value: Json } | { ok: false; reply: Reply } {
  const text = req.body ?? '';
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    return {
      ok: false,
      reply: status(
        400,
        'BadRequest',
        `error decoding YAML: ${(e as Error).message.split('\n')[0]}`,
      ),
    };
  }
  if (!isMap(value)) {
    return {
      ok: false,
      reply: status(
        400,
        'BadRequest',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      ),
    };
  }
  return { ok: true, value };
}

function checkIdentity(
  type: ResourceType,
  version: string,
  body: Json,
  ns: string | undefined,
  urlName: string | undefined,
): Reply | undefined {
  const apiVersion = groupVersion(type.group, version);
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    return status(
      400,
      'BadRequest',
      `the API version in the data (${String(
        body.apiVersion,
      )}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (body.kind !== undefined && body.kind !== type.kind) {
    return status(
      400,
      'BadRequest',
      `the kind in the data (${String(
        body.kind,
      )}) does not match the expected kind (${type.kind})`,
    );
  }
  const meta = isMap(body.metadata) ? body.metadata : {};
  if (
    urlName !== undefined &&
    meta.name !== undefined &&
    meta.name !== urlName
  ) {
    return status(
      400,
      'BadRequest',
      `the name of the object (${String(
        meta.name,
      )}) does not match the name on the URL (${urlName})`,
    );
  }
  if (
    ns !== undefined &&
    meta.namespace !== undefined &&
    meta.namespace !== ns
  ) {
    return status(
      400,
      'BadRequest',
      `the namespace of the provided object does not match the namespace sent on the request`,
    );
  }
  return undefined;
}

function namespaceMissing(
  cluster: ClusterWorld,
  ns: string,
): Reply | undefined {
  if (cluster.store.namespaces().includes(ns)) return undefined;
  return status(404, 'NotFound', `namespaces "${ns}" not found`, {
    name: ns,
    kind: 'namespaces',
  });
}

const isDryRun = (req: SimRequest) =>
  req.query.getAll('dryRun').includes('All');

/** The manager of a request without fieldManager: the client's name from its User-Agent, as the API server does. */
function defaultManager(req: SimRequest): string {
  const ua = req.headers['user-agent'];
  const text = Array.isArray(ua) ? ua[0] : ua;
  const name = text?.split('/')[0]?.trim();
  return name || 'unknown';
}

/** Builds a complete stored object from a request body. */
function newObject(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  body: Json,
  ns: string,
  name: string,
  manager: ManagerEntry,
  rv: string,
  now: number,
): KubeObject {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = body;
  const meta = isMap(metadata) ? metadata : {};
  const { name: _n, namespace: _ns, ...userMeta } = meta;
  const obj: KubeObject = {
    apiVersion: groupVersion(type.group, version),
    kind: type.kind,
    metadata: {
      name,
      namespace: ns,
      uid: uuidOf(`${cluster.name}:${type.kind}:${ns}/${name}:${rv}`),
      resourceVersion: rv,
      ...(type.crd ? { generation: 1 } : {}),
      creationTimestamp: isoSeconds(now),
      ...userMeta,
      managedFields: writeManagers([manager]),
    },
    ...rest,
  };
  if (type.kind === 'Secret' && obj.type === undefined) obj.type = 'Opaque';
  return obj;
}

/** POST /…/namespaces/{ns}/{resource} */
export function createObject(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  version: string,
  ns: string,
): Reply {
  const parsed = parseBody(req);
  if (!parsed.ok) return parsed.reply;
  const identity = checkIdentity(type, version, parsed.value, ns, undefined);
  if (identity) return identity;
  const missingNs = namespaceMissing(cluster, ns);
  if (missingNs) return missingNs;
  const badData =
    type.kind === 'Secret' ? invalidSecretData(parsed.value) : undefined;
  if (badData) return status(400, 'BadRequest', badData);
  const body = normaliseBody(type, parsed.value);
  const meta = isMap(body.metadata) ? body.metadata : {};
  let name = typeof meta.name === 'string' ? meta.name : '';
  if (!name && typeof meta.generateName === 'string' && meta.generateName) {
    name = `${meta.generateName}${uuidOf(
      `${cluster.name}:${cluster.store.resourceVersion}`,
    ).slice(0, 5)}`;
  }
  if (!name) {
    return status(
      422,
      'Invalid',
      `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      {
        kind: type.kind,
        causes: [{ reason: 'FieldValueRequired', field: 'metadata.name' }],
      },
    );
  }
  setAt(body, ['metadata', 'name'], name);
  const invalid = invalidObject(type, body);
  if (invalid)
    return status(422, 'Invalid', invalid, statusDetails(type, name));
  if (cluster.store.get(type, ns, name)) {
    return status(
      409,
      'AlreadyExists',
      `${resourceName(type)} "${name}" already exists`,
      statusDetails(type, name),
    );
  }
  const now = Date.now();
  const dryRun = isDryRun(req);
  const rv = dryRun
    ? cluster.store.resourceVersion
    : cluster.store.nextResourceVersion();
  const manager: ManagerEntry = {
    manager: req.query.get('fieldManager') || defaultManager(req),
    operation: 'Update',
    apiVersion: groupVersion(type.group, version),
    time: isoSeconds(now),
    paths: leafPaths(body),
  };
  const obj = newObject(
    cluster,
    type,
    version,
    body,
    ns,
    name,
    manager,
    rv,
    now,
  );
  if (!dryRun) {
    cluster.store.put(type, obj);
    cluster.onWrite?.(type);
  }
  return json(201, obj);
}

/** PATCH /…/namespaces/{ns}/{resource}/{name} with Content-Type application/apply-patch+yaml. */
export function applyObject(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  version: string,
  ns: string,
  name: string,
): Reply {
  const ct = req.headers['content-type'];
  const contentType = (Array.isArray(ct) ? ct[0] : ct ?? '')
    .split(';')[0]
    .trim();
  if (contentType !== APPLY_PATCH) {
    return status(
      415,
      'UnsupportedMediaType',
      `the fleet simulator supports only server-side apply patches (${APPLY_PATCH}), got "${contentType}"`,
    );
  }
  const fieldManager = req.query.get('fieldManager') ?? '';
  if (!fieldManager) {
    return status(
      400,
      'BadRequest',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const force = req.query.get('force') === 'true';
  const parsed = parseBody(req);
  if (!parsed.ok) return parsed.reply;
  const raw = parsed.value;
  if (raw.apiVersion === undefined || raw.kind === undefined) {
    return status(
      400,
      'BadRequest',
      'apiVersion and kind are required in a server-side apply patch',
    );
  }
  const identity = checkIdentity(type, version, raw, ns, name);
  if (identity) return identity;
  const missingNs = namespaceMissing(cluster, ns);
  if (missingNs) return missingNs;
  const badData = type.kind === 'Secret' ? invalidSecretData(raw) : undefined;
  if (badData) return status(400, 'BadRequest', badData);
  const config = normaliseBody(type, raw);
  setAt(config, ['metadata', 'name'], name);
  const configPaths = leafPaths(config);
  const now = Date.now();
  const apiVersion = groupVersion(type.group, version);
  const dryRun = isDryRun(req);

  const existing = cluster.store.get(type, ns, name);
  if (!existing) {
    const invalid = invalidObject(type, config);
    if (invalid)
      return status(422, 'Invalid', invalid, statusDetails(type, name));
    const rv = dryRun
      ? cluster.store.resourceVersion
      : cluster.store.nextResourceVersion();
    const obj = newObject(
      cluster,
      type,
      version,
      config,
      ns,
      name,
      {
        manager: fieldManager,
        operation: 'Apply',
        apiVersion,
        time: isoSeconds(now),
        paths: configPaths,
      },
      rv,
      now,
    );
    if (!dryRun) {
      cluster.store.put(type, obj);
      cluster.onWrite?.(type);
    }
    return json(201, obj);
  }

  const managers = readManagers(existing);
  const conflicts: Array<{ manager: string; apiVersion: string; path: Path }> =
    [];
  for (const p of configPaths) {
    for (const m of managers) {
      if (m.manager === fieldManager && m.operation === 'Apply') continue;
      const owned = m.paths.find(q => overlaps(p, q));
      if (!owned) continue;
      if (canonical(getAt(existing, owned)) === canonical(getAt(config, owned)))
        continue;
      conflicts.push({
        manager: m.manager,
        apiVersion: m.apiVersion,
        path: owned,
      });
    }
  }
  if (conflicts.length > 0 && !force) {
    const causes = conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: pathText(c.path),
    }));
    const list = conflicts
      .map(
        c =>
          `conflict with "${c.manager}" using ${c.apiVersion}: ${pathText(
            c.path,
          )}`,
      )
      .join('\n- ');
    return status(
      409,
      'Conflict',
      `Apply failed with ${conflicts.length} conflict${
        conflicts.length === 1 ? '' : 's'
      }: ${list}`,
      { ...statusDetails(type, name), causes },
    );
  }

  const { managedFields: _mf, ...existingMeta } = existing.metadata;
  const result: KubeObject = structuredClone({
    ...existing,
    metadata: existingMeta,
  }) as KubeObject;
  const before = canonical(result);
  const configKeys = new Set(configPaths.map(pathKey));
  const mine = managers.find(
    m => m.manager === fieldManager && m.operation === 'Apply',
  );
  for (const p of mine?.paths ?? []) {
    if (configKeys.has(pathKey(p))) continue;
    const ownedByOthers = managers.some(
      m => m !== mine && m.paths.some(q => pathKey(q) === pathKey(p)),
    );
    if (!ownedByOthers) deleteAt(result as unknown as Json, p);
  }
  for (const p of configPaths)
    setAt(result as unknown as Json, p, getAt(config, p));
  const invalid = invalidObject(type, result as unknown as Json);
  if (invalid)
    return status(422, 'Invalid', invalid, statusDetails(type, name));

  // New ownership: this manager owns what it applied; with force it takes conflicting fields from the others.
  const nextManagers: ManagerEntry[] = managers
    .filter(m => !(m.manager === fieldManager && m.operation === 'Apply'))
    .map(m => ({
      ...m,
      paths: force
        ? m.paths.filter(q => !configPaths.some(p => overlaps(p, q)))
        : m.paths,
    }));
  const changed = canonical(result) !== before;
  const mineBefore = canonical((mine?.paths ?? []).map(pathKey).sort());
  const mineAfter = canonical(configPaths.map(pathKey).sort());
  const othersChanged =
    canonical(nextManagers.map(m => m.paths.map(pathKey).sort())) !==
    canonical(
      managers
        .filter(m => !(m.manager === fieldManager && m.operation === 'Apply'))
        .map(m => m.paths.map(pathKey).sort()),
    );
  if (!changed && mineBefore === mineAfter && !othersChanged) {
    // Nothing to do: the API server does not write, the resourceVersion stays.
    return json(200, existing);
  }
  nextManagers.push({
    manager: fieldManager,
    operation: 'Apply',
    apiVersion,
    time: changed || !mine ? isoSeconds(now) : mine.time,
    paths: configPaths,
  });
  const rv = dryRun
    ? existing.metadata.resourceVersion!
    : cluster.store.nextResourceVersion();
  const specChanged =
    canonical((existing as Json).spec) !== canonical((result as Json).spec);
  result.metadata = {
    ...result.metadata,
    resourceVersion: rv,
    ...(type.crd && specChanged && !dryRun
      ? { generation: (existing.metadata.generation ?? 1) + 1 }
      : {}),
    managedFields: writeManagers(nextManagers),
  };
  if (!dryRun) {
    cluster.store.put(type, result);
    cluster.onWrite?.(type);
  }
  return json(200, result);
}

/** DELETE /…/namespaces/{ns}/{resource}/{name} */
export function deleteObject(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  ns: string,
  name: string,
): Reply {
  const existing = cluster.store.get(type, ns, name);
  if (!existing) {
    return status(
      404,
      'NotFound',
      `${resourceName(type)} "${name}" not found`,
      statusDetails(type, name),
    );
  }
  if (!isDryRun(req)) {
    cluster.store.remove(type, ns, name);
    cluster.store.nextResourceVersion();
    cluster.onWrite?.(type);
  }
  // Built-in types answer a Status; custom resources answer the deleted object.
  if (type.crd) return json(200, existing);
  return json(200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...statusDetails(type, name), uid: existing.metadata.uid },
  });
}

/** The writable type at a path, when the cluster is a hub. */
export function writableType(
  cluster: ClusterWorld,
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  if (cluster.role !== 'hub') return undefined;
  const t = typeForPath(group, version, resource);
  return t?.writable ? t : undefined;
}
