/**
 * hub-spoke:spoke:onboard, step 1: the input validated as a whole, without I/O (the live topology, the workspace and
 * the hub are checked by ./checks).
 */
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ACTION_SPOKE_ONBOARD, SPOKE_TOKEN_SECRET } from '../ids';
import {
  SpokeSpec,
  clusterSecretName,
  ingressApplicationName,
} from '../manifests';
import { objectOf, parseInput } from '../input/fields';
import {
  Mode,
  checkEntityRef,
  checkName,
  checkNamespace,
  checkSubdomain,
  given,
  resolveHub,
  resolveTargetPath,
} from '../input/rules';
import { checkNoTemplateMarkers, checkRepoUrl } from '../input/hygiene';
import { checkOnboardPolicy } from '../policy/checks';
import {
  ScaffolderPolicies,
  readScaffolderPolicies,
} from '../policy/readPolicy';
import { checkComposedName } from '../validation/names';
import { findCredentials } from '../validation/tokens';
import { onboardInputFields } from './inputs';
import {
  checkAddons,
  checkAuth,
  checkCidrs,
  checkDomain,
  checkLabels,
  checkServer,
  checkTls,
} from './rules';

const inputSchema = objectOf(onboardInputFields);

/** A validated onboarding request. @public */
export interface OnboardRequest {
  spec: SpokeSpec;
  mode: Mode;
  targetPath: string;
  /** Auth fields of another type that were left in the input (a form keeps them): ignored. */
  ignoredAuthFields: string[];
}

/** The policy when none is given: the safe defaults (no server host, no repository allowed). */
const DEFAULT_POLICIES = readScaffolderPolicies(new ConfigReader({}));

/**
 * Validates the whole input (no I/O): every rule that needs nothing but the input and the config, the platform's
 * policy of the hub last (`policies`, see readScaffolderPolicies; the safe defaults when omitted). @public
 */
export function validateOnboardInput(
  rawInput: unknown,
  hubs: string[],
  secrets: Record<string, string> = {},
  policies: ScaffolderPolicies = DEFAULT_POLICIES,
): OnboardRequest {
  const credentials = findCredentials(rawInput, Object.values(secrets));
  if (credentials.length > 0) {
    throw new InputError(
      `tokens go in secrets, not inputs: remove ${credentials.join(
        ', ',
      )}. The scaffolder keeps inputs with the task ` +
        `and prints them in its logs; give the spoke's bearer token as the task secret ${SPOKE_TOKEN_SECRET} ` +
        '(a template field with ui:field: Secret) or keep it in a secret store (auth.secretStore, auth.remoteRef)',
    );
  }
  checkNoTemplateMarkers(rawInput);
  const input = parseInput(inputSchema, rawInput, ACTION_SPOKE_ONBOARD);
  const name = checkName(input.name.trim());
  const mode: Mode = input.mode ?? 'pull-request';
  const targetPath = resolveTargetPath(input.targetPath, name);
  if (!given(input.targetPath) && name === 'addons') {
    throw new InputError(
      'name "addons" is taken by the folder of the add-on ApplicationSets (clusters/addons)',
    );
  }
  const { auth, ignored } = checkAuth(
    input.auth as Parameters<typeof checkAuth>[0],
  );
  const ingressDomain = checkDomain(input.ingressDomain);
  const issuer = checkSubdomain(
    'issuer',
    given(input.issuer) ?? 'letsencrypt-prod',
  );
  const gatewayClassName = checkSubdomain(
    'gatewayClassName',
    given(input.gatewayClassName) ?? 'istio',
  );
  const project = checkSubdomain('project', given(input.project) ?? 'default');
  let gitops: SpokeSpec['gitops'];
  if (ingressDomain) {
    const repoURL = given(input.gitops?.repoURL);
    if (!repoURL) {
      throw new InputError(
        'ingressDomain needs gitops.repoURL: the repository the spoke files are published to, which the Argo CD ' +
          'Application that delivers the ingress to the spoke reads',
      );
    }
    gitops = {
      repoURL: checkRepoUrl('gitops.repoURL', repoURL),
      path: given(input.gitops?.path) ?? `${targetPath}/spoke`,
      targetRevision: given(input.gitops?.targetRevision) ?? 'HEAD',
    };
  }
  const spec: SpokeSpec = {
    name,
    server: checkServer(input.server),
    hub: resolveHub(input.hub, hubs),
    argocdNamespace: checkNamespace(input.argocdNamespace),
    auth,
    ...(() => {
      const tls = checkTls(input.tls);
      return tls ? { tls } : {};
    })(),
    labels: checkLabels(input.labels),
    addons: checkAddons(input.addons),
    cidrs: checkCidrs(input.cidr),
    ...(ingressDomain ? { ingressDomain } : {}),
    issuer,
    ingress: input.ingress ?? 'istio',
    gatewayClassName,
    ...(gitops ? { gitops } : {}),
    project,
    owner: checkEntityRef('owner', input.owner.trim()),
    ...(given(input.system)
      ? { system: checkEntityRef('system', given(input.system)!) }
      : {}),
  };
  checkComposedNames(spec);
  if (auth.type === 'bearerToken') {
    if (mode === 'pull-request' && (!auth.secretStore || !auth.remoteRef)) {
      throw new InputError(
        'auth type bearerToken in pull-request mode needs auth.secretStore and auth.remoteRef: the token is never ' +
          'written to Git, so an ExternalSecret has to build the cluster Secret from your secret store. Give the ' +
          `store, or use mode apply (the token from secrets.${SPOKE_TOKEN_SECRET} then goes straight to the hub)`,
      );
    }
    if (mode === 'apply' && !given(secrets[SPOKE_TOKEN_SECRET])) {
      throw new InputError(
        `auth type bearerToken in apply mode needs the token as the task secret ${SPOKE_TOKEN_SECRET} ` +
          '(a template field with ui:field: Secret)',
      );
    }
  }
  checkOnboardPolicy(spec, mode, policies.forHub(spec.hub));
  return { spec, mode, targetPath, ignoredAuthFields: ignored };
}

/** The names made from the spoke's name: its cluster Secret, its ingress Application, its add-on Applications. */
function checkComposedNames(spec: SpokeSpec): void {
  const fix = 'choose a shorter name';
  checkComposedName(
    clusterSecretName(spec),
    'subdomain',
    'Secret',
    'name',
    fix,
  );
  if (spec.ingressDomain)
    // Application names become label values (app.kubernetes.io/instance): at most 63 characters.
    checkComposedName(
      ingressApplicationName(spec),
      'label',
      'Application',
      'name and ingressDomain',
      fix,
    );
  // The add-on ApplicationSet names its Applications {{.name}}-<add-on> (manifests/addons.ts).
  for (const addon of spec.addons)
    checkComposedName(
      `${spec.name}-${addon}`,
      'label',
      'Application',
      `name and add-on ${addon}`,
      fix,
    );
}
