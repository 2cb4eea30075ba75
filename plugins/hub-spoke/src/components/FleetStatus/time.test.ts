import { formatAge, formatExactTime } from './time';

describe('formatAge', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const before = (seconds: number) =>
    new Date(now - seconds * 1000).toISOString();

  it.each([
    [10, 'just now'],
    [3 * 60, '3 minutes ago'],
    [60, '1 minute ago'],
    [42 * 60, '42 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [119 * 60, '2 hours ago'],
    [30 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
  ])('formats %i seconds ago as "%s"', (seconds, expected) => {
    expect(formatAge(before(seconds), now)).toBe(expected);
  });

  it('says unknown for a time it cannot parse', () => {
    expect(formatAge('not a time', now)).toBe('unknown');
  });
});

describe('formatExactTime', () => {
  it('shows date and time of day', () => {
    const text = formatExactTime('2025-06-01T12:34:56Z');
    expect(text).toMatch(/2025/);
    expect(text).toMatch(/:34:56/);
  });

  it('returns what it cannot parse unchanged', () => {
    expect(formatExactTime('garbage')).toBe('garbage');
  });
});
