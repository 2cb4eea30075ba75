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
import { ClusterReading } from '../topology/clusterState';
import { DefaultFleetService } from './FleetService';

/** One replica's fleet service over fake hubs and directly read clusters, optionally sharing a cache. */
function replica(options: {
  hubs: Record<string, () => Promise<HubReading>>;
  clusters?: Record<string, FakeReader<ClusterReading>>;
  cache?: CacheService;
  timeoutMs?: number;
}) {
  const hubReaders: Record<string, FakeReader<HubReading>> = {};
  const fleet = new DefaultFleetService({
    config: {
      refreshIntervalMs: 60_000,
      requestTimeoutMs: options.timeoutMs ?? 200,
      concurrency: 8,
      certificateExpiryWarningDays: 30,
      permissionCacheTtlMs: 0,
      hubs: Object.keys(options.hubs).map(hubConfig),
      clusters: [],
    },
    logger: mockServices.logger.mock(),
    cache: options.cache,
    readerFactory: h =>
      (hubReaders[h.name] = new FakeReader(options.hubs[h.name])),
    clusters: Object.keys(options.clusters ?? {}).map(name => ({ name })),
    clusterReaderFactory: c => options.clusters![c.name],
  });
  return { fleet, hubReaders };
}

describe('DefaultFleetService', () => {
  it('answers the first request within one request timeout, with pending hubs', async () => {
    const { fleet } = replica({
      hubs: {
        'hub-a': async () => argoReading('spoke-a'),
        'hub-slow': () => new Promise(() => {}),
      },
      timeoutMs: 150,
    });
    const started = Date.now();
    const topology = await fleet.getTopology();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(topology.hubs.find(h => h.name === 'hub-slow')!.status).toBe(
      'pending',
    );
    expect(topology.hubs.find(h => h.name === 'hub-a')!.status).toBe('ok');
  });

  it('polls once on a cold start and answers the requests that follow from that poll', async () => {
    const { fleet, hubReaders } = replica({
      hubs: { 'hub-a': async () => argoReading('spoke-a') },
    });
    const [first, second] = await Promise.all([
      fleet.getTopology(),
      fleet.getTopology(),
    ]);
    expect(second).toBe(first);
    expect(await fleet.getTopology()).toBe(first);
    expect(first.clusters.map(c => c.id)).toEqual(['hub-a/spoke-a']);
    expect(hubReaders['hub-a'].calls).toBe(1);
  });

  it('filters applications by hub, cluster, health and sync', async () => {
    const { fleet } = replica({
      hubs: {
        'hub-a': async () => argoReading('spoke-a'),
        'hub-b': async () => argoReading('spoke-b'),
      },
    });
    expect(
      (await fleet.getApplications({ hub: 'hub-b' })).map(a => a.name),
    ).toEqual(['app-spoke-b']);
    expect(
      (await fleet.getApplications({ cluster: 'hub-a/spoke-a' })).map(
        a => a.name,
      ),
    ).toEqual(['app-spoke-a']);
    expect(
      (await fleet.getApplications({ cluster: 'spoke-a' })).map(a => a.name),
    ).toEqual(['app-spoke-a']);
    expect(await fleet.getApplications({ health: 'Degraded' })).toEqual([]);
    expect(await fleet.getApplications({ sync: 'Synced' })).toHaveLength(2);
  });

  it('lets a second replica serve the snapshot another replica polled, without polling itself', async () => {
    const cache = sharedCache();
    const hubs = { hub: async () => argoReading('spoke-a') };
    const poller = replica({
      hubs,
      cache,
      clusters: {
        'spoke-a': new FakeReader(async () =>
          clusterReading('x.apps.a.example.com'),
        ),
      },
    });
    const idleReader = new FakeReader(async () =>
      clusterReading('x.apps.a.example.com'),
    );
    const idle = replica({ hubs, cache, clusters: { 'spoke-a': idleReader } });
    await poller.fleet.refresh();
    const served = await idle.fleet.getTopology();
    expect(served).toEqual(await poller.fleet.getTopology());
    // the same object for as long as the snapshot does not change (the router memoizes bodies on it)
    expect(await idle.fleet.getTopology()).toBe(served);
    expect(idle.hubReaders.hub.calls).toBe(0);
    expect(idleReader.calls).toBe(0);
  });

  it('keeps serving the last complete snapshot while a poll is under way', async () => {
    let release: () => void = () => {};
    let slow = false;
    const reader = new FakeReader(async () => {
      if (slow) await new Promise<void>(r => (release = r));
      return clusterReading(
        slow ? 'new.apps.a.example.com' : 'old.apps.a.example.com',
      );
    });
    const { fleet } = replica({
      hubs: { hub: async () => argoReading('spoke-a') },
      cache: sharedCache(),
      clusters: { 'spoke-a': reader },
    });
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
});
