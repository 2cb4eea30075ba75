/** The hub-spoke backend's topology model and application summaries, with defaults for what a test does not set. */
import {
  ApplicationSummary,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * A cluster of the topology model. By default a hub (name = hub) is in-cluster and a spoke is at
 * `https://<name>.example.com:6443`; it is registered unless its server is empty; its `cidrs` are also its
 * `hub-spoke/cidr` annotation (besides the annotations given).
 */
export function topologyCluster(
  hub: string,
  name: string,
  extra: Partial<Cluster> = {},
): Cluster {
  const server =
    extra.server ??
    (name === hub
      ? 'https://kubernetes.default.svc'
      : `https://${name}.example.com:6443`);
  const cidrs = extra.cidrs ?? [];
  return {
    id: `${hub}/${name}`,
    name,
    hub,
    role: name === hub ? 'hub' : 'spoke',
    server,
    registered: server !== '',
    connection: { status: 'Successful' },
    labels: {},
    applications: { total: 0, health: {}, sync: {} },
    api: { status: 'not-configured' },
    cidrOverlaps: [],
    stale: false,
    ...extra,
    cidrs,
    annotations: {
      ...(cidrs.length > 0 ? { 'hub-spoke/cidr': cidrs.join(',') } : {}),
      ...extra.annotations,
    },
  };
}

/** A topology of these clusters, every hub of theirs read ("ok"). */
export function topologyOf(clusters: Cluster[]): Topology {
  const hubs = [...new Set(clusters.map(c => c.hub))].map(name => ({
    name,
    url: `https://argocd.${name}.example.com`,
    status: 'ok' as const,
  }));
  return { generatedAt: '2026-08-20T10:00:00Z', hubs, clusters, edges: [] };
}

/** An application summary deploying to a cluster, synced and healthy. */
export function applicationSummary(
  hub: string,
  cluster: string,
  name: string,
  labels: Record<string, string> = {},
): ApplicationSummary {
  return {
    name,
    hub,
    cluster,
    clusterId: `${hub}/${cluster}`,
    project: 'default',
    sync: 'Synced',
    health: 'Healthy',
    externalURLs: [],
    labels,
  };
}
