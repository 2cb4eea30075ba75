/**
 * Validating admission of a hub's writes, after authorization and before anything is stored (dry runs included, as
 * the API server runs admission for `dryRun=All` too): the `reject-apply` fault (a webhook refusing chosen objects)
 * and the policy that limits the scaffolder apply account to Argo CD cluster Secrets.
 */
import { ClusterWorld } from '../../fleet/world';
import { Reply, SimRequest } from '../../http';
import { RejectApplyFault } from '../../types';
import { Identity, admitSecretWrite } from '../access';
import { ResourceType } from '../resources';
import { status, statusDetails } from '../status';
import { isMap } from './fieldPaths';
import { isDryRun, parseBody } from './request';

/** The simulated webhook's name, as the API server quotes it. */
export const REJECT_APPLY_WEBHOOK = 'reject-apply.fleet-simulator.hub-spoke';

/** True when `name` matches the pattern (`*` = any run of characters). */
export function nameMatches(pattern: string, name: string): boolean {
  const re = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(name);
}

/** 422 Invalid from the webhook when the fault matches the object, as a denying admission webhook answers. */
function rejectedByWebhook(
  fault: RejectApplyFault | undefined,
  type: ResourceType,
  name: string,
  dryRun: boolean,
): Reply | undefined {
  if (!fault) return undefined;
  if (dryRun && fault.dryRun === false) return undefined;
  if (fault.objectKind && fault.objectKind !== type.kind) return undefined;
  if (!nameMatches(fault.name, name)) return undefined;
  const reason =
    fault.message ??
    `${type.kind} ${name} is refused by the simulated admission webhook (fault reject-apply)`;
  return status(
    422,
    'Invalid',
    `admission webhook "${REJECT_APPLY_WEBHOOK}" denied the request: ${reason}`,
    statusDetails(type, name),
  );
}

/** The labels of a request body, when it parses and has them. */
function bodyLabels(req: SimRequest): Record<string, unknown> | undefined {
  const parsed = parseBody(req);
  if (!parsed.ok) return undefined;
  const meta = parsed.value.metadata;
  return isMap(meta) && isMap(meta.labels) ? meta.labels : undefined;
}

/** The name a write is about: the URL's, or for a create the body's. */
function nameOf(req: SimRequest, urlName: string | undefined): string {
  if (urlName !== undefined) return urlName;
  const parsed = parseBody(req);
  if (!parsed.ok) return '';
  const meta = parsed.value.metadata;
  return isMap(meta) && typeof meta.name === 'string' ? meta.name : '';
}

/**
 * Admission of a create (POST), apply (PATCH) or delete of a writable type: undefined when it may proceed, else the
 * refusal. Runs for dry runs too.
 */
export function admitWrite(
  cluster: ClusterWorld,
  req: SimRequest,
  identity: Identity,
  fault: RejectApplyFault | undefined,
  type: ResourceType,
  ns: string,
  urlName: string | undefined,
): Reply | undefined {
  const name = nameOf(req, urlName);
  if (req.method !== 'DELETE') {
    const rejected = rejectedByWebhook(fault, type, name, isDryRun(req));
    if (rejected) return rejected;
  }
  if (type.kind !== 'Secret' || identity.kind === 'admin') return undefined;
  const existing = name ? cluster.store.get(type, ns, name) : undefined;
  const existingLabels = existing?.metadata.labels;
  const written =
    req.method === 'DELETE'
      ? undefined
      : { ...(existingLabels ?? {}), ...(bodyLabels(req) ?? {}) };
  return admitSecretWrite(identity, name, {
    written,
    existing: existing ? existingLabels ?? {} : undefined,
  });
}
