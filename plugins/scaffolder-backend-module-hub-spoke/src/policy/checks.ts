/**
 * The checks of the platform's policy (./readPolicy) on a validated request. Each refusal is a NotAllowedError (the
 * input is well formed, the platform does not allow it) that names the input, the rule and the config key an admin
 * would change. Pure: no I/O.
 */
import { NotAllowedError } from '@backstage/errors';
import { Mode } from '../input/rules';
import { PublishSpec, SpokeAuth, SpokeSpec, SpokeTls } from '../manifests';
import {
  domainCovers,
  execFormMatches,
  formatExecForm,
  hostMatches,
  repoUrlMatches,
} from './match';
import {
  ScaffolderPolicies,
  ScaffolderPolicy,
  ScaffolderPolicyKey,
} from './readPolicy';

const onHub = (policy: ScaffolderPolicy) =>
  policy.hub ? ` on hub ${policy.hub}` : '';

/** `hubSpoke.scaffolder.sourceRepos lists a, b` or `… lists none (the default)`. */
function lists(
  policy: ScaffolderPolicy,
  key: ScaffolderPolicyKey,
  items: string[],
): string {
  const isDefault = policy.defaults.includes(key);
  return `${policy.keys[key]} ${
    items.length > 0 ? `lists ${items.join(', ')}` : 'lists none'
  }${isDefault ? ' (the default)' : ''}`;
}

/** A repository URL against sourceRepos or gitopsRepos. */
export function checkRepoAllowed(
  field: string,
  url: string,
  policy: ScaffolderPolicy,
  key: 'sourceRepos' | 'gitopsRepos',
): void {
  const patterns = policy[key];
  if (patterns.some(p => repoUrlMatches(p, url))) return;
  throw new NotAllowedError(
    `${field} ${url} is not allowed by the platform${onHub(policy)}: ${lists(
      policy,
      key,
      patterns,
    )}. Use a repository that matches, or ask a platform admin to add it to ${
      policy.keys[key]
    }`,
  );
}

/** An Argo CD project against projects; `default` only when listed. */
export function checkProjectAllowed(
  field: string,
  project: string,
  policy: ScaffolderPolicy,
): void {
  const key = policy.keys.projects;
  if (policy.projects) {
    if (policy.projects.includes(project)) return;
    throw new NotAllowedError(
      `${field} ${project} is not allowed by the platform${onHub(
        policy,
      )}: ${lists(
        policy,
        'projects',
        policy.projects,
      )}. Use one of them, or ask a platform admin to add it to ${key}`,
    );
  }
  if (project !== 'default') return;
  throw new NotAllowedError(
    `${field} default is not allowed by the platform${onHub(
      policy,
    )}: Argo CD's default project lets an Application deploy anything anywhere, so it is refused unless ${key} ` +
      "lists it. Set project to your team's Argo CD project",
  );
}

/** The spoke's API server host against serverHosts: Argo CD sends the credential it obtains for the spoke there. */
export function checkServerHostAllowed(
  server: string,
  policy: ScaffolderPolicy,
): void {
  const host = new URL(server).hostname;
  if (policy.serverHosts.some(p => hostMatches(p, host))) return;
  throw new NotAllowedError(
    `server host ${host} is not allowed by the platform${onHub(
      policy,
    )}: ${lists(
      policy,
      'serverHosts',
      policy.serverHosts,
    )}. Argo CD sends the credential it obtains for the spoke to this host: give the spoke's own API server, or ` +
      `ask a platform admin to add its host to ${policy.keys.serverHosts}`,
  );
}

/** Environment variables that change which program runs or what it loads. */
const LOADER_ENV = /^(PATH|LD_[A-Z_]*|DYLD_[A-Z_]*)$/;

/**
 * auth type exec: the command and arguments must match an allowed form, the environment may not change which program
 * runs, and in apply mode exec must be allowed (Argo CD runs it at once, with no review, inside the pods that hold
 * every cluster credential).
 */
export function checkExecAllowed(
  auth: Extract<SpokeAuth, { type: 'exec' }>,
  mode: Mode,
  policy: ScaffolderPolicy,
): void {
  const { commands } = policy.exec;
  if (!commands.some(f => execFormMatches(f, auth.command, auth.args))) {
    throw new NotAllowedError(
      `auth command "${formatExecForm(
        auth,
      )}" is not allowed by the platform${onHub(policy)}: ${
        policy.keys['exec.commands']
      } allows ${
        commands.map(f => `"${formatExecForm(f)}"`).join(', ') || 'none'
      }${
        policy.defaults.includes('exec.commands') ? ' (the default)' : ''
      }. Argo CD runs the command inside the pods that hold every cluster credential: use an allowed form ` +
        '(auth types azure and aws write them for you), or ask a platform admin to add yours',
    );
  }
  const loader = Object.keys(auth.env).find(k => LOADER_ENV.test(k));
  if (loader) {
    throw new NotAllowedError(
      `auth.env ${loader} is not allowed by the platform: it changes which program Argo CD runs or what it loads. Remove it`,
    );
  }
  if (mode === 'apply' && !policy.exec.allowInApplyMode) {
    throw new NotAllowedError(
      `auth type exec in mode apply is not allowed by the platform${onHub(
        policy,
      )}: ${policy.keys['exec.allowInApplyMode']} is ${
        policy.exec.allowInApplyMode
      }${
        policy.defaults.includes('exec.allowInApplyMode')
          ? ' (the default)'
          : ''
      }. Apply mode would have Argo CD run the command at once, with no review: use mode pull-request`,
    );
  }
}

/** tls.insecure in apply mode: Argo CD would send the credential to a server it cannot verify, with no review. */
export function checkTlsForMode(tls: SpokeTls | undefined, mode: Mode): void {
  if (mode === 'apply' && tls && 'insecure' in tls) {
    throw new NotAllowedError(
      "tls.insecure in mode apply is not allowed by the platform: Argo CD would send the spoke's credential to a " +
        'server it cannot verify, with no review. Give tls.caData (the cluster CA), or use mode pull-request',
    );
  }
}

/** The secret-store key of a bearer token: under the prefix, without `..` segments. */
export function checkRemoteRefKey(key: string, policy: ScaffolderPolicy): void {
  if (
    key.startsWith(policy.remoteRefKeyPrefix) &&
    !key.split('/').includes('..')
  )
    return;
  throw new NotAllowedError(
    `auth.remoteRef.key ${key} is not allowed by the platform${onHub(
      policy,
    )}: keys must start with "${policy.remoteRefKeyPrefix}" (${
      policy.keys.remoteRefKeyPrefix
    }${
      policy.defaults.includes('remoteRefKeyPrefix') ? ', the default' : ''
    }) and hold no ".." segment, so that the hub's ExternalSecret reads only the secrets kept for spokes. ` +
      'Keep the token under that prefix in the store',
  );
}

/** Every policy rule of an onboarding, on the policy of its hub. @public */
export function checkOnboardPolicy(
  spec: SpokeSpec,
  mode: Mode,
  policy: ScaffolderPolicy,
): void {
  checkServerHostAllowed(spec.server, policy);
  checkTlsForMode(spec.tls, mode);
  if (spec.auth.type === 'exec') checkExecAllowed(spec.auth, mode, policy);
  // The key lands in the ExternalSecret of pull-request mode; apply mode sends the task secret instead.
  if (
    spec.auth.type === 'bearerToken' &&
    spec.auth.remoteRef &&
    mode === 'pull-request'
  )
    checkRemoteRefKey(spec.auth.remoteRef.key, policy);
  if (spec.gitops)
    checkRepoAllowed(
      'gitops.repoURL',
      spec.gitops.repoURL,
      policy,
      'gitopsRepos',
    );
  // The project lands in the ingress Application and the add-on ApplicationSets.
  if (spec.ingressDomain || spec.addons.length > 0)
    checkProjectAllowed('project', spec.project, policy);
}

/**
 * Every policy rule of a publish resolved against the topology, on the policy of each target's hub: the
 * repositories, the project, and for exposure hub the hub as a destination and the host on its gateway (whatever
 * allowAnyDomain says: that input only concerns the spokes' own domains).
 *
 * @public
 */
export function checkPublishPolicy(
  spec: PublishSpec,
  policies: ScaffolderPolicies,
): void {
  const hubs = [...new Set(spec.targets.map(t => t.hub))];
  for (const hub of hubs) {
    const policy = policies.forHub(hub);
    checkRepoAllowed(
      'source.repoURL',
      spec.source.repoURL,
      policy,
      'sourceRepos',
    );
    checkRepoAllowed(
      'gitops.repoURL',
      spec.gitops.repoURL,
      policy,
      'gitopsRepos',
    );
    checkProjectAllowed('project', spec.project, policy);
  }
  if (spec.exposure !== 'hub') return;
  const policy = policies.forHub(hubs[0]);
  if (!policy.allowHubDestination) {
    throw new NotAllowedError(
      `exposure hub deploys to hub ${
        hubs[0]
      } itself, which is not allowed by the platform: ${
        policy.keys.allowHubDestination
      } is false${
        policy.defaults.includes('allowHubDestination') ? ' (the default)' : ''
      }. Use exposure spoke, or ask a platform admin to allow the hub as a destination`,
    );
  }
  if (!policy.hubGatewayDomains.some(d => domainCovers(d, spec.host))) {
    throw new NotAllowedError(
      `host ${spec.host} is not allowed on the gateway of hub ${
        hubs[0]
      }: ${lists(
        policy,
        'hubGatewayDomains',
        policy.hubGatewayDomains,
      )}. Use a host under one of them (allowAnyDomain does not apply to the hub's gateway), or ask a platform ` +
        `admin to add the domain to ${policy.keys.hubGatewayDomains}`,
    );
  }
}
