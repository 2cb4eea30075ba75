import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { DatabaseFleetLease } from './lease';
import { PollingLoop } from './pollingLoop';

/** One SQLite database shared by "replicas", as they share PostgreSQL in production. */
function database(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
}

describe('DatabaseFleetLease', () => {
  let db: Knex;
  beforeEach(() => {
    db = database();
  });
  afterEach(() => db.destroy());

  it('gives the lease to one holder, renews it for that holder, and refuses the others until it expires', async () => {
    const lease = await DatabaseFleetLease.create(db);
    await DatabaseFleetLease.create(db); // a second replica finds the table there
    expect(await lease.acquire('a', 3000, 1000)).toEqual({ held: true });
    expect(await lease.acquire('b', 3000, 2000)).toEqual({ held: false });
    expect(await lease.acquire('a', 3000, 3000)).toEqual({ held: true }); // renewed until 6000
    expect(await lease.acquire('b', 3000, 5999)).toEqual({ held: false });
    expect(await lease.acquire('b', 3000, 6000)).toEqual({ held: true }); // a stopped renewing: b takes over
    expect(await lease.acquire('a', 3000, 6001)).toEqual({ held: false });
  });

  it('shares when the fleet was last refreshed, and hands over at once on release', async () => {
    const lease = await DatabaseFleetLease.create(db);
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
    const lease = await DatabaseFleetLease.create(db);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map(h => lease.acquire(h, 3000, 1000)),
    );
    expect(results.filter(r => r.held)).toHaveLength(1);
  });
});

describe('PollingLoop', () => {
  let db: Knex;
  let now: number;
  beforeEach(() => {
    db = database();
    now = 0;
  });
  afterEach(() => db.destroy());

  async function replica(name: string, refreshes: string[]) {
    return new PollingLoop({
      lease: await DatabaseFleetLease.create(db),
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
