import {
  ApplicationCounts,
  Cluster,
  ConnectionStatus,
  HealthStatus,
  HEALTH_STATUSES,
} from './types';

/** Health ranked from worst to best, for "worst of" summaries. @public */
const HEALTH_RANK: Record<HealthStatus, number> = {
  Degraded: 0,
  Missing: 1,
  Unknown: 2,
  Progressing: 3,
  Suspended: 4,
  Healthy: 5,
};

/**
 * The worst application health among the counts, or undefined when there are no applications.
 *
 * @public
 */
export function worstHealth(
  counts: ApplicationCounts,
): HealthStatus | undefined {
  let worst: HealthStatus | undefined;
  for (const status of HEALTH_STATUSES) {
    if (!counts.health[status]) continue;
    if (!worst || HEALTH_RANK[status] < HEALTH_RANK[worst]) worst = status;
  }
  return worst;
}

/** Overall state of a cluster as a person reads it at a glance. @public */
export type ClusterCondition = 'ok' | 'warning' | 'error' | 'unknown';

/**
 * Combines the connection state, registration, staleness and the worst app health into one condition.
 *
 * @public
 */
export function clusterCondition(
  cluster: Pick<
    Cluster,
    'registered' | 'connection' | 'applications' | 'stale'
  >,
): ClusterCondition {
  if (!cluster.registered) return 'warning';
  const connection: ConnectionStatus = cluster.connection.status;
  if (connection === 'Failed') return 'error';
  const health = worstHealth(cluster.applications);
  if (health === 'Degraded' || health === 'Missing') return 'error';
  if (cluster.stale) return 'unknown';
  if (connection === 'Unknown' && cluster.applications.total > 0)
    return 'unknown';
  if (
    health === 'Progressing' ||
    health === 'Unknown' ||
    health === 'Suspended'
  )
    return 'warning';
  return 'ok';
}
