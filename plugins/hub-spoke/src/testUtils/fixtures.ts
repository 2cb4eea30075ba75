import {
  ApplicationSummary,
  Cluster,
  Hub,
  RoutesEdge,
  Topology,
  TopologyEdge,
} from '@hub-spoke/plugin-hub-spoke-common';

/** ISO time `minutes` minutes before now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

/** ISO time `days` days from now. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
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
      nodes: { ready: 3, total: 3 },
      apiVersion: 'v1.33.2',
      ingress: {
        addresses: ['20.50.1.10'],
        hosts: [
          {
            host: 'checkout.example.com',
            sources: [
              {
                kind: 'Gateway',
                group: 'gateway.networking.k8s.io',
                namespace: 'gateway',
                name: 'public',
              },
            ],
            tls: { mode: 'Terminate', credentialName: 'checkout-tls' },
            certificate: {
              namespace: 'gateway',
              name: 'checkout',
              ready: true,
              notAfter: daysFromNow(60),
              expiringSoon: false,
            },
            destinations: ['checkout-eu.shop:443', 'checkout-us.shop:443'],
          },
        ],
      },
      certificates: [
        {
          namespace: 'gateway',
          name: 'checkout',
          dnsNames: ['checkout.example.com'],
          secretName: 'checkout-tls',
          ready: true,
          notAfter: daysFromNow(60),
          expiringSoon: false,
        },
      ],
      cidrs: ['10.0.0.0/16'],
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
      labels: { env: 'prod', region: 'eu' },
      api: {
        status: 'unreachable',
        message: 'connect ETIMEDOUT 10.1.2.3:6443',
        stale: true,
        lastSuccessAt: minutesAgo(12),
      },
      nodes: { ready: 2, total: 3 },
      apiVersion: 'v1.34.1',
      ingress: {
        addresses: ['20.50.2.20', 'aks-spoke-eu.ingress.example.com'],
        hosts: [
          {
            host: 'checkout.eu.example.com',
            sources: [
              {
                kind: 'VirtualService',
                group: 'networking.istio.io',
                namespace: 'shop',
                name: 'checkout',
              },
            ],
            tls: { mode: 'SIMPLE', credentialName: 'checkout-eu-tls' },
            certificate: {
              namespace: 'istio-system',
              name: 'checkout-eu',
              ready: true,
              notAfter: daysFromNow(10),
              expiringSoon: true,
            },
            destinations: ['checkout.shop.svc.cluster.local:8080'],
          },
        ],
      },
      certificates: [
        {
          namespace: 'istio-system',
          name: 'checkout-eu',
          dnsNames: ['checkout.eu.example.com'],
          secretName: 'checkout-eu-tls',
          ready: true,
          notAfter: daysFromNow(10),
          expiringSoon: true,
        },
      ],
      cidrs: ['10.1.0.0/16'],
      cidrOverlaps: [
        {
          clusterId: 'eks-mgmt-hub/eks-spoke-us',
          cidr: '10.1.0.0/16',
          otherCidr: '10.1.128.0/17',
        },
      ],
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
      api: { status: 'unauthorized', message: 'Unauthorized: token expired' },
      cidrs: ['10.1.128.0/17'],
      cidrOverlaps: [
        {
          clusterId: 'aks-mgmt-hub/aks-spoke-eu',
          cidr: '10.1.128.0/17',
          otherCidr: '10.1.0.0/16',
        },
      ],
    }),
  ];
  return {
    generatedAt: minutesAgo(0),
    hubs,
    clusters,
    edges: [
      ...clusters.map(
        (c): TopologyEdge => ({ kind: 'manages', from: c.hub, to: c.id }),
      ),
      makeRoute({
        to: 'aks-mgmt-hub/aks-spoke-eu',
        route: { namespace: 'shop', name: 'checkout' },
        weight: 80,
        backend: {
          service: 'checkout-eu',
          namespace: 'shop',
          externalName: 'checkout.eu.example.com',
          port: 443,
        },
        hostRewrite: 'checkout.eu.example.com',
        outlierDetection: {
          consecutive5xxErrors: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
        },
      }),
      makeRoute({
        to: 'eks-mgmt-hub/eks-spoke-us',
        route: { namespace: 'shop', name: 'checkout' },
        weight: 20,
        backend: {
          service: 'checkout-us',
          namespace: 'shop',
          externalName: 'checkout.us.example.com',
          port: 443,
        },
      }),
      makeRoute({
        to: 'aks-mgmt-hub/aks-spoke-eu',
        route: { namespace: 'shop', name: 'legacy' },
        hostnames: ['legacy.example.com'],
        weight: 0,
        idle: true,
        backend: {
          service: 'legacy-eu',
          namespace: 'shop',
          externalName: 'legacy.eu.example.com',
        },
      }),
    ],
  };
}

/** A routes edge from aks-mgmt-hub's gateway. */
export function makeRoute(
  overrides: Partial<RoutesEdge> & Pick<RoutesEdge, 'to' | 'weight'>,
): RoutesEdge {
  return {
    kind: 'routes',
    from: 'aks-mgmt-hub',
    route: { namespace: 'shop', name: 'checkout' },
    hostnames: ['checkout.example.com'],
    match: 'PathPrefix /',
    idle: false,
    backend: {
      service: 'checkout',
      namespace: 'shop',
      externalName: 'checkout.example.com',
    },
    ...overrides,
  };
}

/**
 * A large fleet: `hubs` hubs with `spokesPerHub` spokes each, `applications` applications spread over the spokes,
 * every hub's gateway routing to its first three spokes, a few spokes unreachable, unregistered or stale.
 */
export function makeLargeTopology(options: {
  hubs: number;
  spokesPerHub: number;
  applications: number;
}): Topology {
  const hubs: Hub[] = [];
  const clusters: Cluster[] = [];
  const edges: TopologyEdge[] = [];
  const spokeCount = options.hubs * options.spokesPerHub;
  const perSpoke = Math.floor(options.applications / spokeCount);
  for (let h = 0; h < options.hubs; h++) {
    const hub = `hub-${String(h).padStart(2, '0')}`;
    hubs.push(makeHub({ name: hub }));
    clusters.push(makeCluster({ name: hub, hub, role: 'hub' }));
    for (let s = 0; s < options.spokesPerHub; s++) {
      const name = `spoke-${String(s).padStart(3, '0')}`;
      const degraded = s % 17 === 0 ? 1 : 0;
      const outOfSync = s % 5 === 0 ? 2 : 0;
      const cluster = makeCluster({
        name,
        hub,
        registered: s % 50 !== 7,
        connection:
          s % 40 === 3
            ? { status: 'Failed', message: 'dial tcp: i/o timeout' }
            : { status: 'Successful' },
        stale: s % 60 === 11,
        applications: {
          total: perSpoke,
          health: { Healthy: perSpoke - degraded, Degraded: degraded },
          sync: { Synced: perSpoke - outOfSync, OutOfSync: outOfSync },
        },
      });
      clusters.push(cluster);
      edges.push({ kind: 'manages', from: hub, to: cluster.id });
      if (s < 3) {
        edges.push(
          makeRoute({ from: hub, to: cluster.id, weight: [50, 30, 20][s] }),
        );
      }
    }
  }
  return { generatedAt: minutesAgo(0), hubs, clusters, edges };
}

/** `count` applications on one cluster, with varied names, health, sync and revisions. */
export function makeApplications(
  count: number,
  hub: string,
  cluster: string,
): ApplicationSummary[] {
  const health = ['Healthy', 'Degraded', 'Progressing'] as const;
  const sync = ['Synced', 'OutOfSync'] as const;
  return Array.from({ length: count }, (_, i) =>
    makeApplication({
      name: `app-${String(i).padStart(5, '0')}`,
      hub,
      cluster,
      project: `team-${i % 7}`,
      health: health[i % 3],
      sync: sync[i % 2],
      revision: (i * 2654435761).toString(16).padStart(40, 'a'),
      operationPhase: 'Succeeded',
    }),
  );
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
