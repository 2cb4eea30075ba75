/**
 * Nodes of a simulated cluster, named and sized as the cluster's cloud names them (AKS, EKS, GKE, kind).
 */
import { formatIpAddress, parseCidr } from '@hub-spoke/plugin-hub-spoke-common';
import { KubeObject } from '../../types';
import { DAY, HOUR, hexOf, isoSeconds, pick } from '../../util';

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
  if (parsed?.family === 4) return Number(parsed.start);
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

/** The node conditions a kubelet reports when all is well: type, status, reason, message. */
const HEALTHY_CONDITIONS: Array<[string, string, string, string]> = [
  [
    'MemoryPressure',
    'False',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  [
    'DiskPressure',
    'False',
    'KubeletHasNoDiskPressure',
    'kubelet has no disk pressure',
  ],
  [
    'PIDPressure',
    'False',
    'KubeletHasSufficientPID',
    'kubelet has sufficient PID available',
  ],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The cluster's Nodes: the first `ready` of `total` are Ready, the others unreachable (tainted, status Unknown). */
export function nodes(n: NodeInput): KubeObject[] {
  const f = flavour(n.cluster);
  const base = nodeNetworkBase(n.cluster, n.cidr);
  const kubelet = n.kubernetesVersion.startsWith('v')
    ? n.kubernetesVersion
    : `v${n.kubernetesVersion}`;
  const region = n.region ?? 'region-1';
  const heartbeat = isoSeconds(n.now - 20_000);
  return Array.from({ length: n.total }, (_, i) => {
    const ip = formatIpAddress(4, BigInt(base + 4 + i));
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
        conditions: HEALTHY_CONDITIONS.map(([type, status, reason, message]) =>
          ready ? cond(type, status, reason, message) : unknown(type),
        ),
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
