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

/**
 * Onboard a spoke onto a hub (hub-spoke:spoke:onboard). A resource permission on the hub's own cluster
 * (resourceRef `<hub>/<hub>`), so policies can answer it with the cluster rules (IS_IN_HUB, HAS_CLUSTER_NAME,
 * HAS_CLUSTER_LABEL). Checked with the task initiator's credentials.
 *
 * @public
 */
export const hubSpokeSpokeOnboardPermission = createPermission({
  name: 'hub-spoke.spoke.onboard',
  attributes: { action: 'create' },
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
});

/**
 * Offboard a spoke from its hub (hub-spoke:spoke:offboard). A resource permission on the spoke (resourceRef
 * `<hub>/<spoke>`). Checked with the task initiator's credentials.
 *
 * @public
 */
export const hubSpokeSpokeOffboardPermission = createPermission({
  name: 'hub-spoke.spoke.offboard',
  attributes: { action: 'delete' },
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
});

/**
 * Publish an app to a cluster (hub-spoke:app:publish). A resource permission on each target cluster (resourceRef
 * `<hub>/<cluster>`), and on the hub's own cluster for `exposure: hub`. Checked with the task initiator's credentials.
 *
 * @public
 */
export const hubSpokeAppPublishPermission = createPermission({
  name: 'hub-spoke.app.publish',
  attributes: { action: 'update' },
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
});

/**
 * Apply mode of the actions: write to a hub's Kubernetes API at once (cluster Secrets, Applications) instead of
 * proposing files in a pull request. Asked in addition to the action's own permission.
 *
 * @public
 */
export const hubSpokeApplyPermission = createPermission({
  name: 'hub-spoke.apply',
  attributes: { action: 'update' },
});

/** The resource permissions on clusters (resource type `hub-spoke-cluster`). @public */
export const hubSpokeClusterPermissions = [
  hubSpokeClusterReadPermission,
  hubSpokeSpokeOnboardPermission,
  hubSpokeSpokeOffboardPermission,
  hubSpokeAppPublishPermission,
];

/** All permissions of the plugin. @public */
export const hubSpokePermissions = [
  hubSpokeTopologyReadPermission,
  hubSpokeRefreshPermission,
  ...hubSpokeClusterPermissions,
  hubSpokeApplyPermission,
];
