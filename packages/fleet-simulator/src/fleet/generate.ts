/**
 * Deterministic generator for big fleets (benchmarks): a seeded PRNG, never Math.random.
 */
import { FleetSpec, Latency, OperationPhase } from '../types';
import {
  formatIpAddress,
  HealthStatus,
  SyncStatus,
} from '@hub-spoke/plugin-hub-spoke-common';
import { createRandom, hexOf } from '../util';
import { validateFleet } from './parse';

export interface GenerateOptions {
  hubs?: number;
  spokes?: number;
  apps?: number;
  seed?: number;
  /** Response delay for every listener: fixed ms or seeded [min, max]. */
  latencyMs?: Latency;
  /** Deployments/ReplicaSets/Pods per application on the spokes (default false: keeps 10,000-app fleets light). */
  workloads?: boolean;
}

/** A cloud of the generated fleet: its cluster name prefix, its regions and the Kubernetes versions it runs. */
interface Cloud {
  prefix: string;
  /** Short code (in cluster names) and region name. */
  regions: Array<{ code: string; name: string }>;
  versions: string[];
}

const CLOUDS: Cloud[] = [
  {
    prefix: 'aks',
    regions: [
      { code: 'weu', name: 'westeurope' },
      { code: 'neu', name: 'northeurope' },
      { code: 'frc', name: 'francecentral' },
    ],
    versions: ['v1.32.9', 'v1.33.5', 'v1.34.2'],
  },
  {
    prefix: 'eks',
    regions: [
      { code: 'use1', name: 'us-east-1' },
      { code: 'usw2', name: 'us-west-2' },
      { code: 'euc1', name: 'eu-central-1' },
    ],
    versions: [
      'v1.32.9-eks-113cf36',
      'v1.33.5-eks-3025e55',
      'v1.34.1-eks-d96d92f',
    ],
  },
  {
    prefix: 'gke',
    regions: [
      { code: 'ew1', name: 'europe-west1' },
      { code: 'ue1', name: 'us-east1' },
      { code: 'as1', name: 'asia-south1' },
    ],
    versions: [
      'v1.32.9-gke.1108000',
      'v1.33.5-gke.1201000',
      'v1.34.1-gke.1431000',
    ],
  },
];
const ENVS: Array<[string, number]> = [
  ['prod', 0.5],
  ['stage', 0.3],
  ['dev', 0.2],
];
const SERVICES = [
  'checkout',
  'payments',
  'cart',
  'catalog',
  'search',
  'inventory',
  'orders',
  'shipping',
  'pricing',
  'reviews',
  'recommendations',
  'accounts',
  'auth',
  'notifications',
  'email',
  'invoices',
  'ledger',
  'fraud',
  'loyalty',
  'coupons',
  'media',
  'thumbnails',
  'geo',
  'tracking',
  'returns',
  'support',
  'chat',
  'feeds',
  'ads',
  'analytics',
  'reporting',
  'export',
  'import',
  'scheduler',
  'webhooks',
  'gateway',
  'profile',
  'settings',
  'billing',
  'audit',
];
const TEAMS = [
  'commerce',
  'payments',
  'fulfilment',
  'identity',
  'growth',
  'data',
  'platform',
  'content',
];
const HEALTH_MIX: Array<[HealthStatus, number]> = [
  ['Healthy', 0.8],
  ['Progressing', 0.06],
  ['Degraded', 0.05],
  ['Suspended', 0.03],
  ['Missing', 0.03],
  ['Unknown', 0.03],
];

function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

function int(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** How Argo CD authenticates to a spoke, by cloud (stored in the cluster Secret, sanitised by the API). */
function argoClusterConfig(
  prefix: string,
  name: string,
): Record<string, unknown> {
  if (prefix === 'eks') {
    return {
      awsAuthConfig: {
        clusterName: name,
        roleARN: `arn:aws:iam::123456789012:role/argocd-${name}`,
      },
    };
  }
  return {
    execProviderConfig: {
      command: 'argocd-k8s-auth',
      args: [prefix === 'aks' ? 'azure' : 'gcp'],
      ...(prefix === 'aks'
        ? { env: { AAD_LOGIN_METHOD: 'workloadidentity' } }
        : {}),
      apiVersion: 'client.authentication.k8s.io/v1beta1',
    },
  };
}

function operationPhase(
  rand: () => number,
  health: HealthStatus,
): OperationPhase {
  if (health === 'Progressing' && rand() < 0.5) return 'Running';
  if (health === 'Degraded' && rand() < 0.4) return 'Failed';
  return rand() < 0.01 ? 'Error' : 'Succeeded';
}

/** Non-overlapping IPv4 CIDRs carved out of 10.0.0.0/8 (prefix grows with the count, /16 at most 256). */
export function allocateCidrs(count: number): string[] {
  const bits = Math.max(8, Math.ceil(Math.log2(Math.max(1, count))));
  const prefix = Math.min(28, 8 + bits);
  if (count > 2 ** (prefix - 8))
    throw new Error(
      `cannot allocate ${count} non-overlapping CIDRs in 10.0.0.0/8`,
    );
  return Array.from(
    { length: count },
    (_, i) =>
      `${formatIpAddress(
        4,
        BigInt(((10 << 24) >>> 0) + i * 2 ** (32 - prefix)),
      )}/${prefix}`,
  );
}

export function generateFleet(options: GenerateOptions = {}): FleetSpec {
  const hubCount = options.hubs ?? 1;
  const spokeCount = options.spokes ?? 200;
  const appCount = options.apps ?? 10000;
  const seed = options.seed ?? 1;
  for (const [k, v] of Object.entries({
    hubs: hubCount,
    spokes: spokeCount,
    apps: appCount,
    seed,
  })) {
    if (!Number.isInteger(v) || v < 0)
      throw new Error(
        `generateFleet: ${k} must be a non-negative integer, got ${v}`,
      );
  }
  if (hubCount < 1) throw new Error('generateFleet: hubs must be at least 1');
  const rand = createRandom(seed);
  const latency = options.latencyMs;
  const cidrs = allocateCidrs(spokeCount);

  const hubs = Array.from({ length: hubCount }, (_, h) => {
    const cloud = CLOUDS[h % CLOUDS.length];
    const name = `${cloud.prefix}-mgmt-hub-${h + 1}`;
    return {
      name,
      region: cloud.regions[0].name,
      argocd: {
        version: 'v3.5.1',
        token: `argocd-token-${name}-${hexOf(`${seed}:${name}`, 12)}`,
        latencyMs: latency,
      },
      cluster: {
        kubernetesVersion: cloud.versions[2],
        token: `kube-token-${name}-${hexOf(`k${seed}:${name}`, 12)}`,
        nodes: { ready: 5, total: 5 },
        apis: { istio: true, gatewayApi: true, certManager: true },
        workloads: options.workloads ?? false,
        latencyMs: latency,
      },
      spokes: [] as Array<Record<string, unknown>>,
      applications: [] as Array<Record<string, unknown>>,
    };
  });

  interface SpokeInfo {
    hub: number;
    name: string;
    domain?: string;
    registered: boolean;
  }
  const spokes: SpokeInfo[] = [];
  for (let i = 0; i < spokeCount; i++) {
    const h = i % hubCount;
    const cloud = CLOUDS[(h + (rand() < 0.2 ? 1 : 0)) % CLOUDS.length];
    const region = cloud.regions[int(rand, 0, cloud.regions.length - 1)];
    const env = weighted(rand, ENVS);
    const name = `${cloud.prefix}-${env}-${region.code}-${String(
      i + 1,
    ).padStart(3, '0')}`;
    const domain = `apps.${name}.example.com`;
    const kind = rand() < 0.7 ? 'istio' : 'gateway-api';
    const total = int(rand, 3, 12);
    const address =
      cloud.prefix === 'eks'
        ? `a${hexOf(`elb:${seed}:${name}`, 31)}-${int(
            rand,
            100000000,
            999999999,
          )}.${region.name}.elb.amazonaws.com`
        : `203.0.${113 + ((i >> 8) % 3)}.${i % 256}`;
    const failed = rand() < 0.02;
    const clusterConfig = argoClusterConfig(cloud.prefix, name);
    hubs[h].spokes.push({
      name,
      kubernetesVersion:
        cloud.versions[int(rand, 0, cloud.versions.length - 1)],
      token: `kube-token-${name}-${hexOf(`s${seed}:${name}`, 12)}`,
      region: region.name,
      labels: {
        environment: env,
        cloud: cloud.prefix,
        region: region.name,
        'hub-spoke/role': 'spoke',
      },
      annotations: {
        'hub-spoke/cidr': cidrs[i],
        'hub-spoke/ingress-domain': domain,
      },
      nodes: { total, ready: rand() < 0.05 ? total - 1 : total },
      ingress: {
        kind,
        domain,
        addresses: [address],
        certificate: { notAfterDays: int(rand, 3, 88) },
      },
      clusterConfig,
      workloads: options.workloads ?? false,
      ...(failed ? { connection: { status: 'Failed' } } : {}),
      ...(latency !== undefined ? { latencyMs: latency } : {}),
    });
    spokes.push({ hub: h, name, domain, registered: true });
  }
  // One destination per hub that Applications name but Argo CD has no cluster for.
  for (let h = 0; h < hubCount; h++) {
    if (hubs[h].spokes.length < 5) continue;
    const name = `legacy-onprem-${h + 1}`;
    hubs[h].spokes.push({
      name,
      registered: false,
      labels: {},
      annotations: {},
    });
    spokes.push({ hub: h, name, registered: false });
  }

  const used = new Set<string>();
  const unregistered = spokes.filter(s => !s.registered);
  const registered = spokes.filter(s => s.registered);
  for (let j = 0; j < appCount; j++) {
    const service = SERVICES[int(rand, 0, SERVICES.length - 1)];
    const team = TEAMS[SERVICES.indexOf(service) % TEAMS.length];
    const toHub = rand() < 0.04 || spokes.length === 0;
    const toUnregistered = !toHub && unregistered.length > 0 && rand() < 0.005;
    let spoke: SpokeInfo | undefined;
    if (toUnregistered)
      spoke = unregistered[int(rand, 0, unregistered.length - 1)];
    else if (!toHub)
      spoke = registered[int(rand, 0, registered.length - 1)] ?? spokes[0];
    const h = spoke ? spoke.hub : int(rand, 0, hubCount - 1);
    const base = `${service}-${spoke ? spoke.name : hubs[h].name}`;
    let appName = base;
    for (let k = 2; used.has(appName); k++) appName = `${base}-${k}`;
    used.add(appName);
    const health = weighted(rand, HEALTH_MIX);
    const sync: SyncStatus =
      health === 'Missing'
        ? 'OutOfSync'
        : weighted<SyncStatus>(rand, [
            ['Synced', 0.85],
            ['OutOfSync', 0.12],
            ['Unknown', 0.03],
          ]);
    const phase = operationPhase(rand, health);
    const byName = rand() < 0.5;
    let destination: Record<string, string>;
    if (!spoke) {
      destination = {
        server: 'https://kubernetes.default.svc',
        namespace: `${team}-platform`,
      };
    } else if (byName || !spoke.registered) {
      destination = { name: spoke.name, namespace: team };
    } else {
      destination = { serverOf: spoke.name, namespace: team };
    }
    const withUrl = spoke?.domain !== undefined && rand() < 0.4;
    hubs[h].applications.push({
      name: appName,
      project: team,
      labels: {
        'app.kubernetes.io/part-of': service,
        team,
        'hub-spoke/generated': 'true',
      },
      destination,
      source: {
        repoURL: `https://git.example.com/${team}/${service}-deploy.git`,
        path: `overlays/${spoke ? spoke.name : 'hub'}`,
        targetRevision: 'main',
      },
      sync,
      health,
      operationPhase: phase,
      replicas: 1,
      ...(withUrl
        ? { externalURLs: [`https://${appName}.${spoke!.domain}`] }
        : {}),
    });
  }
  return validateFleet({ seed, hubs }, `generateFleet(seed=${seed})`);
}
