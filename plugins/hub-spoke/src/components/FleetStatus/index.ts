export { RelativeTime } from './RelativeTime';
export { HubStatusChip } from './HubStatusChip';
export { ConnectionStatus } from './ConnectionStatus';
export { HealthCounts } from './HealthCounts';
export { SyncCounts } from './SyncCounts';
export { ClusterRoleChip } from './ClusterRoleChip';
export { NotRegisteredChip, StaleChip } from './ClusterMarkers';
export { formatAge, formatExactTime } from './time';
