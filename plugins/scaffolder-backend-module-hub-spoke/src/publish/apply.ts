/**
 * hub-spoke:app:publish, apply mode: the app's Applications server-side applied to their hubs with each hub's apply
 * credential, all or nothing across hubs (apply/transaction.ts).
 */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubApplyAccess, applyNamespace, readHubApplyAccess } from '../config';
import { PublishSpec } from '../manifests';
import {
  AppliedObject,
  TransactionOptions,
  applyAll,
} from '../apply/transaction';

/** The apply credentials of a publish's hubs, and the spec with Argo CD's namespace they set. */
export interface PublishApply {
  spec: PublishSpec;
  accesses: Map<string, HubApplyAccess>;
}

/**
 * Reads the apply credential of every hub the publish targets (InputError naming the key when one has none) and puts
 * their Argo CD namespace in the spec; the input's argocdNamespace may only repeat it. Hubs that keep Argo CD in
 * different namespaces cannot share one publish.
 */
export function prepareApply(
  config: Config,
  spec: PublishSpec,
  givenNamespace: unknown,
): PublishApply {
  const accesses = new Map<string, HubApplyAccess>();
  for (const t of spec.targets) {
    if (!accesses.has(t.hub))
      accesses.set(t.hub, readHubApplyAccess(config, t.hub));
  }
  const namespaces = new Set(
    [...accesses.values()].map(a => applyNamespace(a, givenNamespace)),
  );
  if (namespaces.size > 1) {
    throw new InputError(
      `The target hubs keep Argo CD in different namespaces (${[
        ...accesses.values(),
      ]
        .map(a => `${a.name}: ${a.namespace}`)
        .join(', ')}): publish to each hub in a run of its own`,
    );
  }
  return { spec: { ...spec, argocdNamespace: [...namespaces][0] }, accesses };
}

/**
 * Applies each Application to the hub of its target (the hub's own Application to the first target's hub), all or
 * nothing; a task dry run lets the hubs check them without storing.
 */
export async function applyApplications(
  prepared: PublishApply,
  applications: KubernetesObject[],
  options: TransactionOptions,
): Promise<AppliedObject[]> {
  const { spec, accesses } = prepared;
  const clients = new Map(
    [...accesses].map(([hub, access]) => [
      hub,
      new HubKubernetesClient(access),
    ]),
  );
  const firstHub = spec.targets[0].hub;
  return applyAll(
    applications.map(object => {
      const target = spec.targets.find(
        t => object.metadata?.labels?.['hub-spoke/cluster'] === t.cluster,
      );
      return { client: clients.get(target?.hub ?? firstHub)!, object };
    }),
    options,
  );
}
