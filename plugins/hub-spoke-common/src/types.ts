/**
 * The fleet model served by GET /api/hub-spoke/topology and /applications.
 * It is the contract between the backend, the frontend and the scaffolder/catalog modules.
 *
 * Every type here is a name for a part of the plugin's OpenAPI document
 * (plugins/hub-spoke-backend/src/schema/openapi.yaml); the properties and their docs live there and reach this
 * package through ./schema/openapi.generated.ts (`npm run generate:openapi`).
 */
import type { components, operations } from './schema/openapi.generated';

export type {
  components as HubSpokeOpenApiComponents,
  operations as HubSpokeOpenApiOperations,
} from './schema/openapi.generated';

export {
  API_STATUSES,
  CONNECTION_STATUSES,
  HEALTH_STATUSES,
  HUB_STATUSES,
  SYNC_STATUSES,
} from './schema/openapi.generated';

/** State of one hub's Argo CD as seen by the backend. @public */
export type HubStatus = components['schemas']['HubStatus'];

/** Argo CD's connection state of a cluster, exactly as Argo CD reports it. @public */
export type ConnectionStatus = components['schemas']['ConnectionStatus'];

/**
 * State of the backend's direct reads of a cluster's Kubernetes API: `not-configured` when the cluster has no
 * kubernetes.clusterLocatorMethods entry, `pending` before its first read.
 * @public
 */
export type ApiStatus = components['schemas']['ApiStatus'];

/** Argo CD application health statuses (values: HEALTH_STATUSES). @public */
export type HealthStatus = components['schemas']['HealthStatus'];

/** Argo CD application sync statuses (values: SYNC_STATUSES). @public */
export type SyncStatus = components['schemas']['SyncStatus'];

/** One hub: an Argo CD instance and the control-plane cluster it runs on. @public */
export type Hub = components['schemas']['Hub'];

/** Counts of a cluster's applications. @public */
export type ApplicationCounts = components['schemas']['ApplicationCounts'];

/** A cert-manager Certificate read from a cluster. @public */
export type CertificateInfo = components['schemas']['Certificate'];

/** Where a published host comes from. @public */
export type HostSource = components['schemas']['HostSource'];

/** A host a cluster publishes through its ingress. @public */
export type IngressHost = components['schemas']['IngressHost'];

/** What the backend read directly from a cluster's Kubernetes API. @public */
export type ClusterApi = components['schemas']['ClusterApi'];

/** A network overlap of a cluster: with a cluster the caller may see, or with a hidden one. @public */
export type CidrOverlap = components['schemas']['CidrOverlap'];

/** A network overlap with a cluster the caller may see: its id and CIDR. @public */
export type ClusterCidrOverlap = components['schemas']['ClusterCidrOverlap'];

/**
 * A network overlap with a cluster the caller may not see: only this cluster's CIDR and the message
 * `overlaps a cluster you cannot see`. @public
 */
export type HiddenCidrOverlap = components['schemas']['HiddenCidrOverlap'];

/** One cluster known to a hub's Argo CD, or named by its Applications. @public */
export type Cluster = components['schemas']['Cluster'];

/** A `manages` edge: the hub's Argo CD deploys to the cluster. @public */
export type ManagesEdge = components['schemas']['ManagesEdge'];

/**
 * A `routes` edge: a hub gateway sends part of a host's traffic to a spoke (HTTPRoute backendRef → ExternalName
 * Service → the spoke's ingress).
 *
 * @public
 */
export type RoutesEdge = components['schemas']['RoutesEdge'];

/** An edge of the topology: a `manages` or a `routes` edge. @public */
export type TopologyEdge = components['schemas']['Edge'];

/** The whole fleet picture. @public */
export type Topology = components['schemas']['Topology'];

/** One Argo CD Application, trimmed to what the portal shows. @public */
export type ApplicationSummary = components['schemas']['Application'];

/** Filters of GET /applications. @public */
export type ApplicationFilter = NonNullable<
  operations['ListApplications']['parameters']['query']
>;

/** Body of GET /applications. @public */
export type ApplicationList = components['schemas']['ApplicationList'];
