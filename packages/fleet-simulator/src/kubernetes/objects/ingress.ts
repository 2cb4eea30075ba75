/**
 * A cluster's ingress, from the fleet's shorthand: an Istio ingress gateway, or a Gateway API Gateway (Istio's
 * GatewayClass), each with its LoadBalancer Service, a wildcard Certificate and its TLS Secret.
 */
import { IngressSpec, KubeObject } from '../../types';
import { DAY, isoSeconds } from '../../util';
import { certificate, tlsSecret } from './certificates';
import { isIp, namespace, trueCondition } from './common';
import { loadBalancerService } from './services';

const ISTIO_INGRESS_NS = 'istio-ingress';
const GATEWAY_NS = 'gateway-system';
const GATEWAY_NAME = 'public-gateway';
const WILDCARD_SECRET = 'wildcard-apps-tls';

/** Where a cluster's ingress gateway lives, used by per-application routes. */
export interface IngressRefs {
  kind: 'istio' | 'gateway-api';
  domain: string;
  gatewayNamespace: string;
  gatewayName: string;
}

/** The gateway an ingress shorthand expands to. */
export function ingressRefs(ingress: IngressSpec): IngressRefs {
  return {
    kind: ingress.kind,
    domain: ingress.domain,
    gatewayNamespace: ingress.kind === 'istio' ? ISTIO_INGRESS_NS : GATEWAY_NS,
    gatewayName: GATEWAY_NAME,
  };
}

/** Istio: the ingress gateway's Service and a networking.istio.io Gateway (HTTPS, HTTP redirecting). */
function istioIngress(ingress: IngressSpec, ns: string): KubeObject[] {
  const hosts = [`*.${ingress.domain}`];
  return [
    namespace(ns, { 'istio-injection': 'enabled' }),
    loadBalancerService(
      'istio-ingressgateway',
      ns,
      { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      ingress.addresses,
      { 'app.kubernetes.io/name': 'istio-ingressgateway' },
    ),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: ns, generation: 1 },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts,
            tls: { mode: 'SIMPLE', credentialName: WILDCARD_SECRET },
          },
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts,
            tls: { httpsRedirect: true },
          },
        ],
      },
    },
  ];
}

/** A listener of the public Gateway for `*.domain`; HTTPS terminates with the wildcard Secret. */
function gatewayListener(
  domain: string,
  name: string,
  port: number,
  protocol: 'HTTP' | 'HTTPS',
) {
  return {
    name,
    hostname: `*.${domain}`,
    port,
    protocol,
    ...(protocol === 'HTTPS'
      ? {
          tls: {
            mode: 'Terminate',
            certificateRefs: [
              { group: '', kind: 'Secret', name: WILDCARD_SECRET },
            ],
          },
        }
      : {}),
    allowedRoutes: { namespaces: { from: 'All' } },
  };
}

/** Gateway API: Istio's GatewayClass, the Gateway's Service and the Gateway, accepted and programmed. */
function gatewayApiIngress(
  ingress: IngressSpec,
  ns: string,
  now: number,
): KubeObject[] {
  const since = isoSeconds(now - 30 * DAY);
  const cond = (type: string, reason: string, message: string) =>
    trueCondition(type, reason, message, since, 1);
  return [
    namespace(ns),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio', generation: 1 },
      spec: {
        controllerName: 'istio.io/gateway-controller',
        description: 'The default Istio GatewayClass',
      },
      status: {
        conditions: [
          trueCondition(
            'Accepted',
            'Accepted',
            'Handled by Istio controller',
            isoSeconds(now - 40 * DAY),
            1,
          ),
        ],
      },
    },
    loadBalancerService(
      `${GATEWAY_NAME}-istio`,
      ns,
      { 'gateway.networking.k8s.io/gateway-name': GATEWAY_NAME },
      ingress.addresses,
      { 'gateway.istio.io/managed': 'istio.io-gateway-controller' },
    ),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: ns, generation: 1 },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          gatewayListener(ingress.domain, 'https', 443, 'HTTPS'),
          gatewayListener(ingress.domain, 'http', 80, 'HTTP'),
        ],
      },
      status: {
        addresses: ingress.addresses.map(a => ({
          type: isIp(a) ? 'IPAddress' : 'Hostname',
          value: a,
        })),
        conditions: [
          cond('Accepted', 'Accepted', 'Resource accepted'),
          cond(
            'Programmed',
            'Programmed',
            'Resource programmed, assigned to service(s) ' +
              `${GATEWAY_NAME}-istio.${ns}.svc.cluster.local:443`,
          ),
        ],
        listeners: ['https', 'http'].map(name => ({
          name,
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          ],
          attachedRoutes: 0,
          conditions: [
            cond('Accepted', 'Accepted', 'No errors found'),
            cond('Programmed', 'Programmed', 'No errors found'),
            cond('ResolvedRefs', 'ResolvedRefs', 'No errors found'),
          ],
        })),
      },
    },
  ];
}

/** Expands the ingress shorthand: namespace, gateway, LoadBalancer Service, wildcard Certificate and its Secret. */
export function ingressObjects(
  ingress: IngressSpec,
  withCertManager: boolean,
  now: number,
): KubeObject[] {
  const ns = ingressRefs(ingress).gatewayNamespace;
  const out =
    ingress.kind === 'istio'
      ? istioIngress(ingress, ns)
      : gatewayApiIngress(ingress, ns, now);
  if (ingress.certificate && withCertManager) {
    out.push(
      certificate(
        'wildcard-apps',
        ns,
        ingress.domain,
        WILDCARD_SECRET,
        ingress.certificate,
        now,
      ),
    );
  }
  out.push(tlsSecret(WILDCARD_SECRET, ns, ingress.domain));
  return out;
}
