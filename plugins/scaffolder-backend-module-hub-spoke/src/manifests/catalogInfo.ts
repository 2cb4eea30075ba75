import {
  ANNOTATION_CIDR,
  ANNOTATION_CLUSTER,
  ANNOTATION_HUB,
  ANNOTATION_INGRESS_DOMAIN,
} from '@hub-spoke/plugin-hub-spoke-common';
import { sortedRecord } from './serialize';
import { SpokeSpec } from './types';

/** Backstage's annotation for a cluster's API server URL. @public */
export const ANNOTATION_API_SERVER = 'kubernetes.io/api-server';

/** The entity ref of the spoke's Resource. @public */
export function spokeEntityRef(spec: Pick<SpokeSpec, 'name'>): string {
  return `resource:default/${spec.name}`;
}

/** The catalog entity of the spoke: a Resource of type kubernetes-cluster that depends on its hub. @public */
export function buildCatalogInfo(spec: SpokeSpec) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: spec.name,
      description: `Kubernetes cluster ${spec.name}, a spoke of the Argo CD hub ${spec.hub}.`,
      annotations: sortedRecord({
        [ANNOTATION_API_SERVER]: spec.server,
        [ANNOTATION_HUB]: spec.hub,
        [ANNOTATION_CLUSTER]: spec.name,
        ...(spec.cidrs.length > 0
          ? { [ANNOTATION_CIDR]: spec.cidrs.join(',') }
          : {}),
        ...(spec.ingressDomain
          ? { [ANNOTATION_INGRESS_DOMAIN]: spec.ingressDomain }
          : {}),
      }),
      ...(spec.addons.length > 0 ? { tags: [...spec.addons] } : {}),
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: spec.owner,
      ...(spec.system ? { system: spec.system } : {}),
      dependsOn: [`resource:${spec.hub}`],
    },
  };
}
