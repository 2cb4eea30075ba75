/**
 * A stand-in for the hub-spoke backend's HTTP API (GET /api/hub-spoke/topology and /applications), answering from
 * what the test sets (for every caller, or per caller as the real backend filters by permission), with an error
 * status, or not at all (dropped connections). One implementation of the answers,
 * served two ways: on a real local HTTP server, with the discovery and auth services pointed at it and the real
 * hub-spoke API service of @hub-spoke/plugin-hub-spoke-node over them (startFakeHubSpoke); or as the `hub-spoke`
 * plugin of a test backend (createFakeHubSpoke(…).feature).
 */
import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplicationSummary,
  HUB_SPOKE_PLUGIN_ID,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  createHubSpokeApiService,
  HubSpokeApiService,
} from '@hub-spoke/plugin-hub-spoke-node';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { topologyOf } from './fixtures';

/** A value, or a function giving it (read on every request). */
export type FakeHubSpokeSource<T> = T | (() => T | Promise<T>);

/** What the fake answers before the test changes it (and again after reset()). */
export interface FakeHubSpokeInitial {
  /** Default: a topology without clusters. */
  topology?: FakeHubSpokeSource<Topology>;
  /** Default: none. */
  applications?: FakeHubSpokeSource<ApplicationSummary[]>;
}

/** The fake's answers and what it received, however it is served. */
export interface FakeHubSpokeBackend {
  /** Requests received: path with query (e.g. `/api/hub-spoke/topology`), and the Authorization header. */
  requests: Array<{ path: string; authorization?: string }>;
  setTopology(topology: FakeHubSpokeSource<Topology>): void;
  /** GET /applications answers those of them matching its `hub` and `cluster` query parameters. */
  setApplications(applications: FakeHubSpokeSource<ApplicationSummary[]>): void;
  /**
   * What one caller is answered, as the real backend filters per caller: `principal` is who the request's token is
   * for, as {@link principalOfRequest} reads it: `user:default/jane` (a user, or a plugin calling on a user's
   * behalf, e.g. an action with the task initiator's credentials), `external:automation` (a service principal, or
   * a plugin on its behalf), `plugin:scaffolder` (a plugin with its own credentials). Every other caller gets
   * `setTopology`'s. Undefined removes the caller's own answer.
   */
  setTopologyFor(
    principal: string,
    topology: FakeHubSpokeSource<Topology> | undefined,
  ): void;
  /** The same for GET /applications (filtered by its query as for everyone). */
  setApplicationsFor(
    principal: string,
    applications: FakeHubSpokeSource<ApplicationSummary[]> | undefined,
  ): void;
  /** Answers every request with this error status (and a Backstage error body) until cleared with undefined. */
  failWith(status: number | undefined, message?: string): void;
  /** While on, drops every connection without an answer: clients see a network error. */
  setUnreachable(unreachable: boolean): void;
  /** Back to the initial answers (none per caller), reachable and not failing, with an empty request log. */
  reset(): void;
  /** The `hub-spoke` plugin serving these answers in a test backend (startTestBackend's features). */
  feature: BackendFeature;
}

/** The fake on its own HTTP server, with the services a backend module reads it with. */
export interface FakeHubSpoke extends FakeHubSpokeBackend {
  /** The hub-spoke plugin's base URL, `http://127.0.0.1:<port>/api/hub-spoke`. */
  baseUrl: string;
  /** Discovery that locates every plugin on this server (a mock: its calls are recorded). */
  discovery: ReturnType<typeof mockServices.discovery.mock>;
  /** Auth of the calling plugin: its requests carry that plugin's mock service token. */
  auth: ReturnType<typeof mockServices.auth>;
  /** The real hub-spoke API service, reading this server with `discovery` and `auth`. */
  api: HubSpokeApiService;
  close(): Promise<void>;
}

const MOCK_USER_TOKEN = 'mock-user-token';
const MOCK_SERVICE_TOKEN = 'mock-service-token';

/**
 * Who a request is for, read from its mock token (those of @backstage/backend-test-utils, as mockServices.auth
 * issues them): the user, or for a plugin request token the principal it is on behalf of (`obo` user, else the
 * service `sub`). Undefined without a mock token.
 */
export function principalOfRequest(authorization?: string): string | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, '');
  if (!token) return undefined;
  if (token === MOCK_USER_TOKEN) return 'user:default/mock';
  if (token === MOCK_SERVICE_TOKEN) return 'external:test-service';
  const match = /^(mock-user-token|mock-service-token):(.*)$/.exec(token);
  if (!match) return undefined;
  try {
    const claims = JSON.parse(match[2]) as { sub?: string; obo?: string };
    return claims.obo ?? claims.sub;
  } catch {
    return undefined;
  }
}

/** The fake's answers, without a server of its own: serve them with `feature` in a test backend. */
export function createFakeHubSpoke(
  initial: FakeHubSpokeInitial = {},
): FakeHubSpokeBackend & {
  /** Answers one request (a Node or Express request: the path is the Express one's originalUrl when present). */
  handle(req: IncomingMessage, res: ServerResponse): void;
} {
  let topology: FakeHubSpokeSource<Topology>;
  let applications: FakeHubSpokeSource<ApplicationSummary[]>;
  let failure: { status: number; message: string } | undefined;
  let unreachable: boolean;
  const requests: FakeHubSpokeBackend['requests'] = [];
  const topologyFor = new Map<string, FakeHubSpokeSource<Topology>>();
  const applicationsFor = new Map<
    string,
    FakeHubSpokeSource<ApplicationSummary[]>
  >();
  const reset = () => {
    topology = initial.topology ?? topologyOf([]);
    applications = initial.applications ?? [];
    topologyFor.clear();
    applicationsFor.clear();
    failure = undefined;
    unreachable = false;
    requests.length = 0;
  };
  reset();
  const read = async <T>(source: FakeHubSpokeSource<T>): Promise<T> =>
    typeof source === 'function' ? (source as () => T | Promise<T>)() : source;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(
      (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
      'http://localhost',
    );
    requests.push({
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    if (unreachable) {
      req.socket.destroy();
      return;
    }
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
      const base = `/api/${HUB_SPOKE_PLUGIN_ID}`;
      const principal = principalOfRequest(req.headers.authorization) ?? '';
      if (req.method === 'GET' && url.pathname === `${base}/topology`)
        return send(200, await read(topologyFor.get(principal) ?? topology));
      if (req.method === 'GET' && url.pathname === `${base}/applications`) {
        const hub = url.searchParams.get('hub');
        const cluster = url.searchParams.get('cluster');
        const items = (
          await read(applicationsFor.get(principal) ?? applications)
        ).filter(
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
  };

  return {
    requests,
    setTopology: t => {
      topology = t;
    },
    setApplications: a => {
      applications = a;
    },
    setTopologyFor: (principal, t) => {
      if (t === undefined) topologyFor.delete(principal);
      else topologyFor.set(principal, t);
    },
    setApplicationsFor: (principal, a) => {
      if (a === undefined) applicationsFor.delete(principal);
      else applicationsFor.set(principal, a);
    },
    failWith: (status, message = 'hub-spoke backend failure') => {
      failure = status === undefined ? undefined : { status, message };
    },
    setUnreachable: u => {
      unreachable = u;
    },
    reset,
    handle,
    feature: createBackendPlugin({
      pluginId: HUB_SPOKE_PLUGIN_ID,
      register(reg) {
        reg.registerInit({
          deps: { httpRouter: coreServices.httpRouter },
          async init({ httpRouter }) {
            httpRouter.use((req, res) => handle(req, res));
          },
        });
      },
    }),
  };
}

/**
 * The fake on a real local HTTP server (127.0.0.1, a free port), with `discovery`, `auth` and `api` for the actions
 * and providers under test. `pluginId` is the calling plugin, whose service token the requests carry (default
 * scaffolder).
 */
export async function startFakeHubSpoke(
  initial: FakeHubSpokeInitial & { pluginId?: string } = {},
): Promise<FakeHubSpoke> {
  const { handle, ...fake } = createFakeHubSpoke(initial);
  const server = http.createServer(handle);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api`;
  const discovery = mockServices.discovery.mock({
    getBaseUrl: async (pluginId: string) => `${base}/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) => `${base}/${pluginId}`,
  });
  const auth = mockServices.auth({
    pluginId: initial.pluginId ?? 'scaffolder',
  });
  return {
    ...fake,
    baseUrl: `${base}/${HUB_SPOKE_PLUGIN_ID}`,
    discovery,
    auth,
    api: createHubSpokeApiService({ discovery, auth }),
    close: () =>
      new Promise<void>(r => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
