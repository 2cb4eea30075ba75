import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { HubReading } from '../argocd/ArgoCdClient';
import { HubSpokeConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import { ClusterReading } from '../topology/clusterState';
import { ClusterReader, DefaultFleetService } from './FleetService';

/** A cache shared by "replicas", serializing like Backstage's stores do; counts reads per key. */
function sharedCache(reads: Map<string, number> = new Map()): CacheService {
  const store = new Map<string, string>();
  const cache: CacheService = {
    get: async <T>(key: string) => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return store.has(key) ? (JSON.parse(store.get(key)!) as T) : undefined;
    },
    set: async (key, value) => void store.set(key, JSON.stringify(value)),
    delete: async key => void store.delete(key),
    withOptions: () => cache,
  };
  return cache;
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

const reading = (host: string): ClusterReading => ({
  apiVersion: 'v1.34.1',
  nodes: { ready: 2, total: 3 },
  ingress: {
    addresses: ['20.1.1.1'],
    hosts: [
      {
        host,
        sources: [
          {
            kind: 'Gateway',
            group: 'networking.istio.io',
            namespace: 'istio-ingress',
            name: 'gw',
          },
        ],
        destinations: [],
      },
    ],
  },
  certificates: [],
  missingGroups: ['gateway.networking.k8s.io'],
  routing: { httpRoutes: [], services: [], destinationRules: [] },
  requests: 10,
});

class Reader implements ClusterReader {
  calls = 0;
  constructor(public behaviour: () => Promise<ClusterReading>) {}
  read() {
    this.calls += 1;
    return this.behaviour();
  }
}

function replica(
  cache: CacheService,
  readers: Record<string, Reader>,
  now: () => Date = () => new Date(),
) {
  const hubCalls = { count: 0 };
  const fleet = new DefaultFleetService({
    config,
    logger: mockServices.logger.mock(),
    cache,
    now,
    readerFactory: () => ({
      read: async () => {
        hubCalls.count += 1;
        return hubReading;
      },
    }),
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
  return { fleet, hubCalls };
}

describe('DefaultFleetService with direct cluster reads', () => {
  it('merges each cluster’s API reading into its Argo CD view, the hub by its hub name', async () => {
    const { fleet } = replica(sharedCache(), {
      hub: new Reader(async () => reading('hub.example.com')),
      'spoke-a': new Reader(async () => reading('shop.apps.a.example.com')),
    });
    const topology = await fleet.getTopology();
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
    const { fleet } = replica(sharedCache(), {});
    const c = (await fleet.getTopology()).clusters.find(
      x => x.id === 'hub/spoke-c',
    )!;
    expect(c.api).toEqual({
      status: 'error',
      message: 'authProvider "aws" is not supported; supported: serviceAccount',
    });
  });

  it('uses CIDRs from config over the annotation, and flags overlaps', async () => {
    const { fleet } = replica(sharedCache(), {});
    const topology = await fleet.getTopology();
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
    const spoke = new Reader(async () => {
      if (fail)
        throw new UpstreamError(
          'unreachable',
          'Kubernetes API is unreachable: connect ECONNREFUSED',
        );
      return reading('shop.apps.a.example.com');
    });
    const { fleet } = replica(
      sharedCache(),
      { 'spoke-a': spoke },
      () => new Date(clock),
    );
    await fleet.refresh();
    fail = true;
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      await fleet.refresh();
    }
    const a = (await fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
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
    await fleet.refresh();
    expect(spoke.calls).toBe(4);
    clock += 600;
    fail = false;
    await fleet.refresh();
    expect(spoke.calls).toBe(5);
    const recovered = (await fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(recovered.api).toMatchObject({ status: 'ok' });
    expect(recovered.api.backoffUntil).toBeUndefined();
  });

  it('lets a second replica serve the snapshot another replica polled, without polling itself', async () => {
    const cache = sharedCache();
    const poller = replica(cache, {
      'spoke-a': new Reader(async () => reading('x.apps.a.example.com')),
    });
    const idleReader = new Reader(async () => reading('x.apps.a.example.com'));
    const idle = replica(cache, { 'spoke-a': idleReader });
    await poller.fleet.refresh();
    const served = await idle.fleet.getTopology();
    expect(served).toEqual(await poller.fleet.getTopology());
    expect(idle.hubCalls.count).toBe(0);
    expect(idleReader.calls).toBe(0);
  });

  it('hands last-known data to a replica that takes over polling', async () => {
    const cache = sharedCache();
    const first = replica(cache, {
      'spoke-a': new Reader(async () => reading('kept.apps.a.example.com')),
    });
    await first.fleet.refresh();
    const successAt = (await first.fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!.api.lastSuccessAt;

    const second = replica(cache, {
      'spoke-a': new Reader(async () => {
        throw new UpstreamError(
          'timeout',
          'Kubernetes API did not answer within 200 ms',
        );
      }),
    });
    await second.fleet.refresh();
    const a = (await second.fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(a.api).toMatchObject({
      status: 'timeout',
      stale: true,
      lastSuccessAt: successAt,
    });
    expect(a.ingress!.hosts[0].host).toBe('kept.apps.a.example.com');
  });

  it('decodes the shared snapshot once per version, however many requests read it', async () => {
    const reads = new Map<string, number>();
    const cache = sharedCache(reads);
    const poller = replica(cache, {
      'spoke-a': new Reader(async () => reading('x.apps.a.example.com')),
    });
    const idle = replica(cache, {
      'spoke-a': new Reader(async () => reading('x.apps.a.example.com')),
    });
    await poller.fleet.refresh();
    const first = await idle.fleet.getTopology();
    for (let i = 0; i < 20; i++)
      expect(await idle.fleet.getTopology()).toBe(first);
    expect(reads.get('snapshot/v2')).toBe(1);

    // the next poll is picked up by the other replica on its next request
    await poller.fleet.refresh();
    const next = await idle.fleet.getTopology();
    expect(next).not.toBe(first);
    expect(next.generatedAt).toBe(
      (await poller.fleet.getTopology()).generatedAt,
    );
    expect(reads.get('snapshot/v2')).toBe(2);
  });

  it('keeps serving the last complete snapshot while a poll is under way', async () => {
    const cache = sharedCache();
    let release: () => void = () => {};
    let slow = false;
    const reader = new Reader(async () => {
      if (slow) await new Promise<void>(r => (release = r));
      return reading(
        slow ? 'new.apps.a.example.com' : 'old.apps.a.example.com',
      );
    });
    const { fleet } = replica(cache, { 'spoke-a': reader });
    await fleet.refresh();
    const before = await fleet.getTopology();
    slow = true;
    const polling = fleet.refresh();
    await new Promise(r => setTimeout(r, 20));
    const during = await fleet.getTopology();
    expect(during).toBe(before);
    release();
    await polling;
    const after = (await fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(after.ingress!.hosts[0].host).toBe('new.apps.a.example.com');
  });

  it('takes over from the newer shared state, not from what it polled itself long ago', async () => {
    const cache = sharedCache();
    let t = Date.parse('2026-11-23T09:00:00Z');
    const now = () => new Date(t);
    let aFails = false;
    const a = replica(
      cache,
      {
        'spoke-a': new Reader(async () => {
          if (aFails)
            throw new UpstreamError('unreachable', 'connect ECONNREFUSED');
          return reading('old.apps.a.example.com');
        }),
      },
      now,
    );
    const b = replica(
      cache,
      { 'spoke-a': new Reader(async () => reading('new.apps.a.example.com')) },
      now,
    );
    await a.fleet.refresh(); // a polls at 09:00
    t += 60_000;
    await b.fleet.refresh(); // then b polls at 09:01 (a was paused, or b held the lease)
    t += 60_000;
    aFails = true;
    await a.fleet.refresh(); // a takes over at 09:02 and cannot reach the spoke
    const spoke = (await a.fleet.getTopology()).clusters.find(
      c => c.id === 'hub/spoke-a',
    )!;
    expect(spoke.api).toMatchObject({
      status: 'unreachable',
      lastSuccessAt: '2026-11-23T09:01:00.000Z',
    });
    expect(spoke.ingress!.hosts[0].host).toBe('new.apps.a.example.com');
  });

  it('stores the snapshot and state as JSON text, the cheap form for Backstage cache stores', async () => {
    const written = new Map<string, unknown>();
    const cache = sharedCache();
    const spy: CacheService = {
      ...cache,
      set: async (key, value, options) => {
        written.set(key, value);
        return cache.set(key, value, options);
      },
      withOptions: () => spy,
    };
    const { fleet } = replica(spy, {
      'spoke-a': new Reader(async () => reading('x.apps.a.example.com')),
    });
    await fleet.refresh();
    expect(typeof written.get('snapshot/v2')).toBe('string');
    expect(typeof written.get('state/v2')).toBe('string');
    expect(
      JSON.parse(written.get('snapshot/v2') as string).topology.generatedAt,
    ).toBe((await fleet.getTopology()).generatedAt);
  });
});
