import { LoggerService } from '@backstage/backend-plugin-api';
import { ArgoCdClient, HubReading } from '../argocd/ArgoCdClient';
import { HubConfig, HubSpokeConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import {
  buildHubModel,
  buildTopology,
  HubModel,
} from '../topology/buildTopology';
import { ClusterReading } from '../topology/clusterState';
import { isOpen, recordFailure, recordSuccess } from './circuitBreaker';
import { createLimiter } from './pool';
import { fingerprint, Snapshot, SnapshotStore } from './SnapshotStore';
import { FleetStates, mergeStates, pendingHubState } from './stateMerge';

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

/** Options of {@link FleetPoller}. */
export interface FleetPollerOptions {
  config: HubSpokeConfig;
  logger: LoggerService;
  /** Where each poll's snapshot and polling state go, and where a poll finds the state to start from. */
  store: SnapshotStore;
  publisher?: TopologyPublisher;
  readerFactory?: (hub: HubConfig, timeoutMs: number) => HubReader;
  clusters?: DirectCluster[];
  clusterReaderFactory?: (
    cluster: DirectCluster,
    timeoutMs: number,
  ) => ClusterReader;
  now?: () => Date;
}

/** How errors of a reader are reported: upstream errors as they are, anything else as `error`. */
function toUpstreamError(e: unknown): UpstreamError {
  return e instanceof UpstreamError
    ? e
    : new UpstreamError('error', (e as Error).message);
}

/**
 * One refresh of the fleet: reads every hub's Argo CD and every directly readable cluster (skipping those whose
 * circuit breaker is open), assembles the snapshot, leaves it in the store and announces it when it changed.
 * Concurrent refreshes share one poll.
 */
export class FleetPoller {
  private readonly config: HubSpokeConfig;
  private readonly logger: LoggerService;
  private readonly store: SnapshotStore;
  private readonly publisher?: TopologyPublisher;
  private readonly now: () => Date;
  private readonly hubReaders: Map<string, HubReader>;
  private readonly clusterReaders: Map<string, ClusterReader>;
  private readonly unsupported: Map<string, string>;
  private states?: FleetStates;
  private inFlight?: Promise<void>;
  private partialSnapshot?: Snapshot;
  private dirty = false;
  private publishedFingerprint?: string;

  constructor(options: FleetPollerOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.store = options.store;
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

  /** Polls every hub and cluster; resolves once the snapshot is in the store. Concurrent calls share one poll. */
  refresh(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.pollAll().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** What a poll under way has so far (hubs still polling are `pending`), assembled at most once per change. */
  partial(): Snapshot {
    if (!this.partialSnapshot || this.dirty) {
      this.partialSnapshot = this.assemble();
      this.dirty = false;
    }
    return this.partialSnapshot;
  }

  /** Closes every reader. */
  close() {
    for (const reader of [
      ...this.hubReaders.values(),
      ...this.clusterReaders.values(),
    ])
      reader.close?.();
  }

  private async pollAll() {
    const started = Date.now();
    const states = mergeStates(
      {
        hubs: this.config.hubs,
        clusters: [...this.clusterReaders.keys()],
        unsupported: this.unsupported,
      },
      this.states,
      await this.store.readState(),
    );
    this.states = states;
    const limit = createLimiter(this.config.concurrency);
    let requests = 0;
    let bytes = 0;
    await Promise.all([
      ...[...states.hubs.keys()].map(name =>
        limit(async () => {
          const reading = await this.pollHub(states, name);
          requests += reading?.requests ?? 3;
          bytes += reading?.bytes ?? 0;
        }),
      ),
      ...[...this.clusterReaders.keys()].map(name =>
        limit(async () => {
          // (not `requests += await …`: that reads `requests` before the await and loses concurrent updates)
          const made = (await this.pollCluster(states, name)) ?? 0;
          requests += made;
        }),
      ),
    ]);
    const readAt = Date.now();
    const snapshot = this.assemble();
    this.dirty = false;
    this.partialSnapshot = undefined;
    const assembledAt = Date.now();
    await this.store.write(snapshot, {
      hubs: [...states.hubs.values()],
      clusters: [...states.clusters.values()],
    });
    this.logger.info('Refreshed fleet', {
      hubs: states.hubs.size,
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
    await this.announce(snapshot);
  }

  /** Tells subscribers about a snapshot that differs from the last one announced (timestamps aside). */
  private async announce(snapshot: Snapshot) {
    const print = fingerprint(snapshot.topology);
    if (!this.publisher || this.publishedFingerprint === print) return;
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

  private async pollHub(
    states: FleetStates,
    name: string,
  ): Promise<HubReading | undefined> {
    const reader = this.hubReaders.get(name)!;
    const state = states.hubs.get(name)!;
    const attemptAt = this.now().toISOString();
    try {
      const reading = await reader.read();
      const wasFailing = state.status !== 'ok' && state.status !== 'pending';
      states.hubs.set(name, {
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
      const err = toUpstreamError(e);
      if (state.status !== err.kind || state.message !== err.message) {
        this.logger.warn('Hub poll failed', {
          hub: name,
          status: err.kind,
          message: err.message,
        });
      }
      states.hubs.set(name, {
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
  private async pollCluster(
    states: FleetStates,
    name: string,
  ): Promise<number | undefined> {
    const state = states.clusters.get(name)!;
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
      states.clusters.set(name, {
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
      const err = toUpstreamError(e);
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
      states.clusters.set(name, {
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

  /** The snapshot of the current polling states (before the first poll: every hub pending, no cluster). */
  private assemble(): Snapshot {
    const hubStates =
      this.states?.hubs ??
      new Map(this.config.hubs.map(hub => [hub.name, pendingHubState(hub)]));
    const models: HubModel[] = [...hubStates.values()].map(buildHubModel);
    const clusterStates = new Map(
      [...(this.states?.clusters.values() ?? [])].map(s => [s.name, s]),
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
