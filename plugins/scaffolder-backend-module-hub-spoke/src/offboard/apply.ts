/**
 * hub-spoke:spoke:offboard, apply mode: the spoke's cluster Secrets deleted from the hub.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubKubernetesAccess } from '../config';
import { OffboardRequest } from './validate';

/**
 * Deletes every cluster Secret of the spoke in the hub's Argo CD namespace (NotFoundError when there is none); a dry
 * run lets the hub check without deleting. Returns them as namespace/name.
 */
export async function deleteClusterSecrets(
  access: HubKubernetesAccess,
  req: OffboardRequest,
  options: { dryRun?: boolean; logger: LoggerService },
): Promise<string[]> {
  const { hub, name, namespace } = req;
  const kube = new HubKubernetesClient(access);
  const secrets = (await kube.listClusterSecrets(namespace)).filter(
    s => s.name === name,
  );
  if (secrets.length === 0) {
    throw new NotFoundError(
      `Hub ${hub} has no cluster Secret for ${name} in namespace ${namespace}`,
    );
  }
  const deleted: string[] = [];
  for (const s of secrets) {
    await kube.deleteSecret(namespace, s.secretName, {
      dryRun: options.dryRun,
    });
    deleted.push(`${namespace}/${s.secretName}`);
  }
  options.logger.info(
    `${options.dryRun ? 'Would delete' : 'Deleted'} ${deleted.join(
      ', ',
    )} on hub ${hub}`,
  );
  return deleted;
}
