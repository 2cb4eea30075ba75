import { randomUUID } from 'node:crypto';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationSummary,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ClusterState } from '../topology/clusterState';
import { HubState } from '../topology/hubState';

/** The serving form of a poll: what GET requests answer. */
export interface Snapshot {
  topology: Topology;
  applications: ApplicationSummary[];
}

/** The polling form: enough for another replica to take over polling without losing last-known data. */
export interface PersistedState {
  hubs: HubState[];
  clusters: ClusterState[];
}

/**
 * Values are stored as JSON text: Backstage's cache serializes objects with Keyv's own recursive serializer and
 * reads them back with a JSON reviver, both many times slower than native JSON for a fleet-sized value (600 ms
 * per refresh at 10,000 applications); a string costs one native JSON pass each way.
 */
const SNAPSHOT_KEY = 'snapshot/v2';
const STATE_KEY = 'state/v2';
/** Changes with every snapshot written; replicas re-read the snapshot only when it changes. */
const SNAPSHOT_VERSION_KEY = 'snapshot/v2/version';

/** How long the shared snapshot and state live in the cache: 20 refresh intervals, at least an hour. */
export function snapshotTtlMs(refreshIntervalMs: number): number {
  return Math.max(refreshIntervalMs * 20, 3_600_000);
}

const VOLATILE_KEYS = new Set([
  'generatedAt',
  'lastAttemptAt',
  'lastSuccessAt',
  'backoffUntil',
]);

/** Serializes the snapshot without its timestamps, to tell a real change from a re-poll. */
export function fingerprint(topology: Topology): string {
  return JSON.stringify(topology, (key, value) =>
    VOLATILE_KEYS.has(key) ? undefined : value,
  );
}

/** Reads a value stored as JSON text. */
async function getJson<T>(
  cache: CacheService,
  key: string,
): Promise<T | undefined> {
  const text = await cache.get(key);
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}

/** This replica's own poll wins over the shared snapshot when it is newer (its cache write may have failed). */
function newer(
  shared: Snapshot | undefined,
  local: Snapshot | undefined,
): Snapshot | undefined {
  if (!shared || !local) return shared ?? local;
  return local.topology.generatedAt > shared.topology.generatedAt
    ? local
    : shared;
}

/** Options of {@link SnapshotStore}. */
export interface SnapshotStoreOptions {
  /** Shared by the backend's replicas (Backstage's cache service); without it the store keeps this replica's own. */
  cache?: CacheService;
  logger: LoggerService;
  /** How long written values live in the cache. */
  ttlMs: number;
}

/**
 * Where polls are left for every replica: the snapshot, the polling state and a version key in Backstage's cache
 * service, plus this replica's own last snapshot (served when it is newer, e.g. when its cache write failed).
 */
export class SnapshotStore {
  private local?: Snapshot;
  /** The shared snapshot last read from the cache, with its version. */
  private served?: { version: string; snapshot: Snapshot };

  constructor(private readonly options: SnapshotStoreOptions) {}

  /**
   * The current snapshot: the shared one or this replica's own, whichever is newer. Only the small version key is
   * read per call; the snapshot itself is read and decoded once per version (the cache service serializes values,
   * so reading it per GET would cost a full JSON decode of every application each time). The same object is
   * returned for as long as the snapshot does not change.
   */
  async read(): Promise<Snapshot | undefined> {
    const { cache, logger } = this.options;
    if (!cache) return this.local;
    try {
      const version = (await cache.get(SNAPSHOT_VERSION_KEY)) as
        | string
        | undefined;
      if (!version) return this.local;
      if (this.served?.version !== version) {
        const snapshot = await getJson<Snapshot>(cache, SNAPSHOT_KEY);
        if (!snapshot) return this.local;
        this.served = { version, snapshot };
      }
      return newer(this.served.snapshot, this.local);
    } catch (e) {
      logger.warn('Could not read the fleet snapshot from the cache', {
        error: (e as Error).message,
      });
      return newer(this.served?.snapshot, this.local);
    }
  }

  /** The polling state the last poll (by any replica) left, if the cache has one. */
  async readState(): Promise<PersistedState | undefined> {
    const { cache, logger } = this.options;
    if (!cache) return undefined;
    try {
      return await getJson<PersistedState>(cache, STATE_KEY);
    } catch (e) {
      logger.warn('Could not read the fleet state from the cache', {
        error: (e as Error).message,
      });
      return undefined;
    }
  }

  /**
   * Keeps a new poll as this replica's own snapshot, then shares it and its polling state through the cache (the
   * version last, so a replica that sees it finds the snapshot it names). A failed cache write is logged, not thrown.
   */
  async write(snapshot: Snapshot, state: PersistedState): Promise<void> {
    this.local = snapshot;
    const { cache, logger, ttlMs: ttl } = this.options;
    if (!cache) return;
    // unique per write, so a replica never mistakes a newer snapshot for the one it holds
    const version = `${snapshot.topology.generatedAt}/${randomUUID()}`;
    try {
      await Promise.all([
        cache.set(STATE_KEY, JSON.stringify(state), { ttl }),
        cache.set(SNAPSHOT_KEY, JSON.stringify(snapshot), { ttl }),
      ]);
      await cache.set(SNAPSHOT_VERSION_KEY, version, { ttl });
      this.served = { version, snapshot };
    } catch (e) {
      logger.warn('Could not write the fleet snapshot to the cache', {
        error: (e as Error).message,
      });
    }
  }
}
