import {
  ApplicationList,
  ApplicationSummary,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Fills in the lists and objects a backend of an earlier version leaves out (cidrs, cidrOverlaps, api, edges…),
 * so that the page never fails on a missing field.
 */
export function normalizeTopology(topology: Topology): Topology {
  return {
    ...topology,
    hubs: topology.hubs ?? [],
    edges: topology.edges ?? [],
    clusters: (topology.clusters ?? []).map(
      (cluster): Cluster => ({
        ...cluster,
        labels: cluster.labels ?? {},
        annotations: cluster.annotations ?? {},
        connection: cluster.connection ?? { status: 'Unknown' },
        applications: {
          total: cluster.applications?.total ?? 0,
          health: cluster.applications?.health ?? {},
          sync: cluster.applications?.sync ?? {},
        },
        api: cluster.api ?? { status: 'pending' },
        cidrs: cluster.cidrs ?? [],
        cidrOverlaps: cluster.cidrOverlaps ?? [],
        stale: cluster.stale ?? false,
        registered: cluster.registered ?? true,
      }),
    ),
  };
}

/** Fills in the lists an Application summary may lack. */
export function normalizeApplications(list: ApplicationList): ApplicationList {
  return {
    items: (list.items ?? []).map(
      (app): ApplicationSummary => ({
        ...app,
        externalURLs: app.externalURLs ?? [],
        labels: app.labels ?? {},
      }),
    ),
  };
}
