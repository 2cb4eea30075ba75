import { createHash } from 'node:crypto';

/**
 * Reuses a caller's permission decisions for a short time, keyed by a hash of the caller's token (never the token
 * itself). A burst of GETs from one browser or client then asks the permission policy once instead of per request.
 * Failures are not kept: the next request asks again. Bounded: expired entries are swept, then the oldest dropped.
 */
export class DecisionCache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The decision for this token: cached if fresh, else from `decide` (shared by concurrent callers). */
  get(token: string | undefined, decide: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0 || !token) return decide();
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    const value = decide();
    this.entries.set(key, { expiresAt: now + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.entries)
      if (entry.expiresAt <= now) this.entries.delete(key);
    while (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
  }
}
