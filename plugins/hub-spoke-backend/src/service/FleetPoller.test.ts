import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  argoReading,
  clusterReading,
  FakeReader,
  hubConfig,
  sharedCache,
} from '../__testUtils__/fleet';
import { HubReading } from '../argocd/ArgoCdClient';
import { HubSpokeConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import { ClusterReading } from '../topology/clusterState';
import { FleetPoller } from './FleetPoller';
import { SnapshotStore } from './SnapshotStore';

/** A poller of hubs only (no direct cluster reads), keeping its snapshots in a store of its own. */
function hubsOnly(behaviours: Record<string, () => Promise<HubReading>>) {
  const readers: Record<string, FakeReader<HubReading>> = {};
  const published: string[] = [];
  const logger = mockServices.logger.mock();
  const store = new SnapshotStore({ logger, ttlMs: 3_600_000 });
  const poller = new FleetPoller({
    config: {
      refreshIntervalMs: 60_000,
      requestTimeoutMs: 200,
      concurrency: 8,
      certificateExpiryWarningDays: 30,
      permissionCacheTtlMs: 0,
      hubs: Object.keys(behaviours).map(hubConfig),
      clusters: [],
    },
    logger,
    store,
    publisher: { publish: async m => void published.push(m.generatedAt) },
    readerFactory: h => (readers[h.name] = new FakeReader(behaviours[h.name])),
  });
  return {
    poller,
    readers,
    published,
    snapshot: async () => (await store.read())!,
  };
}

const config: HubSpokeConfig = {
  refreshIntervalMs: 1000,
  requestTimeoutMs: 200,
  concurrency: 4,
  certificateExpiryWarningDays: 30,
  permissionCacheTtlMs: 0,
  hubs: [
    {
      name: 'hub',
      argocd: {
        url: 'https://argocd',
        token: 't',
        skipTLSVerify: false,
        projects: [],
      },
    },
  ],
  clusters: [{ name: 'spoke-b', cidrs: ['10.1.4.0/24'] }],
};

const hubReading: HubReading = {
  version: 'v3.5.1',
  clusters: [
    { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
    {
      name: 'spoke-a',
      server: 'https://a',
      annotations: { 'hub-spoke/cidr': '10.1.0.0/16' },
    },
    {
      name: 'spoke-b',
      server: 'https://b',
      annotations: { 'hub-spoke/cidr': '10.9.0.0/16' },
    },
    { name: 'spoke-c', server: 'https://c' },
  ],
  applications: [],
  bytes: 10,
  requests: 3,
};

/** One replica's poller of the hub and the given clusters (spoke-c unsupported), sharing `cache` with the others. */
function replica(
  cache: CacheService,
  readers: Record<string, FakeReader<ClusterReading>>,
  now: () => Date = () => new Date(),
) {
  const logger = mockServices.logger.mock();
  const store = new SnapshotStore({ cache, logger, ttlMs: 3_600_000 });
  const poller = new FleetPoller({
    config,
    logger,
    store,
    now,
    readerFactory: () => ({ read: async () => hubReading }),
    clusters: [
      ...Object.keys(readers).map(name => ({ name })),
      {
        name: 'spoke-c',
        unsupported:
          'authProvider "aws" is not supported; supported: serviceAccount',
      },
    ],
    clusterReaderFactory: c => readers[c.name],
  });
  return {
    poller,
    topology: async () => (await store.read())!.topology,
  };
}

describe('FleetPoller', () => {
  it('serves every hub that answers even when another fails', async () => {
    const { poller, snapshot } = hubsOnly({
      'hub-a': async () => argoReading('spoke-a'),
      'hub-b': async () => {
        throw new UpstreamError(
          'unreachable',
          'Argo CD of hub hub-b is unreachable: ECONNREFUSED',
        );
      },
    });
    await poller.refresh();
    const { topology } = await snapshot();
    expect(topology.hubs.map(h => [h.name, h.status, h.message])).toEqual([
      ['hub-a', 'ok', undefined],
      [
        'hub-b',
        'unreachable',
        'Argo CD of hub hub-b is unreachable: ECONNREFUSED',
      ],
    ]);
    expect(topology.clusters.map(c => c.id)).toEqual(['hub-a/spoke-a']);
  });

  it('keeps last-known clusters of a hub that fails later, marked stale with their age', async () => {
    let fail = false;
    const { poller, snapshot } = hubsOnly({
      'hub-a': async () => {
        if (fail)
          throw new UpstreamError(
            'timeout',
            'Argo CD of hub hub-a did not answer within 200 ms',
          );
        return argoReading('spoke-a');
      },
    });
    await poller.refresh();
    const firstSuccess = (await snapshot()).topology.hubs[0].lastSuccessAt;
    fail = true;
    await poller.refresh();
    const { topology, applications } = await snapshot();
    expect(topology.hubs[0]).toMatchObject({
      status: 'timeout',
      lastSuccessAt: firstSuccess,
    });
    expect(topology.clusters).toHaveLength(1);
    expect(topology.clusters[0]).toMatchObject({
      id: 'hub-a/spoke-a',
      stale: true,
      lastSuccessAt: firstSuccess,
    });
    expect(applications.map(a => a.name)).toEqual(['app-spoke-a']);
  });

  it('has what arrived so far while a poll is under way, with hubs still polling pending', async () => {
    const { poller } = hubsOnly({
      'hub-a': async () => argoReading('spoke-a'),
      'hub-slow': () => new Promise(() => {}),
    });
    expect(poller.partial().topology.hubs.map(h => h.status)).toEqual([
      'pending',
      'pending',
    ]);
    poller.refresh();
    await new Promise(r => setTimeout(r, 20));
    const { topology } = poller.partial();
    expect(topology.hubs.find(h => h.name === 'hub-slow')!.status).toBe(
      'pending',
    );
    expect(topology.hubs.find(h => h.name === 'hub-a')!.status).toBe('ok');
    expect(poller.partial()).toBe(poller.partial());
  });

  it('shares one poll between concurrent refreshes', async () => {
    const { poller, readers } = hubsOnly({
      'hub-a': async () => argoReading('spoke-a'),
    });
    await Promise.all([poller.refresh(), poller.refresh(), poller.refresh()]);
    expect(readers['hub-a'].calls).toBe(1);
    await poller.refresh();
    expect(readers['hub-a'].calls).toBe(2);
  });

  it('announces a snapshot only when something changed', async () => {
    let cluster = 'spoke-a';
    const { poller, published } = hubsOnly({
      'hub-a': async () => argoReading(cluster),
    });
    await poller.refresh();
    await poller.refresh();
    expect(published).toHaveLength(1);
    cluster = 'spoke-b';
    await poller.refresh();
    expect(published).toHaveLength(2);
  });

  it('merges each cluster’s API reading into its Argo CD view, the hub by its hub name', async () => {
    const { poller, topology: read } = replica(sharedCache(), {
      hub: new FakeReader(async () => clusterReading('hub.example.com')),
      'spoke-a': new FakeReader(async () =>
        clusterReading('shop.apps.a.example.com'),
      ),
    });
    await poller.refresh();
    const topology = await read();
    const a = topology.clusters.find(c => c.id === 'hub/spoke-a')!;
    expect(a).toMatchObject({
      api: { status: 'ok', missingGroups: ['gateway.networking.k8s.io'] },
      apiVersion: 'v1.34.1',
      nodes: { ready: 2, total: 3 },
      ingress: {
        addresses: ['20.1.1.1'],
        hosts: [expect.objectContaining({ host: 'shop.apps.a.example.com' })],
      },
    });
    expect(
      topology.clusters.find(c => c.id === 'hub/hub')!.ingress!.hosts[0].host,
    ).toBe('hub.example.com');
    expect(
      topology.clusters.find(c => c.id === 'hub/spoke-b')!.api.status,
    ).toBe('not-configured');
  });

  it('reports a cluster whose auth provider is unsupported with the reason', async () => {
    const { poller, topology } = replica(sharedCache(), {});
    await poller.refresh();
    const c = (await topology()).clusters.find(x => x.id === 'hub/spoke-c')!;
    expect(c.api).toEqual({
      status: 'error',
      message: 'authProvider "aws" is not supported; supported: serviceAccount',
    });
  });

  it('uses CIDRs from config over the annotation, and flags overlaps', async () => {
    const { poller, topology: read } = replica(sharedCache(), {});
    await poller.refresh();
    const topology = await read();
    expect(topology.clusters.find(c => c.id === 'hub/spoke-b')!.cidrs).toEqual([
      '10.1.4.0/24',
    ]);
    expect(
      topology.clusters.find(c => c.id === 'hub/spoke-a')!.cidrOverlaps,
    ).toEqual([
      {
        clusterId: 'hub/spoke-b',
        cidr: '10.1.0.0/16',
        otherCidr: '10.1.4.0/24',
      },
    ]);
  });

  it('keeps a failing cluster’s last-known reading with its age, then backs it off', async () => {
    let fail = false;
    let clock = Date.parse('2026-11-23T06:00:00Z');
    const spoke = new FakeReader(async () => {
      if (fail)
        throw new UpstreamError(
          'unreachable',
          'Kubernetes API is unreachable: connect ECONNREFUSED',
        );
      return clusterReading('shop.apps.a.example.com');
    });
    const { poller, topology } = replica(
      sharedCache(),
      { 'spoke-a': spoke },
      () => new Date(clock),
    );
    await poller.refresh();
    fail = true;
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      await poller.refresh();
    }
    const a = (await topology()).clusters.find(c => c.id === 'hub/spoke-a')!;
    expect(a.api).toMatchObject({
      status: 'unreachable',
      message: 'Kubernetes API is unreachable: connect ECONNREFUSED',
      lastSuccessAt: '2026-11-23T06:00:00.000Z',
      stale: true,
      backoffUntil: new Date(clock + 1000).toISOString(),
    });
    expect(a.ingress!.hosts[0].host).toBe('shop.apps.a.example.com');
    expect(spoke.calls).toBe(4);

    // open: skipped until the backoff expires
    clock += 500;
    await poller.refresh();
    expect(spoke.calls).toBe(4);
    clock += 600;
    fail = false;
    await poller.refresh();
    expect(spoke.calls).toBe(5);
    const recovered = (await topology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(recovered.api).toMatchObject({ status: 'ok' });
    expect(recovered.api.backoffUntil).toBeUndefined();
  });

  it('hands last-known data to a replica that takes over polling', async () => {
    const cache = sharedCache();
    const first = replica(cache, {
      'spoke-a': new FakeReader(async () =>
        clusterReading('kept.apps.a.example.com'),
      ),
    });
    await first.poller.refresh();
    const successAt = (await first.topology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!.api.lastSuccessAt;

    const second = replica(cache, {
      'spoke-a': new FakeReader(async () => {
        throw new UpstreamError(
          'timeout',
          'Kubernetes API did not answer within 200 ms',
        );
      }),
    });
    await second.poller.refresh();
    const a = (await second.topology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(a.api).toMatchObject({
      status: 'timeout',
      stale: true,
      lastSuccessAt: successAt,
    });
    expect(a.ingress!.hosts[0].host).toBe('kept.apps.a.example.com');
  });

  it('takes over from the newer shared state, not from what it polled itself long ago', async () => {
    const cache = sharedCache();
    let t = Date.parse('2026-11-23T09:00:00Z');
    const now = () => new Date(t);
    let aFails = false;
    const a = replica(
      cache,
      {
        'spoke-a': new FakeReader(async () => {
          if (aFails)
            throw new UpstreamError('unreachable', 'connect ECONNREFUSED');
          return clusterReading('old.apps.a.example.com');
        }),
      },
      now,
    );
    const b = replica(
      cache,
      {
        'spoke-a': new FakeReader(async () =>
          clusterReading('new.apps.a.example.com'),
        ),
      },
      now,
    );
    await a.poller.refresh(); // a polls at 09:00
    t += 60_000;
    await b.poller.refresh(); // then b polls at 09:01 (a was paused, or b held the lease)
    t += 60_000;
    aFails = true;
    await a.poller.refresh(); // a takes over at 09:02 and cannot reach the spoke
    const spoke = (await a.topology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(spoke.api).toMatchObject({
      status: 'unreachable',
      lastSuccessAt: '2026-11-23T09:01:00.000Z',
    });
    expect(spoke.ingress!.hosts[0].host).toBe('new.apps.a.example.com');
  });
});
