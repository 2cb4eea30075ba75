/**
 * Hub & Spoke backend plugin.
 *
 * @packageDocumentation
 */
export { hubSpokePlugin as default } from './plugin';
export { fleetServiceRef } from './service/fleetServiceRef';
export type { FleetService } from './service/FleetService';
export {
  clusterPermissionRules,
  clusterResourceRef,
  hubSpokeClusterConditions,
  createHubSpokeClusterConditionalDecision,
} from './permissions/rules';
export type { ClusterResource, ClusterQuery } from './permissions/rules';
