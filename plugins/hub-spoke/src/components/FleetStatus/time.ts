const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/**
 * "3 minutes ago", "2 hours ago", "just now" for an ISO time, relative to `now`.
 */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) {
    return 'unknown';
  }
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  for (const [unit, unitSeconds] of UNITS) {
    // Switch to the larger unit from 90 % of it on ("2 hours ago" rather than "119 minutes ago").
    if (Math.abs(seconds) >= unitSeconds * 0.9 || unit === 'minute') {
      return relativeFormat.format(-Math.round(seconds / unitSeconds), unit);
    }
  }
  return 'just now';
}

/** The exact local time of an ISO time, as shown on hover. */
export function formatExactTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString('en', {
    dateStyle: 'medium',
    timeStyle: 'long',
  });
}
