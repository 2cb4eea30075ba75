/**
 * Creating objects: POST to a collection, and what a server-side apply of an object that does not exist yet
 * shares with it (a complete stored object, a new resourceVersion, 201 Created).
 */
import { ClusterWorld } from '../../fleet/world';
import { Reply, SimRequest, json } from '../../http';
import { KubeObject } from '../../types';
import { isoSeconds, uuidOf } from '../../util';
import { ResourceType, groupVersion } from '../resources';
import { resourceName, status, statusDetails } from '../status';
import { checkWrite, missingRequired } from './checks';
import { Json, isMap, leafPaths, setAt } from './fieldPaths';
import { ManagerEntry, writeManagers } from './managers';
import { defaultManager, isDryRun, normaliseBody, parseBody } from './request';

/** Stores a written object and tells the cluster, unless the write is a dry run. */
export function commitWrite(
  cluster: ClusterWorld,
  type: ResourceType,
  obj: KubeObject,
  dryRun: boolean,
): void {
  if (dryRun) return;
  cluster.store.put(type, obj);
  cluster.onWrite?.(type);
}

/**
 * Creates the object `name` from a checked body, owned by one manager: the server's metadata completed (uid,
 * resourceVersion, generation of custom resources, creationTimestamp, managedFields), 201 with the stored object.
 */
export function insertObject(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  body: Json,
  ns: string,
  name: string,
  manager: Pick<ManagerEntry, 'manager' | 'operation' | 'paths'>,
  dryRun: boolean,
): Reply {
  const now = Date.now();
  const rv = dryRun
    ? cluster.store.resourceVersion
    : cluster.store.nextResourceVersion();
  const apiVersion = groupVersion(type.group, version);
  const { apiVersion: _a, kind: _k, metadata, ...rest } = body;
  const meta = isMap(metadata) ? metadata : {};
  const { name: _n, namespace: _ns, ...userMeta } = meta;
  const obj: KubeObject = {
    apiVersion,
    kind: type.kind,
    metadata: {
      name,
      namespace: ns,
      uid: uuidOf(`${cluster.name}:${type.kind}:${ns}/${name}:${rv}`),
      resourceVersion: rv,
      ...(type.crd ? { generation: 1 } : {}),
      creationTimestamp: isoSeconds(now),
      ...userMeta,
      managedFields: writeManagers([
        { ...manager, apiVersion, time: isoSeconds(now) },
      ]),
    },
    ...rest,
  };
  if (type.kind === 'Secret' && obj.type === undefined) obj.type = 'Opaque';
  commitWrite(cluster, type, obj, dryRun);
  return json(201, obj);
}

/** The name of a new object: metadata.name, else generateName with a generated suffix ('' when neither). */
function nameOf(cluster: ClusterWorld, body: Json): string {
  const meta = isMap(body.metadata) ? body.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!name && typeof meta.generateName === 'string' && meta.generateName) {
    return `${meta.generateName}${uuidOf(
      `${cluster.name}:${cluster.store.resourceVersion}`,
    ).slice(0, 5)}`;
  }
  return name;
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
  const refused = checkWrite(
    cluster,
    type,
    version,
    parsed.value,
    ns,
    undefined,
  );
  if (refused) return refused;
  const body = normaliseBody(type, parsed.value);
  const name = nameOf(cluster, body);
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
  const invalid = missingRequired(type, body, name);
  if (invalid) return invalid;
  if (cluster.store.get(type, ns, name)) {
    return status(
      409,
      'AlreadyExists',
      `${resourceName(type)} "${name}" already exists`,
      statusDetails(type, name),
    );
  }
  return insertObject(
    cluster,
    type,
    version,
    body,
    ns,
    name,
    {
      manager: req.query.get('fieldManager') || defaultManager(req),
      operation: 'Update',
      paths: leafPaths(body),
    },
    isDryRun(req),
  );
}
