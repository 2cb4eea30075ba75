import {
  ApplicationSummary,
  CidrOverlap,
  Cluster,
  HiddenCidrOverlap,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ClusterResource } from './rules';

export function toClusterResource(
  cluster: Pick<Cluster, 'hub' | 'name' | 'role' | 'labels'>,
): ClusterResource {
  return {
    hub: cluster.hub,
    name: cluster.name,
    role: cluster.role,
    labels: cluster.labels,
  };
}

/** What a caller reads of an overlap with a cluster they may not see. */
export const HIDDEN_OVERLAP_MESSAGE: HiddenCidrOverlap['message'] =
  'overlaps a cluster you cannot see';

/**
 * A visible cluster's overlaps as a caller who sees `visibleIds` may read them: those with visible clusters as they
 * are, then those with hidden ones as one `{ hidden, cidr, message }` per CIDR of this cluster (no id, name or CIDR
 * of the other cluster, nor how many there are).
 */
function redactOverlaps(
  overlaps: CidrOverlap[],
  visibleIds: Set<string>,
): CidrOverlap[] {
  const kept: CidrOverlap[] = [];
  const hiddenCidrs = new Set<string>();
  for (const overlap of overlaps) {
    if ('clusterId' in overlap && visibleIds.has(overlap.clusterId)) {
      kept.push(overlap);
    } else {
      hiddenCidrs.add(overlap.cidr);
    }
  }
  // after the visible ones, so not even their order hints at the hidden clusters' ids
  for (const cidr of hiddenCidrs) {
    kept.push({ hidden: true, cidr, message: HIDDEN_OVERLAP_MESSAGE });
  }
  return kept;
}

/**
 * Keeps what a user may see: clusters that pass, hubs whose own cluster passes (a hub whose own cluster is not
 * known yet passes when a cluster resource of that hub with the hub's name would), edges between visible ends, and
 * CIDR overlaps with hidden clusters only as "overlaps a cluster you cannot see".
 */
export function filterTopology(
  topology: Topology,
  visible: (cluster: ClusterResource) => boolean,
): Topology {
  const clusters = topology.clusters.filter(c => visible(toClusterResource(c)));
  const hubClusters = new Map(
    topology.clusters.filter(c => c.role === 'hub').map(c => [c.hub, c]),
  );
  const hubs = topology.hubs.filter(hub =>
    visible(
      toClusterResource(
        hubClusters.get(hub.name) ?? {
          hub: hub.name,
          name: hub.name,
          role: 'hub',
          labels: {},
        },
      ),
    ),
  );
  const hubNames = new Set(hubs.map(h => h.name));
  const kept = clusters.filter(c => hubNames.has(c.hub));
  const clusterIds = new Set(kept.map(c => c.id));
  return {
    ...topology,
    hubs,
    clusters: kept.map(c =>
      c.cidrOverlaps.length === 0
        ? c
        : { ...c, cidrOverlaps: redactOverlaps(c.cidrOverlaps, clusterIds) },
    ),
    edges: topology.edges.filter(
      e => hubNames.has(e.from) && clusterIds.has(e.to),
    ),
  };
}

/** Keeps the applications of clusters the user may see: exactly those in the filtered topology. */
export function filterApplications(
  applications: ApplicationSummary[],
  topology: Topology,
  visible: (cluster: ClusterResource) => boolean,
): ApplicationSummary[] {
  const visibleIds = new Set(
    filterTopology(topology, visible).clusters.map(c => c.id),
  );
  return applications.filter(app => visibleIds.has(app.clusterId));
}
