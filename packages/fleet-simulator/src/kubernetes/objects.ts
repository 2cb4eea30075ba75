/**
 * Pure builders for the Kubernetes objects a simulated cluster holds. Metadata bookkeeping
 * (uid, resourceVersion, creationTimestamp) is completed by the store.
 */
import {
  CertificateSpec,
  HealthStatus,
  IngressSpec,
  KubeObject,
  WeightedRouteSpec,
} from '../types';
import {
  DAY,
  HOUR,
  formatIp,
  hexOf,
  isoSeconds,
  parseCidr,
  pick,
} from '../util';

const ISTIO_INGRESS_NS = 'istio-ingress';
const GATEWAY_NS = 'gateway-system';
const GATEWAY_NAME = 'public-gateway';
const WILDCARD_SECRET = 'wildcard-apps-tls';

function labelsOrNothing(labels: Record<string, string>): {
  labels?: Record<string, string>;
} {
  return Object.keys(labels).length > 0 ? { labels } : {};
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** Node naming and instance types by the cluster's flavour (aks-*, eks-*, gke-*, other). */
function flavour(cluster: string): {
  nodeName: (i: number, ip: string) => string;
  instanceType: string;
  provider: (n: string) => string;
  runtime: string;
  os: string;
  kernel: string;
} {
  if (cluster.startsWith('aks')) {
    const id = String(10_000_000 + pick(`aks:${cluster}`, 89_999_999));
    return {
      nodeName: i => `aks-system-${id}-vmss${String(i).padStart(6, '0')}`,
      instanceType: 'Standard_D4ds_v5',
      provider: n =>
        `azure:///subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mc_${cluster}/providers/Microsoft.Compute/virtualMachineScaleSets/${n.replace(
          /vmss\d+$/,
          'vmss',
        )}/virtualMachines/0`,
      runtime: 'containerd://1.7.27-1',
      os: 'Ubuntu 22.04.5 LTS',
      kernel: '5.15.0-1089-azure',
    };
  }
  if (cluster.startsWith('eks')) {
    return {
      nodeName: (_i, ip) => `ip-${ip.replace(/\./g, '-')}.ec2.internal`,
      instanceType: 'm6i.xlarge',
      provider: n => `aws:///us-east-1a/i-0${hexOf(n, 16)}`,
      runtime: 'containerd://1.7.27',
      os: 'Amazon Linux 2023.7.20250512',
      kernel: '6.1.134-152.225.amzn2023.x86_64',
    };
  }
  if (cluster.startsWith('gke')) {
    const id = hexOf(`gke:${cluster}`, 8);
    return {
      nodeName: i =>
        `gke-${cluster.slice(0, 20)}-default-pool-${id}-${hexOf(
          `${cluster}${i}`,
          4,
        )}`,
      instanceType: 'e2-standard-4',
      provider: n => `gce://example-project/europe-west1-b/${n}`,
      runtime: 'containerd://1.7.24',
      os: 'Container-Optimized OS from Google',
      kernel: '6.6.72+',
    };
  }
  return {
    nodeName: i => `${cluster}-worker-${i}`,
    instanceType: 'standard-4',
    provider: n => `kind://docker/${cluster}/${n}`,
    runtime: 'containerd://2.0.3',
    os: 'Debian GNU/Linux 12 (bookworm)',
    kernel: '6.8.0-60-generic',
  };
}

/** The first usable address of a cluster's node network (its hub-spoke/cidr, or one derived from the name). */
export function nodeNetworkBase(
  cluster: string,
  cidr: string | undefined,
): number {
  const parsed = cidr ? parseCidr(cidr.split(',')[0]) : undefined;
  if (parsed) return parsed.base;
  return ((10 << 24) >>> 0) + ((200 + pick(`net:${cluster}`, 50)) << 16);
}

export interface NodeInput {
  cluster: string;
  kubernetesVersion: string;
  ready: number;
  total: number;
  region?: string;
  cidr?: string;
  now: number;
}

export function nodes(n: NodeInput): KubeObject[] {
  const f = flavour(n.cluster);
  const base = nodeNetworkBase(n.cluster, n.cidr);
  const kubelet = n.kubernetesVersion.startsWith('v')
    ? n.kubernetesVersion
    : `v${n.kubernetesVersion}`;
  const region = n.region ?? 'region-1';
  const heartbeat = isoSeconds(n.now - 20_000);
  return Array.from({ length: n.total }, (_, i) => {
    const ip = formatIp(base + 4 + i);
    const name = f.nodeName(i, ip);
    const ready = i < n.ready;
    const since = isoSeconds(
      n.now - (ready ? 12 * DAY : 47 * 60_000) - i * HOUR,
    );
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => ({
      type,
      status,
      lastHeartbeatTime: ready ? heartbeat : isoSeconds(n.now - 48 * 60_000),
      lastTransitionTime: since,
      reason,
      message,
    });
    const unknown = (type: string) =>
      cond(
        type,
        'Unknown',
        'NodeStatusUnknown',
        'Kubelet stopped posting node status.',
      );
    const capacity = {
      cpu: '4',
      'ephemeral-storage': '129886128Ki',
      memory: '16365532Ki',
      pods: '110',
    };
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': f.instanceType,
          'topology.kubernetes.io/region': region,
          'topology.kubernetes.io/zone': `${region}-${(i % 3) + 1}`,
        },
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        providerID: f.provider(name),
        ...(ready
          ? {}
          : {
              taints: [
                {
                  key: 'node.kubernetes.io/unreachable',
                  effect: 'NoSchedule',
                  timeAdded: since,
                },
                {
                  key: 'node.kubernetes.io/unreachable',
                  effect: 'NoExecute',
                  timeAdded: since,
                },
              ],
            }),
      },
      status: {
        capacity,
        allocatable: {
          cpu: '3860m',
          'ephemeral-storage': '119703055367',
          memory: '13064924Ki',
          pods: '110',
        },
        conditions: ready
          ? [
              cond(
                'MemoryPressure',
                'False',
                'KubeletHasSufficientMemory',
                'kubelet has sufficient memory available',
              ),
              cond(
                'DiskPressure',
                'False',
                'KubeletHasNoDiskPressure',
                'kubelet has no disk pressure',
              ),
              cond(
                'PIDPressure',
                'False',
                'KubeletHasSufficientPID',
                'kubelet has sufficient PID available',
              ),
              cond(
                'Ready',
                'True',
                'KubeletReady',
                'kubelet is posting ready status',
              ),
            ]
          : [
              unknown('MemoryPressure'),
              unknown('DiskPressure'),
              unknown('PIDPressure'),
              unknown('Ready'),
            ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: hexOf(`machine:${name}`, 32),
          systemUUID: hexOf(`uuid:${name}`, 32),
          bootID: hexOf(`boot:${name}`, 32),
          kernelVersion: f.kernel,
          osImage: f.os,
          containerRuntimeVersion: f.runtime,
          kubeletVersion: kubelet,
          kubeProxyVersion: kubelet,
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  });
}

function clusterIp(key: string): string {
  return `10.0.${pick(`ipa:${key}`, 256)}.${1 + pick(`ipb:${key}`, 254)}`;
}

function isIp(a: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(a) || a.includes(':');
}

export function loadBalancerService(
  name: string,
  ns: string,
  selector: Record<string, string>,
  addresses: string[],
  labels: Record<string, string> = {},
): KubeObject {
  const ip = clusterIp(`${ns}/${name}`);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ns,
      ...labelsOrNothing({ ...selector, ...labels }),
    },
    spec: {
      ports: [
        {
          name: 'status-port',
          protocol: 'TCP',
          port: 15021,
          targetPort: 15021,
          nodePort: 30000 + pick(`np1:${ns}/${name}`, 2767),
        },
        {
          name: 'http2',
          protocol: 'TCP',
          port: 80,
          targetPort: 80,
          nodePort: 30000 + pick(`np2:${ns}/${name}`, 2767),
        },
        {
          name: 'https',
          protocol: 'TCP',
          port: 443,
          targetPort: 443,
          nodePort: 30000 + pick(`np3:${ns}/${name}`, 2767),
        },
      ],
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
    status: {
      loadBalancer: {
        ingress: addresses.map(a =>
          isIp(a) ? { ip: a, ipMode: 'VIP' } : { hostname: a },
        ),
      },
    },
  };
}

export function clusterIpService(
  name: string,
  ns: string,
  selector: Record<string, string>,
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
): KubeObject {
  const ip = clusterIp(`${ns}/${name}`);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ns,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector,
      clusterIP: ip,
      clusterIPs: [ip],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function externalNameService(
  name: string,
  ns: string,
  externalName: string,
  labels: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels },
    spec: {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 443 }],
      type: 'ExternalName',
      externalName,
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

/** The Ready condition of a Certificate: up to date, expired, or failing to renew. */
function readyCondition(
  c: CertificateSpec,
  secretName: string,
  notBefore: number,
  notAfter: number,
  renewal: number,
): Record<string, unknown> {
  if (c.ready && c.notAfterDays > 0) {
    return {
      type: 'Ready',
      status: 'True',
      reason: 'Ready',
      message: 'Certificate is up to date and has not expired',
      lastTransitionTime: isoSeconds(notBefore + HOUR),
      observedGeneration: 1,
    };
  }
  if (c.notAfterDays <= 0) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'Expired',
      message: `Certificate expired on ${new Date(notAfter).toUTCString()}`,
      lastTransitionTime: isoSeconds(notAfter),
      observedGeneration: 1,
    };
  }
  return {
    type: 'Ready',
    status: 'False',
    reason: 'Failed',
    message: `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${secretName}-1-2784632214" to become ready: order is in "errored" state: Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited`,
    lastTransitionTime: isoSeconds(renewal),
    observedGeneration: 1,
  };
}

export function certificate(
  name: string,
  ns: string,
  domain: string,
  secretName: string,
  c: CertificateSpec,
  now: number,
): KubeObject {
  const notAfter = now + c.notAfterDays * DAY;
  const notBefore = notAfter - 90 * DAY;
  const renewal = notAfter - 30 * DAY;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: ns, generation: 1 },
    spec: {
      secretName,
      commonName: `*.${domain}`,
      dnsNames: [`*.${domain}`, domain],
      duration: '2160h0m0s',
      renewBefore: '720h0m0s',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['digital signature', 'key encipherment', 'server auth'],
      issuerRef: {
        name: c.issuer,
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    },
    status: {
      conditions: [
        readyCondition(c, secretName, notBefore, notAfter, renewal),
        ...(now > renewal
          ? [
              {
                type: 'Issuing',
                status: 'True',
                reason: 'Renewing',
                message: `Renewing certificate as renewal was scheduled at ${new Date(
                  renewal,
                ).toUTCString()}`,
                lastTransitionTime: isoSeconds(renewal),
                observedGeneration: 1,
              },
            ]
          : []),
      ],
      notBefore: isoSeconds(notBefore),
      notAfter: isoSeconds(notAfter),
      renewalTime: isoSeconds(renewal),
      revision: 1 + pick(`certrev:${ns}/${name}`, 6),
      ...(now > renewal
        ? {
            failedIssuanceAttempts: 1 + pick(`fail:${ns}/${name}`, 4),
            lastFailureTime: isoSeconds(now - 2 * HOUR),
          }
        : {}),
    },
  };
}

export function tlsSecret(
  name: string,
  ns: string,
  domain: string,
): KubeObject {
  const pem = (label: string) =>
    Buffer.from(
      `-----BEGIN ${label}-----\nU0lNVUxBVEVEIC0gbm90IGEgcmVhbCBrZXkgZm9yICoue2RvbWFpbn0=\n-----END ${label}-----\n`,
    ).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: ns,
      annotations: {
        'cert-manager.io/alt-names': `*.${domain},${domain}`,
        'cert-manager.io/certificate-name': 'wildcard-apps',
        'cert-manager.io/common-name': `*.${domain}`,
        'cert-manager.io/issuer-kind': 'ClusterIssuer',
      },
      labels: { 'controller.cert-manager.io/fao': 'true' },
    },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': pem('CERTIFICATE'), 'tls.key': pem('EC PRIVATE KEY') },
  };
}

/** Where a cluster's ingress gateway lives, used by per-application routes. */
export interface IngressRefs {
  kind: 'istio' | 'gateway-api';
  domain: string;
  gatewayNamespace: string;
  gatewayName: string;
}

export function ingressRefs(ingress: IngressSpec): IngressRefs {
  return ingress.kind === 'istio'
    ? {
        kind: 'istio',
        domain: ingress.domain,
        gatewayNamespace: ISTIO_INGRESS_NS,
        gatewayName: GATEWAY_NAME,
      }
    : {
        kind: 'gateway-api',
        domain: ingress.domain,
        gatewayNamespace: GATEWAY_NS,
        gatewayName: GATEWAY_NAME,
      };
}

/** Expands the ingress shorthand: namespace, gateway, LoadBalancer Service, wildcard Certificate and its Secret. */
export function ingressObjects(
  ingress: IngressSpec,
  withCertManager: boolean,
  now: number,
): KubeObject[] {
  const refs = ingressRefs(ingress);
  const ns = refs.gatewayNamespace;
  const out: KubeObject[] = [];
  const hosts = [`*.${ingress.domain}`];
  if (ingress.kind === 'istio') {
    out.push(namespace(ns, { 'istio-injection': 'enabled' }));
    out.push(
      loadBalancerService(
        'istio-ingressgateway',
        ns,
        { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        ingress.addresses,
        { 'app.kubernetes.io/name': 'istio-ingressgateway' },
      ),
    );
    out.push({
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
    });
  } else {
    out.push(namespace(ns));
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio', generation: 1 },
      spec: {
        controllerName: 'istio.io/gateway-controller',
        description: 'The default Istio GatewayClass',
      },
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: 'Handled by Istio controller',
            lastTransitionTime: isoSeconds(now - 40 * DAY),
            observedGeneration: 1,
          },
        ],
      },
    });
    out.push(
      loadBalancerService(
        `${GATEWAY_NAME}-istio`,
        ns,
        { 'gateway.networking.k8s.io/gateway-name': GATEWAY_NAME },
        ingress.addresses,
        { 'gateway.istio.io/managed': 'istio.io-gateway-controller' },
      ),
    );
    const since = isoSeconds(now - 30 * DAY);
    const cond = (type: string, reason: string, message: string) => ({
      type,
      status: 'True',
      reason,
      message,
      lastTransitionTime: since,
      observedGeneration: 1,
    });
    const listener = (
      lname: string,
      port: number,
      protocol: 'HTTP' | 'HTTPS',
    ) => ({
      name: lname,
      hostname: `*.${ingress.domain}`,
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
    });
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: ns, generation: 1 },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          listener('https', 443, 'HTTPS'),
          listener('http', 80, 'HTTP'),
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
        listeners: ['https', 'http'].map(lname => ({
          name: lname,
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
    });
  }
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

export interface AppWorkloadInput {
  app: string;
  workload: string;
  namespace: string;
  labels: Record<string, string>;
  health: HealthStatus;
  replicas: number;
  images: string[];
  revision: string;
  /** Ready nodes the pods are scheduled on. */
  nodes: Array<{ name: string; ip: string }>;
  now: number;
}

export function workloadLabels(
  app: string,
  workload: string,
  appLabels: Record<string, string>,
): Record<string, string> {
  const partOf = appLabels['app.kubernetes.io/part-of'];
  return {
    'app.kubernetes.io/name': workload,
    'app.kubernetes.io/instance': app,
    ...(partOf ? { 'app.kubernetes.io/part-of': partOf } : {}),
    'backstage.io/kubernetes-id':
      appLabels['backstage.io/kubernetes-id'] ?? partOf ?? workload,
  };
}

export function trackingAnnotation(
  app: string,
  group: string,
  kind: string,
  ns: string,
  name: string,
): Record<string, string> {
  return {
    'argocd.argoproj.io/tracking-id': `${app}:${group}/${kind}:${ns}/${name}`,
  };
}

function progressingCondition(
  health: HealthStatus,
  rsName: string,
  at: number,
): Record<string, string> {
  const cond = (status: string, reason: string, message: string) => ({
    type: 'Progressing',
    status,
    lastUpdateTime: isoSeconds(at),
    lastTransitionTime: isoSeconds(at),
    reason,
    message,
  });
  switch (health) {
    case 'Suspended':
      return cond('Unknown', 'DeploymentPaused', 'Deployment is paused');
    case 'Degraded':
      return cond(
        'False',
        'ProgressDeadlineExceeded',
        `ReplicaSet "${rsName}" has timed out progressing.`,
      );
    case 'Progressing':
      return cond(
        'True',
        'ReplicaSetUpdated',
        `ReplicaSet "${rsName}" is progressing.`,
      );
    default:
      return cond(
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
      );
  }
}

function containerState(
  crash: boolean,
  pending: boolean,
  container: string,
  pod: string,
  ns: string,
  started: number,
): Record<string, unknown> {
  if (crash) {
    return {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 5m0s restarting failed container=${container} pod=${pod}_${ns}`,
      },
    };
  }
  if (pending) return { waiting: { reason: 'ContainerCreating' } };
  return { running: { startedAt: isoSeconds(started + 3_000) } };
}

/** Deployment, ReplicaSet and Pods of an application's workload, shaped by its health. */
export function workloadObjects(w: AppWorkloadInput): KubeObject[] {
  if (w.health === 'Missing') return [];
  const labels = workloadLabels(w.app, w.workload, w.labels);
  const selector = {
    'app.kubernetes.io/name': w.workload,
    'app.kubernetes.io/instance': w.app,
  };
  const podHash = hexOf(`pth:${w.app}:${w.revision}`, 10).replace(
    /[0-9]/g,
    d => 'bcdfghjkmn'[Number(d)],
  );
  const rsName = `${w.workload}-${podHash}`;
  const created = w.now - (2 * DAY + pick(`wl:${w.app}`, 20 * 24) * HOUR);
  const deployedAt = w.now - (10 + pick(`dep:${w.app}`, 600)) * 60_000;
  const replicas = w.replicas;
  const paused = w.health === 'Suspended';
  let bad = 0;
  if (w.health === 'Degraded') bad = Math.max(1, Math.ceil(replicas / 2));
  if (w.health === 'Progressing') bad = 1;
  const ready = Math.max(0, replicas - bad);
  const containers = w.images.map((image, i) => ({
    name: i === 0 ? w.workload : `sidecar-${i}`,
    image,
    ports:
      i === 0 ? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] : [],
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    },
    imagePullPolicy: 'IfNotPresent',
  }));
  const template = {
    metadata: { labels: { ...labels, 'pod-template-hash': podHash } },
    spec: {
      containers,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
  };
  const cond = (
    type: string,
    status: string,
    reason: string,
    message: string,
    at: number,
  ) => ({
    type,
    status,
    lastUpdateTime: isoSeconds(at),
    lastTransitionTime: isoSeconds(at),
    reason,
    message,
  });
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: w.workload,
      namespace: w.namespace,
      generation: 2 + pick(`dgen:${w.app}`, 30),
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(
          1 + pick(`drev:${w.app}`, 20),
        ),
        ...trackingAnnotation(
          w.app,
          'apps',
          'Deployment',
          w.namespace,
          w.workload,
        ),
      },
      creationTimestamp: isoSeconds(created),
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: { metadata: { labels: { ...labels } }, spec: template.spec },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...(paused ? { paused: true } : {}),
    },
    status: {
      observedGeneration: 2 + pick(`dgen:${w.app}`, 30),
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(bad > 0 ? { unavailableReplicas: bad } : {}),
      conditions: [
        ready > 0 || replicas === 0
          ? cond(
              'Available',
              'True',
              'MinimumReplicasAvailable',
              'Deployment has minimum availability.',
              deployedAt,
            )
          : cond(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
              deployedAt,
            ),
        progressingCondition(w.health, rsName, deployedAt),
      ],
    },
  };
  const owner = (kind: string, name: string, apiVersion: string) => [
    {
      apiVersion,
      kind,
      name,
      uid: '',
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: w.namespace,
      generation: 1,
      labels: { ...labels, 'pod-template-hash': podHash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
      },
      ownerReferences: owner('Deployment', w.workload, 'apps/v1'),
      creationTimestamp: isoSeconds(deployedAt),
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...selector, 'pod-template-hash': podHash } },
      template,
    },
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: 1,
    },
  };
  const pods: KubeObject[] = Array.from({ length: replicas }, (_, i) => {
    const podName = `${rsName}-${hexOf(`pod:${w.app}:${i}`, 5).replace(
      /[0-9]/g,
      d => 'bcdfghjkmn'[Number(d)],
    )}`;
    const isBad = i >= ready;
    const crash = isBad && w.health === 'Degraded';
    const pending = isBad && w.health === 'Progressing';
    const started = deployedAt + 5_000 + i * 2_000;
    const node =
      w.nodes.length > 0
        ? w.nodes[(pick(w.app, 97) + i) % w.nodes.length]
        : undefined;
    const podIp = `10.244.${pick(`pip:${w.app}`, 250)}.${10 + i}`;
    const containerStatuses = containers.map(c => ({
      name: c.name,
      state: containerState(
        crash,
        pending,
        c.name,
        podName,
        w.namespace,
        started,
      ),
      ...(crash
        ? {
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: isoSeconds(w.now - 6 * 60_000),
                finishedAt: isoSeconds(w.now - 6 * 60_000 + 4_000),
                containerID: `containerd://${hexOf(
                  `cid0:${podName}${c.name}`,
                  64,
                )}`,
              },
            },
          }
        : { lastState: {} }),
      ready: !isBad,
      restartCount: crash ? 17 + pick(`rc:${podName}`, 40) : 0,
      image: c.image,
      imageID: `${c.image.split(':')[0]}@sha256:${hexOf(
        `img:${c.image}`,
        40,
      )}${hexOf(`img2:${c.image}`, 24)}`,
      ...(pending
        ? {}
        : {
            containerID: `containerd://${hexOf(`cid:${podName}${c.name}`, 64)}`,
          }),
      started: !isBad,
    }));
    const pcond = (type: string, status: boolean, reason?: string) => ({
      type,
      status: status ? 'True' : 'False',
      lastTransitionTime: isoSeconds(started + 4_000),
      ...(reason ? { reason } : {}),
    });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        generateName: `${rsName}-`,
        namespace: w.namespace,
        labels: { ...labels, 'pod-template-hash': podHash },
        ownerReferences: owner('ReplicaSet', rsName, 'apps/v1'),
        creationTimestamp: isoSeconds(started),
      },
      spec: {
        ...template.spec,
        ...(node ? { nodeName: node.name } : {}),
        serviceAccountName: 'default',
      },
      status: {
        phase: pending ? 'Pending' : 'Running',
        conditions: [
          pcond('PodReadyToStartContainers', !pending),
          pcond('Initialized', true),
          pcond('Ready', !isBad, isBad ? 'ContainersNotReady' : undefined),
          pcond(
            'ContainersReady',
            !isBad,
            isBad ? 'ContainersNotReady' : undefined,
          ),
          pcond('PodScheduled', true),
        ],
        ...(node ? { hostIP: node.ip, hostIPs: [{ ip: node.ip }] } : {}),
        ...(pending ? {} : { podIP: podIp, podIPs: [{ ip: podIp }] }),
        startTime: isoSeconds(started),
        containerStatuses,
        qosClass: 'Burstable',
      },
    };
  });
  return [deployment, replicaSet, ...pods];
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
  const annotations = {
    ...(externalURL
      ? { 'link.argocd.argoproj.io/external-link': externalURL }
      : {}),
  };
  if (refs.kind === 'istio') {
    return {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: workload,
        namespace: ns,
        generation: 1,
        labels,
        annotations: {
          ...annotations,
          ...trackingAnnotation(
            app,
            'networking.istio.io',
            'VirtualService',
            ns,
            workload,
          ),
        },
      },
      spec: {
        hosts: [host],
        gateways: [`${refs.gatewayNamespace}/${refs.gatewayName}`],
        http: [
          {
            name: 'primary',
            match: [{ uri: { prefix: '/' } }],
            route: [
              {
                destination: {
                  host: `${workload}.${ns}.svc.cluster.local`,
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
  const since = isoSeconds(now - 5 * DAY);
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
    metadata: {
      name: workload,
      namespace: ns,
      generation: 1,
      labels,
      annotations: {
        ...annotations,
        ...trackingAnnotation(
          app,
          'gateway.networking.k8s.io',
          'HTTPRoute',
          ns,
          workload,
        ),
      },
    },
    spec: {
      parentRefs: [parentRef],
      hostnames: [host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            { group: '', kind: 'Service', name: workload, port: 80, weight: 1 },
          ],
        },
      ],
    },
    status: {
      parents: [
        {
          parentRef,
          controllerName: 'istio.io/gateway-controller',
          conditions: [
            {
              type: 'Accepted',
              status: 'True',
              reason: 'Accepted',
              message: 'Route was valid',
              lastTransitionTime: since,
              observedGeneration: 1,
            },
            {
              type: 'ResolvedRefs',
              status: 'True',
              reason: 'ResolvedRefs',
              message: 'All references resolved',
              lastTransitionTime: since,
              observedGeneration: 1,
            },
          ],
        },
      ],
    },
  };
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
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: parent.name, namespace: ns, generation: 1, labels },
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
    });
  }
  const backendName = (spoke: string) =>
    `${route.name}-${spoke}`.slice(0, 63).replace(/-+$/, '');
  for (const b of route.backends) {
    const name = backendName(b.spoke);
    const bl = { ...labels, 'hub-spoke/spoke': b.spoke };
    out.push(externalNameService(name, ns, b.host, bl));
    if (withIstio) {
      out.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'ServiceEntry',
        metadata: { name, namespace: ns, generation: 1, labels: bl },
        spec: {
          hosts: [b.host],
          location: 'MESH_EXTERNAL',
          ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
          resolution: 'DNS',
        },
      });
      out.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: ns, generation: 1, labels: bl },
        spec: {
          host: b.host,
          trafficPolicy: {
            tls: { mode: 'SIMPLE', sni: b.host },
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
      });
    }
  }
  const parentRef = {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: parent.name,
    namespace: parent.namespace,
    ...(parent.sectionName ? { sectionName: parent.sectionName } : {}),
  };
  const since = isoSeconds(now - 9 * DAY);
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
    status: {
      parents: [
        {
          parentRef,
          controllerName: 'istio.io/gateway-controller',
          conditions: [
            {
              type: 'Accepted',
              status: 'True',
              reason: 'Accepted',
              message: 'Route was valid',
              lastTransitionTime: since,
              observedGeneration: 3,
            },
            {
              type: 'ResolvedRefs',
              status: 'True',
              reason: 'ResolvedRefs',
              message: 'All references resolved',
              lastTransitionTime: since,
              observedGeneration: 3,
            },
          ],
        },
      ],
    },
  });
  return out;
}

/** Argo CD's declarative cluster Secret for a spoke, kept on the hub's cluster in Argo CD's namespace. */
export function argoClusterSecret(
  ns: string,
  spoke: {
    name: string;
    server: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    config: Record<string, unknown>;
    project?: string;
    namespaces?: string[];
  },
  secretSuffix: string,
): KubeObject {
  const host = spoke.server
    .replace(/^https?:\/\//, '')
    .replace(/[:/].*$/, '')
    .toLowerCase();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `cluster-${host}-${secretSuffix}`,
      namespace: ns,
      labels: { ...spoke.labels, 'argocd.argoproj.io/secret-type': 'cluster' },
      annotations: { ...spoke.annotations, 'managed-by': 'argocd.argoproj.io' },
    },
    type: 'Opaque',
    data: {
      name: b64(spoke.name),
      server: b64(spoke.server),
      config: b64(JSON.stringify(spoke.config)),
      ...(spoke.project ? { project: b64(spoke.project) } : {}),
      ...(spoke.namespaces
        ? { namespaces: b64(spoke.namespaces.join(',')) }
        : {}),
    },
  };
}

export function argoServerService(ns: string): KubeObject {
  const ip = clusterIp(`${ns}/argocd-server`);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'argocd-server',
      namespace: ns,
      labels: {
        'app.kubernetes.io/component': 'server',
        'app.kubernetes.io/name': 'argocd-server',
        'app.kubernetes.io/part-of': 'argocd',
      },
    },
    spec: {
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: 'https', protocol: 'TCP', port: 443, targetPort: 8080 },
      ],
      selector: { 'app.kubernetes.io/name': 'argocd-server' },
      clusterIP: ip,
      clusterIPs: [ip],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}
