import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import {
  ApplicationSummary,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { http, HttpHandler, HttpResponse } from 'msw';
import { setupServer, SetupServer } from 'msw/node';

/** The backend's base URL the tests' discovery api hands out. */
export const TEST_BACKEND_URL = 'http://localhost:7007';

/** Where the tests' hub-spoke backend answers. */
export const HUB_SPOKE_TEST_API = `${TEST_BACKEND_URL}/api/hub-spoke`;

/** A path of the hub-spoke backend's API that the frontend reads. */
export type HubSpokeApiPath = 'topology' | 'applications';

/**
 * The discovery and fetch apis of a hub-spoke client that talks to the tests' msw server, e.g.
 * `new HubSpokeClient(hubSpokeClientApis())`.
 */
export function hubSpokeClientApis() {
  return {
    discoveryApi: mockApis.discovery({ baseUrl: TEST_BACKEND_URL }),
    fetchApi: new MockFetchApi(),
  };
}

/**
 * An msw server for a test file, listening before the tests, reset after each one: call it in the `describe`
 * (or at the top) and give it handlers with `server.use(...)`.
 */
export function setupHubSpokeServer(): SetupServer {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/** What the fake hub-spoke backend answers. */
export interface HubSpokeAnswers {
  /** The body of `GET /topology`; not served when left out. */
  topology?: Topology;
  /** The items of `GET /applications`, or a function of the request's query that gives them; not served when left out. */
  applications?:
    | ApplicationSummary[]
    | ((query: URLSearchParams) => ApplicationSummary[]);
}

/** Handlers answering `GET /topology` and `GET /applications` of the hub-spoke backend as given. */
export function hubSpokeHandlers(answers: HubSpokeAnswers): HttpHandler[] {
  const handlers: HttpHandler[] = [];
  const { topology, applications } = answers;
  if (topology) {
    handlers.push(
      http.get(`${HUB_SPOKE_TEST_API}/topology`, () =>
        HttpResponse.json(topology),
      ),
    );
  }
  if (applications) {
    handlers.push(
      http.get(`${HUB_SPOKE_TEST_API}/applications`, ({ request }) =>
        HttpResponse.json({
          items:
            typeof applications === 'function'
              ? applications(new URL(request.url).searchParams)
              : applications,
        }),
      ),
    );
  }
  return handlers;
}

/**
 * A handler answering `GET /<path>` with an error as the backend's error middleware writes it (the body a
 * ResponseError reads), e.g. `hubSpokeErrorHandler('topology', 403, { name: 'NotAllowedError', message })`.
 */
export function hubSpokeErrorHandler(
  path: HubSpokeApiPath,
  status: number,
  error: { name: string; message: string },
): HttpHandler {
  return http.get(`${HUB_SPOKE_TEST_API}/${path}`, () =>
    HttpResponse.json(
      {
        error,
        request: { method: 'GET', url: `/api/hub-spoke/${path}` },
        response: { statusCode: status },
      },
      { status },
    ),
  );
}

/** A handler that never answers `GET /<path>`: what loads from it stays loading. */
export function hubSpokePendingHandler(path: HubSpokeApiPath): HttpHandler {
  return http.get(
    `${HUB_SPOKE_TEST_API}/${path}`,
    () => new Promise<Response>(() => {}),
  );
}
