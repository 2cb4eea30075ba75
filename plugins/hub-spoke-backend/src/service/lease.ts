import type { Knex } from 'knex';

const TABLE = 'hub_spoke_leases';

/** What a lease attempt found. */
export interface LeaseState {
  /** This holder has the lease (taken now or renewed). */
  held: boolean;
  /** When any holder last started a fleet refresh (ms since epoch). */
  lastRefreshAt?: number;
}

/**
 * Who polls the fleet, across the backend's replicas. Backstage's global scheduler tasks keep a dead replica's run
 * lock until the task's timeout and sweep expired locks about once a minute, so polling could stop for over a minute
 * when the polling replica dies mid-refresh. A short lease that the holder renews every tick hands polling over
 * within a fraction of the refresh interval instead.
 */
export interface FleetLease {
  /** Takes the lease if it is free or expired, or renews it for its holder. */
  acquire(holder: string, ttlMs: number, now: number): Promise<LeaseState>;
  /** Records that the holder started a refresh at `at`. */
  markRefreshed(holder: string, at: number): Promise<void>;
  /** Gives the lease up (on shutdown), so another replica takes over at its next tick. */
  release(holder: string): Promise<void>;
}

/**
 * The lease as one row of the plugin's own database (SQLite or PostgreSQL), updated atomically. The table comes from
 * the plugin's migrations (`applyDatabaseMigrations`), applied before the lease is used.
 */
export class DatabaseFleetLease implements FleetLease {
  constructor(
    private readonly db: Knex,
    private readonly name = 'fleet-refresh',
  ) {}

  async acquire(
    holder: string,
    ttlMs: number,
    now: number,
  ): Promise<LeaseState> {
    const expiresAt = now + ttlMs;
    // One statement: under concurrent attempts only one replica's update matches an expired or own row.
    const updated = await this.db(TABLE)
      .where('name', this.name)
      .andWhere(q => q.where('holder', holder).orWhere('expires_at', '<=', now))
      .update({ holder, expires_at: expiresAt });
    if (updated === 0) {
      await this.db(TABLE)
        .insert({
          name: this.name,
          holder,
          expires_at: expiresAt,
          last_refresh_at: null,
        })
        .onConflict('name')
        .ignore();
    }
    const row = await this.db(TABLE).where('name', this.name).first();
    return {
      held: row?.holder === holder && Number(row.expires_at) > now,
      ...(row?.last_refresh_at !== null && row?.last_refresh_at !== undefined
        ? { lastRefreshAt: Number(row.last_refresh_at) }
        : {}),
    };
  }

  async markRefreshed(holder: string, at: number): Promise<void> {
    await this.db(TABLE)
      .where({ name: this.name, holder })
      .update({ last_refresh_at: at });
  }

  async release(holder: string): Promise<void> {
    await this.db(TABLE)
      .where({ name: this.name, holder })
      .update({ expires_at: 0 });
  }
}
