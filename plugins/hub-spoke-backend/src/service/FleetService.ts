import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationFilter,
  ApplicationSummary,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ArgoCdClient, HubReading } from '../argocd/ArgoCdClient';
import { HubConfig, HubSpokeConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import { buildHubModel, buildTopology, HubModel } from '../topology/buildTopology';
import { HubState } from '../topology/hubState';

/** The fleet as the routes see it. Swap it through `fleetServiceRef` in tests or adopters' backends. */
export interface FleetService {
  /** The current snapshot. Right after start it waits at most one request timeout for the first poll. */
  getTopology(): Promise<Topology>;
  /** Applications of the current snapshot, filtered. */
  getApplications(filter?: ApplicationFilter): Promise<ApplicationSummary[]>;
  /** Polls every hub now; resolves when done. Concurrent calls share one poll. */
  refresh(): Promise<void>;
}

/** Something that reads one hub; the Argo CD client in production, a fake in unit tests. */
export interface HubReader {
  read(): Promise<HubReading>;
  close?(): void;
}

/** Where snapshot changes are announced (Backstage signals in production). */
export interface TopologyPublisher {
  publish(message: { generatedAt: string }): Promise<void>;
}

export interface DefaultFleetServiceOptions {
  config: HubSpokeConfig;
  logger: LoggerService;
  publisher?: TopologyPublisher;
  readerFactory?: (hub: HubConfig, timeoutMs: number) => HubReader;
  now?: () => Date;
}

interface Snapshot {
  models: HubModel[];
  topology: Topology;
  fingerprint: string;
}

const VOLATILE_KEYS = new Set(['generatedAt', 'lastAttemptAt', 'lastSuccessAt']);

/** Serializes the snapshot without its timestamps, to tell a real change from a re-poll. */
export function fingerprint(topology: Topology): string {
  return JSON.stringify(topology, (key, value) => (VOLATILE_KEYS.has(key) ? undefined : value));
}

export class DefaultFleetService implements FleetService {
  private readonly states: Map<string, HubState>;
  private readonly readers: Map<string, HubReader>;
  private readonly logger: LoggerService;
  private readonly publisher?: TopologyPublisher;
  private readonly now: () => Date;
  private readonly timeoutMs: number;
  private inFlight?: Promise<void>;
  private firstRefresh?: Promise<void>;
  private snapshot: Snapshot;
  /** A hub's state changed since the snapshot was assembled. */
  private dirty = false;
  private publishedFingerprint?: string;

  constructor(options: DefaultFleetServiceOptions) {
    const { config } = options;
    this.logger = options.logger;
    this.publisher = options.publisher;
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = config.requestTimeoutMs;
    const readerFactory =
      options.readerFactory ?? ((hub: HubConfig, timeoutMs: number) => new ArgoCdClient(hub, timeoutMs));
    this.states = new Map(
      config.hubs.map(hub => [
        hub.name,
        {
          name: hub.name,
          url: hub.argocd.url,
          status: 'pending',
          message: 'Waiting for the first poll of this hub',
        } as HubState,
      ]),
    );
    this.readers = new Map(config.hubs.map(hub => [hub.name, readerFactory(hub, config.requestTimeoutMs)]));
    this.snapshot = this.assemble();
  }

  async getTopology(): Promise<Topology> {
    await this.awaitFirstRefresh();
    return this.current().topology;
  }

  async getApplications(filter: ApplicationFilter = {}): Promise<ApplicationSummary[]> {
    await this.awaitFirstRefresh();
    const items: ApplicationSummary[] = [];
    for (const model of this.current().models) {
      if (filter.hub && model.hub.name !== filter.hub) continue;
      for (const app of model.applications) {
        if (filter.cluster && app.cluster !== filter.cluster && app.clusterId !== filter.cluster) continue;
        if (filter.health && app.health !== filter.health) continue;
        if (filter.sync && app.sync !== filter.sync) continue;
        items.push(app);
      }
    }
    return items;
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
    for (const reader of this.readers.values()) reader.close?.();
  }

  /** The first request after start waits for at most one request timeout, then answers with what it has. */
  private async awaitFirstRefresh() {
    if (!this.firstRefresh) {
      this.refresh().catch(() => {});
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstRefresh,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.timeoutMs + 100);
      }),
    ]);
    clearTimeout(timer);
  }

  private async pollAll() {
    const started = Date.now();
    await Promise.all([...this.states.keys()].map(name => this.pollHub(name)));
    this.snapshot = this.assemble();
    this.dirty = false;
    this.logger.debug('Refreshed fleet', {
      hubs: this.states.size,
      clusters: this.snapshot.topology.clusters.length,
      ms: Date.now() - started,
    });
    if (this.publisher && this.publishedFingerprint !== this.snapshot.fingerprint) {
      this.publishedFingerprint = this.snapshot.fingerprint;
      try {
        await this.publisher.publish({ generatedAt: this.snapshot.topology.generatedAt });
      } catch (e) {
        this.logger.warn('Could not announce the new topology', { error: (e as Error).message });
      }
    }
  }

  /** The snapshot, including hubs that finished while other hubs of the same poll are still running. */
  private current(): Snapshot {
    if (this.dirty) {
      this.snapshot = this.assemble();
      this.dirty = false;
    }
    return this.snapshot;
  }

  private async pollHub(name: string) {
    const reader = this.readers.get(name)!;
    const state = this.states.get(name)!;
    const started = Date.now();
    const attemptAt = this.now().toISOString();
    try {
      const reading = await reader.read();
      const wasFailing = state.status !== 'ok' && state.status !== 'pending';
      this.states.set(name, {
        name,
        url: state.url,
        status: 'ok',
        lastAttemptAt: attemptAt,
        lastSuccessAt: attemptAt,
        reading: { version: reading.version, clusters: reading.clusters, applications: reading.applications },
      });
      const meta = {
        hub: name,
        clusters: reading.clusters.length,
        applications: reading.applications.length,
        bytes: reading.bytes,
        ms: Date.now() - started,
      };
      this.dirty = true;
      if (wasFailing) this.logger.info('Hub reachable again', meta);
      else this.logger.debug('Refreshed hub', meta);
    } catch (e) {
      const err = e instanceof UpstreamError ? e : new UpstreamError('error', (e as Error).message);
      if (state.status !== err.kind || state.message !== err.message) {
        this.logger.warn('Hub poll failed', { hub: name, status: err.kind, message: err.message });
      }
      this.states.set(name, { ...state, status: err.kind, message: err.message, lastAttemptAt: attemptAt });
      this.dirty = true;
    }
  }

  private assemble(): Snapshot {
    const models = [...this.states.values()].map(buildHubModel);
    const topology = buildTopology(models, this.now());
    return { models, topology, fingerprint: fingerprint(topology) };
  }
}
