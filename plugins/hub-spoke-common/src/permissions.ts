import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the fleet topology and application lists.
 *
 * @public
 */
export const hubSpokeTopologyReadPermission = createPermission({
  name: 'hub-spoke.topology.read',
  attributes: { action: 'read' },
});

/**
 * Ask the backend to refresh the fleet now.
 *
 * @public
 */
export const hubSpokeRefreshPermission = createPermission({
  name: 'hub-spoke.topology.refresh',
  attributes: { action: 'update' },
});

/** Resource type of clusters (hubs are their own cluster) for conditional permission decisions. @public */
export const HUB_SPOKE_CLUSTER_RESOURCE_TYPE = 'hub-spoke-cluster';

/**
 * See a cluster (and, for a hub's own cluster, the hub) in the topology, its applications and its details.
 * Policies may answer it conditionally by hub, cluster name or labels; the backend filters accordingly.
 *
 * @public
 */
export const hubSpokeClusterReadPermission = createPermission({
  name: 'hub-spoke.cluster.read',
  attributes: { action: 'read' },
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
});

/** All permissions of the plugin. @public */
export const hubSpokePermissions = [
  hubSpokeTopologyReadPermission,
  hubSpokeRefreshPermission,
  hubSpokeClusterReadPermission,
];
