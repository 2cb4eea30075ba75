/**
 * The fleet description (what a fleet YAML file holds once parsed) and the runtime fault types.
 * See README.md for the documented YAML schema. Argo CD's health, sync and connection statuses are the hub-spoke
 * contract's (@hub-spoke/plugin-hub-spoke-common).
 */
import type {
  ConnectionStatus,
  HealthStatus,
  SyncStatus,
} from '@hub-spoke/plugin-hub-spoke-common';

/** A fault injected into one listener (a hub's Argo CD or a cluster's Kubernetes API). */
export type Fault =
  | { kind: 'down' }
  | { kind: 'hang'; ms: number }
  | { kind: 'unauthorized' }
  | { kind: 'malformed' }
  | { kind: 'crd-absent'; groups: string[] }
  | RejectApplyFault;

/**
 * A hub cluster's Kubernetes API refuses to store matching objects, as a validating admission webhook would: creates
 * and server-side applies (dry runs too, unless `dryRun: false`) of an object of `objectKind` (any kind when unset) whose name matches
 * `name` (`*` matches any run of characters) answer 422 Invalid; everything else is served as usual.
 */
export interface RejectApplyFault {
  kind: 'reject-apply';
  /** The kind of object refused, e.g. Application or Secret; any kind when unset. */
  objectKind?: string;
  /** Name pattern of the objects refused: exact, or with `*` wildcards such as `shop-fail-*`. */
  name: string;
  /** What the webhook says (default: a generic refusal naming the object). */
  message?: string;
  /**
   * Whether dry runs are refused too (default true, as the API server runs admission for dry runs). false refuses
   * only real writes: what a client sees when the hub changes between its dry run and its apply.
   */
  dryRun?: boolean;
}

/** A response delay: fixed milliseconds, or a seeded uniform range [min, max]. */
export type Latency = number | [number, number];

/** A phase of an application's last sync operation, as Argo CD reports it (not part of the hub-spoke contract). */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Failed'
  | 'Error'
  | 'Succeeded';

export const OPERATION_PHASES: readonly OperationPhase[] = [
  'Running',
  'Terminating',
  'Failed',
  'Error',
  'Succeeded',
];

/** Which optional API groups (CRDs) a cluster has installed. */
export interface ApiGroupsSpec {
  /** networking.istio.io (Gateway, VirtualService, DestinationRule, ServiceEntry). */
  istio: boolean;
  /** gateway.networking.k8s.io (GatewayClass, Gateway, HTTPRoute). */
  gatewayApi: boolean;
  /** cert-manager.io (Certificate). */
  certManager: boolean;
}

export interface CertificateSpec {
  /** Days from simulator start until status.notAfter. */
  notAfterDays: number;
  /** ClusterIssuer name (default letsencrypt-prod). */
  issuer: string;
  /** Ready condition (default true). */
  ready: boolean;
}

/** Shorthand that expands into ingress objects (gateway, LoadBalancer Service, wildcard Certificate, routes). */
export interface IngressSpec {
  kind: 'istio' | 'gateway-api';
  /** The wildcard ingress domain, e.g. apps.aks-eu-prod-1.example.com (certificate: *.<domain>). */
  domain: string;
  /** Load balancer addresses (IPs or hostnames) in the Service/Gateway status. */
  addresses: string[];
  certificate?: CertificateSpec;
  /** Generate a VirtualService / HTTPRoute per Application deployed to this cluster (default true). */
  routes: boolean;
}

export interface WeightedBackendSpec {
  spoke: string;
  /** Host under the spoke's ingress domain. */
  host: string;
  weight: number;
}

/** A Gateway API HTTPRoute on a hub's cluster that splits traffic across spokes. */
export interface WeightedRouteSpec {
  name: string;
  namespace: string;
  hostname: string;
  backends: WeightedBackendSpec[];
}

/** Settings shared by every cluster with a Kubernetes API listener. */
export interface ClusterSpecBase {
  kubernetesVersion: string;
  token: string;
  nodes: { ready: number; total: number };
  region?: string;
  apis: ApiGroupsSpec;
  ingress?: IngressSpec;
  /** Deployments and Pods for the Applications deployed here (default true). */
  workloads: boolean;
  /** Raw Kubernetes objects served as they are (metadata is completed). */
  objects: KubeObject[];
  fault: Fault | null;
  latencyMs?: Latency;
}

export interface HubClusterSpec extends ClusterSpecBase {
  weightedRoutes: WeightedRouteSpec[];
  /**
   * Token of the hub's "scaffolder apply" service account (default kube-apply-token-<hub>): bound by a Role in Argo
   * CD's namespace to get, list, create, patch and delete Secrets and Applications there, and refused everything else
   * (see kubernetes/access.ts and docs/security/apply-rbac.yaml).
   */
  applyToken: string;
}

export interface SpokeSpec extends ClusterSpecBase {
  name: string;
  /** Argo CD has a cluster Secret for it (default true). */
  registered: boolean;
  /** It has a Kubernetes API listener (default: registered). */
  serve: boolean;
  /** Server URL Argo CD reports (default: the simulator's listener URL). */
  server?: string;
  connection?: { status: ConnectionStatus; message?: string };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Argo CD ClusterConfig as stored in the cluster Secret; sanitised by the API. */
  clusterConfig: Record<string, unknown>;
  project?: string;
  namespaces?: string[];
}

export interface ArgoCdSpec {
  version: string;
  token: string;
  namespace: string;
  inClusterEnabled: boolean;
  fault: Fault | null;
  latencyMs?: Latency;
}

export interface AppSourceSpec {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision: string;
}

export interface AppDestinationSpec {
  name?: string;
  server?: string;
  /** Resolved at start to that spoke's Argo CD server URL and put into destination.server. */
  serverOf?: string;
  namespace: string;
}

export interface ApplicationSpec {
  name: string;
  project: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  destination: AppDestinationSpec;
  source: AppSourceSpec;
  sync: SyncStatus;
  health: HealthStatus;
  /** Git commit SHA (default: derived from the name). */
  revision?: string;
  operationPhase?: OperationPhase;
  operationMessage?: string;
  externalURLs?: string[];
  images: string[];
  replicas: number;
  autoSync: boolean;
  /** Minutes before start when the last sync started (default derived). */
  syncedMinutesAgo?: number;
}

export interface HubSpec {
  name: string;
  region?: string;
  argocd: ArgoCdSpec;
  cluster: HubClusterSpec;
  spokes: SpokeSpec[];
  applications: ApplicationSpec[];
}

/** A repository of the simulated Git host. */
export interface GitRepositorySpec {
  owner: string;
  name: string;
  defaultBranch: string;
  /** Files of its first commit besides README.md, by path. */
  files: Record<string, string>;
}

/** The simulated GitHub (REST API on its own plain-HTTP listener) that the hubs' Argo CD syncs from. */
export interface GitSpec {
  /** Host in repository URLs: https://<host>/<owner>/<repo>(.git). */
  host: string;
  /** Token clients send (Authorization: token <t>). */
  token: string;
  /** Merge pull requests as soon as they are opened (a reviewer approving everything). */
  autoMerge: boolean;
  repositories: GitRepositorySpec[];
}

export interface FleetSpec {
  /** Seeds latency jitter and generated identifiers. */
  seed: number;
  hubs: HubSpec[];
  /** Optional simulated Git host. */
  git?: GitSpec;
}

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [key: string]: unknown;
}

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
