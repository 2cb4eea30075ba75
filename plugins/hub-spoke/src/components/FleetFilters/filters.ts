import {
  Cluster,
  HEALTH_STATUSES,
  HealthStatus,
  Hub,
  SYNC_STATUSES,
  SyncStatus,
  Topology,
  TopologyEdge,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * The filters of the topology page. They live in the URL query string so that a view can be shared:
 * `?hub=a&hub=b&health=Degraded&sync=OutOfSync&q=eu&cert=expiring`.
 */
export interface FleetFilters {
  /** Hub names; empty for all hubs. */
  hubs: string[];
  /** Clusters with at least one application in one of these health states; empty for any. */
  health: HealthStatus[];
  /** Clusters with at least one application in one of these sync states; empty for any. */
  sync: SyncStatus[];
  /** Part of a cluster's name or id, case-insensitive. */
  q: string;
  /** Only clusters with a certificate expiring soon. */
  expiringCertificates: boolean;
}

/** Query parameters the filters own; everything else in the query string (e.g. `cluster`) is left alone. */
export const FILTER_PARAMS = ['hub', 'health', 'sync', 'q', 'cert'] as const;

export const EMPTY_FILTERS: FleetFilters = {
  hubs: [],
  health: [],
  sync: [],
  q: '',
  expiringCertificates: false,
};

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function oneOf<T extends string>(values: string[], allowed: readonly T[]): T[] {
  return unique(values.filter((v): v is T => allowed.includes(v as T)));
}

/** Reads the filters from a query string; unknown statuses are ignored. */
export function parseFilters(params: URLSearchParams): FleetFilters {
  return {
    hubs: unique(params.getAll('hub').filter(Boolean)),
    health: oneOf(params.getAll('health'), HEALTH_STATUSES),
    sync: oneOf(params.getAll('sync'), SYNC_STATUSES),
    q: (params.get('q') ?? '').trim(),
    expiringCertificates: params.get('cert') === 'expiring',
  };
}

/** A copy of `params` with the filters written into it (and other parameters kept). */
export function writeFilters(
  params: URLSearchParams,
  filters: FleetFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of FILTER_PARAMS) {
    next.delete(key);
  }
  filters.hubs.forEach(h => next.append('hub', h));
  filters.health.forEach(h => next.append('health', h));
  filters.sync.forEach(s => next.append('sync', s));
  if (filters.q) next.set('q', filters.q);
  if (filters.expiringCertificates) next.set('cert', 'expiring');
  return next;
}

/** True when any filter narrows the view. */
export function hasActiveFilters(filters: FleetFilters): boolean {
  return (
    filters.hubs.length > 0 ||
    hasClusterFilters(filters) ||
    filters.expiringCertificates
  );
}

/** True when a filter on clusters (not only on hubs) is set. */
function hasClusterFilters(filters: FleetFilters): boolean {
  return (
    filters.health.length > 0 ||
    filters.sync.length > 0 ||
    filters.q !== '' ||
    filters.expiringCertificates
  );
}

/** True when the cluster has a certificate (or a published host's certificate) expiring soon. */
export function hasExpiringCertificate(cluster: Cluster): boolean {
  return (
    (cluster.certificates ?? []).some(c => c.expiringSoon) ||
    (cluster.ingress?.hosts ?? []).some(h => h.certificate?.expiringSoon)
  );
}

/** Whether a cluster passes the filters. */
export function clusterMatches(
  cluster: Cluster,
  filters: FleetFilters,
): boolean {
  if (filters.hubs.length > 0 && !filters.hubs.includes(cluster.hub)) {
    return false;
  }
  if (
    filters.health.length > 0 &&
    !filters.health.some(h => (cluster.applications.health[h] ?? 0) > 0)
  ) {
    return false;
  }
  if (
    filters.sync.length > 0 &&
    !filters.sync.some(s => (cluster.applications.sync[s] ?? 0) > 0)
  ) {
    return false;
  }
  if (filters.q) {
    const q = filters.q.toLocaleLowerCase('en');
    if (
      !cluster.name.toLocaleLowerCase('en').includes(q) &&
      !cluster.id.toLocaleLowerCase('en').includes(q)
    ) {
      return false;
    }
  }
  if (filters.expiringCertificates && !hasExpiringCertificate(cluster)) {
    return false;
  }
  return true;
}

/** The part of the fleet that passes the filters. */
export interface FilteredTopology {
  hubs: Hub[];
  clusters: Cluster[];
  edges: TopologyEdge[];
}

/**
 * The hubs, clusters and edges that pass the filters. A hub is shown when it passes the hub filter and, if a
 * cluster filter is set, when at least one of its clusters passes (or its name matches the search). An edge is
 * shown when both its ends are.
 */
export function applyFilters(
  topology: Pick<Topology, 'hubs' | 'clusters' | 'edges'>,
  filters: FleetFilters,
): FilteredTopology {
  if (!hasActiveFilters(filters)) {
    return topology;
  }
  const clusters = topology.clusters.filter(c => clusterMatches(c, filters));
  const hubsWithClusters = new Set(clusters.map(c => c.hub));
  const q = filters.q.toLocaleLowerCase('en');
  const hubs = topology.hubs.filter(hub => {
    if (filters.hubs.length > 0 && !filters.hubs.includes(hub.name)) {
      return false;
    }
    if (!hasClusterFilters(filters)) return true;
    return (
      hubsWithClusters.has(hub.name) ||
      (q !== '' &&
        !filters.health.length &&
        !filters.sync.length &&
        !filters.expiringCertificates &&
        hub.name.toLocaleLowerCase('en').includes(q))
    );
  });
  const hubNames = new Set(hubs.map(h => h.name));
  const clusterIds = new Set(clusters.map(c => c.id));
  const edges = topology.edges.filter(
    e => hubNames.has(e.from) && clusterIds.has(e.to),
  );
  return { hubs, clusters, edges };
}
