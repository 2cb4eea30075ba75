/**
 * Argo CD's `fields` query parameter on GET /api/v1/applications (pkg/apiclient/application/forwarder_overwrite.go):
 * a comma list of `items.<path>`; a leading `-` excludes the listed paths instead. Only the paths below are honoured,
 * and each is copied as Go would marshal it: absent maps, pointers and slices come out as `null`, except where
 * Argo CD itself returns an untyped nil (then the key is left out).
 */
import { ArgoApplication } from './application';

type Getter = (app: ArgoApplication) => unknown;

/** Marker for "leave the key out" (Argo CD returned an untyped nil). */
const OMIT = Symbol('omit');

const nullIfUndefined = (v: unknown) => (v === undefined ? null : v);

const opState = (app: ArgoApplication) => app.status.operationState;

/** The honoured paths, in a fixed order (parents before children). */
export const APP_FIELDS: Array<[string, Getter]> = [
  ['metadata.name', a => a.metadata.name],
  ['metadata.namespace', a => a.metadata.namespace],
  ['metadata.annotations', a => nullIfUndefined(a.metadata.annotations)],
  ['metadata.labels', a => nullIfUndefined(a.metadata.labels)],
  ['metadata.creationTimestamp', a => a.metadata.creationTimestamp],
  [
    'metadata.deletionTimestamp',
    a => nullIfUndefined(a.metadata.deletionTimestamp),
  ],
  ['spec', a => a.spec],
  ['spec.destination', a => a.spec.destination],
  ['spec.project', a => a.spec.project],
  ['spec.source', a => nullIfUndefined(a.spec.source)],
  [
    'spec.sources',
    a => nullIfUndefined((a.spec as Record<string, unknown>).sources),
  ],
  [
    'spec.sourceHydrator',
    a => nullIfUndefined((a.spec as Record<string, unknown>).sourceHydrator),
  ],
  ['spec.syncPolicy', a => nullIfUndefined(a.spec.syncPolicy)],
  ['status.sourceHydrator', a => a.status.sourceHydrator ?? {}],
  ['status.summary', a => a.status.summary],
  ['status.sync.status', a => a.status.sync.status],
  ['status.sync.revision', a => a.status.sync.revision ?? ''],
  ['status.health', a => a.status.health],
  [
    'status.resources',
    a =>
      a.status.resources && a.status.resources.length > 0
        ? a.status.resources
        : OMIT,
  ],
  [
    'status.operationState.startedAt',
    a => (opState(a) ? opState(a)!.startedAt : OMIT),
  ],
  [
    'status.operationState.finishedAt',
    a => (opState(a) ? nullIfUndefined(opState(a)!.finishedAt) : OMIT),
  ],
  ['status.operationState.phase', a => (opState(a) ? opState(a)!.phase : OMIT)],
  // Upstream quirk: this path returns the syncResult.
  [
    'status.operationState.operation.sync',
    a => (opState(a) ? nullIfUndefined(opState(a)!.syncResult) : OMIT),
  ],
  [
    'operation.sync',
    a => (a.operation ? nullIfUndefined(a.operation.sync) : OMIT),
  ],
];

export interface FieldSelection {
  fields: Set<string>;
  exclude: boolean;
}

/** Parses `fields` (first value only, as Go's Query().Get does). Undefined when not given or empty. */
export function parseFields(
  query: URLSearchParams,
): FieldSelection | undefined {
  let text = query.get('fields');
  if (!text) return undefined;
  let exclude = false;
  if (text.startsWith('-')) {
    text = text.slice(1);
    exclude = true;
  }
  return { fields: new Set(text.split(',')), exclude };
}

function setPath(
  target: Record<string, unknown>,
  parts: string[],
  value: unknown,
): void {
  let item = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const existing = item[parts[i]];
    if (
      existing === undefined ||
      existing === null ||
      typeof existing !== 'object' ||
      Array.isArray(existing)
    ) {
      item[parts[i]] = {};
    }
    item = item[parts[i]] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  const prev = item[last];
  if (
    prev &&
    typeof prev === 'object' &&
    !Array.isArray(prev) &&
    value &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    item[last] = {
      ...(value as Record<string, unknown>),
      ...(prev as Record<string, unknown>),
    };
  } else {
    item[last] = value;
  }
}

/** Projects one Application onto the selected fields. */
export function selectFields(
  app: ArgoApplication,
  sel: FieldSelection,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, get] of APP_FIELDS) {
    if (sel.fields.has(`items.${path}`) === sel.exclude) continue;
    const value = get(app);
    if (value === OMIT) continue;
    // Copy objects so that nested writes never touch the cached Application.
    setPath(
      out,
      path.split('.'),
      value && typeof value === 'object' && !Array.isArray(value)
        ? { ...(value as Record<string, unknown>) }
        : value,
    );
  }
  return out;
}
