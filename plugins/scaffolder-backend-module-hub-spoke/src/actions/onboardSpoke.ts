import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubSpokeClient } from '../clients/HubSpokeClient';
import { readHubKubernetesAccess, readHubNames } from '../config';
import { ACTION_SPOKE_ONBOARD, SPOKE_TOKEN_SECRET } from '../ids';
import {
  SpokeSpec,
  buildAddonApplicationSet,
  buildCatalogInfo,
  buildCertificate,
  buildClusterExternalSecret,
  buildClusterSecret,
  buildGateway,
  buildIngressApplication,
  clusterSecretName,
  spokeEntityRef,
  toYaml,
  withData,
} from '../manifests';
import { findCredentials } from '../validation/tokens';
import {
  checkAgainstTopology,
  checkHubSecrets,
  checkWorkspace,
} from './checks';
import { examples } from './onboardSpoke.examples';
import {
  objectOf,
  onboardInputFields,
  onboardOutputFields,
  parseInput,
} from './inputs';
import {
  Mode,
  addonsFolder,
  checkAddons,
  checkAuth,
  checkCidrs,
  checkDomain,
  checkEntityRef,
  checkLabels,
  checkName,
  checkNamespace,
  checkServer,
  checkSubdomain,
  checkTls,
  given,
  resolveHub,
  resolveTargetPath,
} from './request';

/** What the hub-spoke actions need from the backend. @public */
export interface HubSpokeActionOptions {
  config: Config;
  discovery: DiscoveryService;
  auth: AuthService;
}

/** Files of a spoke, relative to its targetPath. */
export const SPOKE_FILES = {
  clusterSecret: 'hub/cluster-secret.yaml',
  clusterExternalSecret: 'hub/cluster-externalsecret.yaml',
  catalogInfo: 'catalog-info.yaml',
  ingressApplication: 'hub/ingress-application.yaml',
  certificate: 'spoke/certificate.yaml',
  gateway: 'spoke/gateway.yaml',
} as const;

/** The add-on ApplicationSet file, relative to the workspace. */
export function addonFile(targetPath: string, addon: string): string {
  return path.posix.join(
    addonsFolder(targetPath),
    `${addon}-applicationset.yaml`,
  );
}

const inputSchema = objectOf(onboardInputFields);

export interface OnboardRequest {
  spec: SpokeSpec;
  mode: Mode;
  targetPath: string;
  /** Auth fields of another type that were left in the input (a form keeps them): ignored. */
  ignoredAuthFields: string[];
}

/** Validates the whole input (no I/O): every rule that needs nothing but the input and the config. */
export function validateOnboardInput(
  rawInput: unknown,
  hubs: string[],
  secrets: Record<string, string> = {},
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
      repoURL,
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
  return { spec, mode, targetPath, ignoredAuthFields: ignored };
}

interface PlannedFile {
  path: string;
  content: string;
}

/** Every file of the spoke, built as objects and serialized with yaml. */
function planFiles(req: OnboardRequest): {
  files: PlannedFile[];
  clusterSecretPath?: string;
  catalogInfoPath: string;
} {
  const { spec, mode, targetPath } = req;
  const at = (rel: string) => path.posix.join(targetPath, rel);
  const files: PlannedFile[] = [];
  let clusterSecretPath: string | undefined;
  if (mode === 'pull-request') {
    if (spec.auth.type === 'bearerToken') {
      clusterSecretPath = at(SPOKE_FILES.clusterExternalSecret);
      files.push({
        path: clusterSecretPath,
        content: toYaml(buildClusterExternalSecret(spec)),
      });
    } else {
      clusterSecretPath = at(SPOKE_FILES.clusterSecret);
      files.push({
        path: clusterSecretPath,
        content: toYaml(buildClusterSecret(spec)),
      });
    }
  }
  if (spec.ingressDomain) {
    files.push({
      path: at(SPOKE_FILES.ingressApplication),
      content: toYaml(buildIngressApplication(spec)),
    });
    files.push({
      path: at(SPOKE_FILES.certificate),
      content: toYaml(buildCertificate(spec)),
    });
    files.push({
      path: at(SPOKE_FILES.gateway),
      content: toYaml(buildGateway(spec)),
    });
  }
  const catalogInfoPath = at(SPOKE_FILES.catalogInfo);
  files.push({
    path: catalogInfoPath,
    content: toYaml(buildCatalogInfo(spec)),
  });
  return {
    files,
    ...(clusterSecretPath ? { clusterSecretPath } : {}),
    catalogInfoPath,
  };
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/**
 * `hub-spoke:spoke:onboard`: registers a new spoke with a hub's Argo CD.
 *
 * @public
 */
export function createOnboardSpokeAction(options: HubSpokeActionOptions) {
  const hubSpoke = new HubSpokeClient(options.discovery, options.auth);
  return createTemplateAction({
    id: ACTION_SPOKE_ONBOARD,
    description:
      "Registers a new spoke cluster with a hub's Argo CD: the declarative cluster Secret (or an ExternalSecret for " +
      'a bearer token kept in a secret store), add-on labels and ApplicationSets, a wildcard certificate and ' +
      'gateway delivered by an Application, and a catalog Resource. pull-request mode writes the files under ' +
      'targetPath; apply mode also server-side applies the cluster Secret to the hub. Checks the live topology first: ' +
      'names, servers and CIDRs must not clash with any cluster of any hub.',
    examples,
    supportsDryRun: true,
    schema: { input: onboardInputFields, output: onboardOutputFields },
    async handler(ctx) {
      const secrets = (ctx.secrets ?? {}) as Record<string, string>;
      const req = validateOnboardInput(
        ctx.input,
        readHubNames(options.config),
        secrets,
      );
      const { spec, mode } = req;
      const logger = ctx.logger;
      if (req.ignoredAuthFields.length > 0) {
        logger.warn(
          `Ignoring auth fields that auth type ${
            spec.auth.type
          } does not use: ${req.ignoredAuthFields.join(', ')}`,
        );
      }
      if (spec.ingressDomain && !spec.addons.includes('cert-manager')) {
        logger.info(
          `The wildcard certificate needs cert-manager on ${spec.name}; it is not among the add-ons, so it must be there already`,
        );
      }
      const access =
        mode === 'apply'
          ? readHubKubernetesAccess(options.config, spec.hub)
          : undefined;

      const topology = await hubSpoke.topology(
        'to check the new spoke against the clusters every hub already has',
      );
      checkAgainstTopology(spec, topology);

      const ownFiles = Object.values(SPOKE_FILES).map(f =>
        path.posix.join(req.targetPath, f),
      );
      await checkWorkspace(spec, ctx.workspacePath, ownFiles);

      const plan = planFiles(req);
      for (const addon of spec.addons) {
        const rel = addonFile(req.targetPath, addon);
        if (!(await exists(path.join(ctx.workspacePath, rel)))) {
          plan.files.push({
            path: rel,
            content: toYaml(
              buildAddonApplicationSet(
                addon,
                spec.argocdNamespace,
                spec.project,
              ),
            ),
          });
        }
      }

      let applied:
        | 'created'
        | 'configured'
        | 'unchanged'
        | 'dry-run'
        | undefined;
      if (access) {
        const hub = new HubKubernetesClient(access);
        const name = clusterSecretName(spec);
        const existing = checkHubSecrets(
          spec,
          name,
          await hub.listClusterSecrets(spec.argocdNamespace),
        );
        const token =
          spec.auth.type === 'bearerToken'
            ? secrets[SPOKE_TOKEN_SECRET]?.trim()
            : undefined;
        const secret = withData(
          buildClusterSecret(spec, { bearerToken: token }),
        );
        const result = await hub.apply<KubernetesObject>(secret, {
          dryRun: ctx.isDryRun,
        });
        if (ctx.isDryRun) applied = 'dry-run';
        else if (!existing) applied = 'created';
        else
          applied =
            existing.resourceVersion === result.metadata?.resourceVersion
              ? 'unchanged'
              : 'configured';
        logger.info(
          `Cluster Secret ${spec.argocdNamespace}/${name} on hub ${spec.hub}: ${applied}`,
        );
      }

      // Everything is checked (and applied): only now is the workspace written.
      const written: string[] = [];
      for (const f of plan.files) {
        const abs = path.join(ctx.workspacePath, f.path);
        await fs.mkdir(path.dirname(abs), { recursive: true });
        await fs.writeFile(abs, f.content, 'utf8');
        written.push(f.path);
      }
      const produced = new Set(written);
      const stale = [
        ...(spec.ingressDomain
          ? []
          : [
              SPOKE_FILES.ingressApplication,
              SPOKE_FILES.certificate,
              SPOKE_FILES.gateway,
            ]),
        ...(mode === 'pull-request'
          ? [SPOKE_FILES.clusterSecret, SPOKE_FILES.clusterExternalSecret]
          : []),
      ]
        .map(f => path.posix.join(req.targetPath, f))
        .filter(f => !produced.has(f));
      for (const f of stale) {
        if (await exists(path.join(ctx.workspacePath, f))) {
          await fs.rm(path.join(ctx.workspacePath, f));
          logger.info(`Removed ${f}, which this input no longer produces`);
        }
      }
      written.sort();
      logger.info(
        `Onboarded spoke ${spec.name} to hub ${spec.hub} (${mode}): ${written.length} files`,
      );

      ctx.output('files', written);
      if (plan.clusterSecretPath)
        ctx.output('clusterSecretPath', plan.clusterSecretPath);
      ctx.output('catalogInfoPath', plan.catalogInfoPath);
      ctx.output('entityRef', spokeEntityRef(spec));
      if (applied) ctx.output('applied', applied);
    },
  });
}
