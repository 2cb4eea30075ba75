/**
 * Services: LoadBalancer (ingress gateways), ClusterIP (workloads, Argo CD's server) and ExternalName (hub
 * routes to spokes).
 */
import { KubeObject } from '../../types';
import { pick } from '../../util';
import { isIp, labelsOrNothing } from './common';

/** A port of a Service's spec. */
export interface ServicePort {
  name: string;
  protocol: 'TCP';
  port: number;
  targetPort: number;
}

/** The cluster IP a Service is given, derived from its namespace and name. */
function clusterIp(key: string): string {
  return `10.0.${pick(`ipa:${key}`, 256)}.${1 + pick(`ipb:${key}`, 254)}`;
}

/** A core v1 Service. */
function service(
  name: string,
  ns: string,
  meta: Record<string, unknown>,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, ...meta },
    spec,
    status,
  };
}

/** The ports of an Istio ingress gateway: name and port (the target port is the same). */
const GATEWAY_PORTS: Array<[string, number]> = [
  ['status-port', 15021],
  ['http2', 80],
  ['https', 443],
];

/** An ingress gateway's LoadBalancer Service, its addresses in status (IPs as VIPs, else host names). */
export function loadBalancerService(
  name: string,
  ns: string,
  selector: Record<string, string>,
  addresses: string[],
  labels: Record<string, string> = {},
): KubeObject {
  const ip = clusterIp(`${ns}/${name}`);
  return service(
    name,
    ns,
    labelsOrNothing({ ...selector, ...labels }),
    {
      ports: GATEWAY_PORTS.map(([portName, port], i) => ({
        name: portName,
        protocol: 'TCP',
        port,
        targetPort: port,
        nodePort: 30000 + pick(`np${i + 1}:${ns}/${name}`, 2767),
      })),
      selector,
      clusterIP: ip,
      clusterIPs: [ip],
      type: 'LoadBalancer',
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      allocateLoadBalancerNodePorts: true,
      internalTrafficPolicy: 'Cluster',
    },
    {
      loadBalancer: {
        ingress: addresses.map(a =>
          isIp(a) ? { ip: a, ipMode: 'VIP' } : { hostname: a },
        ),
      },
    },
  );
}

const HTTP_PORTS: ServicePort[] = [
  { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
];

/** A ClusterIP Service in front of pods (by default port 80 to the pods' 8080). */
export function clusterIpService(
  name: string,
  ns: string,
  selector: Record<string, string>,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  ports: ServicePort[] = HTTP_PORTS,
): KubeObject {
  const ip = clusterIp(`${ns}/${name}`);
  return service(
    name,
    ns,
    {
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    {
      ports: ports.map(p => ({ ...p })),
      selector,
      clusterIP: ip,
      clusterIPs: [ip],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    { loadBalancer: {} },
  );
}

/** An ExternalName Service: a name in the cluster for a host outside it (HTTPS). */
export function externalNameService(
  name: string,
  ns: string,
  externalName: string,
  labels: Record<string, string>,
): KubeObject {
  return service(
    name,
    ns,
    { labels },
    {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 443 }],
      type: 'ExternalName',
      externalName,
      sessionAffinity: 'None',
    },
    { loadBalancer: {} },
  );
}
