import { stringify } from 'yaml';

/** A record with its keys in sorted order (for byte-stable output whatever order the input came in). @public */
export function sortedRecord<T>(
  record: Record<string, T> | undefined,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record ?? {}).sort(([a], [b]) =>
      a < b ? -1 : Number(a > b),
    ),
  );
}

/**
 * One manifest as YAML: keys in the order the builder put them, no line folding (a long JSON string stays on one
 * line), no anchors for objects used twice. The same object always gives the same bytes.
 *
 * @public
 */
export function toYaml(doc: unknown): string {
  return stringify(doc, {
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
  });
}
