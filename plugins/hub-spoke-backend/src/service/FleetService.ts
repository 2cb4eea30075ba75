import { CacheService } from '@backstage/backend-plugin-api';
import {
  ApplicationFilter,
  ApplicationSummary,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { FleetPoller, FleetPollerOptions } from './FleetPoller';
import { Snapshot, SnapshotStore, snapshotTtlMs } from './SnapshotStore';

/**
 * The fleet as the routes see it. Swap it through `fleetServiceRef` in tests or adopters' backends.
 *
 * @public
 */
export interface FleetService {
  /** The current snapshot. Right after start it waits at most one request timeout for the first poll. */
  getTopology(): Promise<Topology>;
  /** Applications of the current snapshot, filtered. */
  getApplications(filter?: ApplicationFilter): Promise<ApplicationSummary[]>;
  /** Polls every hub and cluster now; resolves when done. Concurrent calls share one poll. */
  refresh(): Promise<void>;
}

/** Options of {@link DefaultFleetService}: the poller's, with the cache its snapshot store is kept in. */
export type DefaultFleetServiceOptions = Omit<FleetPollerOptions, 'store'> & {
  /** Shared by the backend's replicas (Backstage's cache service: memory by default, Redis in production). */
  cache?: CacheService;
};

/** Does an application pass the filter (a cluster by its id or its name)? */
function matchesFilter(app: ApplicationSummary, filter: ApplicationFilter) {
  return (
    (!filter.hub || app.hub === filter.hub) &&
    (!filter.cluster ||
      app.cluster === filter.cluster ||
      app.clusterId === filter.cluster) &&
    (!filter.health || app.health === filter.health) &&
    (!filter.sync || app.sync === filter.sync)
  );
}

/**
 * The fleet service: answers from the snapshot store (shared by the replicas), and polls through the fleet poller
 * when asked to refresh (the polling loop of whichever replica holds the lease) or on a cold start.
 */
export class DefaultFleetService implements FleetService {
  private readonly requestTimeoutMs: number;
  private readonly store: SnapshotStore;
  private readonly poller: FleetPoller;
  private firstRefresh?: Promise<void>;

  constructor(options: DefaultFleetServiceOptions) {
    this.requestTimeoutMs = options.config.requestTimeoutMs;
    this.store = new SnapshotStore({
      cache: options.cache,
      logger: options.logger,
      ttlMs: snapshotTtlMs(options.config.refreshIntervalMs),
    });
    this.poller = new FleetPoller({ ...options, store: this.store });
  }

  async getTopology(): Promise<Topology> {
    return (await this.snapshot()).topology;
  }

  async getApplications(
    filter: ApplicationFilter = {},
  ): Promise<ApplicationSummary[]> {
    const { applications } = await this.snapshot();
    return applications.filter(app => matchesFilter(app, filter));
  }

  refresh(): Promise<void> {
    const polling = this.poller.refresh();
    this.firstRefresh ??= polling;
    return polling;
  }

  /** Closes the hub and cluster readers (on shutdown). */
  close() {
    this.poller.close();
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
    const shared = await this.store.read();
    if (shared) return shared;
    if (!this.firstRefresh) this.refresh().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstRefresh,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.requestTimeoutMs + 100);
      }),
    ]);
    clearTimeout(timer);
    return (await this.store.read()) ?? this.poller.partial();
  }
}
