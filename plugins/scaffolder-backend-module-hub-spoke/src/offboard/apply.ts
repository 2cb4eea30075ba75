/**
 * hub-spoke:spoke:offboard, apply mode: the spoke's cluster Secrets deleted from the hub with the hub's apply
 * credential, every delete checked first (apply/transaction.ts).
 */
import { NotFoundError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubApplyAccess } from '../config';
import { TransactionOptions, deleteAll, once } from '../apply/transaction';
import { OffboardRequest } from './validate';

/**
 * Deletes every cluster Secret of the spoke in the hub's Argo CD namespace (NotFoundError when there is none): all
 * dry-run first, then deleted; a task dry run stops after the check. A task retry after the deletes does not repeat
 * them (checkpoint). Returns them as namespace/name. `req.namespace` must be the access's namespace.
 */
export async function deleteClusterSecrets(
  access: HubApplyAccess,
  req: OffboardRequest,
  options: TransactionOptions,
): Promise<string[]> {
  const { hub, name, namespace } = req;
  return once(
    options,
    `hub-spoke.offboard.${hub}.${namespace}.${name}`,
    async () => {
      const client = new HubKubernetesClient(access);
      const secrets = (await client.listClusterSecrets(namespace)).filter(
        s => s.name === name,
      );
      if (secrets.length === 0) {
        throw new NotFoundError(
          `Hub ${hub} has no cluster Secret for ${name} in namespace ${namespace}`,
        );
      }
      const objects: KubernetesObject[] = secrets.map(s => ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: s.secretName, namespace },
      }));
      await deleteAll(
        objects.map(object => ({ client, object })),
        options,
      );
      const deleted = secrets.map(s => `${namespace}/${s.secretName}`);
      options.logger.info(
        `${options.dryRun ? 'Would delete' : 'Deleted'} ${deleted.join(
          ', ',
        )} on hub ${hub}`,
      );
      return deleted;
    },
  );
}
