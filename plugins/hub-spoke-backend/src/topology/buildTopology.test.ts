import { ArgoApplication, ArgoCluster } from '../argocd/types';
import { buildHubModel, buildTopology } from './buildTopology';
import { HubState } from './hubState';

const inCluster: ArgoCluster = {
  server: 'https://kubernetes.default.svc',
  name: 'in-cluster',
  info: { connectionState: { status: 'Successful' }, serverVersion: 'v1.34.0' },
};
const spokeEu: ArgoCluster = {
  server: 'https://spoke-eu-1.example.com:6443/',
  name: 'spoke-eu-1',
  labels: { env: 'prod' },
  annotations: { 'hub-spoke/cidr': '10.1.0.0/16' },
  info: { connectionState: { status: 'Successful' }, serverVersion: '1.33' },
};
const spokeDown: ArgoCluster = {
  server: 'https://spoke-down.example.com',
  name: 'spoke-down',
  // only the deprecated copy, as older Argo CD versions send
  connectionState: {
    status: 'Failed',
    message: 'dial tcp 10.9.0.1:443: i/o timeout',
  },
};
const emptySpoke: ArgoCluster = {
  server: 'https://empty.example.com',
  name: 'empty-spoke',
};

function app(
  name: string,
  destination: { server?: string; name?: string },
  health?: string,
  sync?: string,
): ArgoApplication {
  return {
    metadata: { name, namespace: 'argocd', labels: { team: 'web' } },
    spec: {
      project: 'shop',
      destination: { ...destination, namespace: 'shop' },
      source: {
        repoURL: 'https://git/x',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
    },
    status: {
      ...(sync ? { sync: { status: sync, revision: 'abc123' } } : {}),
      ...(health ? { health: { status: health } } : {}),
      summary: { externalURLs: [`https://${name}.example.com`] },
      operationState: {
        phase: 'Succeeded',
        finishedAt: '2026-11-01T00:00:00Z',
      },
    },
  };
}

function hubState(overrides: Partial<HubState> = {}): HubState {
  return {
    name: 'aks-mgmt-hub',
    url: 'https://argocd.example.com',
    status: 'ok',
    lastSuccessAt: '2026-11-23T06:00:00.000Z',
    lastAttemptAt: '2026-11-23T06:00:00.000Z',
    reading: {
      version: 'v3.5.1',
      clusters: [spokeEu, inCluster, spokeDown, emptySpoke],
      applications: [
        app(
          'argocd-self',
          { server: 'https://kubernetes.default.svc' },
          'Healthy',
          'Synced',
        ),
        app(
          'checkout-eu1',
          { server: 'https://spoke-eu-1.example.com:6443' },
          'Healthy',
          'Synced',
        ),
        app('cart-eu1', { name: 'spoke-eu-1' }, 'Degraded', 'OutOfSync'),
        app('search-eu1', { name: 'spoke-eu-1' }),
        app('checkout-down', { name: 'spoke-down' }, 'Unknown', 'Unknown'),
        app('checkout-new', { name: 'spoke-new' }, 'Unknown', 'Unknown'),
        app('checkout-new-2', { name: 'spoke-new' }, 'Unknown', 'Unknown'),
      ],
    },
    ...overrides,
  };
}

describe('buildHubModel', () => {
  it('reports in-cluster under the hub name with role hub, and spokes by their Argo CD names', () => {
    const { clusters } = buildHubModel(hubState());
    const hub = clusters.find(c => c.role === 'hub')!;
    expect(hub).toMatchObject({
      id: 'aks-mgmt-hub/aks-mgmt-hub',
      name: 'aks-mgmt-hub',
      server: 'https://kubernetes.default.svc',
      version: 'v1.34.0',
      applications: { total: 1, health: { Healthy: 1 }, sync: { Synced: 1 } },
    });
    expect(
      clusters
        .filter(c => c.role === 'spoke')
        .map(c => c.name)
        .sort(),
    ).toEqual(['empty-spoke', 'spoke-down', 'spoke-eu-1', 'spoke-new']);
  });

  it('attributes applications by destination server (trailing slash ignored) and by name', () => {
    const eu = buildHubModel(hubState()).clusters.find(
      c => c.name === 'spoke-eu-1',
    )!;
    expect(eu.applications).toEqual({
      total: 3,
      health: { Healthy: 1, Degraded: 1, Unknown: 1 },
      sync: { Synced: 1, OutOfSync: 1, Unknown: 1 },
    });
    expect(eu.labels).toEqual({ env: 'prod' });
    expect(eu.annotations).toEqual({ 'hub-spoke/cidr': '10.1.0.0/16' });
  });

  it('does not attribute by naming conventions', () => {
    // "checkout-eu1" looks like it belongs to spoke-eu-1 by name, but so does "checkout-down"; only destinations count
    const model = buildHubModel(hubState());
    expect(
      model.applications.find(a => a.name === 'checkout-down')!.cluster,
    ).toBe('spoke-down');
  });

  it('keeps Argo CD connection state and message exactly, reading the deprecated copy when needed', () => {
    const down = buildHubModel(hubState()).clusters.find(
      c => c.name === 'spoke-down',
    )!;
    expect(down.connection).toEqual({
      status: 'Failed',
      message: 'dial tcp 10.9.0.1:443: i/o timeout',
    });
    expect(down.applications.total).toBe(1);
  });

  it('lists a destination without a registered cluster, with its applications', () => {
    const model = buildHubModel(hubState());
    const unregistered = model.clusters.find(c => c.name === 'spoke-new')!;
    expect(unregistered).toMatchObject({
      registered: false,
      role: 'spoke',
      connection: { status: 'Unknown' },
      applications: { total: 2, health: { Unknown: 2 }, sync: { Unknown: 2 } },
    });
    expect(unregistered.connection.message).toMatch(
      /No cluster named "spoke-new" is registered/,
    );
    expect(
      model.applications.filter(a => a.clusterId === 'aks-mgmt-hub/spoke-new'),
    ).toHaveLength(2);
  });

  it('keeps a cluster without applications', () => {
    const empty = buildHubModel(hubState()).clusters.find(
      c => c.name === 'empty-spoke',
    )!;
    expect(empty.applications).toEqual({ total: 0, health: {}, sync: {} });
    expect(empty.connection.status).toBe('Unknown');
  });

  it('summarises applications with what the portal shows', () => {
    const checkout = buildHubModel(hubState()).applications.find(
      a => a.name === 'checkout-eu1',
    )!;
    expect(checkout).toEqual({
      name: 'checkout-eu1',
      hub: 'aks-mgmt-hub',
      cluster: 'spoke-eu-1',
      clusterId: 'aks-mgmt-hub/spoke-eu-1',
      namespace: 'shop',
      project: 'shop',
      sync: 'Synced',
      health: 'Healthy',
      revision: 'abc123',
      repoURL: 'https://git/x',
      path: 'apps/checkout-eu1',
      targetRevision: 'main',
      operationPhase: 'Succeeded',
      operationFinishedAt: '2026-11-01T00:00:00Z',
      externalURLs: ['https://checkout-eu1.example.com'],
      labels: { team: 'web' },
      chart: undefined,
    });
    const search = buildHubModel(hubState()).applications.find(
      a => a.name === 'search-eu1',
    )!;
    expect([search.health, search.sync]).toEqual(['Unknown', 'Unknown']);
  });

  it('marks last-known clusters stale when the hub fails, and keeps their age', () => {
    const model = buildHubModel(
      hubState({ status: 'unreachable', message: 'connect ECONNREFUSED' }),
    );
    expect(model.hub).toMatchObject({
      status: 'unreachable',
      message: 'connect ECONNREFUSED',
      argocdVersion: 'v3.5.1',
    });
    expect(
      model.clusters.every(
        c => c.stale && c.lastSuccessAt === '2026-11-23T06:00:00.000Z',
      ),
    ).toBe(true);
  });

  it('has no clusters for a hub never reached', () => {
    const model = buildHubModel({
      name: 'eks-mgmt-hub',
      url: 'https://x',
      status: 'pending',
      message: 'Waiting',
    });
    expect(model).toEqual({
      hub: {
        name: 'eks-mgmt-hub',
        url: 'https://x',
        status: 'pending',
        message: 'Waiting',
      },
      clusters: [],
      applications: [],
    });
  });
});

describe('buildTopology', () => {
  it('puts each hub cluster first and links every spoke, registered or not, with a manages edge', () => {
    const topology = buildTopology(
      [buildHubModel(hubState())],
      new Date('2026-11-23T06:00:05Z'),
    );
    expect(topology.generatedAt).toBe('2026-11-23T06:00:05.000Z');
    expect(topology.clusters.map(c => c.name)).toEqual([
      'aks-mgmt-hub',
      'empty-spoke',
      'spoke-down',
      'spoke-eu-1',
      'spoke-new',
    ]);
    expect(topology.edges).toEqual(
      ['empty-spoke', 'spoke-down', 'spoke-eu-1', 'spoke-new'].map(name => ({
        kind: 'manages',
        from: 'aks-mgmt-hub',
        to: `aks-mgmt-hub/${name}`,
      })),
    );
  });

  it('keeps clusters of equal names on different hubs apart', () => {
    const other = hubState({ name: 'eks-mgmt-hub' });
    const topology = buildTopology(
      [buildHubModel(hubState()), buildHubModel(other)],
      new Date(),
    );
    expect(
      topology.clusters.filter(c => c.name === 'spoke-eu-1').map(c => c.id),
    ).toEqual(['aks-mgmt-hub/spoke-eu-1', 'eks-mgmt-hub/spoke-eu-1']);
    expect(topology.hubs.map(h => h.name)).toEqual([
      'aks-mgmt-hub',
      'eks-mgmt-hub',
    ]);
  });
});

describe('networks', () => {
  it('reports CIDRs from the Argo CD annotation and flags overlaps across hubs', () => {
    const eu = hubState();
    const us = hubState({
      name: 'eks-mgmt-hub',
      reading: {
        clusters: [
          {
            ...spokeEu,
            name: 'spoke-us-1',
            annotations: { 'hub-spoke/cidr': '10.1.128.0/20, bogus' },
          },
        ],
        applications: [],
      },
    });
    const topology = buildTopology(
      [buildHubModel(eu), buildHubModel(us)],
      new Date(),
    );
    const euSpoke = topology.clusters.find(
      c => c.id === 'aks-mgmt-hub/spoke-eu-1',
    )!;
    const usSpoke = topology.clusters.find(
      c => c.id === 'eks-mgmt-hub/spoke-us-1',
    )!;
    expect(euSpoke.cidrs).toEqual(['10.1.0.0/16']);
    expect(usSpoke.cidrs).toEqual(['10.1.128.0/20']);
    expect(euSpoke.cidrOverlaps).toEqual([
      {
        clusterId: 'eks-mgmt-hub/spoke-us-1',
        cidr: '10.1.0.0/16',
        otherCidr: '10.1.128.0/20',
      },
    ]);
    expect(usSpoke.cidrOverlaps).toEqual([
      {
        clusterId: 'aks-mgmt-hub/spoke-eu-1',
        cidr: '10.1.128.0/20',
        otherCidr: '10.1.0.0/16',
      },
    ]);
    expect(
      topology.clusters.find(c => c.name === 'spoke-down')!.cidrOverlaps,
    ).toEqual([]);
  });
});
