/** Direct reads of each cluster's own Kubernetes API, and their summary in the shared fleet model. */
export { KubernetesClusterReader } from './KubernetesClusterReader';
export { summarizeCluster, toCertificateInfo } from './summarize';
export type { ClusterSummary, SummarizeOptions } from './summarize';
export { CERT_MANAGER_GROUP, GATEWAY_API_GROUP, ISTIO_GROUP } from './types';
export type {
  CertManagerCertificate,
  ClusterObjects,
  Condition,
  DestinationRule,
  GatewayApiGateway,
  HttpBackendRef,
  HttpRoute,
  IstioDestination,
  IstioGateway,
  ObjectMeta,
  ParentReference,
  ServiceEntry,
  VirtualService,
} from './types';
