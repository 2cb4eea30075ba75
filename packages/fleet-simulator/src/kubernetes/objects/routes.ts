/**
 * Routes: an application's VirtualService (Istio) or HTTPRoute (Gateway API) on its spoke's ingress, and the hub's
 * weighted HTTPRoutes that split a global host across spokes.
 */
import { KubeObject, WeightedRouteSpec } from '../../types';
import { DAY, isoSeconds } from '../../util';
import { trackingAnnotation } from './argocd';
import { namespace, trueCondition } from './common';
import { IngressRefs } from './ingress';
import { externalNameService } from './services';

/** A parentRef of an HTTPRoute: the Gateway it attaches to. */
interface GatewayParentRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  sectionName?: string;
}

/** The status Istio's gateway controller writes on an HTTPRoute it accepted with all references resolved. */
function acceptedRouteStatus(
  parentRef: GatewayParentRef,
  since: string,
  generation: number,
) {
  return {
    parents: [
      {
        parentRef,
        controllerName: 'istio.io/gateway-controller',
        conditions: [
          trueCondition(
            'Accepted',
            'Accepted',
            'Route was valid',
            since,
            generation,
          ),
          trueCondition(
            'ResolvedRefs',
            'ResolvedRefs',
            'All references resolved',
            since,
            generation,
          ),
        ],
      },
    ],
  };
}

/** What an application's route on a spoke is about. */
interface AppRouteTarget {
  app: string;
  workload: string;
  ns: string;
  host: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function trackedMetadata(t: AppRouteTarget, group: string, kind: string) {
  return {
    name: t.workload,
    namespace: t.ns,
    generation: 1,
    labels: t.labels,
    annotations: {
      ...t.annotations,
      ...trackingAnnotation(t.app, group, kind, t.ns, t.workload),
    },
  };
}

function virtualService(refs: IngressRefs, t: AppRouteTarget): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: trackedMetadata(t, 'networking.istio.io', 'VirtualService'),
    spec: {
      hosts: [t.host],
      gateways: [`${refs.gatewayNamespace}/${refs.gatewayName}`],
      http: [
        {
          name: 'primary',
          match: [{ uri: { prefix: '/' } }],
          route: [
            {
              destination: {
                host: `${t.workload}.${t.ns}.svc.cluster.local`,
                port: { number: 80 },
              },
            },
          ],
          timeout: '30s',
          retries: {
            attempts: 3,
            perTryTimeout: '10s',
            retryOn: 'gateway-error,connect-failure,refused-stream',
          },
        },
      ],
    },
  };
}

function appHttpRoute(
  refs: IngressRefs,
  t: AppRouteTarget,
  now: number,
): KubeObject {
  const parentRef = {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: refs.gatewayName,
    namespace: refs.gatewayNamespace,
    sectionName: 'https',
  };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: trackedMetadata(t, 'gateway.networking.k8s.io', 'HTTPRoute'),
    spec: {
      parentRefs: [parentRef],
      hostnames: [t.host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            {
              group: '',
              kind: 'Service',
              name: t.workload,
              port: 80,
              weight: 1,
            },
          ],
        },
      ],
    },
    status: acceptedRouteStatus(parentRef, isoSeconds(now - 5 * DAY), 1),
  };
}

/** A VirtualService (Istio) or HTTPRoute (Gateway API) exposing an application's workload on the spoke's ingress. */
export function appRoute(
  refs: IngressRefs,
  app: string,
  workload: string,
  ns: string,
  host: string,
  labels: Record<string, string>,
  externalURL: string | undefined,
  now: number,
): KubeObject {
  const target: AppRouteTarget = {
    app,
    workload,
    ns,
    host,
    labels,
    annotations: externalURL
      ? { 'link.argocd.argoproj.io/external-link': externalURL }
      : {},
  };
  return refs.kind === 'istio'
    ? virtualService(refs, target)
    : appHttpRoute(refs, target, now);
}

/** The Gateway a weighted route brings along when the hub has none to attach it to (HTTPS for its host). */
function routeGateway(
  route: WeightedRouteSpec,
  name: string,
  labels: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: route.namespace, generation: 1, labels },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'https',
          hostname: route.hostname,
          port: 443,
          protocol: 'HTTPS',
          tls: {
            mode: 'Terminate',
            certificateRefs: [
              { group: '', kind: 'Secret', name: `${route.name}-tls` },
            ],
          },
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  };
}

/** Istio's view of a spoke host outside the mesh: a ServiceEntry and a DestinationRule ejecting failing hosts. */
function meshExternalHost(
  name: string,
  ns: string,
  host: string,
  labels: Record<string, string>,
): KubeObject[] {
  return [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name, namespace: ns, generation: 1, labels },
      spec: {
        hosts: [host],
        location: 'MESH_EXTERNAL',
        ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
        resolution: 'DNS',
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name, namespace: ns, generation: 1, labels },
      spec: {
        host,
        trafficPolicy: {
          tls: { mode: 'SIMPLE', sni: host },
          connectionPool: {
            tcp: { maxConnections: 1000, connectTimeout: '5s' },
            http: { http2MaxRequests: 1000, maxRequestsPerConnection: 100 },
          },
          outlierDetection: {
            consecutive5xxErrors: 5,
            consecutiveGatewayErrors: 3,
            interval: '10s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 100,
          },
        },
      },
    },
  ];
}

/**
 * A hub-side HTTPRoute splitting traffic across spokes by weight. Each backend is an ExternalName Service
 * pointing at a host under the spoke's ingress domain, with a RequestHeaderModifier setting Host, plus (with
 * Istio) a ServiceEntry and a DestinationRule with outlier detection per spoke host.
 */
export function weightedRouteObjects(
  route: WeightedRouteSpec,
  gateway:
    | { name: string; namespace: string; sectionName?: string }
    | undefined,
  withIstio: boolean,
  now: number,
): KubeObject[] {
  const ns = route.namespace;
  const labels = {
    'app.kubernetes.io/name': route.name,
    'app.kubernetes.io/part-of': route.name.replace(/-global$/, ''),
    'hub-spoke/route': route.name,
  };
  const out: KubeObject[] = [namespace(ns, { 'istio-injection': 'enabled' })];
  let parent = gateway;
  if (!parent) {
    parent = { name: `${route.name}-gateway`, namespace: ns };
    out.push(routeGateway(route, parent.name, labels));
  }
  const backendName = (spoke: string) =>
    `${route.name}-${spoke}`.slice(0, 63).replace(/-+$/, '');
  for (const b of route.backends) {
    const name = backendName(b.spoke);
    const bl = { ...labels, 'hub-spoke/spoke': b.spoke };
    out.push(externalNameService(name, ns, b.host, bl));
    if (withIstio) out.push(...meshExternalHost(name, ns, b.host, bl));
  }
  const parentRef: GatewayParentRef = {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: parent.name,
    namespace: parent.namespace,
    ...(parent.sectionName ? { sectionName: parent.sectionName } : {}),
  };
  out.push({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: route.name, namespace: ns, generation: 3, labels },
    spec: {
      parentRefs: [parentRef],
      hostnames: [route.hostname],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: route.backends.map(b => ({
            group: '',
            kind: 'Service',
            name: backendName(b.spoke),
            port: 443,
            weight: b.weight,
            filters: [
              {
                type: 'RequestHeaderModifier',
                requestHeaderModifier: {
                  set: [{ name: 'Host', value: b.host }],
                },
              },
            ],
          })),
          timeouts: { request: '30s' },
        },
      ],
    },
    status: acceptedRouteStatus(parentRef, isoSeconds(now - 9 * DAY), 3),
  });
  return out;
}
