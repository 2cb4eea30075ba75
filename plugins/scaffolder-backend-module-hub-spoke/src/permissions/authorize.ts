/**
 * Who may do what: the module's own permissions, asked with the task initiator's credentials (never the backend's)
 * before an action reads, writes or applies anything.
 */
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** One thing a run is about to do that needs a permission. */
export interface PermissionCheck {
  permission: BasicPermission | ResourcePermission;
  /**
   * For a resource permission: the cluster, `<hub>/<cluster>` (a hub's own cluster is `<hub>/<hub>`). Several: any
   * one allowed suffices (a cluster named without its hub, on each hub it may belong to).
   */
  resourceRef?: string | string[];
  /** What the user asked for, as they typed it: `publish to aks-mgmt-hub/aks-eu-prod-1`. */
  what: string;
  /** What to do instead, when there is a way: `mode pull-request proposes the same change for review`. */
  hint?: string;
}

/** The decisions of one {@link authorize} call: which permissions were allowed on which clusters. */
export interface Authorized {
  has(permission: { name: string }, resourceRef?: string): boolean;
}

const keyOf = (name: string, resourceRef?: string) =>
  resourceRef ? `${name} ${resourceRef}` : name;

const refsOf = (check: PermissionCheck): Array<string | undefined> => {
  if (check.resourceRef === undefined) return [undefined];
  return Array.isArray(check.resourceRef)
    ? check.resourceRef
    : [check.resourceRef];
};

/** Whose answer a denial is: the policy's for users; a service's own access restrictions for service principals. */
function reasonFor(credentials: BackstageCredentials, permission: string) {
  const { principal } = credentials as BackstageCredentials<any>;
  if (principal?.type === 'service') {
    return `the access restrictions of ${principal.subject} do not include ${permission}`;
  }
  return `the permission policy denied ${permission}`;
}

/**
 * Asks the permission framework once for all `checks`, with the task initiator's credentials. Throws a
 * NotAllowedError naming, for each refused check, what was asked (as the user typed it) and the missing permission,
 * e.g. `You may not publish to aks-mgmt-hub/aks-eu-prod-1: the permission policy denied hub-spoke.app.publish`. It
 * never says whether a cluster exists: a policy's conditional answer on a cluster the fleet does not have is a denial
 * like any other.
 */
export async function authorize(
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  permissions: PermissionsService,
  checks: PermissionCheck[],
): Promise<Authorized> {
  const requests = new Map<string, AuthorizePermissionRequest>();
  for (const check of checks) {
    for (const resourceRef of refsOf(check)) {
      requests.set(
        keyOf(check.permission.name, resourceRef),
        (resourceRef === undefined
          ? { permission: check.permission }
          : { permission: check.permission, resourceRef }) as any,
      );
    }
  }
  const allowed = new Set<string>();
  const authorized: Authorized = {
    has: (permission, resourceRef) =>
      allowed.has(keyOf(permission.name, resourceRef)),
  };
  if (requests.size === 0) return authorized;

  const credentials = await ctx.getInitiatorCredentials();
  const keys = [...requests.keys()];
  let decisions;
  try {
    decisions = await permissions.authorize([...requests.values()], {
      credentials,
    });
  } catch (e) {
    if (isError(e) && e.name === 'NotAllowedError') throw e;
    throw new ServiceUnavailableError(
      `Could not ask the permission policy whether you may ${checks
        .map(c => c.what)
        .join(', ')}; try again`,
      e,
    );
  }
  decisions.forEach((d, i) => {
    if (d.result === AuthorizeResult.ALLOW) allowed.add(keys[i]);
  });

  const refused = checks.filter(
    check => !refsOf(check).some(ref => authorized.has(check.permission, ref)),
  );
  if (refused.length > 0) {
    throw new NotAllowedError(
      refused
        .map(
          check =>
            `You may not ${check.what}: ${reasonFor(
              credentials,
              check.permission.name,
            )}${check.hint ? ` (${check.hint})` : ''}`,
        )
        .join('. '),
    );
  }
  return authorized;
}
