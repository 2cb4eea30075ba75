/**
 * Hub & Spoke frontend: the fleet topology page and entity cards.
 *
 * @packageDocumentation
 */
export {
  hubSpokePlugin,
  HubSpokePage,
  EntityHubSpokeDeploymentsCard,
  EntityHubSpokeClusterCard,
} from './plugin';
export {
  isHubSpokeDeploymentsAvailable,
  isHubSpokeClusterAvailable,
  KUBERNETES_CLUSTER_RESOURCE_TYPE,
} from './entity';
export {
  labelSelectorMatcher,
  parseLabelSelector,
  LabelSelectorError,
} from '@hub-spoke/plugin-hub-spoke-common';
export type { LabelRequirement } from '@hub-spoke/plugin-hub-spoke-common';
export { rootRouteRef as hubSpokeRootRouteRef } from './routes';
export { hubSpokeApiRef, HubSpokeClient } from './api';
export type { HubSpokeApi } from './api';
export {
  ClusterRoleChip,
  ClusterConditionLabel,
  ConnectionStatus,
  HealthCounts,
  HealthStatusLabel,
  SyncStatusLabel,
  HubStatusChip,
  NotRegisteredChip,
  RelativeTime,
  StaleChip,
  SyncCounts,
} from './components/FleetStatus';
