/**
 * What tests of the simulated Kubernetes API expect, written out once.
 */

/** The Status body the API server answers a failed request with. */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** A list answer: its items' metadata is all the helpers below read. */
interface ListAnswer {
  body: { items: Array<{ metadata: { name: string; namespace?: string } }> };
}

/** The names of the items of a list answer. */
export function itemNames(res: ListAnswer): string[] {
  return res.body.items.map(o => o.metadata.name);
}

/** `namespace/name` of the items of a list answer. */
export function itemRefs(res: ListAnswer): string[] {
  return res.body.items.map(o => `${o.metadata.namespace}/${o.metadata.name}`);
}
