import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { argoReading, hubConfig, sharedCache } from '../__testUtils__/fleet';
import { buildHubModel, buildTopology } from '../topology/buildTopology';
import { HubState } from '../topology/hubState';
import {
  fingerprint,
  PersistedState,
  Snapshot,
  SnapshotStore,
  snapshotTtlMs,
} from './SnapshotStore';

/** A hub polled at `at`, seeing one cluster. */
function hubState(at: string, cluster = 'spoke-a'): HubState {
  const { version, clusters, applications } = argoReading(cluster);
  return {
    name: 'hub-a',
    url: hubConfig('hub-a').argocd.url,
    status: 'ok',
    lastAttemptAt: at,
    lastSuccessAt: at,
    reading: { version, clusters, applications },
  };
}

/** The snapshot of a poll at `at`. */
function snapshotAt(at: string, cluster = 'spoke-a'): Snapshot {
  const model = buildHubModel(hubState(at, cluster));
  return {
    topology: buildTopology([model], new Date(at)),
    applications: model.applications,
  };
}

const stateAt = (at: string): PersistedState => ({
  hubs: [hubState(at)],
  clusters: [],
});

function store(cache?: CacheService) {
  return new SnapshotStore({
    cache,
    logger: mockServices.logger.mock(),
    ttlMs: 3_600_000,
  });
}

describe('SnapshotStore', () => {
  it('decodes the shared snapshot once per version, however many requests read it', async () => {
    const reads = new Map<string, number>();
    const cache = sharedCache(reads);
    const poller = store(cache);
    const idle = store(cache);
    await poller.write(
      snapshotAt('2026-11-23T09:00:00.000Z'),
      stateAt('2026-11-23T09:00:00.000Z'),
    );
    const first = await idle.read();
    expect(first!.topology.generatedAt).toBe('2026-11-23T09:00:00.000Z');
    for (let i = 0; i < 20; i++) expect(await idle.read()).toBe(first);
    expect(reads.get('snapshot/v2')).toBe(1);

    // the next poll is picked up by the other replica on its next read
    await poller.write(
      snapshotAt('2026-11-23T09:01:00.000Z'),
      stateAt('2026-11-23T09:01:00.000Z'),
    );
    const next = await idle.read();
    expect(next).not.toBe(first);
    expect(next!.topology.generatedAt).toBe('2026-11-23T09:01:00.000Z');
    expect(reads.get('snapshot/v2')).toBe(2);
  });

  it('stores the snapshot and state as JSON text, the cheap form for Backstage cache stores', async () => {
    const written = new Map<string, unknown>();
    const ttls = new Set<number | undefined>();
    const cache = sharedCache();
    const spy: CacheService = {
      ...cache,
      set: async (key, value, options) => {
        written.set(key, value);
        ttls.add(options?.ttl as number | undefined);
        return cache.set(key, value, options);
      },
      withOptions: () => spy,
    };
    const snapshot = snapshotAt('2026-11-23T09:00:00.000Z');
    await store(spy).write(snapshot, stateAt('2026-11-23T09:00:00.000Z'));
    expect(typeof written.get('snapshot/v2')).toBe('string');
    expect(typeof written.get('state/v2')).toBe('string');
    expect(
      JSON.parse(written.get('snapshot/v2') as string).topology.generatedAt,
    ).toBe(snapshot.topology.generatedAt);
    expect([...ttls]).toEqual([3_600_000]);
  });

  it('hands the polling state to the replica that polls next', async () => {
    const cache = sharedCache();
    const state = stateAt('2026-11-23T09:00:00.000Z');
    expect(await store(cache).readState()).toBeUndefined();
    await store(cache).write(snapshotAt('2026-11-23T09:00:00.000Z'), state);
    expect(await store(cache).readState()).toEqual(state);
  });

  it('serves its own snapshot when it is newer than the shared one, and the shared one otherwise', async () => {
    const cache = sharedCache();
    const a = store(cache);
    const b = store(cache);
    const own = snapshotAt('2026-11-23T09:02:00.000Z');
    await a.write(own, stateAt('2026-11-23T09:02:00.000Z'));
    // b writes later, but from an older poll (e.g. it was paused mid-refresh)
    await b.write(
      snapshotAt('2026-11-23T09:01:00.000Z'),
      stateAt('2026-11-23T09:01:00.000Z'),
    );
    expect(await a.read()).toBe(own);
    const newer = snapshotAt('2026-11-23T09:03:00.000Z');
    await b.write(newer, stateAt('2026-11-23T09:03:00.000Z'));
    expect((await a.read())!.topology.generatedAt).toBe(
      newer.topology.generatedAt,
    );
  });

  it('keeps serving its own snapshot when the cache fails, and says so in the log', async () => {
    const logger = mockServices.logger.mock();
    const broken: CacheService = {
      get: async () => {
        throw new Error('ECONNREFUSED');
      },
      set: async () => {
        throw new Error('ECONNREFUSED');
      },
      delete: async () => {},
      withOptions: () => broken,
    };
    const failing = new SnapshotStore({ cache: broken, logger, ttlMs: 1000 });
    const snapshot = snapshotAt('2026-11-23T09:00:00.000Z');
    await expect(
      failing.write(snapshot, stateAt('2026-11-23T09:00:00.000Z')),
    ).resolves.toBeUndefined();
    expect(await failing.read()).toBe(snapshot);
    expect(await failing.readState()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not write the fleet snapshot to the cache',
      { error: 'ECONNREFUSED' },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the fleet snapshot from the cache',
      { error: 'ECONNREFUSED' },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the fleet state from the cache',
      { error: 'ECONNREFUSED' },
    );
  });

  it('without a cache, serves this replica’s own snapshot and shares no state', async () => {
    const local = store();
    expect(await local.read()).toBeUndefined();
    const snapshot = snapshotAt('2026-11-23T09:00:00.000Z');
    await local.write(snapshot, stateAt('2026-11-23T09:00:00.000Z'));
    expect(await local.read()).toBe(snapshot);
    expect(await local.readState()).toBeUndefined();
  });

  it('keeps values for 20 refresh intervals, at least an hour', () => {
    expect(snapshotTtlMs(60_000)).toBe(3_600_000);
    expect(snapshotTtlMs(300_000)).toBe(6_000_000);
  });
});

describe('fingerprint', () => {
  it('tells a real change from a re-poll', () => {
    const first = snapshotAt('2026-11-23T09:00:00.000Z').topology;
    const repoll = snapshotAt('2026-11-23T09:01:00.000Z').topology;
    const changed = snapshotAt('2026-11-23T09:01:00.000Z', 'spoke-b').topology;
    expect(fingerprint(repoll)).toBe(fingerprint(first));
    expect(fingerprint(changed)).not.toBe(fingerprint(first));
  });
});
