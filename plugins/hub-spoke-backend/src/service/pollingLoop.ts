import { LoggerService } from '@backstage/backend-plugin-api';
import { FleetLease } from './lease';

export interface PollingLoopOptions {
  lease: FleetLease;
  /** This replica's holder id (unique per process). */
  holder: string;
  refresh: () => Promise<void>;
  refreshIntervalMs: number;
  logger: LoggerService;
  now?: () => number;
}

/** How often every replica checks the lease: a fifth of the refresh interval, between 1 and 10 seconds. */
export function leaseTickMs(refreshIntervalMs: number): number {
  return Math.min(10_000, Math.max(1_000, Math.floor(refreshIntervalMs / 5)));
}

/**
 * Runs on every replica every tick: the replica holding the lease renews it and starts a refresh once the last one
 * (by whichever replica) is a refresh interval old; the others only try to take the lease. The lease lasts three
 * ticks, so when the polling replica dies another one polls within about one refresh interval of the last refresh.
 */
export class PollingLoop {
  private readonly now: () => number;
  readonly tickMs: number;
  readonly ttlMs: number;
  private held = false;
  private running?: Promise<void>;

  constructor(private readonly options: PollingLoopOptions) {
    this.now = options.now ?? Date.now;
    this.tickMs = leaseTickMs(options.refreshIntervalMs);
    this.ttlMs = 3 * this.tickMs;
  }

  /** One tick; resolves once the lease is settled (a refresh it starts runs on, and the lease is renewed meanwhile). */
  async tick(): Promise<void> {
    const { lease, holder, logger, refreshIntervalMs } = this.options;
    const now = this.now();
    let state;
    try {
      state = await lease.acquire(holder, this.ttlMs, now);
    } catch (e) {
      logger.warn('Could not check the fleet polling lease', {
        error: (e as Error).message,
      });
      return;
    }
    if (!state.held) {
      if (this.held) logger.info('Another replica polls the fleet now');
      this.held = false;
      return;
    }
    if (!this.held) logger.info('This replica polls the fleet', { holder });
    this.held = true;
    const due =
      state.lastRefreshAt === undefined ||
      now - state.lastRefreshAt >= refreshIntervalMs;
    if (due && !this.running) {
      try {
        await lease.markRefreshed(holder, now);
      } catch (e) {
        logger.warn('Could not record the fleet refresh in the lease', {
          error: (e as Error).message,
        });
      }
      this.running = this.options
        .refresh()
        .catch(e =>
          logger.error('Fleet refresh failed', { error: (e as Error).message }),
        )
        .finally(() => {
          this.running = undefined;
        });
    }
  }

  /** Whether this replica held the lease at its last tick. */
  get polling(): boolean {
    return this.held;
  }

  /** Waits for a refresh this loop started (tests). */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Gives the lease up so another replica takes over at its next tick. */
  async stop(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    try {
      await this.options.lease.release(this.options.holder);
    } catch (e) {
      this.options.logger.warn('Could not release the fleet polling lease', {
        error: (e as Error).message,
      });
    }
  }
}
