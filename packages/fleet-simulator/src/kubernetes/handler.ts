/**
 * Kubernetes API of one simulated cluster: authentication and routing to discovery (discovery.ts), reads
 * (read.ts) and a hub's writes (write/).
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
import { groupsOf, resourceList, servedTypes, versionInfo } from './discovery';
import { get, list } from './read';
import { ResourceType, typeForPath } from './resources';
import { methodNotAllowed, pathNotFound, status } from './status';
import { applyObject, createObject, deleteObject, writableType } from './write';

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
    if (parts[1] !== 'v1') return pathNotFound();
    return resourceRequest(cluster, req, {
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
    return resourceRequest(cluster, req, {
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

/** Routes below /api/v1 or /apis/{group}/{version}: list and get, or a write. */
function resourceRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  at: ResourcePath,
): Reply {
  if (WRITE_METHODS.has(req.method)) return writeRequest(cluster, req, at);
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

/** POST to a collection, PATCH (server-side apply) or DELETE of an object: hub clusters, writable types only. */
function writeRequest(
  cluster: ClusterWorld,
  req: SimRequest,
  { types, group, version, rest }: ResourcePath,
): Reply {
  if (rest[0] !== 'namespaces' || rest.length < 3 || rest.length > 4)
    return methodNotAllowed();
  if (!typeForPath(group, version, rest[2], types)) return pathNotFound();
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
