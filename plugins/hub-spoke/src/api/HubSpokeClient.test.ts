import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { makeApplication, makeTopology } from '../testUtils/fixtures';
import { HubSpokeClient } from './HubSpokeClient';

const baseUrl = 'http://backstage.test/api/hub-spoke';

function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/api/hub-spoke/topology' },
    response: { statusCode },
  };
}

describe('HubSpokeClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new HubSpokeClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: new MockFetchApi({
      injectIdentityAuth: { token: 'guest-token' },
    }),
  });

  it('reads the topology through the fetch api, with the user token', async () => {
    const topology = makeTopology();
    let authorization: string | null = null;
    server.use(
      http.get(`${baseUrl}/topology`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json(topology);
      }),
    );

    const result = await client.getTopology();

    expect(result.hubs.map(h => h.name)).toEqual([
      'aks-mgmt-hub',
      'eks-mgmt-hub',
    ]);
    expect(result.hubs[1].message).toBe('connect ECONNREFUSED 10.20.0.5:443');
    expect(result.clusters).toHaveLength(4);
    expect(authorization).toBe('Bearer guest-token');
  });

  it('fills in the fields a backend of an earlier version leaves out', async () => {
    server.use(
      http.get(`${baseUrl}/topology`, () =>
        HttpResponse.json({
          generatedAt: '2025-06-01T12:00:00Z',
          hubs: [{ name: 'a', url: 'https://argocd.a', status: 'ok' }],
          clusters: [
            {
              id: 'a/x',
              name: 'x',
              hub: 'a',
              role: 'spoke',
              server: 'https://x',
              registered: true,
              connection: { status: 'Successful' },
              labels: {},
              annotations: {},
              applications: { total: 1, health: { Healthy: 1 }, sync: {} },
              stale: false,
            },
          ],
        }),
      ),
      http.get(`${baseUrl}/applications`, () =>
        HttpResponse.json({ items: [{ name: 'app', hub: 'a', cluster: 'x' }] }),
      ),
    );

    const topology = await client.getTopology();
    expect(topology.edges).toEqual([]);
    expect(topology.clusters[0]).toMatchObject({
      cidrs: [],
      cidrOverlaps: [],
      api: { status: 'pending' },
      applications: { total: 1, health: { Healthy: 1 }, sync: {} },
    });
    const apps = await client.getApplications();
    expect(apps.items[0]).toMatchObject({ externalURLs: [], labels: {} });
  });

  it('passes the application filter as query parameters', async () => {
    let search: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/applications`, ({ request }) => {
        search = new URL(request.url).searchParams;
        return HttpResponse.json({
          items: [
            makeApplication({
              name: 'guestbook',
              hub: 'aks-mgmt-hub',
              cluster: 'aks-spoke-eu',
              health: 'Degraded',
            }),
          ],
        });
      }),
    );

    const result = await client.getApplications({
      hub: 'aks-mgmt-hub',
      cluster: 'aks-spoke-eu',
      health: 'Degraded',
      sync: 'OutOfSync',
    });

    expect(result.items.map(a => a.name)).toEqual(['guestbook']);
    expect(Object.fromEntries(search!.entries())).toEqual({
      hub: 'aks-mgmt-hub',
      cluster: 'aks-spoke-eu',
      health: 'Degraded',
      sync: 'OutOfSync',
    });
  });

  it('sends no query parameters when there is no filter', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/applications`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [] });
      }),
    );

    await expect(client.getApplications()).resolves.toEqual({ items: [] });
    expect(url).toBe(`${baseUrl}/applications`);
  });

  it('throws the backend message of a 500', async () => {
    server.use(
      http.get(`${baseUrl}/topology`, () =>
        HttpResponse.json(
          errorBody('Error', 'snapshot store is not ready', 500),
          { status: 500 },
        ),
      ),
    );

    const error = await client.getTopology().catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe('Request failed with 500 Internal Server Error');
    expect(error.cause).toMatchObject({
      name: 'Error',
      message: 'snapshot store is not ready',
    });
  });

  it('throws the backend message of a 401', async () => {
    server.use(
      http.get(`${baseUrl}/topology`, () =>
        HttpResponse.json(
          errorBody('AuthenticationError', 'Missing credentials', 401),
          { status: 401 },
        ),
      ),
    );

    await expect(client.getTopology()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 401,
      cause: { name: 'AuthenticationError', message: 'Missing credentials' },
    });
  });

  it('keeps the response text when the body is not a Backstage error', async () => {
    server.use(
      http.get(
        `${baseUrl}/topology`,
        () =>
          new HttpResponse('upstream connect error', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );

    await expect(client.getTopology()).rejects.toMatchObject({
      statusCode: 502,
      cause: { message: expect.stringContaining('upstream connect error') },
    });
  });

  it('throws the backend message of a 400 for a bad filter', async () => {
    server.use(
      http.get(`${baseUrl}/applications`, () =>
        HttpResponse.json(
          errorBody(
            'InputError',
            'health must be one of Healthy, Progressing, Degraded',
            400,
          ),
          { status: 400 },
        ),
      ),
    );

    await expect(
      client.getApplications({ health: 'Healthy' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      cause: {
        name: 'InputError',
        message: 'health must be one of Healthy, Progressing, Degraded',
      },
    });
  });
});
