import { isOpen, recordFailure, recordSuccess } from './circuitBreaker';

const options = { threshold: 3, baseMs: 1000, maxMs: 5000 };

describe('circuit breaker', () => {
  it('stays closed for the first failures, then opens with a doubling backoff up to the maximum', () => {
    let state = recordSuccess();
    state = recordFailure(state, 0, options);
    state = recordFailure(state, 0, options);
    expect(isOpen(state, 0)).toBe(false);
    state = recordFailure(state, 0, options);
    expect(state.openUntil).toBe(1000);
    expect(isOpen(state, 999)).toBe(true);
    expect(isOpen(state, 1000)).toBe(false);
    state = recordFailure(state, 1000, options);
    expect(state.openUntil).toBe(3000);
    state = recordFailure(state, 3000, options);
    state = recordFailure(state, 7000, options);
    expect(state.openUntil).toBe(12000);
  });

  it('closes after one success', () => {
    const open = { failures: 7, openUntil: 99_999 };
    expect(isOpen(open, 0)).toBe(true);
    expect(isOpen(recordSuccess(), 0)).toBe(false);
  });
});
