/**
 * A stand-in for the hub-spoke backend's HTTP API (GET /api/hub-spoke/topology and /applications) on a real local
 * HTTP server, with the discovery and auth services the actions use pointed at it.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplicationSummary,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';

type Source<T> = T | (() => T | Promise<T>);

export interface FakeHubSpoke {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Requests received: path with query, and the Authorization header. */
  requests: Array<{ path: string; authorization?: string }>;
  setTopology(t: Source<Topology>): void;
  setApplications(a: Source<ApplicationSummary[]>): void;
  /** Answers every request with this error status (and a Backstage error body) until cleared with undefined. */
  failWith(status: number | undefined, message?: string): void;
  close(): Promise<void>;
}

/** A cluster of the topology model, with defaults for what the actions do not read. */
export function topologyCluster(
  hub: string,
  name: string,
  server: string,
  cidrs: string[] = [],
  extra: Partial<Cluster> = {},
): Cluster {
  return {
    id: `${hub}/${name}`,
    name,
    hub,
    role: name === hub ? 'hub' : 'spoke',
    server,
    registered: server !== '',
    connection: { status: 'Successful' },
    labels: {},
    annotations: cidrs.length > 0 ? { 'hub-spoke/cidr': cidrs.join(',') } : {},
    applications: { total: 0, health: {}, sync: {} },
    api: { status: 'not-configured' },
    cidrs,
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

/** An application summary targeting a cluster. */
export function applicationSummary(
  hub: string,
  cluster: string,
  name: string,
): ApplicationSummary {
  return {
    name,
    hub,
    cluster,
    clusterId: `${hub}/${cluster}`,
    project: 'default',
    sync: 'Synced',
    health: 'Healthy',
    externalURLs: [],
    labels: {},
  };
}

export async function startFakeHubSpoke(
  initial: {
    topology?: Source<Topology>;
    applications?: Source<ApplicationSummary[]>;
  } = {},
): Promise<FakeHubSpoke> {
  let topology: Source<Topology> = initial.topology ?? topologyOf([]);
  let applications: Source<ApplicationSummary[]> = initial.applications ?? [];
  let failure: { status: number; message: string } | undefined;
  const requests: FakeHubSpoke['requests'] = [];
  const resolve = async <T>(s: Source<T>): Promise<T> =>
    typeof s === 'function' ? (s as () => T | Promise<T>)() : s;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    (async () => {
      if (failure) {
        return send(failure.status, {
          error: { name: 'Error', message: failure.message },
          request: { method: req.method, url: req.url },
          response: { statusCode: failure.status },
        });
      }
      if (url.pathname === '/api/hub-spoke/topology')
        return send(200, await resolve(topology));
      if (url.pathname === '/api/hub-spoke/applications') {
        const hub = url.searchParams.get('hub');
        const cluster = url.searchParams.get('cluster');
        const items = (await resolve(applications)).filter(
          a => (!hub || a.hub === hub) && (!cluster || a.cluster === cluster),
        );
        return send(200, { items });
      }
      return send(404, {
        error: { name: 'NotFoundError', message: `no route ${url.pathname}` },
      });
    })().catch(e =>
      send(500, { error: { name: 'Error', message: String(e) } }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api`;

  return {
    discovery: mockServices.discovery.mock({
      getBaseUrl: async (pluginId: string) => `${base}/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) => `${base}/${pluginId}`,
    }),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    requests,
    setTopology: t => {
      topology = t;
    },
    setApplications: a => {
      applications = a;
    },
    failWith: (status, message = 'hub-spoke backend failure') => {
      failure = status === undefined ? undefined : { status, message };
    },
    close: () =>
      new Promise<void>(r => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
