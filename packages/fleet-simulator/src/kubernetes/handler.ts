/**
 * Kubernetes API of one simulated cluster: authentication and authorization (access.ts), routing to discovery
 * (discovery.ts), reads (read.ts) and a hub's writes (write/, after admission).
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
import { Identity, RequestAttributes, authorize, identityOf } from './access';
import { groupsOf, resourceList, servedTypes, versionInfo } from './discovery';
import { get, list } from './read';
import { ResourceType, typeForPath } from './resources';
import { methodNotAllowed, pathNotFound, status } from './status';
import { applyObject, createObject, deleteObject, writableType } from './write';
import { admitWrite } from './write/admission';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE']);

const ANONYMOUS_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/** Answers one request to a cluster's Kubernetes API (bearer token; /version and health checks anonymously). */
export function handleKubernetes(
  cluster: ClusterWorld,
  req: SimRequest,
  faults: FaultView,
): Reply {
  const token = bearerToken(req);
  const path = req.path.replace(/\/+$/, '') || '/';
  const anonymousOk = token === undefined && ANONYMOUS_PATHS.has(path);
  const identity = identityOf(cluster, token);
  if (!anonymousOk && (identity === undefined || faults.unauthorized)) {
    return status(401, 'Unauthorized', 'Unauthorized');
  }
  // Anonymous requests reach only /version and the health checks, which need no authorization.
  const who: Identity = identity ?? { kind: 'admin' };
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
    if (parts[1] !== 'v1') return pathNotFound();
    return resourceRequest(cluster, req, faults, who, {
      types,
      group: '',
      version: 'v1',
      rest: parts.slice(2),
    });
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
    if (group === '' || groupTypes.length === 0) return pathNotFound();
    if (parts.length === 2)
      return json(200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...groupsOf(groupTypes)[0],
      });
    const version = parts[2];
    if (!groupTypes.some(t => t.versions.includes(version)))
      return pathNotFound();
    return resourceRequest(cluster, req, faults, who, {
      types,
      group,
      version,
      rest: parts.slice(3),
    });
  }
  return pathNotFound();
}

/** A path below /api/v1 or /apis/{group}/{version}: the types served, the group version, the segments after it. */
interface ResourcePath {
  types: ResourceType[];
  group: string;
  version: string;
  rest: string[];
}

/** The verb RBAC sees for a request below a group version (discovery itself needs none: undefined). */
function attributesOf(
  req: SimRequest,
  group: string,
  rest: string[],
): RequestAttributes | undefined {
  if (rest.length === 0) return undefined;
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3;
  const resource = namespaced ? rest[2] : rest[0];
  const name = namespaced ? rest[3] : rest[1];
  const verbs: Record<string, string> = {
    POST: 'create',
    PATCH: 'patch',
    DELETE: 'delete',
  };
  let verb = verbs[req.method];
  if (!verb) {
    if (name !== undefined) verb = 'get';
    else verb = req.query.get('watch') === 'true' ? 'watch' : 'list';
  }
  return {
    verb,
    group,
    resource,
    ...(namespaced ? { namespace: rest[1] } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** Routes below /api/v1 or /apis/{group}/{version}: authorization, then list and get, or a write. */
function resourceRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  faults: FaultView,
  identity: Identity,
  at: ResourcePath,
): Reply {
  const attrs = attributesOf(req, at.group, at.rest);
  const forbidden = attrs && authorize(identity, attrs);
  if (forbidden) return forbidden;
  if (WRITE_METHODS.has(req.method))
    return writeRequest(cluster, req, faults, identity, at);
  const { types, group, version, rest } = at;
  if (rest.length === 0)
    return json(200, resourceList(cluster, types, group, version));
  const find = (resource: string) =>
    typeForPath(group, version, resource, types);
  // /namespaces/{ns}/{resource}[/{name}]
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = find(rest[2]);
    if (!type || !type.namespaced || rest.length > 4) return pathNotFound();
    return rest.length === 3
      ? list(cluster, req, type, version, rest[1])
      : get(cluster, type, version, rest[1], rest[3]);
  }
  const type = find(rest[0]);
  if (!type || rest.length > 2) return pathNotFound();
  if (rest.length === 1) return list(cluster, req, type, version, undefined);
  if (type.namespaced) return pathNotFound();
  return get(cluster, type, version, undefined, rest[1]);
}

/**
 * POST to a collection, PATCH (server-side apply) or DELETE of an object: hub clusters, writable types only, once
 * admitted. A server-side apply that would create the object needs the create verb too.
 */
function writeRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  faults: FaultView,
  identity: Identity,
  { types, group, version, rest }: ResourcePath,
): Reply {
  if (rest[0] !== 'namespaces' || rest.length < 3 || rest.length > 4)
    return methodNotAllowed();
  if (!typeForPath(group, version, rest[2], types)) return pathNotFound();
  const type = writableType(cluster, group, version, rest[2]);
  if (!type) return methodNotAllowed();
  const ns = rest[1];
  if (
    req.method === 'PATCH' &&
    rest[3] !== undefined &&
    !cluster.store.get(type, ns, rest[3])
  ) {
    const forbidden = authorize(identity, {
      verb: 'create',
      group,
      resource: type.resource,
      namespace: ns,
      name: rest[3],
    });
    if (forbidden) return forbidden;
  }
  const refused = admitWrite(
    cluster,
    req,
    identity,
    faults.rejectApply,
    type,
    ns,
    rest[3],
  );
  if (refused) return refused;
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
