import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { applyNamespace, readHubApplyAccess, readHubNames } from '../config';
import { ACTION_SPOKE_OFFBOARD } from '../ids';
import { deleteClusterSecrets } from '../offboard/apply';
import { offboardInputFields, offboardOutputFields } from '../offboard/inputs';
import {
  applicationsStillDeploying,
  describeStillDeploying,
  validateOffboardInput,
} from '../offboard/validate';
import { checkHubChoice } from '../topology/views';
import { statInWorkspace } from '../workspace/paths';
import { writeFiles } from '../workspace/writeFiles';
import { authorize } from '../permissions/authorize';
import { offboardChecks } from '../permissions/checks';
import { examples } from './offboardSpoke.examples';
import { HubSpokeActionOptions } from './options';

/**
 * `hub-spoke:spoke:offboard`: removes a spoke from its hub — its files (pull-request mode) or its cluster Secret on
 * the hub (apply mode) — and refuses while Argo CD Applications still deploy to it, unless forced.
 *
 * @public
 */
export function createOffboardSpokeAction(options: HubSpokeActionOptions) {
  return createTemplateAction({
    id: ACTION_SPOKE_OFFBOARD,
    description:
      'Removes a spoke from its hub: pull-request mode deletes its files under targetPath (for a pull request), apply ' +
      'mode deletes its Argo CD cluster Secret from the hub. Refuses while Argo CD Applications still deploy to the ' +
      'spoke (listing them) unless force is set.',
    examples,
    supportsDryRun: true,
    schema: { input: offboardInputFields, output: offboardOutputFields },
    async handler(ctx) {
      const hubs = readHubNames(options.config);
      // an unknown hub is refused listing only the hubs the initiator may see
      await checkHubChoice(options.hubSpokeApi, ctx, ctx.input.hub, hubs);
      const req = validateOffboardInput(ctx.input, hubs);
      const { hub, name, targetPath } = req;
      // Nothing is read or written before the initiator's permissions are checked.
      await authorize(
        ctx,
        options.permissions,
        offboardChecks(hub, name, req.mode),
      );
      const access =
        req.mode === 'apply'
          ? readHubApplyAccess(options.config, hub)
          : undefined;
      // apply mode: Argo CD's namespace is the apply credential's, never the input's.
      if (access)
        req.namespace = applyNamespace(access, ctx.input.argocdNamespace);

      // All of them with the module's own credentials (none may be missed), named only when the initiator may see
      // them (read on their behalf).
      const purpose = `to check that no Application still deploys to ${name}`;
      const [all, mine] = await Promise.all([
        options.hubSpokeApi.getApplications(
          { hub, cluster: name },
          { purpose },
        ),
        options.hubSpokeApi.getApplications(
          { hub, cluster: name },
          { purpose, credentials: await ctx.getInitiatorCredentials() },
        ),
      ]);
      const seen = new Set(mine.items.map(a => `${a.hub}/${a.name}`));
      const targeting = applicationsStillDeploying(req, all.items, a =>
        seen.has(`${a.hub}/${a.name}`),
      );
      if (targeting.names.length + targeting.hidden > 0) {
        ctx.logger.warn(
          `Offboarding ${hub}/${name} although these Applications still deploy to it: ${describeStillDeploying(
            targeting,
          )}`,
        );
      }

      let deleted: string[] = [];
      let removed: string[] = [];
      if (access) {
        deleted = await deleteClusterSecrets(access, req, {
          dryRun: ctx.isDryRun,
          logger: ctx.logger,
          checkpoint: opts => ctx.checkpoint(opts),
        });
      } else {
        const found = await statInWorkspace(ctx.workspacePath, targetPath);
        if (!found?.isDirectory()) {
          throw new NotFoundError(
            `The workspace has no ${targetPath}: fetch the GitOps repository into the workspace first (fetch:plain)`,
          );
        }
        ({ removed } = await writeFiles(ctx.workspacePath, {
          remove: [targetPath],
        }));
        ctx.logger.info(
          `Removed ${removed.length} files of ${name} under ${targetPath}`,
        );
      }
      ctx.output('removed', removed);
      ctx.output('deleted', deleted);
      ctx.output('applications', targeting.names);
    },
  });
}
