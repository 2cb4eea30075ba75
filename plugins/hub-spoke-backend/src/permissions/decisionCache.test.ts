import { DecisionCache } from './decisionCache';

describe('DecisionCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('asks once per token within the TTL, and again after it', async () => {
    const cache = new DecisionCache<string>(5_000, 100, clock);
    let asked = 0;
    const decide = async () => `decision ${++asked}`;
    expect(await cache.get('Bearer a', decide)).toBe('decision 1');
    expect(await cache.get('Bearer a', decide)).toBe('decision 1');
    expect(await cache.get('Bearer b', decide)).toBe('decision 2');
    now += 5_001;
    expect(await cache.get('Bearer a', decide)).toBe('decision 3');
  });

  it('shares one pending decision between concurrent requests', async () => {
    const cache = new DecisionCache<number>(5_000, 100, clock);
    let asked = 0;
    const decide = () =>
      new Promise<number>(resolve => setTimeout(() => resolve(++asked), 5));
    const answers = await Promise.all(
      [1, 2, 3].map(() => cache.get('Bearer a', decide)),
    );
    expect(answers).toEqual([1, 1, 1]);
  });

  it('does not keep a failed decision', async () => {
    const cache = new DecisionCache<string>(5_000, 100, clock);
    await expect(
      cache.get('Bearer a', () =>
        Promise.reject(new Error('permission backend down')),
      ),
    ).rejects.toThrow('permission backend down');
    expect(await cache.get('Bearer a', async () => 'ok')).toBe('ok');
  });

  it('asks every time with TTL 0 or without a token', async () => {
    let asked = 0;
    const decide = async () => ++asked;
    const off = new DecisionCache<number>(0, 100, clock);
    await off.get('Bearer a', decide);
    await off.get('Bearer a', decide);
    const on = new DecisionCache<number>(5_000, 100, clock);
    await on.get(undefined, decide);
    await on.get(undefined, decide);
    expect(asked).toBe(4);
    expect(on.size).toBe(0);
  });

  it('stays bounded: expired entries go first, then the oldest', async () => {
    const cache = new DecisionCache<number>(5_000, 3, clock);
    await cache.get('t1', async () => 1);
    now += 6_000;
    await cache.get('t2', async () => 2);
    await cache.get('t3', async () => 3);
    await cache.get('t4', async () => 4); // sweeps the expired t1
    expect(cache.size).toBe(3);
    await cache.get('t5', async () => 5); // drops the oldest, t2
    expect(cache.size).toBe(3);
    expect(await cache.get('t2', async () => 22)).toBe(22);
  });
});
