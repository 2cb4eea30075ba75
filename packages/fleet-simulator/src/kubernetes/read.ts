/**
 * Reads: get one object, and list a type (per namespace or cluster-wide) with label and field selectors and
 * paging (limit, continue, remainingItemCount), objects shaped as the requested served version.
 */
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ClusterWorld } from '../fleet/world';
import { Reply, SimRequest, json } from '../http';
import { KubeObject } from '../types';
import { ResourceType, groupVersion, isCustomResource } from './resources';
import { objectNotFound, status } from './status';
import { objectKey } from './store';

/** Custom resources carry apiVersion/kind in lists; built-in types do not (typed lists drop them). */
function asServed(
  obj: KubeObject,
  type: ResourceType,
  version: string,
  inList: boolean,
): Record<string, unknown> {
  if (inList && !isCustomResource(type)) {
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    return rest;
  }
  const apiVersion = groupVersion(type.group, version);
  return apiVersion === obj.apiVersion ? obj : { ...obj, apiVersion };
}

/** GET one object. */
export function get(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  ns: string | undefined,
  name: string,
): Reply {
  const obj = cluster.store.get(type, ns, name);
  if (!obj) return objectNotFound(type, name);
  return json(200, asServed(obj, type, version, false));
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: string, lastKey: string): string {
  const token: ContinueToken = {
    v: 'meta.k8s.io/v1',
    rv: Number(rv),
    start: `${lastKey}\u0000`,
  };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as ContinueToken;
    if (
      t.v !== 'meta.k8s.io/v1' ||
      typeof t.start !== 'string' ||
      typeof t.rv !== 'number'
    )
      return undefined;
    return t;
  } catch {
    return undefined;
  }
}

type FieldReq = { field: string; op: '=' | '!='; value: string };

function parseFieldSelector(
  text: string | null,
  type: ResourceType,
): FieldReq[] | string {
  if (!text) return [];
  const out: FieldReq[] = [];
  for (const term of text.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) return `invalid selector: '${text}'; can't understand '${term}'`;
    const field = m[1];
    if (
      field !== 'metadata.name' &&
      field !== 'metadata.namespace' &&
      !(type.fields && field in type.fields)
    ) {
      return `field label not supported: ${field}`;
    }
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3] });
  }
  return out;
}

function fieldValue(
  obj: KubeObject,
  type: ResourceType,
  field: string,
): string {
  if (field === 'metadata.name') return obj.metadata.name;
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  return type.fields?.[field]?.(obj as Record<string, unknown>) ?? '';
}

/** GET a list of a type, in one namespace or (ns undefined) in all. */
export function list(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  version: string,
  ns: string | undefined,
): Reply {
  const q = req.query;
  if (q.get('watch') === 'true' || q.get('watch') === '1') {
    return status(
      405,
      'MethodNotAllowed',
      'watch is not supported by the fleet simulator',
      {},
    );
  }
  let selector;
  try {
    selector = parseLabelSelector(q.get('labelSelector'));
  } catch (e) {
    if (e instanceof LabelSelectorError)
      return status(400, 'BadRequest', e.message);
    throw e;
  }
  const fieldReqs = parseFieldSelector(q.get('fieldSelector'), type);
  if (typeof fieldReqs === 'string')
    return status(400, 'BadRequest', fieldReqs);
  const limitText = q.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  if (limitText && (!Number.isInteger(limit) || limit < 0)) {
    return status(
      400,
      'BadRequest',
      `limit: Invalid value: "${limitText}": must be a non-negative integer`,
    );
  }
  const cont = q.get('continue');
  let start: string | undefined;
  if (cont) {
    const token = decodeContinue(cont);
    if (!token)
      return status(
        400,
        'BadRequest',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    start = token.start;
  }

  let items = cluster.store.list(type);
  if (ns !== undefined) items = items.filter(o => o.metadata.namespace === ns);
  if (start !== undefined) {
    const s = start;
    items = items.filter(o => objectKey(o) >= s);
  }
  const filtered = selector.length > 0 || fieldReqs.length > 0;
  if (selector.length > 0)
    items = items.filter(o =>
      matchesLabelSelector(selector, o.metadata.labels),
    );
  for (const f of fieldReqs) {
    items = items.filter(
      o => (fieldValue(o, type, f.field) === f.value) === (f.op === '='),
    );
  }
  let continueToken: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    continueToken = encodeContinue(
      cluster.store.resourceVersion,
      objectKey(page[page.length - 1]),
    );
    if (!filtered) remaining = items.length - limit;
    items = page;
  }
  const body = {
    kind: `${type.kind}List`,
    apiVersion: groupVersion(type.group, version),
    metadata: {
      resourceVersion: cluster.store.resourceVersion,
      ...(continueToken ? { continue: continueToken } : {}),
      ...(remaining !== undefined ? { remainingItemCount: remaining } : {}),
    },
    items: items.map(o => asServed(o, type, version, true)),
  };
  return json(200, body);
}
