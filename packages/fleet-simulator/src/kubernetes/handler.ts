/**
 * Kubernetes API of one simulated cluster: /version, discovery, list and get of the served types.
 */
import { ClusterWorld } from '../fleet/world';
import {
  FaultView,
  Reply,
  SimRequest,
  bearerToken,
  json,
  splitPath,
} from '../http';
import { SelectorError, matches, parseSelector } from '../selector';
import { KubeObject } from '../types';
import {
  RESOURCE_TYPES,
  ResourceType,
  WRITE_VERBS,
  groupVersion,
  isCustomResource,
} from './resources';
import { objectKey } from './store';
import { applyObject, createObject, deleteObject, writableType } from './write';

const READ_VERBS = ['get', 'list'];
const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE']);

const methodNotAllowed = () =>
  status(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );

export function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Reply {
  return json(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const notFoundPath = () =>
  status(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );

/** The types this cluster serves right now (CRDs it lacks, or hidden by a crd-absent fault, are gone). */
export function servedTypes(
  cluster: ClusterWorld,
  hiddenGroups: string[],
): ResourceType[] {
  return RESOURCE_TYPES.filter(t => {
    if (hiddenGroups.includes(t.group)) return false;
    if (t.hubOnly && cluster.role !== 'hub') return false;
    return !t.optional || cluster.groups[t.optional];
  });
}

export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const gitVersion = kubernetesVersion.startsWith('v')
    ? kubernetesVersion
    : `v${kubernetesVersion}`;
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m ? m[1] : '1',
    minor: m ? m[2] : '0',
    gitVersion,
    gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    gitTreeState: 'clean',
    buildDate: '2026-06-11T09:12:47Z',
    goVersion: 'go1.24.11',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const ANONYMOUS_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

export function handleKubernetes(
  cluster: ClusterWorld,
  req: SimRequest,
  faults: FaultView,
): Reply {
  const token = bearerToken(req);
  const path = req.path.replace(/\/+$/, '') || '/';
  const anonymousOk = token === undefined && ANONYMOUS_PATHS.has(path);
  if (
    !anonymousOk &&
    (token === undefined || faults.unauthorized || token !== cluster.token)
  ) {
    return status(401, 'Unauthorized', 'Unauthorized');
  }
  const write = WRITE_METHODS.has(req.method);
  if (req.method !== 'GET' && req.method !== 'HEAD' && !write) {
    return methodNotAllowed();
  }
  if (write && !path.startsWith('/api/') && !path.startsWith('/apis/')) {
    return methodNotAllowed();
  }
  if (path === '/version')
    return json(200, versionInfo(cluster.kubernetesVersion));
  if (path === '/healthz' || path === '/livez' || path === '/readyz')
    return {
      status: 200,
      body: 'ok',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    };

  const types = servedTypes(cluster, faults.hiddenGroups);
  const parts = splitPath(path);
  if (parts[0] === 'api') {
    if (parts.length === 1) {
      return json(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: req.hostPort },
        ],
      });
    }
    if (parts[1] !== 'v1') return notFoundPath();
    return resourceRequest(cluster, req, types, '', 'v1', parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1)
      return json(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groupsOf(types),
      });
    const group = parts[1];
    const groupTypes = types.filter(t => t.group === group);
    if (group === '' || groupTypes.length === 0) return notFoundPath();
    if (parts.length === 2)
      return json(200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...groupsOf(groupTypes)[0],
      });
    const version = parts[2];
    if (!groupTypes.some(t => t.versions.includes(version)))
      return notFoundPath();
    return resourceRequest(cluster, req, types, group, version, parts.slice(3));
  }
  return notFoundPath();
}

function groupsOf(types: ResourceType[]): Array<Record<string, unknown>> {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    for (const v of t.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(t.group, versions);
  }
  return [...groups.entries()].map(([name, versions]) => ({
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: {
      groupVersion: `${name}/${versions[0]}`,
      version: versions[0],
    },
  }));
}

function resourceList(
  cluster: ClusterWorld,
  types: ResourceType[],
  group: string,
  version: string,
): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: types
      .filter(t => t.group === group && t.versions.includes(version))
      .map(t => ({
        name: t.resource,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.writable && cluster.role === 'hub' ? WRITE_VERBS : READ_VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      })),
  };
}

/** Routes below /api/v1 or /apis/{group}/{version}. */
function resourceRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  types: ResourceType[],
  group: string,
  version: string,
  rest: string[],
): Reply {
  if (WRITE_METHODS.has(req.method))
    return writeRequest(cluster, req, types, group, version, rest);
  if (rest.length === 0)
    return json(200, resourceList(cluster, types, group, version));
  const find = (resource: string) =>
    types.find(
      t =>
        t.group === group &&
        t.resource === resource &&
        t.versions.includes(version),
    );
  // /namespaces/{ns}/{resource}[/{name}]
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = find(rest[2]);
    if (!type || !type.namespaced || rest.length > 4) return notFoundPath();
    return rest.length === 3
      ? list(cluster, req, type, version, rest[1])
      : get(cluster, type, version, rest[1], rest[3]);
  }
  const type = find(rest[0]);
  if (!type || rest.length > 2) return notFoundPath();
  if (rest.length === 1) return list(cluster, req, type, version, undefined);
  if (type.namespaced) return notFoundPath();
  return get(cluster, type, version, undefined, rest[1]);
}

/** POST to a collection, PATCH (server-side apply) or DELETE of an object: hub clusters, writable types only. */
function writeRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  types: ResourceType[],
  group: string,
  version: string,
  rest: string[],
): Reply {
  if (rest[0] !== 'namespaces' || rest.length < 3 || rest.length > 4)
    return methodNotAllowed();
  const served = types.some(
    t =>
      t.group === group &&
      t.resource === rest[2] &&
      t.versions.includes(version),
  );
  if (!served) return notFoundPath();
  const type = writableType(cluster, group, version, rest[2]);
  if (!type) return methodNotAllowed();
  const ns = rest[1];
  if (rest.length === 3) {
    return req.method === 'POST'
      ? createObject(cluster, req, type, version, ns)
      : methodNotAllowed();
  }
  if (req.method === 'PATCH')
    return applyObject(cluster, req, type, version, ns, rest[3]);
  if (req.method === 'DELETE')
    return deleteObject(cluster, req, type, ns, rest[3]);
  return methodNotAllowed();
}

/** Custom resources carry apiVersion/kind in lists; built-in types do not (typed lists drop them). */
function asServed(
  obj: KubeObject,
  type: ResourceType,
  version: string,
  inList: boolean,
): Record<string, unknown> {
  if (inList && !isCustomResource(type)) {
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    return rest;
  }
  const apiVersion = groupVersion(type.group, version);
  return apiVersion === obj.apiVersion ? obj : { ...obj, apiVersion };
}

function get(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  ns: string | undefined,
  name: string,
): Reply {
  const obj = cluster.store.get(type, ns, name);
  if (!obj) {
    return status(
      404,
      'NotFound',
      `${
        type.group ? `${type.resource}.${type.group}` : type.resource
      } "${name}" not found`,
      {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.resource,
      },
    );
  }
  return json(200, asServed(obj, type, version, false));
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: string, lastKey: string): string {
  const token: ContinueToken = {
    v: 'meta.k8s.io/v1',
    rv: Number(rv),
    start: `${lastKey}\u0000`,
  };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as ContinueToken;
    if (
      t.v !== 'meta.k8s.io/v1' ||
      typeof t.start !== 'string' ||
      typeof t.rv !== 'number'
    )
      return undefined;
    return t;
  } catch {
    return undefined;
  }
}

type FieldReq = { field: string; op: '=' | '!='; value: string };

function parseFieldSelector(
  text: string | null,
  type: ResourceType,
): FieldReq[] | string {
  if (!text) return [];
  const out: FieldReq[] = [];
  for (const term of text.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) return `invalid selector: '${text}'; can't understand '${term}'`;
    const field = m[1];
    if (
      field !== 'metadata.name' &&
      field !== 'metadata.namespace' &&
      !(type.fields && field in type.fields)
    ) {
      return `field label not supported: ${field}`;
    }
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3] });
  }
  return out;
}

function fieldValue(
  obj: KubeObject,
  type: ResourceType,
  field: string,
): string {
  if (field === 'metadata.name') return obj.metadata.name;
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  return type.fields?.[field]?.(obj as Record<string, unknown>) ?? '';
}

function list(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  version: string,
  ns: string | undefined,
): Reply {
  const q = req.query;
  if (q.get('watch') === 'true' || q.get('watch') === '1') {
    return status(
      405,
      'MethodNotAllowed',
      'watch is not supported by the fleet simulator',
      {},
    );
  }
  let selector;
  try {
    selector = parseSelector(q.get('labelSelector'));
  } catch (e) {
    if (e instanceof SelectorError) return status(400, 'BadRequest', e.message);
    throw e;
  }
  const fieldReqs = parseFieldSelector(q.get('fieldSelector'), type);
  if (typeof fieldReqs === 'string')
    return status(400, 'BadRequest', fieldReqs);
  const limitText = q.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  if (limitText && (!Number.isInteger(limit) || limit < 0)) {
    return status(
      400,
      'BadRequest',
      `limit: Invalid value: "${limitText}": must be a non-negative integer`,
    );
  }
  const cont = q.get('continue');
  let start: string | undefined;
  if (cont) {
    const token = decodeContinue(cont);
    if (!token)
      return status(
        400,
        'BadRequest',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    start = token.start;
  }

  let items = cluster.store.list(type);
  if (ns !== undefined) items = items.filter(o => o.metadata.namespace === ns);
  if (start !== undefined) {
    const s = start;
    items = items.filter(o => objectKey(o) >= s);
  }
  const filtered = selector.length > 0 || fieldReqs.length > 0;
  if (selector.length > 0)
    items = items.filter(o => matches(selector, o.metadata.labels));
  for (const f of fieldReqs) {
    items = items.filter(
      o => (fieldValue(o, type, f.field) === f.value) === (f.op === '='),
    );
  }
  let continueToken: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    continueToken = encodeContinue(
      cluster.store.resourceVersion,
      objectKey(page[page.length - 1]),
    );
    if (!filtered) remaining = items.length - limit;
    items = page;
  }
  const body = {
    kind: `${type.kind}List`,
    apiVersion: groupVersion(type.group, version),
    metadata: {
      resourceVersion: cluster.store.resourceVersion,
      ...(continueToken ? { continue: continueToken } : {}),
      ...(remaining !== undefined ? { remainingItemCount: remaining } : {}),
    },
    items: items.map(o => asServed(o, type, version, true)),
  };
  return json(200, body);
}
