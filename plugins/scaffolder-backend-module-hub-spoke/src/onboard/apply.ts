/**
 * hub-spoke:spoke:onboard, apply mode: the cluster Secret server-side applied to the hub's Argo CD namespace with the
 * hub's apply credential, all or nothing (apply/transaction.ts).
 */
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubApplyAccess } from '../config';
import {
  SpokeSpec,
  buildClusterSecret,
  clusterSecretName,
  withData,
} from '../manifests';
import {
  ApplyOutcome,
  TransactionOptions,
  applyAll,
} from '../apply/transaction';
import { checkHubSecrets } from './checks';

/** What applying the cluster Secret did. */
export type Applied = ApplyOutcome;

/**
 * Checks the hub's cluster Secrets (see checkHubSecrets), then applies the spoke's, with the bearer token when the
 * auth type takes one: dry-run first, then for real (a task dry run stops after the dry run). `spec.argocdNamespace`
 * must be the access's namespace (see applyNamespace).
 */
export async function applyClusterSecret(
  access: HubApplyAccess,
  spec: SpokeSpec,
  options: TransactionOptions & {
    bearerToken?: string;
    /** Whether the initiator may see the hub's cluster of this name: refusals name only those. */
    canSee?: (clusterName: string) => boolean;
  },
): Promise<Applied> {
  const client = new HubKubernetesClient(access);
  checkHubSecrets(
    spec,
    clusterSecretName(spec),
    await client.listClusterSecrets(spec.argocdNamespace),
    options.canSee,
  );
  const secret = withData(
    buildClusterSecret(spec, { bearerToken: options.bearerToken }),
  );
  const [result] = await applyAll([{ client, object: secret }], options);
  return result.outcome;
}
