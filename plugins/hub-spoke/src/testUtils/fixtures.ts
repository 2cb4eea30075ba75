import {
  ApplicationSummary,
  Cluster,
  Hub,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/** ISO time `minutes` minutes before now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

export function makeHub(overrides: Partial<Hub> & Pick<Hub, 'name'>): Hub {
  return {
    url: `https://argocd.${overrides.name}.example.com`,
    status: 'ok',
    argocdVersion: 'v3.1.8+becb020',
    lastSuccessAt: minutesAgo(3),
    lastAttemptAt: minutesAgo(0),
    ...overrides,
  };
}

export function makeCluster(
  overrides: Partial<Cluster> & Pick<Cluster, 'name' | 'hub'>,
): Cluster {
  return {
    id: `${overrides.hub}/${overrides.name}`,
    role: 'spoke',
    server: `https://${overrides.name}.k8s.example.com`,
    registered: true,
    connection: { status: 'Successful' },
    version: '1.34',
    labels: {},
    annotations: {},
    applications: { total: 0, health: {}, sync: {} },
    api: { status: 'ok' },
    cidrs: [],
    cidrOverlaps: [],
    stale: false,
    lastSuccessAt: minutesAgo(3),
    ...overrides,
  };
}

/**
 * Two hubs: `aks-mgmt-hub` is fine and manages two spokes (one of them an unregistered destination), `eks-mgmt-hub`
 * cannot be reached and its clusters are last-known (stale) data from 42 minutes ago.
 */
export function makeTopology(): Topology {
  const hubs: Hub[] = [
    makeHub({ name: 'aks-mgmt-hub' }),
    makeHub({
      name: 'eks-mgmt-hub',
      status: 'unreachable',
      message: 'connect ECONNREFUSED 10.20.0.5:443',
      argocdVersion: 'v2.14.2',
      lastSuccessAt: minutesAgo(42),
    }),
  ];
  const clusters: Cluster[] = [
    makeCluster({
      name: 'aks-mgmt-hub',
      hub: 'aks-mgmt-hub',
      role: 'hub',
      server: 'https://kubernetes.default.svc',
      version: 'v1.33.2',
      applications: {
        total: 3,
        health: { Healthy: 3 },
        sync: { Synced: 3 },
      },
    }),
    makeCluster({
      name: 'aks-spoke-eu',
      hub: 'aks-mgmt-hub',
      connection: {
        status: 'Failed',
        message: 'dial tcp 10.1.2.3:443: i/o timeout',
      },
      applications: {
        total: 5,
        health: { Healthy: 2, Degraded: 1, Progressing: 2 },
        sync: { Synced: 4, OutOfSync: 1 },
      },
    }),
    makeCluster({
      name: 'aks-spoke-ghost',
      hub: 'aks-mgmt-hub',
      server: '',
      registered: false,
      connection: { status: 'Unknown' },
      version: undefined,
      applications: {
        total: 1,
        health: { Missing: 1 },
        sync: { OutOfSync: 1 },
      },
    }),
    makeCluster({
      name: 'eks-spoke-us',
      hub: 'eks-mgmt-hub',
      stale: true,
      lastSuccessAt: minutesAgo(42),
      applications: {
        total: 2,
        health: { Healthy: 2 },
        sync: { Synced: 2 },
      },
    }),
  ];
  return {
    generatedAt: minutesAgo(0),
    hubs,
    clusters,
    edges: clusters.map(c => ({ kind: 'manages', from: c.hub, to: c.id })),
  };
}

export function makeApplication(
  overrides: Partial<ApplicationSummary> &
    Pick<ApplicationSummary, 'name' | 'hub' | 'cluster'>,
): ApplicationSummary {
  return {
    clusterId: `${overrides.hub}/${overrides.cluster}`,
    project: 'default',
    sync: 'Synced',
    health: 'Healthy',
    externalURLs: [],
    labels: {},
    ...overrides,
  };
}
