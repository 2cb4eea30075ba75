import {
  ApiStatus,
  CertificateInfo,
  IngressHost,
} from '@hub-spoke/plugin-hub-spoke-common';
import { DestinationRuleLike, HTTPRouteLike, ServiceLike } from './routes';

/** What one direct read of a cluster's Kubernetes API yields, summarised. */
export interface ClusterReading {
  apiVersion?: string;
  nodes: { ready: number; total: number };
  ingress: { addresses: string[]; hosts: IngressHost[] };
  certificates: CertificateInfo[];
  missingGroups: string[];
  /** Hub-gateway inputs (only the ExternalName Services are kept). */
  routing: {
    httpRoutes: HTTPRouteLike[];
    services: ServiceLike[];
    destinationRules: DestinationRuleLike[];
  };
  /** Requests made for this reading. */
  requests: number;
}

/** What the backend knows of one cluster's API: the last attempt's outcome and the last good reading. */
export interface ClusterState {
  /** Name of the kubernetes.clusterLocatorMethods entry (= Argo CD cluster name, or the hub name). */
  name: string;
  status: ApiStatus;
  message?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  failures: number;
  /** Epoch ms until which the circuit breaker skips the cluster. */
  openUntil?: number;
  reading?: ClusterReading;
}
