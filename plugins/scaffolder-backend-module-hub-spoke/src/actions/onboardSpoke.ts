import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyNamespace, readHubApplyAccess, readHubNames } from '../config';
import { ACTION_SPOKE_ONBOARD, SPOKE_TOKEN_SECRET } from '../ids';
import { spokeEntityRef } from '../manifests';
import { Applied, applyClusterSecret } from '../onboard/apply';
import { checkAgainstTopology, checkWorkspace } from '../onboard/checks';
import { onboardInputFields, onboardOutputFields } from '../onboard/inputs';
import { addonFile, planOnboard, spokeFiles } from '../onboard/plan';
import { validateOnboardInput } from '../onboard/validate';
import { presentPaths } from '../workspace/paths';
import { writeFiles } from '../workspace/writeFiles';
import { authorize } from '../permissions/authorize';
import { checkHubChoice, readTopologyViews } from '../topology/views';
import { onboardChecks } from '../permissions/checks';
import { examples } from './onboardSpoke.examples';
import { HubSpokeActionOptions, policySource } from './options';

/**
 * `hub-spoke:spoke:onboard`: registers a new spoke with a hub's Argo CD.
 *
 * @public
 */
export function createOnboardSpokeAction(options: HubSpokeActionOptions) {
  const policy = policySource(options);
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
      const hubs = readHubNames(options.config);
      // an unknown hub is refused listing only the hubs the initiator may see
      await checkHubChoice(options.hubSpokeApi, ctx, ctx.input.hub, hubs);
      const req = validateOnboardInput(ctx.input, hubs, secrets, policy());
      const { spec, mode } = req;
      // Nothing is read or written before the initiator's permissions are checked.
      await authorize(ctx, options.permissions, onboardChecks(spec.hub, mode));
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
          ? readHubApplyAccess(options.config, spec.hub)
          : undefined;
      // apply mode: Argo CD's namespace is the apply credential's, never the input's.
      if (access)
        spec.argocdNamespace = applyNamespace(
          access,
          ctx.input.argocdNamespace,
        );

      // the fleet for the checks, the initiator's view for what the refusals may name
      const views = await readTopologyViews(
        options.hubSpokeApi,
        ctx,
        'to check the new spoke against the clusters every hub already has',
      );
      checkAgainstTopology(spec, views);
      await checkWorkspace(spec, ctx.workspacePath, spokeFiles(req.targetPath));

      const plan = planOnboard(
        req,
        await presentPaths(
          ctx.workspacePath,
          spec.addons.map(addon => addonFile(req.targetPath, addon)),
        ),
      );

      let applied: Applied | undefined;
      if (access) {
        applied = await applyClusterSecret(access, spec, {
          bearerToken:
            spec.auth.type === 'bearerToken'
              ? secrets[SPOKE_TOKEN_SECRET]?.trim()
              : undefined,
          dryRun: ctx.isDryRun,
          logger,
          checkpoint: opts => ctx.checkpoint(opts),
          canSee: name => views.canSee({ hub: spec.hub, name }),
        });
      }

      // Everything is checked (and applied): only now is the workspace written.
      const { written, removed } = await writeFiles(ctx.workspacePath, plan);
      for (const f of removed) {
        logger.info(`Removed ${f}, which this input no longer produces`);
      }
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
