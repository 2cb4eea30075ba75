import { randomUUID } from 'node:crypto';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationFilter,
  ApplicationSummary,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ArgoCdClient, HubReading } from '../argocd/ArgoCdClient';
import { HubConfig, HubSpokeConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import {
  buildHubModel,
  buildTopology,
  HubModel,
} from '../topology/buildTopology';
import { ClusterReading, ClusterState } from '../topology/clusterState';
import { HubState } from '../topology/hubState';
import { isOpen, recordFailure, recordSuccess } from './circuitBreaker';
import { createLimiter } from './pool';

/** The fleet as the routes see it. Swap it through `fleetServiceRef` in tests or adopters' backends. */
export interface FleetService {
  /** The current snapshot. Right after start it waits at most one request timeout for the first poll. */
  getTopology(): Promise<Topology>;
  /** Applications of the current snapshot, filtered. */
  getApplications(filter?: ApplicationFilter): Promise<ApplicationSummary[]>;
  /** Polls every hub and cluster now; resolves when done. Concurrent calls share one poll. */
  refresh(): Promise<void>;
}

/** Something that reads one hub; the Argo CD client in production, a fake in unit tests. */
export interface HubReader {
  read(): Promise<HubReading>;
  close?(): void;
}

/** Something that reads one cluster's Kubernetes API and summarises it. */
export interface ClusterReader {
  read(): Promise<ClusterReading>;
  close?(): void;
}

/** A cluster the backend may read directly: a kubernetes.clusterLocatorMethods entry. */
export interface DirectCluster {
  name: string;
  /** Why it cannot be read (unsupported auth provider…); it is then reported with api status `error`. */
  unsupported?: string;
}

/** Where snapshot changes are announced (Backstage signals in production). */
export interface TopologyPublisher {
  publish(message: { generatedAt: string }): Promise<void>;
}

export interface DefaultFleetServiceOptions {
  config: HubSpokeConfig;
  logger: LoggerService;
  /** Shared by the backend's replicas (Backstage's cache service: memory by default, Redis in production). */
  cache?: CacheService;
  publisher?: TopologyPublisher;
  readerFactory?: (hub: HubConfig, timeoutMs: number) => HubReader;
  clusters?: DirectCluster[];
  clusterReaderFactory?: (
    cluster: DirectCluster,
    timeoutMs: number,
  ) => ClusterReader;
  now?: () => Date;
}

/** The serving form of a poll: what GET requests answer. */
export interface Snapshot {
  topology: Topology;
  applications: ApplicationSummary[];
}

/** The polling form: enough for another replica to take over polling without losing last-known data. */
interface PersistedState {
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

/** Reads a value stored as JSON text. */
async function getJson<T>(
  cache: CacheService,
  key: string,
): Promise<T | undefined> {
  const text = await cache.get(key);
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
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

export class DefaultFleetService implements FleetService {
  private readonly config: HubSpokeConfig;
  private readonly logger: LoggerService;
  private readonly cache?: CacheService;
  private readonly publisher?: TopologyPublisher;
  private readonly now: () => Date;
  private readonly hubReaders: Map<string, HubReader>;
  private readonly clusterReaders: Map<string, ClusterReader>;
  private readonly unsupported: Map<string, string>;
  private hubStates?: Map<string, HubState>;
  private clusterStates?: Map<string, ClusterState>;
  private inFlight?: Promise<void>;
  private firstRefresh?: Promise<void>;
  private localSnapshot?: Snapshot;
  /** The shared snapshot last read from the cache, with its version. */
  private served?: { version: string; snapshot: Snapshot };
  private partialSnapshot?: Snapshot;
  private dirty = false;
  private publishedFingerprint?: string;

  constructor(options: DefaultFleetServiceOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.cache = options.cache;
    this.publisher = options.publisher;
    this.now = options.now ?? (() => new Date());
    const timeout = this.config.requestTimeoutMs;
    const hubReaderFactory =
      options.readerFactory ??
      ((hub: HubConfig, t: number) => new ArgoCdClient(hub, t));
    this.hubReaders = new Map(
      this.config.hubs.map(hub => [hub.name, hubReaderFactory(hub, timeout)]),
    );
    this.unsupported = new Map();
    this.clusterReaders = new Map();
    for (const cluster of options.clusters ?? []) {
      if (cluster.unsupported)
        this.unsupported.set(cluster.name, cluster.unsupported);
      else if (options.clusterReaderFactory) {
        this.clusterReaders.set(
          cluster.name,
          options.clusterReaderFactory(cluster, timeout),
        );
      }
    }
  }

  async getTopology(): Promise<Topology> {
    return (await this.snapshot()).topology;
  }

  async getApplications(
    filter: ApplicationFilter = {},
  ): Promise<ApplicationSummary[]> {
    const { applications } = await this.snapshot();
    return applications.filter(
      app =>
        (!filter.hub || app.hub === filter.hub) &&
        (!filter.cluster ||
          app.cluster === filter.cluster ||
          app.clusterId === filter.cluster) &&
        (!filter.health || app.health === filter.health) &&
        (!filter.sync || app.sync === filter.sync),
    );
  }

  refresh(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.pollAll().finally(() => {
        this.inFlight = undefined;
      });
      this.firstRefresh ??= this.inFlight;
    }
    return this.inFlight;
  }

  close() {
    for (const reader of [
      ...this.hubReaders.values(),
      ...this.clusterReaders.values(),
    ])
      reader.close?.();
  }

  /**
   * The snapshot to answer with: the shared one in the cache (written by whichever replica polls), else this
   * replica's own. With neither (a cold start), this replica polls once and waits at most one request timeout, then
   * answers with what has arrived (hubs still polling are `pending`).
   *
   * A poll under way never slows a GET down: the last complete snapshot is served until the next one is written.
   * The same object is returned for as long as the snapshot does not change, so callers may memoize on identity.
   */
  private async snapshot(): Promise<Snapshot> {
    const shared = await this.readShared();
    if (shared) return shared;
    if (!this.firstRefresh) this.refresh().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstRefresh,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.config.requestTimeoutMs + 100);
      }),
    ]);
    clearTimeout(timer);
    return (await this.readShared()) ?? this.partial();
  }

  /**
   * The current shared snapshot. Only its small version key is read per call; the snapshot itself is read and
   * decoded once per version (the cache service serializes values, so reading it per GET would cost a full JSON
   * decode of every application each time).
   */
  private async readShared(): Promise<Snapshot | undefined> {
    if (!this.cache) return this.localSnapshot;
    try {
      const version = (await this.cache.get(SNAPSHOT_VERSION_KEY)) as
        | string
        | undefined;
      if (!version) return this.localSnapshot;
      if (this.served?.version !== version) {
        const snapshot = await getJson<Snapshot>(this.cache, SNAPSHOT_KEY);
        if (!snapshot) return this.localSnapshot;
        this.served = { version, snapshot };
      }
      return this.newer(this.served.snapshot, this.localSnapshot);
    } catch (e) {
      this.logger.warn('Could not read the fleet snapshot from the cache', {
        error: (e as Error).message,
      });
      return this.newer(this.served?.snapshot, this.localSnapshot);
    }
  }

  /** This replica's own poll wins over the shared snapshot when it is newer (its cache write may have failed). */
  private newer(
    shared: Snapshot | undefined,
    local: Snapshot | undefined,
  ): Snapshot | undefined {
    if (!shared || !local) return shared ?? local;
    return local.topology.generatedAt > shared.topology.generatedAt
      ? local
      : shared;
  }

  /** What a cold start has so far, assembled at most once per change of the polling states. */
  private partial(): Snapshot {
    if (!this.partialSnapshot || this.dirty) {
      this.partialSnapshot = this.assemble();
      this.dirty = false;
    }
    return this.partialSnapshot;
  }

  /**
   * The polling states to start a poll from: the shared ones in the cache (another replica may have polled since this
   * one last did, e.g. before it took over polling) or this replica's own, whichever is newer per hub and cluster, so
   * a replica taking over keeps the last-known data and failure counts.
   */
  private async states() {
    let persisted: PersistedState | undefined;
    try {
      persisted = this.cache
        ? await getJson<PersistedState>(this.cache, STATE_KEY)
        : undefined;
    } catch (e) {
      this.logger.warn('Could not read the fleet state from the cache', {
        error: (e as Error).message,
      });
    }
    const newer = <T extends { lastAttemptAt?: string }>(
      mine: T | undefined,
      shared: T | undefined,
    ) =>
      !mine ||
      (shared && (shared.lastAttemptAt ?? '') > (mine.lastAttemptAt ?? ''))
        ? shared
        : mine;
    const sharedHubs = new Map(persisted?.hubs.map(h => [h.name, h]) ?? []);
    const sharedClusters = new Map(
      persisted?.clusters.map(c => [c.name, c]) ?? [],
    );
    const hubStates = new Map<string, HubState>();
    for (const hub of this.config.hubs) {
      hubStates.set(
        hub.name,
        newer(this.hubStates?.get(hub.name), sharedHubs.get(hub.name)) ?? {
          name: hub.name,
          url: hub.argocd.url,
          status: 'pending',
          message: 'Waiting for the first poll of this hub',
        },
      );
    }
    const clusterStates = new Map<string, ClusterState>();
    for (const name of this.clusterReaders.keys()) {
      clusterStates.set(
        name,
        newer(this.clusterStates?.get(name), sharedClusters.get(name)) ?? {
          name,
          status: 'pending',
          message: 'Waiting for the first read of this cluster',
          failures: 0,
        },
      );
    }
    for (const [name, message] of this.unsupported) {
      clusterStates.set(name, { name, status: 'error', message, failures: 0 });
    }
    this.hubStates = hubStates;
    this.clusterStates = clusterStates;
    return { hubStates, clusterStates };
  }

  private async pollAll() {
    const started = Date.now();
    const { hubStates } = await this.states();
    const limit = createLimiter(this.config.concurrency);
    let requests = 0;
    let bytes = 0;
    await Promise.all([
      ...[...hubStates.keys()].map(name =>
        limit(async () => {
          const reading = await this.pollHub(name);
          requests += reading?.requests ?? 3;
          bytes += reading?.bytes ?? 0;
        }),
      ),
      ...[...this.clusterReaders.keys()].map(name =>
        limit(async () => {
          // (not `requests += await …`: that reads `requests` before the await and loses concurrent updates)
          const made = (await this.pollCluster(name)) ?? 0;
          requests += made;
        }),
      ),
    ]);
    const readAt = Date.now();
    const snapshot = this.assemble();
    this.localSnapshot = snapshot;
    this.dirty = false;
    this.partialSnapshot = undefined;
    const assembledAt = Date.now();
    await this.persist(snapshot);
    this.logger.info('Refreshed fleet', {
      hubs: hubStates.size,
      clusters: snapshot.topology.clusters.length,
      applications: snapshot.applications.length,
      requests,
      argocdBytes: bytes,
      ms: Date.now() - started,
      // where the time went: reading hubs and clusters, building the topology, writing it to the shared cache
      readMs: readAt - started,
      assembleMs: assembledAt - readAt,
      persistMs: Date.now() - assembledAt,
    });
    const print = fingerprint(snapshot.topology);
    if (this.publisher && this.publishedFingerprint !== print) {
      this.publishedFingerprint = print;
      try {
        await this.publisher.publish({
          generatedAt: snapshot.topology.generatedAt,
        });
      } catch (e) {
        this.logger.warn('Could not announce the new topology', {
          error: (e as Error).message,
        });
      }
    }
  }

  private async persist(snapshot: Snapshot) {
    if (!this.cache) return;
    const ttl = Math.max(this.config.refreshIntervalMs * 20, 3_600_000);
    // unique per write, so a replica never mistakes a newer snapshot for the one it holds
    const version = `${snapshot.topology.generatedAt}/${randomUUID()}`;
    try {
      await Promise.all([
        this.cache.set(
          STATE_KEY,
          JSON.stringify({
            hubs: [...this.hubStates!.values()],
            clusters: [...this.clusterStates!.values()],
          }),
          { ttl },
        ),
        this.cache.set(SNAPSHOT_KEY, JSON.stringify(snapshot), { ttl }),
      ]);
      // the version last: a replica that sees it finds the snapshot it names
      await this.cache.set(SNAPSHOT_VERSION_KEY, version, { ttl });
      this.served = { version, snapshot };
    } catch (e) {
      this.logger.warn('Could not write the fleet snapshot to the cache', {
        error: (e as Error).message,
      });
    }
  }

  private async pollHub(name: string): Promise<HubReading | undefined> {
    const reader = this.hubReaders.get(name)!;
    const states = this.hubStates!;
    const state = states.get(name)!;
    const attemptAt = this.now().toISOString();
    try {
      const reading = await reader.read();
      const wasFailing = state.status !== 'ok' && state.status !== 'pending';
      states.set(name, {
        name,
        url: state.url,
        status: 'ok',
        lastAttemptAt: attemptAt,
        lastSuccessAt: attemptAt,
        reading: {
          version: reading.version,
          clusters: reading.clusters,
          applications: reading.applications,
        },
      });
      this.dirty = true;
      const meta = {
        hub: name,
        clusters: reading.clusters.length,
        applications: reading.applications.length,
      };
      if (wasFailing) this.logger.info('Hub reachable again', meta);
      return reading;
    } catch (e) {
      const err =
        e instanceof UpstreamError
          ? e
          : new UpstreamError('error', (e as Error).message);
      if (state.status !== err.kind || state.message !== err.message) {
        this.logger.warn('Hub poll failed', {
          hub: name,
          status: err.kind,
          message: err.message,
        });
      }
      states.set(name, {
        ...state,
        status: err.kind,
        message: err.message,
        lastAttemptAt: attemptAt,
      });
      this.dirty = true;
      return undefined;
    }
  }

  /** Reads one cluster unless its circuit breaker is open; returns the number of requests made. */
  private async pollCluster(name: string): Promise<number | undefined> {
    const states = this.clusterStates!;
    const state = states.get(name)!;
    const nowMs = this.now().getTime();
    if (
      isOpen({ failures: state.failures, openUntil: state.openUntil }, nowMs)
    ) {
      return 0;
    }
    const attemptAt = this.now().toISOString();
    try {
      const reading = await this.clusterReaders.get(name)!.read();
      if (state.status !== 'ok' && state.failures > 0)
        this.logger.info('Cluster API reachable again', { cluster: name });
      states.set(name, {
        name,
        status: 'ok',
        lastAttemptAt: attemptAt,
        lastSuccessAt: attemptAt,
        ...recordSuccess(),
        reading,
      });
      this.dirty = true;
      return reading.requests;
    } catch (e) {
      const err =
        e instanceof UpstreamError
          ? e
          : new UpstreamError('error', (e as Error).message);
      const breaker = recordFailure(
        { failures: state.failures, openUntil: state.openUntil },
        nowMs,
        {
          threshold: 3,
          baseMs: this.config.refreshIntervalMs,
          maxMs: Math.max(this.config.refreshIntervalMs, 10 * 60_000),
        },
      );
      if (
        state.status !== err.kind ||
        state.message !== err.message ||
        breaker.openUntil
      ) {
        this.logger.warn('Cluster API read failed', {
          cluster: name,
          status: err.kind,
          message: err.message,
          failures: breaker.failures,
          ...(breaker.openUntil
            ? { backoffUntil: new Date(breaker.openUntil).toISOString() }
            : {}),
        });
      }
      states.set(name, {
        ...state,
        status: err.kind,
        message: err.message,
        lastAttemptAt: attemptAt,
        failures: breaker.failures,
        openUntil: breaker.openUntil,
      });
      this.dirty = true;
      return undefined;
    }
  }

  private assemble(): Snapshot {
    const hubStates =
      this.hubStates ??
      new Map<string, HubState>(
        this.config.hubs.map(hub => [
          hub.name,
          {
            name: hub.name,
            url: hub.argocd.url,
            status: 'pending',
            message: 'Waiting for the first poll of this hub',
          },
        ]),
      );
    const models: HubModel[] = [...hubStates.values()].map(buildHubModel);
    const clusterStates = new Map(
      [...(this.clusterStates?.values() ?? [])].map(s => [s.name, s]),
    );
    const topology = buildTopology(models, this.now(), {
      clusterStates,
      cidrOverrides: new Map(
        this.config.clusters.filter(c => c.cidrs).map(c => [c.name, c.cidrs!]),
      ),
    });
    return { topology, applications: models.flatMap(m => m.applications) };
  }
}
