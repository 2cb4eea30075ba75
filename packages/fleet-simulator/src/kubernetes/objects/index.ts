/**
 * Pure builders for the Kubernetes objects a simulated cluster holds, one module per domain. Metadata
 * bookkeeping (uid, resourceVersion, creationTimestamp) is completed by the store.
 */
export { namespace } from './common';
export { nodeNetworkBase, nodes } from './nodes';
export type { NodeInput } from './nodes';
export {
  clusterIpService,
  externalNameService,
  loadBalancerService,
} from './services';
export { certificate, tlsSecret } from './certificates';
export { ingressObjects, ingressRefs } from './ingress';
export type { IngressRefs } from './ingress';
export { workloadLabels } from './workloadPlan';
export type { AppWorkloadInput } from './workloadPlan';
export { workloadObjects } from './workloads';
export { appRoute, weightedRouteObjects } from './routes';
export {
  MANAGED_BY_ANNOTATION,
  SECRET_TYPE_LABEL,
  argoClusterSecret,
  argoServerService,
  trackingAnnotation,
} from './argocd';
export type { ClusterSecretData } from './argocd';
