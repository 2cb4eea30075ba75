/**
 * Deleting objects: built-in types answer a Success Status, custom resources the deleted object.
 */
import { ClusterWorld } from '../../fleet/world';
import { Reply, SimRequest, json } from '../../http';
import { ResourceType } from '../resources';
import { objectNotFound, statusDetails } from '../status';
import { isDryRun } from './request';

/** DELETE /…/namespaces/{ns}/{resource}/{name} */
export function deleteObject(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  ns: string,
  name: string,
): Reply {
  const existing = cluster.store.get(type, ns, name);
  if (!existing) return objectNotFound(type, name);
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
