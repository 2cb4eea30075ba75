import {
  ApplicationSummary,
  Cluster,
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

/**
 * Keeps what a user may see: clusters that pass, hubs whose own cluster passes (a hub whose own cluster is not
 * known yet passes when a cluster resource of that hub with the hub's name would), and edges between visible ends.
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
  const clusterIds = new Set(clusters.map(c => c.id));
  return {
    ...topology,
    hubs,
    clusters: clusters.filter(c => hubNames.has(c.hub)),
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
