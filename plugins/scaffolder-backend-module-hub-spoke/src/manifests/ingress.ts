/**
 * The spoke's ingress: a wildcard cert-manager Certificate and a gateway (Istio or Gateway API), delivered to the spoke
 * by an Argo CD Application on the hub.
 */
import { SpokeSpec } from './types';

/** Name of the wildcard Certificate. @public */
export const WILDCARD_CERTIFICATE = 'wildcard-ingress';
/** Name of the TLS Secret the wildcard Certificate fills. @public */
export const WILDCARD_SECRET = 'wildcard-ingress-tls';
/** Name of the gateway. @public */
export const GATEWAY_NAME = 'public-gateway';

/** Lets the Application sync before the add-on that installs the CRD has (Argo CD retries). */
const SKIP_DRY_RUN = {
  'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
};

/** The namespace of the gateway (the Istio gateway add-on installs into istio-ingress). @public */
export function ingressNamespace(spec: Pick<SpokeSpec, 'ingress'>): string {
  return spec.ingress === 'istio' ? 'istio-ingress' : 'gateway-system';
}

/** Metadata of an ingress object on the spoke: in the gateway's namespace, synced before its CRD may exist. */
const ingressMetadata = (spec: SpokeSpec, name: string) => ({
  name,
  namespace: ingressNamespace(spec),
  annotations: SKIP_DRY_RUN,
});

function domainOf(spec: SpokeSpec): string {
  if (!spec.ingressDomain) throw new Error('the ingress needs ingressDomain');
  return spec.ingressDomain;
}

/** cert-manager Certificate for *.<domain>, issued by a ClusterIssuer. @public */
export function buildCertificate(spec: SpokeSpec) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: ingressMetadata(spec, WILDCARD_CERTIFICATE),
    spec: {
      secretName: WILDCARD_SECRET,
      dnsNames: [`*.${domainOf(spec)}`],
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: spec.issuer,
      },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    },
  };
}

/** Istio Gateway: HTTPS for *.<domain> with the wildcard certificate, HTTP redirected to HTTPS. @public */
export function buildIstioGateway(spec: SpokeSpec) {
  const host = `*.${domainOf(spec)}`;
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: ingressMetadata(spec, GATEWAY_NAME),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: [host],
          tls: { mode: 'SIMPLE', credentialName: WILDCARD_SECRET },
        },
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: [host],
          tls: { httpsRedirect: true },
        },
      ],
    },
  };
}

/**
 * Gateway API Gateway: an HTTPS listener for *.<domain> terminating with the wildcard certificate, and HTTP.
 *
 * @public
 */
export function buildGatewayApiGateway(spec: SpokeSpec) {
  const hostname = `*.${domainOf(spec)}`;
  const allowedRoutes = { namespaces: { from: 'All' } };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: ingressMetadata(spec, GATEWAY_NAME),
    spec: {
      gatewayClassName: spec.gatewayClassName,
      listeners: [
        {
          name: 'https',
          hostname,
          port: 443,
          protocol: 'HTTPS',
          tls: {
            mode: 'Terminate',
            certificateRefs: [{ kind: 'Secret', name: WILDCARD_SECRET }],
          },
          allowedRoutes,
        },
        { name: 'http', hostname, port: 80, protocol: 'HTTP', allowedRoutes },
      ],
    },
  };
}

/** The gateway of the chosen flavour. @public */
export function buildGateway(spec: SpokeSpec) {
  return spec.ingress === 'istio'
    ? buildIstioGateway(spec)
    : buildGatewayApiGateway(spec);
}

/** Name of the Application that delivers the ingress to the spoke. @public */
export function ingressApplicationName(spec: Pick<SpokeSpec, 'name'>): string {
  return `${spec.name}-ingress`;
}

/** Argo CD Application on the hub that syncs the ingress files (gitops source) to the new spoke (by name). @public */
export function buildIngressApplication(spec: SpokeSpec) {
  if (!spec.gitops)
    throw new Error('the ingress Application needs the gitops source');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: ingressApplicationName(spec),
      namespace: spec.argocdNamespace,
      labels: {
        'hub-spoke/cluster': spec.name,
        'app.kubernetes.io/part-of': 'hub-spoke-ingress',
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: spec.project,
      source: {
        repoURL: spec.gitops.repoURL,
        path: spec.gitops.path,
        targetRevision: spec.gitops.targetRevision,
      },
      destination: { name: spec.name, namespace: ingressNamespace(spec) },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
        retry: {
          limit: 5,
          backoff: { duration: '30s', factor: 2, maxDuration: '10m' },
        },
      },
    },
  };
}
