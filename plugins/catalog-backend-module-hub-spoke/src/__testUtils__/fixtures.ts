import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplicationSummary,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

export const BASE_URL = 'http://backstage.test/api/hub-spoke';

/** A cluster of the topology model, with defaults for what the module does not read. */
export function cluster(
  hub: string,
  name: string,
  extra: Partial<Cluster> = {},
): Cluster {
  return {
    id: `${hub}/${name}`,
    name,
    hub,
    role: name === hub ? 'hub' : 'spoke',
    server:
      name === hub
        ? 'https://kubernetes.default.svc'
        : `https://${name}.example.com:6443`,
    registered: true,
    connection: { status: 'Successful' },
    labels: {},
    annotations: {},
    applications: { total: 0, health: {}, sync: {} },
    api: { status: 'not-configured' },
    cidrs: [],
    cidrOverlaps: [],
    stale: false,
    ...extra,
  };
}

export function topologyOf(clusters: Cluster[]): Topology {
  const hubs = [...new Set(clusters.map(c => c.hub))].map(name => ({
    name,
    url: `https://argocd.${name}.example.com`,
    status: 'ok' as const,
  }));
  return { generatedAt: '2026-08-20T10:00:00Z', hubs, clusters, edges: [] };
}

export function application(
  hub: string,
  clusterName: string,
  name: string,
  labels: Record<string, string> = {},
): ApplicationSummary {
  return {
    name,
    hub,
    cluster: clusterName,
    clusterId: `${hub}/${clusterName}`,
    project: 'default',
    sync: 'Synced',
    health: 'Healthy',
    externalURLs: [],
    labels,
  };
}

/**
 * A fake hub-spoke backend behind a fake fetch: answers /topology and /applications from what the test set, or
 * with an error status, or rejects as if unreachable.
 */
export function fakeHubSpoke(
  initial: { topology?: Topology; applications?: ApplicationSummary[] } = {},
) {
  const state = {
    topology: initial.topology ?? topologyOf([]),
    applications: initial.applications ?? [],
    status: 200,
    unreachable: false,
    requests: [] as Array<{ url: string; authorization?: string }>,
  };
  const fetchFn = jest.fn(async (input: any, init?: any) => {
    const url = String(input);
    state.requests.push({ url, authorization: init?.headers?.authorization });
    if (state.unreachable) throw new TypeError('fetch failed');
    if (state.status !== 200) {
      return new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'boom' },
          response: { statusCode: state.status },
        }),
        {
          status: state.status,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    let body: unknown;
    if (url.endsWith('/topology')) body = state.topology;
    else if (url.endsWith('/applications'))
      body = { items: state.applications };
    if (!body) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(body), {
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof fetch & jest.Mock;
  return {
    state,
    fetch: fetchFn,
    discovery: { getBaseUrl: jest.fn(async (_id: string) => BASE_URL) },
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  };
}
