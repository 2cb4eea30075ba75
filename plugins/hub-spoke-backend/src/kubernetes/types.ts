import type { V1Node, V1Service } from '@kubernetes/client-node';

export const ISTIO_GROUP = 'networking.istio.io';
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const CERT_MANAGER_GROUP = 'cert-manager.io';

/**
 * Minimal shapes of the custom resources read from a cluster: only the fields the backend uses. The objects are kept
 * as the API returned them (plain JSON), so unknown fields are still there.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** networking.istio.io/v1 Gateway. */
export interface IstioGateway {
  metadata: ObjectMeta;
  spec?: {
    selector?: Record<string, string>;
    servers?: Array<{
      port?: { number?: number; name?: string; protocol?: string };
      /** `host`, or `namespace/host` restricting which namespaces' VirtualServices may bind. */
      hosts?: string[];
      tls?: { mode?: string; credentialName?: string; httpsRedirect?: boolean };
    }>;
  };
}

export interface IstioDestination {
  host?: string;
  subset?: string;
  port?: { number?: number };
}

/** networking.istio.io/v1 VirtualService. */
export interface VirtualService {
  metadata: ObjectMeta;
  spec?: {
    hosts?: string[];
    /** `namespace/name`, `name` (same namespace) or the reserved `mesh`. Absent means `mesh` only. */
    gateways?: string[];
    http?: Array<{
      name?: string;
      route?: Array<{ destination?: IstioDestination; weight?: number }>;
    }>;
    tls?: Array<{
      route?: Array<{ destination?: IstioDestination; weight?: number }>;
    }>;
    tcp?: Array<{
      route?: Array<{ destination?: IstioDestination; weight?: number }>;
    }>;
  };
}

/** networking.istio.io/v1 DestinationRule. */
export interface DestinationRule {
  metadata: ObjectMeta;
  spec?: {
    host?: string;
    trafficPolicy?: {
      tls?: { mode?: string; sni?: string };
      outlierDetection?: {
        consecutive5xxErrors?: number;
        consecutiveGatewayErrors?: number;
        interval?: string;
        baseEjectionTime?: string;
        maxEjectionPercent?: number;
      };
    };
  };
}

/** networking.istio.io/v1 ServiceEntry. */
export interface ServiceEntry {
  metadata: ObjectMeta;
  spec?: {
    hosts?: string[];
    location?: string;
    resolution?: string;
    ports?: Array<{ number?: number; name?: string; protocol?: string }>;
  };
}

/** gateway.networking.k8s.io/v1 Gateway. */
export interface GatewayApiGateway {
  metadata: ObjectMeta;
  spec?: {
    gatewayClassName?: string;
    listeners?: Array<{
      name?: string;
      /** Absent: the listener accepts every hostname. */
      hostname?: string;
      port?: number;
      protocol?: string;
      tls?: {
        mode?: string;
        certificateRefs?: Array<{
          name: string;
          namespace?: string;
          kind?: string;
          group?: string;
        }>;
      };
    }>;
  };
  status?: {
    addresses?: Array<{ type?: string; value: string }>;
    conditions?: Condition[];
  };
}

export interface ParentReference {
  name: string;
  namespace?: string;
  sectionName?: string;
  kind?: string;
  group?: string;
}

export interface HttpBackendRef {
  name: string;
  namespace?: string;
  kind?: string;
  group?: string;
  port?: number;
  /** Defaults to 1. */
  weight?: number;
  filters?: Array<{
    type: string;
    requestHeaderModifier?: {
      set?: Array<{ name: string; value: string }>;
      add?: Array<{ name: string; value: string }>;
    };
  }>;
}

/** gateway.networking.k8s.io/v1 HTTPRoute. */
export interface HttpRoute {
  metadata: ObjectMeta;
  spec?: {
    parentRefs?: ParentReference[];
    hostnames?: string[];
    rules?: Array<{
      matches?: Array<{ path?: { type?: string; value?: string } }>;
      backendRefs?: HttpBackendRef[];
    }>;
  };
  status?: {
    parents?: Array<{ parentRef?: ParentReference; conditions?: Condition[] }>;
  };
}

/** cert-manager.io/v1 Certificate. */
export interface CertManagerCertificate {
  metadata: ObjectMeta;
  spec?: { secretName?: string; commonName?: string; dnsNames?: string[] };
  status?: {
    conditions?: Condition[];
    notAfter?: string;
    notBefore?: string;
    renewalTime?: string;
  };
}

/** Everything the backend reads from one cluster's Kubernetes API in one pass. */
export interface ClusterObjects {
  /** `gitVersion` of GET /version. */
  gitVersion?: string;
  nodes: V1Node[];
  /** LoadBalancer and ExternalName Services only, of every namespace. */
  services: V1Service[];
  istioGateways: IstioGateway[];
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
  serviceEntries: ServiceEntry[];
  /** gateway.networking.k8s.io Gateways. */
  gateways: GatewayApiGateway[];
  httpRoutes: HttpRoute[];
  /** cert-manager.io Certificates. */
  certificates: CertManagerCertificate[];
  /** API groups whose CRDs are not installed (404): normal, not an error. Sorted. */
  missingGroups: string[];
  /** HTTP requests the read made (pages included). */
  requests: number;
}
