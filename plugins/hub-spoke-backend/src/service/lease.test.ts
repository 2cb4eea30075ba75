import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseFleetLease } from './lease';
import { PollingLoop } from './pollingLoop';

/** One SQLite database shared by "replicas", as they share PostgreSQL in production, with the plugin's tables. */
async function database(): Promise<Knex> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await applyDatabaseMigrations(
    mockServices.database.mock({ getClient: async () => db }),
  );
  return db;
}

describe('DatabaseFleetLease', () => {
  let db: Knex;
  beforeEach(async () => {
    db = await database();
  });
  afterEach(() => db.destroy());

  it('gives the lease to one holder, renews it for that holder, and refuses the others until it expires', async () => {
    const lease = new DatabaseFleetLease(db);
    expect(await lease.acquire('a', 3000, 1000)).toEqual({ held: true });
    expect(await lease.acquire('b', 3000, 2000)).toEqual({ held: false });
    expect(await lease.acquire('a', 3000, 3000)).toEqual({ held: true }); // renewed until 6000
    expect(await lease.acquire('b', 3000, 5999)).toEqual({ held: false });
    expect(await lease.acquire('b', 3000, 6000)).toEqual({ held: true }); // a stopped renewing: b takes over
    expect(await lease.acquire('a', 3000, 6001)).toEqual({ held: false });
  });

  it('shares when the fleet was last refreshed, and hands over at once on release', async () => {
    const lease = new DatabaseFleetLease(db);
    await lease.acquire('a', 3000, 1000);
    await lease.markRefreshed('a', 1000);
    await lease.markRefreshed('b', 9999); // not the holder: ignored
    expect(await lease.acquire('b', 3000, 1500)).toEqual({
      held: false,
      lastRefreshAt: 1000,
    });
    await lease.release('a');
    expect(await lease.acquire('b', 3000, 1600)).toEqual({
      held: true,
      lastRefreshAt: 1000,
    });
  });

  it('lets exactly one of many concurrent attempts win', async () => {
    const lease = new DatabaseFleetLease(db);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map(h => lease.acquire(h, 3000, 1000)),
    );
    expect(results.filter(r => r.held)).toHaveLength(1);
  });
});

describe('PollingLoop', () => {
  let db: Knex;
  let now: number;
  beforeEach(async () => {
    db = await database();
    now = 0;
  });
  afterEach(() => db.destroy());

  async function replica(name: string, refreshes: string[]) {
    return new PollingLoop({
      lease: new DatabaseFleetLease(db),
      holder: name,
      refresh: async () => void refreshes.push(`${name}@${now}`),
      refreshIntervalMs: 5000,
      logger: mockServices.logger.mock(),
      now: () => now,
    });
  }

  /** Every live replica ticks once per tick interval (1 s for a 5 s refresh interval) for `ms`. */
  async function run(loops: PollingLoop[], ms: number) {
    for (let end = now + ms; now < end; now += 1000) {
      for (const loop of loops) {
        await loop.tick();
        await loop.settled();
      }
    }
  }

  it('refreshes once per interval in total however many replicas tick', async () => {
    const refreshes: string[] = [];
    const loops = [
      await replica('a', refreshes),
      await replica('b', refreshes),
      await replica('c', refreshes),
    ];
    expect(loops[0].tickMs).toBe(1000);
    await run(loops, 20_000);
    expect(refreshes).toEqual(['a@0', 'a@5000', 'a@10000', 'a@15000']);
    expect(loops.map(l => l.polling)).toEqual([true, false, false]);
  });

  it('moves polling to another replica within one refresh interval when the poller dies', async () => {
    const refreshes: string[] = [];
    const a = await replica('a', refreshes);
    const b = await replica('b', refreshes);
    await run([a, b], 6000); // a refreshed at 0 and 5000
    // a dies without releasing (SIGKILL): b takes the lease once it expires and refreshes when the next one is due
    await run([b], 10_000);
    expect(refreshes).toEqual(['a@0', 'a@5000', 'b@10000', 'b@15000']);
  });

  it('hands over at the next tick when the poller stops gracefully', async () => {
    const refreshes: string[] = [];
    const a = await replica('a', refreshes);
    const b = await replica('b', refreshes);
    await run([a, b], 2000);
    await a.stop();
    await run([b], 1000);
    expect(b.polling).toBe(true);
    expect(refreshes).toEqual(['a@0']); // not due yet: the lease keeps when the last refresh was
    await run([b], 3000);
    expect(refreshes).toEqual(['a@0', 'b@5000']);
  });

  it('keeps ticking (and does not refresh twice) while the database is unreachable', async () => {
    const refreshes: string[] = [];
    const a = await replica('a', refreshes);
    await run([a], 1000);
    await db.destroy();
    await expect(a.tick()).resolves.toBeUndefined();
    expect(refreshes).toEqual(['a@0']);
  });
});
