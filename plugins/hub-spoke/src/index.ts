/**
 * Hub & Spoke frontend: the fleet topology page (and, later, entity cards).
 *
 * @packageDocumentation
 */
export { hubSpokePlugin, HubSpokePage } from './plugin';
export { rootRouteRef as hubSpokeRootRouteRef } from './routes';
export { hubSpokeApiRef, HubSpokeClient } from './api';
export type { HubSpokeApi } from './api';
export {
  ClusterRoleChip,
  ConnectionStatus,
  HealthCounts,
  HubStatusChip,
  NotRegisteredChip,
  RelativeTime,
  StaleChip,
  SyncCounts,
} from './components/FleetStatus';
