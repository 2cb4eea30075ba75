import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { toClusterResource } from './filterTopology';
import { ClusterResource } from './rules';

/**
 * The clusters behind permission resourceRefs `<hub>/<cluster>` (a hub's own cluster is `<hub>/<hub>`), in the order
 * asked, from a topology snapshot. A ref that names no cluster (unknown hub or cluster, or not of that form) resolves
 * to undefined, which the permission framework answers with DENY: a conditional decision never allows what it cannot
 * evaluate. A hub whose own cluster is not in the snapshot yet (its first poll failed) still resolves at
 * `<hub>/<hub>`, with no labels, as the topology filter treats it.
 */
export function resolveClusterResources(
  topology: Topology,
  resourceRefs: string[],
): Array<ClusterResource | undefined> {
  const byRef = new Map<string, ClusterResource>();
  for (const hub of topology.hubs) {
    byRef.set(`${hub.name}/${hub.name}`, {
      hub: hub.name,
      name: hub.name,
      role: 'hub',
      labels: {},
    });
  }
  for (const cluster of topology.clusters) {
    byRef.set(`${cluster.hub}/${cluster.name}`, toClusterResource(cluster));
  }
  return resourceRefs.map(ref => byRef.get(ref));
}
