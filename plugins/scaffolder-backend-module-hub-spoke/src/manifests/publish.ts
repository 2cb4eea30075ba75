/**
 * Builders of hub-spoke:app:publish: an Argo CD Application per target spoke with the spoke's route objects (Istio
 * Gateway + VirtualService, or a Gateway API HTTPRoute attached to the spoke's Gateway), and for exposure hub the
 * hub's traffic split (HTTPRoute over ExternalName Services, ServiceEntries, DestinationRules) with its Application.
 */
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
} from '@hub-spoke/plugin-hub-spoke-common';
import { GATEWAY_NAME, WILDCARD_SECRET, ingressNamespace } from './ingress';
import { GitOpsSource, IngressKind } from './types';

/** Label every Application of one app carries (the Component's argocd/app-selector). @public */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** Circuit breaking of the hub's DestinationRules. @public */
export interface CircuitBreaking {
  consecutive5xxErrors: number;
  interval: string;
  baseEjectionTime: string;
  maxEjectionPercent: number;
  maxConnections: number;
  maxRequestsPerConnection: number;
  h2UpgradePolicy: 'DEFAULT' | 'DO_NOT_UPGRADE' | 'UPGRADE';
}

/** The circuit breaking values used for the fields the input leaves out. @public */
export const DEFAULT_CIRCUIT_BREAKING: CircuitBreaking = {
  consecutive5xxErrors: 3,
  interval: '10s',
  baseEjectionTime: '30s',
  maxEjectionPercent: 100,
  maxConnections: 100,
  maxRequestsPerConnection: 10,
  h2UpgradePolicy: 'DO_NOT_UPGRADE',
};

/** One target spoke of a publish request, resolved against the topology. @public */
export interface PublishTarget {
  cluster: string;
  hub: string;
  weight: number;
  /** The spoke's wildcard ingress domain (annotation hub-spoke/ingress-domain), when known. */
  ingressDomain?: string;
  /** The host the spoke's own ingress serves the app under. */
  spokeHost: string;
  /** The Secret of the spoke's wildcard certificate, when the live topology shows one (else the onboarding default). */
  wildcardSecret?: string;
}

/** A validated publish request: everything the builders need. @public */
export interface PublishSpec {
  name: string;
  namespace: string;
  source: GitOpsSource;
  /** Where the files of this request are published (the routes Argo CD delivers beside the app). */
  gitops: { repoURL: string; targetRevision: string };
  targetPath: string;
  targets: PublishTarget[];
  host: string;
  paths: string[];
  service: { name: string; port: number };
  ingress: IngressKind;
  exposure: 'spoke' | 'hub';
  tls: 'wildcard' | 'dedicated' | 'none';
  issuer: string;
  circuitBreaking: CircuitBreaking | false;
  pinnedPaths: Array<{ path: string; cluster: string }>;
  hubGateway: { name: string; namespace: string };
  /** Namespace of the hub's objects (the traffic split). */
  hubNamespace: string;
  argocdNamespace: string;
  project: string;
  owner: string;
}

const SKIP_DRY_RUN = {
  'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
};

/** Name of a target's Application. @public */
export const applicationName = (
  spec: Pick<PublishSpec, 'name'>,
  cluster: string,
) => `${spec.name}-${cluster}`;
/** Name of the hub's Application (exposure hub). @public */
export const hubApplicationName = (spec: Pick<PublishSpec, 'name'>) =>
  `${spec.name}-hub-routes`;
/** Name of the dedicated Certificate and its Secret. @public */
export const dedicatedSecretName = (spec: Pick<PublishSpec, 'name'>) =>
  `${spec.name}-tls`;
/** Name of the ExternalName Service standing for a target on the hub. @public */
export const backendServiceName = (
  spec: Pick<PublishSpec, 'name'>,
  cluster: string,
) => `${spec.name}-${cluster}`;

const labels = (spec: PublishSpec, cluster?: string) => ({
  [PART_OF_LABEL]: spec.name,
  ...(cluster ? { 'hub-spoke/cluster': cluster } : {}),
});

/** Metadata of an object of the app on a spoke: named after the app, in its namespace. */
const appMetadata = (spec: PublishSpec) => ({
  name: spec.name,
  namespace: spec.namespace,
  labels: labels(spec),
});

/** Metadata of a hub object standing for the app on one spoke (its Service, ServiceEntry, DestinationRule). */
const backendMetadata = (spec: PublishSpec, target: PublishTarget) => ({
  name: backendServiceName(spec, target.cluster),
  namespace: spec.hubNamespace,
  labels: labels(spec, target.cluster),
});

/** Workspace folder of a target's files. @public */
export const targetFolder = (spec: PublishSpec, cluster: string) =>
  `${spec.targetPath}/${cluster}`;
/** Workspace folder of the hub's files. @public */
export const hubFolder = (spec: PublishSpec) => `${spec.targetPath}/hub`;

function application(
  spec: PublishSpec,
  name: string,
  cluster: string | undefined,
  destination: { name: string; namespace: string },
  sources: GitOpsSource[],
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: spec.argocdNamespace,
      labels: labels(spec, cluster),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: spec.project,
      sources: sources.map(s => ({
        repoURL: s.repoURL,
        path: s.path,
        targetRevision: s.targetRevision,
      })),
      destination,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

/**
 * The Application that deploys the app to one spoke: the app's source, and the spoke's route objects beside it.
 *
 * @public
 */
export function buildTargetApplication(
  spec: PublishSpec,
  target: PublishTarget,
) {
  return application(
    spec,
    applicationName(spec, target.cluster),
    target.cluster,
    { name: target.cluster, namespace: spec.namespace },
    [
      spec.source,
      {
        repoURL: spec.gitops.repoURL,
        path: `${targetFolder(spec, target.cluster)}/routes`,
        targetRevision: spec.gitops.targetRevision,
      },
    ],
  );
}

/** The Application that delivers the traffic split to the hub itself (Argo CD's in-cluster). @public */
export function buildHubApplication(spec: PublishSpec) {
  return application(
    spec,
    hubApplicationName(spec),
    undefined,
    { name: 'in-cluster', namespace: spec.hubNamespace },
    [
      {
        repoURL: spec.gitops.repoURL,
        path: `${hubFolder(spec)}/routes`,
        targetRevision: spec.gitops.targetRevision,
      },
    ],
  );
}

const serviceHost = (spec: PublishSpec) =>
  `${spec.service.name}.${spec.namespace}.svc.cluster.local`;

/** The TLS Secret serving the host on a spoke (none for tls none). */
function credentialName(
  spec: PublishSpec,
  target: PublishTarget,
): string | undefined {
  if (spec.tls === 'none') return undefined;
  return spec.tls === 'dedicated'
    ? dedicatedSecretName(spec)
    : target.wildcardSecret ?? WILDCARD_SECRET;
}

/** cert-manager Certificate for the spoke-local host, in the gateway's namespace (tls dedicated). @public */
export function buildAppCertificate(spec: PublishSpec, target: PublishTarget) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: {
      name: dedicatedSecretName(spec),
      namespace: ingressNamespace(spec),
      labels: labels(spec),
      annotations: SKIP_DRY_RUN,
    },
    spec: {
      secretName: dedicatedSecretName(spec),
      dnsNames: [target.spokeHost],
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: spec.issuer,
      },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    },
  };
}

/**
 * Istio Gateway with a server for the app's host on the spoke (its ingress gateway), HTTP redirected to HTTPS.
 *
 * @public
 */
export function buildAppIstioGateway(spec: PublishSpec, target: PublishTarget) {
  const credential = credentialName(spec, target);
  const hosts = [target.spokeHost];
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: appMetadata(spec),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: credential
        ? [
            {
              port: {
                number: 443,
                name: `https-${spec.name}`,
                protocol: 'HTTPS',
              },
              hosts,
              tls: { mode: 'SIMPLE', credentialName: credential },
            },
            {
              port: { number: 80, name: `http-${spec.name}`, protocol: 'HTTP' },
              hosts,
              tls: { httpsRedirect: true },
            },
          ]
        : [
            {
              port: { number: 80, name: `http-${spec.name}`, protocol: 'HTTP' },
              hosts,
            },
          ],
    },
  };
}

/** Istio VirtualService: the host's paths routed to <service>.<namespace>.svc.cluster.local. @public */
export function buildAppVirtualService(
  spec: PublishSpec,
  target: PublishTarget,
) {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: appMetadata(spec),
    spec: {
      hosts: [target.spokeHost],
      gateways: [`${spec.namespace}/${spec.name}`],
      http: [
        {
          name: spec.name,
          match: spec.paths.map(p => ({ uri: { prefix: p } })),
          route: [
            {
              destination: {
                host: serviceHost(spec),
                port: { number: spec.service.port },
              },
            },
          ],
        },
      ],
    },
  };
}

/** Gateway API HTTPRoute attached to the spoke's Gateway (its HTTPS listener, or HTTP for tls none). @public */
export function buildAppHttpRoute(spec: PublishSpec, target: PublishTarget) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: appMetadata(spec),
    spec: {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: GATEWAY_NAME,
          namespace: ingressNamespace(spec),
          sectionName: spec.tls === 'none' ? 'http' : 'https',
        },
      ],
      hostnames: [target.spokeHost],
      rules: [
        {
          matches: spec.paths.map(p => ({
            path: { type: 'PathPrefix', value: p },
          })),
          backendRefs: [
            {
              kind: 'Service',
              name: spec.service.name,
              port: spec.service.port,
            },
          ],
        },
      ],
    },
  };
}

/** The route objects of one spoke, by file name. @public */
export function buildSpokeRoutes(
  spec: PublishSpec,
  target: PublishTarget,
): Record<string, object> {
  const out: Record<string, object> = {};
  if (spec.tls === 'dedicated')
    out['certificate.yaml'] = buildAppCertificate(spec, target);
  if (spec.ingress === 'istio') {
    out['gateway.yaml'] = buildAppIstioGateway(spec, target);
    out['virtualservice.yaml'] = buildAppVirtualService(spec, target);
  } else {
    out['httproute.yaml'] = buildAppHttpRoute(spec, target);
  }
  return out;
}

/** Port the hub reaches the spokes on: 443 unless the spokes serve plain HTTP. */
const backendPort = (spec: PublishSpec) => (spec.tls === 'none' ? 80 : 443);

/** ExternalName Service on the hub standing for the app on one spoke. @public */
export function buildBackendService(spec: PublishSpec, target: PublishTarget) {
  const port = backendPort(spec);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: backendMetadata(spec, target),
    spec: {
      type: 'ExternalName',
      externalName: target.spokeHost,
      ports: [
        {
          name: port === 443 ? 'https' : 'http',
          port,
          protocol: 'TCP',
          targetPort: port,
        },
      ],
    },
  };
}

/** ServiceEntry making a spoke's host known to the hub's mesh (without it the mesh answers 500). @public */
export function buildServiceEntry(spec: PublishSpec, target: PublishTarget) {
  const port = backendPort(spec);
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: backendMetadata(spec, target),
    spec: {
      hosts: [target.spokeHost],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [
        port === 443
          ? { number: 443, name: 'tls', protocol: 'TLS' }
          : { number: 80, name: 'http', protocol: 'HTTP' },
      ],
    },
  };
}

/** DestinationRule per ExternalName Service: TLS to the spoke (SNI its host) and the circuit breaking. @public */
export function buildDestinationRule(spec: PublishSpec, target: PublishTarget) {
  const cb = spec.circuitBreaking;
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: backendMetadata(spec, target),
    spec: {
      host: `${backendServiceName(spec, target.cluster)}.${
        spec.hubNamespace
      }.svc.cluster.local`,
      trafficPolicy: {
        ...(cb
          ? {
              connectionPool: {
                tcp: { maxConnections: cb.maxConnections },
                http: {
                  maxRequestsPerConnection: cb.maxRequestsPerConnection,
                  h2UpgradePolicy: cb.h2UpgradePolicy,
                },
              },
              outlierDetection: {
                consecutive5xxErrors: cb.consecutive5xxErrors,
                interval: cb.interval,
                baseEjectionTime: cb.baseEjectionTime,
                maxEjectionPercent: cb.maxEjectionPercent,
              },
            }
          : {}),
        ...(spec.tls === 'none'
          ? {}
          : { tls: { mode: 'SIMPLE', sni: target.spokeHost } }),
      },
    },
  };
}

/** The hub's HTTPRoute: the paths split across the targets by weight, pinned paths sent to one target. @public */
export function buildHubHttpRoute(spec: PublishSpec) {
  const backend = (t: PublishTarget, weight: number) => ({
    kind: 'Service',
    name: backendServiceName(spec, t.cluster),
    port: backendPort(spec),
    weight,
    filters: [
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'Host', value: t.spokeHost }] },
      },
    ],
  });
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: spec.name,
      namespace: spec.hubNamespace,
      labels: labels(spec),
    },
    spec: {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: spec.hubGateway.name,
          namespace: spec.hubGateway.namespace,
        },
      ],
      hostnames: [spec.host],
      rules: [
        ...spec.pinnedPaths.map(p => ({
          matches: [{ path: { type: 'PathPrefix', value: p.path } }],
          backendRefs: spec.targets.map(t =>
            backend(t, t.cluster === p.cluster ? 100 : 0),
          ),
        })),
        {
          matches: spec.paths.map(p => ({
            path: { type: 'PathPrefix', value: p },
          })),
          backendRefs: spec.targets.map(t => backend(t, t.weight)),
        },
      ],
    },
  };
}

/** The hub's route objects (exposure hub), by file name. @public */
export function buildHubRoutes(spec: PublishSpec): Record<string, object> {
  const out: Record<string, object> = {
    'httproute.yaml': buildHubHttpRoute(spec),
  };
  for (const t of spec.targets) {
    out[`service-${t.cluster}.yaml`] = buildBackendService(spec, t);
    out[`serviceentry-${t.cluster}.yaml`] = buildServiceEntry(spec, t);
    out[`destinationrule-${t.cluster}.yaml`] = buildDestinationRule(spec, t);
  }
  return out;
}

/** The app's catalog Component: argocd/app-name for one Application, argocd/app-selector for several. @public */
export function buildAppCatalogInfo(spec: PublishSpec) {
  const apps = spec.targets.map(t => applicationName(spec, t.cluster));
  if (spec.exposure === 'hub') apps.push(hubApplicationName(spec));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      description: `${spec.name}, published at https://${
        spec.host
      } from ${spec.targets.map(t => t.cluster).join(', ')}.`,
      annotations:
        apps.length === 1
          ? { [ANNOTATION_ARGOCD_APP_NAME]: apps[0] }
          : {
              [ANNOTATION_ARGOCD_APP_SELECTOR]: `${PART_OF_LABEL}=${spec.name}`,
            },
      links: [{ url: `https://${spec.host}`, title: spec.host }],
    },
    spec: { type: 'service', lifecycle: 'production', owner: spec.owner },
  };
}
