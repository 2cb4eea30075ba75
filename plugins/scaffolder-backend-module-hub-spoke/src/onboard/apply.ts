/**
 * hub-spoke:spoke:onboard, apply mode: the cluster Secret server-side applied to the hub's Argo CD namespace.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubKubernetesAccess } from '../config';
import {
  SpokeSpec,
  buildClusterSecret,
  clusterSecretName,
  withData,
} from '../manifests';
import { checkHubSecrets } from './checks';

/** What applying the cluster Secret did. */
export type Applied = 'created' | 'configured' | 'unchanged' | 'dry-run';

/**
 * Checks the hub's cluster Secrets (see checkHubSecrets), then applies the spoke's, with the bearer token when the
 * auth type takes one; a dry run lets the hub check it without storing.
 */
export async function applyClusterSecret(
  access: HubKubernetesAccess,
  spec: SpokeSpec,
  options: { bearerToken?: string; dryRun?: boolean; logger: LoggerService },
): Promise<Applied> {
  const hub = new HubKubernetesClient(access);
  const name = clusterSecretName(spec);
  const existing = checkHubSecrets(
    spec,
    name,
    await hub.listClusterSecrets(spec.argocdNamespace),
  );
  const secret = withData(
    buildClusterSecret(spec, { bearerToken: options.bearerToken }),
  );
  const result = await hub.apply<KubernetesObject>(secret, {
    dryRun: options.dryRun,
  });
  let applied: Applied;
  if (options.dryRun) applied = 'dry-run';
  else if (!existing) applied = 'created';
  else
    applied =
      existing.resourceVersion === result.metadata?.resourceVersion
        ? 'unchanged'
        : 'configured';
  options.logger.info(
    `Cluster Secret ${spec.argocdNamespace}/${name} on hub ${spec.hub}: ${applied}`,
  );
  return applied;
}
