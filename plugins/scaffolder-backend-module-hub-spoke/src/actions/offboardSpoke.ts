import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readHubKubernetesAccess, readHubNames } from '../config';
import { ACTION_SPOKE_OFFBOARD } from '../ids';
import { deleteClusterSecrets } from '../offboard/apply';
import { offboardInputFields, offboardOutputFields } from '../offboard/inputs';
import {
  applicationsStillDeploying,
  validateOffboardInput,
} from '../offboard/validate';
import { statInWorkspace } from '../workspace/paths';
import { writeFiles } from '../workspace/writeFiles';
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
      const req = validateOffboardInput(
        ctx.input,
        readHubNames(options.config),
      );
      const { hub, name, targetPath } = req;
      const access =
        req.mode === 'apply'
          ? readHubKubernetesAccess(options.config, hub)
          : undefined;

      const targeting = applicationsStillDeploying(
        req,
        (
          await options.hubSpokeApi.getApplications(
            { hub, cluster: name },
            {
              purpose: `to check that no Application still deploys to ${name}`,
            },
          )
        ).items,
      );
      if (targeting.length > 0) {
        ctx.logger.warn(
          `Offboarding ${hub}/${name} although these Applications still deploy to it: ${targeting.join(
            ', ',
          )}`,
        );
      }

      let deleted: string[] = [];
      let removed: string[] = [];
      if (access) {
        deleted = await deleteClusterSecrets(access, req, {
          dryRun: ctx.isDryRun,
          logger: ctx.logger,
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
      ctx.output('applications', targeting);
    },
  });
}
