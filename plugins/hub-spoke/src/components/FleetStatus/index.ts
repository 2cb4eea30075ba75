export { RelativeTime } from './RelativeTime';
export { HubStatusChip } from './HubStatusChip';
export { ConnectionStatus } from './ConnectionStatus';
export { HealthCounts } from './HealthCounts';
export { SyncCounts } from './SyncCounts';
export { ClusterRoleChip } from './ClusterRoleChip';
export { NotRegisteredChip, StaleChip } from './ClusterMarkers';
export { formatAge, formatExactTime } from './time';
export {
  HealthStatusLabel,
  SyncStatusLabel,
  ClusterConditionLabel,
} from './AppStatus';
export { MarkerIcon } from './MarkerIcon';
export { clusterMarkers, hubMarkers, markerText } from './clusterMarkers';
export type { Marker, MarkerKind } from './clusterMarkers';
