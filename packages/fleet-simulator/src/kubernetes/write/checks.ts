/**
 * The checks a write passes before anything is stored: the type is writable here, the body names the right
 * apiVersion, kind, name and namespace, the namespace exists, Secret data is base64, required fields are set.
 */
import { ClusterWorld } from '../../fleet/world';
import { Reply } from '../../http';
import { ResourceType, groupVersion, typeForPath } from '../resources';
import { status, statusDetails } from '../status';
import { Json, isMap } from './fieldPaths';

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

/** 422 Invalid when the object lacks a field its type requires. */
export function missingRequired(
  type: ResourceType,
  obj: Json,
  name: string,
): Reply | undefined {
  const invalid = invalidObject(type, obj);
  return invalid
    ? status(422, 'Invalid', invalid, statusDetails(type, name))
    : undefined;
}

/** The body's apiVersion, kind, name and namespace agree with the URL (400 BadRequest otherwise). */
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

/** 404 when the namespace does not exist. */
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

/**
 * The checks of a create or an apply before its body is used: identity (apiVersion, kind, name, namespace against
 * the URL), the namespace exists, and a Secret's data is base64. The first failure as the API server answers it.
 */
export function checkWrite(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  body: Json,
  ns: string,
  urlName: string | undefined,
): Reply | undefined {
  const identity = checkIdentity(type, version, body, ns, urlName);
  if (identity) return identity;
  const missingNs = namespaceMissing(cluster, ns);
  if (missingNs) return missingNs;
  const badData = type.kind === 'Secret' ? invalidSecretData(body) : undefined;
  if (badData) return status(400, 'BadRequest', badData);
  return undefined;
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
