/**
 * Who a request to a cluster's Kubernetes API is, and what it may do: the cluster's own token is its admin (every
 * verb the simulator serves); a hub's second token is the "scaffolder apply" service account, which RBAC limits to
 * what its Role grants in Argo CD's namespace (the same Role as docs/security/apply-rbac.yaml), and a
 * ValidatingAdmissionPolicy limits further to Argo CD cluster Secrets. Refusals are the API server's 403 Status.
 */
import { ClusterWorld } from '../fleet/world';
import { Reply } from '../http';
import { status } from './status';

/** The name of each hub's scaffolder apply service account (in Argo CD's namespace). */
export const APPLY_SERVICE_ACCOUNT = 'hub-spoke-scaffolder';

/** The label that makes a Secret an Argo CD cluster Secret: the only Secrets the apply account may write. */
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';

/** The ValidatingAdmissionPolicy (and its binding) that limits the apply account's Secret writes. */
export const APPLY_SECRET_POLICY = 'hub-spoke-scaffolder-cluster-secrets';

/** An RBAC policy rule, as a Role lists it. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * What the Role of the scaffolder apply account grants in Argo CD's namespace: exactly what the scaffolder actions do
 * there (read which objects exist, server-side apply them, remove them again).
 */
export const APPLY_ROLE_RULES: readonly PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['secrets'],
    verbs: ['get', 'list', 'create', 'patch', 'delete'],
  },
  {
    apiGroups: ['argoproj.io'],
    resources: ['applications'],
    verbs: ['get', 'list', 'create', 'patch', 'delete'],
  },
];

/** The caller of a request: the cluster's admin token, or a hub's scaffolder apply account. */
export type Identity =
  | { kind: 'admin' }
  | { kind: 'apply'; namespace: string; user: string };

/** The identity a bearer token stands for on this cluster; undefined when the token is not one of its tokens. */
export function identityOf(
  cluster: ClusterWorld,
  token: string | undefined,
): Identity | undefined {
  if (token === undefined) return undefined;
  if (token === cluster.token) return { kind: 'admin' };
  if (cluster.apply && token === cluster.apply.token) {
    const ns = cluster.apply.namespace;
    return {
      kind: 'apply',
      namespace: ns,
      user: `system:serviceaccount:${ns}:${APPLY_SERVICE_ACCOUNT}`,
    };
  }
  return undefined;
}

/** What RBAC decides on: the verb, the resource and where. */
export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  /** Undefined for a cluster-scoped resource or a request across namespaces. */
  namespace?: string;
  name?: string;
}

/** True when the Role's rules allow the request in the Role's namespace. */
function allowedByRole(
  rules: readonly PolicyRule[],
  roleNamespace: string,
  attrs: RequestAttributes,
): boolean {
  if (attrs.namespace !== roleNamespace) return false;
  return rules.some(
    r =>
      r.apiGroups.includes(attrs.group) &&
      r.resources.includes(attrs.resource) &&
      r.verbs.includes(attrs.verb),
  );
}

/**
 * RBAC: undefined when the identity may do it, else the API server's 403, worded as it words it, e.g.
 * `secrets "x" is forbidden: User "system:serviceaccount:argocd:hub-spoke-scaffolder" cannot get resource "secrets"
 * in API group "" in the namespace "kube-system"`.
 */
export function authorize(
  identity: Identity,
  attrs: RequestAttributes,
): Reply | undefined {
  if (identity.kind === 'admin') return undefined;
  if (allowedByRole(APPLY_ROLE_RULES, identity.namespace, attrs))
    return undefined;
  const what = attrs.group
    ? `${attrs.resource}.${attrs.group}`
    : attrs.resource;
  const subject = attrs.name ? `${what} "${attrs.name}"` : what;
  const scope =
    attrs.namespace === undefined
      ? 'at the cluster scope'
      : `in the namespace "${attrs.namespace}"`;
  return status(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${identity.user}" cannot ${attrs.verb} resource "${attrs.resource}" in API group "${attrs.group}" ${scope}`,
    {
      ...(attrs.name ? { name: attrs.name } : {}),
      ...(attrs.group ? { group: attrs.group } : {}),
      kind: attrs.resource,
    },
  );
}

/**
 * The ValidatingAdmissionPolicy on the apply account's Secret writes: the Secret written (and, when it exists, the
 * one it replaces or deletes) must be an Argo CD cluster Secret. Undefined when the write passes, else the 403 the
 * API server answers for a policy with `reason: Forbidden`.
 */
export function admitSecretWrite(
  identity: Identity,
  name: string,
  labels: {
    written?: Record<string, unknown>;
    existing?: Record<string, unknown>;
  },
): Reply | undefined {
  if (identity.kind === 'admin') return undefined;
  const isCluster = (l?: Record<string, unknown>) =>
    l?.[CLUSTER_SECRET_LABEL] === 'cluster';
  const ok =
    (labels.written === undefined || isCluster(labels.written)) &&
    (labels.existing === undefined || isCluster(labels.existing));
  if (ok) return undefined;
  return status(
    403,
    'Forbidden',
    `secrets "${name}" is forbidden: ValidatingAdmissionPolicy '${APPLY_SECRET_POLICY}' with binding ` +
      `'${APPLY_SECRET_POLICY}' denied request: the hub-spoke scaffolder may only write Argo CD cluster Secrets ` +
      `(label ${CLUSTER_SECRET_LABEL}: cluster)`,
    { name, kind: 'secrets' },
  );
}
