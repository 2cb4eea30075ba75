import { ACTION_APP_PUBLISH } from '@hub-spoke/plugin-hub-spoke-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyApplications, prepareApply } from '../publish/apply';
import { publishInputFields, publishOutputFields } from '../publish/inputs';
import { applicationNames, planPublish } from '../publish/plan';
import { resolvePublish } from '../publish/resolve';
import { staleFiles } from '../publish/staleFiles';
import { validatePublishInput } from '../publish/validate';
import { writeFiles } from '../workspace/writeFiles';
import { readTopologyViews } from '../topology/views';
import { readHubNames } from '../config';
import { authorize } from '../permissions/authorize';
import { publishChecks, publishResolvedChecks } from '../permissions/checks';
import { HubSpokeActionOptions, policySource } from './options';
import { checkPublishPolicy } from '../policy/checks';
import { examples } from './publishApp.examples';

/**
 * `hub-spoke:app:publish`: publishes an app on spokes' ingress, optionally behind a hub gateway that splits traffic.
 *
 * @public
 */
export function createPublishAppAction(options: HubSpokeActionOptions) {
  const policy = policySource(options);
  return createTemplateAction({
    id: ACTION_APP_PUBLISH,
    description:
      'Publishes an app to one or more spokes: an Argo CD Application per spoke (the app and its routes: Istio ' +
      'Gateway + VirtualService or a Gateway API HTTPRoute), and for exposure hub a hub HTTPRoute that splits traffic ' +
      'by weight over ExternalName Services with ServiceEntries and circuit-breaking DestinationRules, plus a catalog ' +
      'Component. Checks the live topology first: registered spokes, ingress domains, hosts already published.',
    examples,
    supportsDryRun: true,
    schema: { input: publishInputFields, output: publishOutputFields },
    async handler(ctx) {
      const req = validatePublishInput(
        ctx.input,
        (ctx.secrets ?? {}) as Record<string, string>,
      );
      // Nothing is read or written before the initiator's permissions are checked (a target named without its hub:
      // on any hub first, on its own hub once resolved).
      const { permissions, config } = options;
      const authorized = await authorize(
        ctx,
        permissions,
        publishChecks(req, readHubNames(config)),
      );
      // the initiator's view for the targets and what refusals may name, the fleet for hosts already published
      const views = await readTopologyViews(
        options.hubSpokeApi,
        ctx,
        'to check the targets, their ingress domains and the hosts they already publish',
      );
      const spec = resolvePublish(req, views);
      await authorize(
        ctx,
        permissions,
        publishResolvedChecks(req, spec, authorized),
      );
      checkPublishPolicy(spec, policy());
      // apply mode: each target hub's apply credential, and Argo CD's namespace from it (never from the input).
      const apply =
        req.mode === 'apply'
          ? prepareApply(options.config, spec, ctx.input.argocdNamespace)
          : undefined;
      const plan = planPublish(apply?.spec ?? spec);
      if (apply) {
        await applyApplications(apply, plan.applications, {
          dryRun: ctx.isDryRun,
          logger: ctx.logger,
          checkpoint: opts => ctx.checkpoint(opts),
        });
      }
      const { written, removed } = await writeFiles(ctx.workspacePath, {
        write: plan.files,
        remove: await staleFiles(
          ctx.workspacePath,
          spec,
          plan.files.map(f => f.path),
        ),
      });
      for (const f of removed) {
        ctx.logger.info(`Removed ${f}, which this input no longer produces`);
      }
      const url = `${spec.tls === 'none' ? 'http' : 'https'}://${spec.host}`;
      ctx.logger.info(
        `Published ${spec.name} at ${url} from ${spec.targets
          .map(t => t.cluster)
          .join(', ')} (${spec.exposure} exposure, ${req.mode}): ${
          written.length
        } files`,
      );
      ctx.output('files', written);
      ctx.output('applications', applicationNames(spec));
      ctx.output('url', url);
      ctx.output('catalogInfoPath', plan.catalogInfoPath);
    },
  });
}
