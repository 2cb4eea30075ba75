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

/** All permissions of the plugin. @public */
export const hubSpokePermissions = [
  hubSpokeTopologyReadPermission,
  hubSpokeRefreshPermission,
];
