import { ResponseError } from '@backstage/errors';
import { Topology } from '../types';
import { HubSpokeApiClient } from './HubSpokeApiClient';

const BASE_URL = 'http://backstage.test/api/hub-spoke';

const topology: Topology = {
  generatedAt: '2026-08-20T10:00:00Z',
  hubs: [{ name: 'aks-mgmt-hub', url: 'https://argocd.aks', status: 'ok' }],
  clusters: [],
  edges: [],
};

function json(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** A fake fetch answering from `answer`, recording what it was called with. */
function setup(answer: (url: string) => Response = () => json(topology)) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE_URL) };
  const fetchApi = {
    fetch: jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return answer(String(input));
    }) as unknown as typeof fetch,
  };
  const client = new HubSpokeApiClient({ discoveryApi, fetchApi });
  return { client, calls, discoveryApi };
}

describe('HubSpokeApiClient', () => {
  it('reads GET /topology at the discovered base URL of the hub-spoke plugin', async () => {
    const { client, calls, discoveryApi } = setup();
    await expect(client.getTopology()).resolves.toEqual(topology);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('hub-spoke');
    expect(calls.map(c => c.url)).toEqual([`${BASE_URL}/topology`]);
    // without a token the fetchApi decides (the frontend's adds the user's token)
    expect(calls[0].init?.headers).toBeUndefined();
  });

  it('sends the token as a bearer token and passes the abort signal', async () => {
    const { client, calls } = setup();
    const controller = new AbortController();
    await client.getTopology({ token: 'tok-1', signal: controller.signal });
    expect(calls[0].init).toEqual({
      headers: { authorization: 'Bearer tok-1' },
      signal: controller.signal,
    });
  });

  it('passes the application filter as query parameters, leaving out empty ones', async () => {
    const { client, calls } = setup(() => json({ items: [] }));
    await expect(
      client.getApplications({
        hub: 'aks-mgmt-hub',
        cluster: 'aks-eu-prod-1',
        health: 'Degraded',
        sync: 'OutOfSync',
      }),
    ).resolves.toEqual({ items: [] });
    await client.getApplications({ hub: 'aks-mgmt-hub', cluster: '' });
    await client.getApplications();
    expect(calls.map(c => c.url)).toEqual([
      `${BASE_URL}/applications?hub=aks-mgmt-hub&cluster=aks-eu-prod-1&health=Degraded&sync=OutOfSync`,
      `${BASE_URL}/applications?hub=aks-mgmt-hub`,
      `${BASE_URL}/applications`,
    ]);
  });

  it("throws a ResponseError carrying the backend's error for a status other than 2xx", async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotAllowedError', message: 'not allowed' },
          request: { method: 'GET', url: '/api/hub-spoke/topology' },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );
    const error = await client.getTopology().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('Request failed with 403 Forbidden');
    expect(error.cause).toMatchObject({
      name: 'NotAllowedError',
      message: 'not allowed',
    });
  });

  it('keeps the text of an error response that is not a Backstage error', async () => {
    const { client } = setup(
      () =>
        new Response('upstream connect error', {
          status: 502,
          statusText: 'Bad Gateway',
        }),
    );
    await expect(client.getApplications()).rejects.toMatchObject({
      statusCode: 502,
      cause: { message: expect.stringContaining('upstream connect error') },
    });
  });

  it('rejects as fetch does when the backend cannot be reached', async () => {
    const client = new HubSpokeApiClient({
      discoveryApi: { getBaseUrl: async () => BASE_URL },
      fetchApi: {
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      },
    });
    await expect(client.getTopology()).rejects.toThrow('fetch failed');
  });

  it('uses the global fetch when given no fetchApi', async () => {
    const original = global.fetch;
    const fake = jest.fn(async () => json(topology));
    global.fetch = fake as unknown as typeof fetch;
    try {
      const client = new HubSpokeApiClient({
        discoveryApi: { getBaseUrl: async () => BASE_URL },
      });
      await expect(client.getTopology()).resolves.toEqual(topology);
      expect(fake).toHaveBeenCalledWith(`${BASE_URL}/topology`, {});
    } finally {
      global.fetch = original;
    }
  });
});
