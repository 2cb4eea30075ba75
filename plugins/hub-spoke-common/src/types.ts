/**
 * The fleet model served by GET /api/hub-spoke/topology and /applications.
 * It is the contract between the backend, the frontend and the scaffolder/catalog modules.
 */

/** State of one hub's Argo CD as seen by the backend. @public */
export type HubStatus =
  | 'ok'
  | 'pending'
  | 'unreachable'
  | 'unauthorized'
  | 'timeout'
  | 'error';

/** Argo CD's connection state of a cluster, exactly as Argo CD reports it. @public */
export type ConnectionStatus = 'Successful' | 'Failed' | 'Unknown';

/**
 * State of the backend's direct reads of a cluster's Kubernetes API: `not-configured` when the cluster has no
 * kubernetes.clusterLocatorMethods entry, `pending` before its first read.
 * @public
 */
export type ApiStatus =
  | 'ok'
  | 'pending'
  | 'not-configured'
  | 'unreachable'
  | 'unauthorized'
  | 'timeout'
  | 'error';

/** Argo CD application health statuses. @public */
export const HEALTH_STATUSES = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
] as const;
/** @public */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Argo CD application sync statuses. @public */
export const SYNC_STATUSES = ['Synced', 'OutOfSync', 'Unknown'] as const;
/** @public */
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** One hub: an Argo CD instance and the control-plane cluster it runs on. @public */
export interface Hub {
  name: string;
  /** The Argo CD URL (never credentials). */
  url: string;
  status: HubStatus;
  /** Why the hub is not `ok`; absent when it is. */
  message?: string;
  /** Argo CD's version (`Version` of /api/version), once reached. */
  argocdVersion?: string;
  /** ISO time of the last successful poll. */
  lastSuccessAt?: string;
  /** ISO time of the last poll attempt, successful or not. */
  lastAttemptAt?: string;
}

/** Counts of a cluster's applications. @public */
export interface ApplicationCounts {
  total: number;
  /** Count by Argo CD health status; statuses with no application are omitted. */
  health: Partial<Record<HealthStatus, number>>;
  /** Count by Argo CD sync status; statuses with no application are omitted. */
  sync: Partial<Record<SyncStatus, number>>;
}

/** A cert-manager Certificate read from a cluster. @public */
export interface CertificateInfo {
  namespace: string;
  name: string;
  dnsNames: string[];
  secretName?: string;
  /** The Ready condition is True. */
  ready: boolean;
  /** ISO time the certificate expires (status.notAfter). */
  notAfter?: string;
  /** Expires within the configured warning window (default 30 days), or has expired. */
  expiringSoon: boolean;
}

/** Where a published host comes from. @public */
export interface HostSource {
  kind: 'Gateway' | 'VirtualService' | 'HTTPRoute';
  /** API group: networking.istio.io or gateway.networking.k8s.io. */
  group: string;
  namespace: string;
  name: string;
}

/** A host a cluster publishes through its ingress. @public */
export interface IngressHost {
  host: string;
  sources: HostSource[];
  /** TLS as configured on the gateway: mode (SIMPLE, MUTUAL, PASSTHROUGH, Terminate…) and the secret it uses. */
  tls?: { mode: string; credentialName?: string };
  /** The cert-manager Certificate covering the host (wildcards included). */
  certificate?: {
    namespace: string;
    name: string;
    ready: boolean;
    notAfter?: string;
    expiringSoon: boolean;
  };
  /** Backends the routes send this host to (service host:port or backendRef). */
  destinations: string[];
}

/** What the backend read directly from a cluster's Kubernetes API. @public */
export interface ClusterApi {
  status: ApiStatus;
  message?: string;
  /** ISO time of the last successful read. */
  lastSuccessAt?: string;
  /** The last-known data is older than the last attempt (the cluster failed since). */
  stale?: boolean;
  /** The circuit breaker skips this cluster until then (ISO time) after repeated failures. */
  backoffUntil?: string;
  /** API groups that are not installed on the cluster (404 on their CRDs): normal, not an error. */
  missingGroups?: string[];
}

/** A network overlap between two clusters. @public */
export interface CidrOverlap {
  /** The other cluster's id. */
  clusterId: string;
  cidr: string;
  otherCidr: string;
}

/** One cluster known to a hub's Argo CD, or named by its Applications. @public */
export interface Cluster {
  /** `<hub>/<name>`: cluster names are unique per hub only. */
  id: string;
  /** Argo CD's cluster name; Argo CD's `in-cluster` is reported under the hub's name. */
  name: string;
  hub: string;
  role: 'hub' | 'spoke';
  /** API server URL as Argo CD knows it (empty for an unregistered destination named only by name). */
  server: string;
  /** False for a destination that Applications name but Argo CD has no cluster for. */
  registered: boolean;
  /** Argo CD's connection state of the cluster, as Argo CD reports it. */
  connection: { status: ConnectionStatus; message?: string };
  /** Kubernetes version as reported by Argo CD (e.g. `v1.34.0` or `1.34`). */
  version?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  applications: ApplicationCounts;
  /** The backend's own reads of the cluster's Kubernetes API. */
  api: ClusterApi;
  /** Nodes ready / total, from the cluster's API. */
  nodes?: { ready: number; total: number };
  /** The cluster's Kubernetes version as its API reports it (gitVersion). */
  apiVersion?: string;
  /** Ingress addresses and published hosts, from the cluster's API. */
  ingress?: { addresses: string[]; hosts: IngressHost[] };
  /** cert-manager Certificates on the cluster. */
  certificates?: CertificateInfo[];
  /** The cluster's network CIDRs (annotation hub-spoke/cidr or config). */
  cidrs: string[];
  /** Overlaps of this cluster's networks with any other cluster of any hub. */
  cidrOverlaps: CidrOverlap[];
  /** True when this is last-known data kept from an earlier poll because the hub cannot be read now. */
  stale: boolean;
  /** ISO time the data was last read successfully. */
  lastSuccessAt?: string;
}

/** A `manages` edge: the hub's Argo CD deploys to the cluster. @public */
export interface ManagesEdge {
  kind: 'manages';
  /** Hub name. */
  from: string;
  /** Cluster id. */
  to: string;
}

/**
 * A `routes` edge: a hub gateway sends part of a host's traffic to a spoke (HTTPRoute backendRef → ExternalName
 * Service → the spoke's ingress).
 *
 * @public
 */
export interface RoutesEdge {
  kind: 'routes';
  /** Hub name. */
  from: string;
  /** Cluster id of the spoke. */
  to: string;
  route: { namespace: string; name: string };
  /** Hostnames the route serves. */
  hostnames: string[];
  /** Path match of the rule, e.g. `PathPrefix /api`. */
  match: string;
  /** Share of the rule's traffic in percent (weights normalised). */
  weight: number;
  /** The backend's weight is 0: kept as an edge, carrying no traffic. */
  idle: boolean;
  backend: {
    service: string;
    namespace: string;
    externalName: string;
    port?: number;
  };
  /** Host header the hub sets for this backend (RequestHeaderModifier), when present. */
  hostRewrite?: string;
  /** DestinationRule outlier detection for the backend, when present. */
  outlierDetection?: {
    consecutive5xxErrors?: number;
    interval?: string;
    baseEjectionTime?: string;
    maxEjectionPercent?: number;
  };
}

/** @public */
export type TopologyEdge = ManagesEdge | RoutesEdge;

/** The whole fleet picture. @public */
export interface Topology {
  /** ISO time the snapshot was assembled. */
  generatedAt: string;
  hubs: Hub[];
  clusters: Cluster[];
  edges: TopologyEdge[];
}

/** One Argo CD Application, trimmed to what the portal shows. @public */
export interface ApplicationSummary {
  name: string;
  hub: string;
  /** Name of the cluster it is deployed to, as in the topology (in-cluster under the hub's name). */
  cluster: string;
  /** Id of that cluster in the topology. */
  clusterId: string;
  /** Destination namespace. */
  namespace?: string;
  project: string;
  sync: SyncStatus;
  health: HealthStatus;
  revision?: string;
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  /** Phase of the last operation (Running, Succeeded, Failed, Error, Terminating). */
  operationPhase?: string;
  operationFinishedAt?: string;
  externalURLs: string[];
  labels: Record<string, string>;
}

/** Filters of GET /applications. @public */
export interface ApplicationFilter {
  hub?: string;
  cluster?: string;
  health?: HealthStatus;
  sync?: SyncStatus;
}

/** Body of GET /applications. @public */
export interface ApplicationList {
  items: ApplicationSummary[];
}
