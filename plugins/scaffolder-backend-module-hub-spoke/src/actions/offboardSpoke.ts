import { ConflictError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubSpokeClient } from '../clients/HubSpokeClient';
import { readHubKubernetesAccess, readHubNames } from '../config';
import { ACTION_SPOKE_OFFBOARD } from '../ids';
import { findCredentials } from '../validation/tokens';
import { InputError } from '@backstage/errors';
import { examples } from './offboardSpoke.examples';
import {
  objectOf,
  offboardInputFields,
  offboardOutputFields,
  parseInput,
} from './inputs';
import { HubSpokeActionOptions } from './onboardSpoke';
import {
  Mode,
  checkName,
  checkNamespace,
  resolveHub,
  resolveTargetPath,
} from './request';

const inputSchema = objectOf(offboardInputFields);

async function listFiles(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(root, rel), {
    withFileTypes: true,
  })) {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, child)));
    else out.push(child);
  }
  return out;
}

/**
 * `hub-spoke:spoke:offboard`: removes a spoke from its hub — its files (pull-request mode) or its cluster Secret on
 * the hub (apply mode) — and refuses while Argo CD Applications still deploy to it, unless forced.
 *
 * @public
 */
export function createOffboardSpokeAction(options: HubSpokeActionOptions) {
  const hubSpoke = new HubSpokeClient(options.discovery, options.auth);
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
      const credentials = findCredentials(ctx.input);
      if (credentials.length > 0) {
        throw new InputError(
          `tokens go in secrets, not inputs: remove ${credentials.join(', ')}`,
        );
      }
      const input = parseInput(inputSchema, ctx.input, ACTION_SPOKE_OFFBOARD);
      const name = checkName(input.name.trim());
      const hub = resolveHub(input.hub, readHubNames(options.config));
      const mode: Mode = input.mode ?? 'pull-request';
      const namespace = checkNamespace(input.argocdNamespace);
      const targetPath = resolveTargetPath(input.targetPath, name);
      const access =
        mode === 'apply'
          ? readHubKubernetesAccess(options.config, hub)
          : undefined;

      const apps = await hubSpoke.applications(
        { hub, cluster: name },
        `to check that no Application still deploys to ${name}`,
      );
      const targeting = apps
        .filter(a => a.hub === hub && a.cluster === name)
        .map(a => a.name)
        .sort();
      if (targeting.length > 0 && !input.force) {
        throw new ConflictError(
          `${targeting.length} Argo CD Application${
            targeting.length === 1 ? '' : 's'
          } on hub ${hub} still ` +
            `deploy${
              targeting.length === 1 ? 's' : ''
            } to ${name}: ${targeting.join(', ')}. Move or delete ` +
            'them first (for add-ons: remove them from the cluster), or offboard with force: true',
        );
      }
      if (targeting.length > 0) {
        ctx.logger.warn(
          `Offboarding ${hub}/${name} although these Applications still deploy to it: ${targeting.join(
            ', ',
          )}`,
        );
      }

      const deleted: string[] = [];
      const removed: string[] = [];
      if (access) {
        const kube = new HubKubernetesClient(access);
        const secrets = (await kube.listClusterSecrets(namespace)).filter(
          s => s.name === name,
        );
        if (secrets.length === 0) {
          throw new NotFoundError(
            `Hub ${hub} has no cluster Secret for ${name} in namespace ${namespace}`,
          );
        }
        for (const s of secrets) {
          await kube.deleteSecret(namespace, s.secretName, {
            dryRun: ctx.isDryRun,
          });
          deleted.push(`${namespace}/${s.secretName}`);
        }
        ctx.logger.info(
          `${ctx.isDryRun ? 'Would delete' : 'Deleted'} ${deleted.join(
            ', ',
          )} on hub ${hub}`,
        );
      } else {
        const abs = path.join(ctx.workspacePath, targetPath);
        const found = await fs.stat(abs).then(
          st => st.isDirectory(),
          () => false,
        );
        if (!found) {
          throw new NotFoundError(
            `The workspace has no ${targetPath}: fetch the GitOps repository into the workspace first (fetch:plain)`,
          );
        }
        removed.push(
          ...(await listFiles(ctx.workspacePath, targetPath)).sort(),
        );
        await fs.rm(abs, { recursive: true });
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
