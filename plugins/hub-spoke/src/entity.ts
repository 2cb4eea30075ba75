import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_CLUSTER,
} from '@hub-spoke/plugin-hub-spoke-common';

/** `spec.type` of catalog Resources that stand for a Kubernetes cluster. @public */
export const KUBERNETES_CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/**
 * True for a Component that names its Argo CD Applications (`argocd/app-name`) or selects them by label
 * (`argocd/app-selector`): the entities that get the deployments card.
 *
 * @public
 */
export function isHubSpokeDeploymentsAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.kind.toLocaleLowerCase('en') === 'component' &&
    Boolean(
      annotations[ANNOTATION_ARGOCD_APP_NAME]?.trim() ||
        annotations[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim(),
    )
  );
}

/**
 * True for a Resource of `spec.type: kubernetes-cluster` with a `hub-spoke/cluster` annotation: the entities that
 * get the cluster card.
 *
 * @public
 */
export function isHubSpokeClusterAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en') === 'resource' &&
    entity.spec?.type === KUBERNETES_CLUSTER_RESOURCE_TYPE &&
    Boolean(entity.metadata.annotations?.[ANNOTATION_CLUSTER]?.trim())
  );
}
