/**
 * Wording shared by the plugin's components: one place for how counts and long names are written.
 */

/** A count with its noun, in the plural unless the count is one: `1 hub`, `0 hubs`, `3 clusters`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The text cut to at most `max` characters, with an ellipsis where it was cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
