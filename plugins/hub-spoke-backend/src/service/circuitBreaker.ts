/**
 * Per-target circuit breaker: after `threshold` consecutive failures a target is skipped until its backoff
 * expires; the backoff doubles with every further failure, up to `maxMs`. One success closes it.
 */
export interface BreakerState {
  failures: number;
  /** Epoch ms until which the target is skipped. */
  openUntil?: number;
}

export interface BreakerOptions {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

export function isOpen(state: BreakerState, now: number): boolean {
  return state.openUntil !== undefined && now < state.openUntil;
}

export function recordSuccess(): BreakerState {
  return { failures: 0 };
}

export function recordFailure(
  state: BreakerState,
  now: number,
  options: BreakerOptions,
): BreakerState {
  const failures = state.failures + 1;
  if (failures < options.threshold) return { failures };
  const backoff = Math.min(
    options.baseMs * 2 ** (failures - options.threshold),
    options.maxMs,
  );
  return { failures, openUntil: now + backoff };
}
