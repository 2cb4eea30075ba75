import { CacheService } from '@backstage/backend-plugin-api';
import { HubReading } from '../argocd/ArgoCdClient';
import { HubConfig } from '../config';
import { ClusterReading } from '../topology/clusterState';

/**
 * A cache shared by "replicas", serializing like Backstage's stores do; counts reads per key in `reads`.
 */
export function sharedCache(
  reads: Map<string, number> = new Map(),
): CacheService {
  const store = new Map<string, string>();
  const cache: CacheService = {
    get: async <T>(key: string) => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return store.has(key) ? (JSON.parse(store.get(key)!) as T) : undefined;
    },
    set: async (key, value) => void store.set(key, JSON.stringify(value)),
    delete: async key => void store.delete(key),
    withOptions: () => cache,
  };
  return cache;
}

/** A hub's config with an Argo CD at https://<name>.example.com. */
export const hubConfig = (name: string): HubConfig => ({
  name,
  argocd: {
    url: `https://${name}.example.com`,
    token: 'secret-token',
    skipTLSVerify: false,
    projects: [],
  },
});

/** A hub's Argo CD reading: one cluster with one healthy, synced application `app-<cluster>`. */
export const argoReading = (clusterName: string): HubReading => ({
  version: 'v3.5.1',
  clusters: [
    {
      name: clusterName,
      server: `https://${clusterName}`,
      info: { connectionState: { status: 'Successful' } },
    },
  ],
  applications: [
    {
      metadata: { name: `app-${clusterName}` },
      spec: {
        project: 'default',
        destination: { name: clusterName, namespace: 'ns' },
      },
      status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
    },
  ],
  bytes: 100,
  requests: 3,
});

/** A cluster's Kubernetes API reading with one ingress host behind an Istio gateway. */
export const clusterReading = (host: string): ClusterReading => ({
  apiVersion: 'v1.34.1',
  nodes: { ready: 2, total: 3 },
  ingress: {
    addresses: ['20.1.1.1'],
    hosts: [
      {
        host,
        sources: [
          {
            kind: 'Gateway',
            group: 'networking.istio.io',
            namespace: 'istio-ingress',
            name: 'gw',
          },
        ],
        destinations: [],
      },
    ],
  },
  certificates: [],
  missingGroups: ['gateway.networking.k8s.io'],
  routing: { httpRoutes: [], services: [], destinationRules: [] },
  requests: 10,
});

/** A hub or cluster reader that counts its reads and does what `behaviour` says. */
export class FakeReader<T> {
  calls = 0;
  constructor(public behaviour: () => Promise<T>) {}
  read() {
    this.calls += 1;
    return this.behaviour();
  }
}
