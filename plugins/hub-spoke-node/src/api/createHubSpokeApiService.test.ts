import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { createHubSpokeApiService } from './createHubSpokeApiService';

const BASE_URL = 'http://backstage.test/api/hub-spoke';
const topology: Topology = {
  generatedAt: '2026-08-20T10:00:00Z',
  hubs: [{ name: 'aks-mgmt-hub', url: 'https://argocd.aks', status: 'ok' }],
  clusters: [],
  edges: [],
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

type Answer = (url: string, init?: RequestInit) => Promise<Response>;

/** The service over a fake fetch that answers with the next of `answers` (the last one repeats). */
function setup(answers: Answer[], options: { timeoutMs?: number } = {}) {
  const requests: Array<{ url: string; authorization?: string }> = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({
      url,
      authorization: (init?.headers as Record<string, string> | undefined)
        ?.authorization,
    });
    return answers[Math.min(requests.length, answers.length) - 1](url, init);
  };
  const service = createHubSpokeApiService({
    discovery: { getBaseUrl: async () => BASE_URL },
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    fetchApi: { fetch: fetchFn as typeof fetch },
    ...options,
  });
  return { service, requests };
}

const ok: Answer = async url =>
  url.includes('/applications') ? json({ items: [] }) : json(topology);
const dropped: Answer = async () => {
  throw new TypeError('fetch failed');
};
/** Never answers; rejects like fetch once the request's signal aborts (at once if it already has). */
const hang: Answer = (_url, init) =>
  new Promise((_, reject) => {
    const signal = init!.signal!;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason));
  });

describe('createHubSpokeApiService', () => {
  it("reads the topology with a plugin request token for the calling plugin's own service credentials", async () => {
    const { service, requests } = setup([ok]);
    await expect(service.getTopology()).resolves.toEqual(topology);
    expect(requests).toEqual([
      {
        url: `${BASE_URL}/topology`,
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: mockCredentials.service('plugin:scaffolder'),
          targetPluginId: 'hub-spoke',
        })}`,
      },
    ]);
  });

  it('calls on behalf of the credentials it is given', async () => {
    const { service, requests } = setup([ok]);
    await service.getApplications(
      { hub: 'aks-mgmt-hub', cluster: 'aks-eu-prod-4' },
      { credentials: mockCredentials.user('user:default/jane') },
    );
    expect(requests).toEqual([
      {
        url: `${BASE_URL}/applications?hub=aks-mgmt-hub&cluster=aks-eu-prod-4`,
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: mockCredentials.user('user:default/jane'),
          targetPluginId: 'hub-spoke',
        })}`,
      },
    ]);
  });

  it('throws a ServiceUnavailableError naming the URL, the purpose and the backend message', async () => {
    const { service } = setup([
      async () =>
        json(
          {
            error: { name: 'Error', message: 'fleet snapshot not ready' },
            response: { statusCode: 503 },
          },
          503,
        ),
    ]);
    const error = await service
      .getTopology({ purpose: 'to check the new spoke' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      `Could not read ${BASE_URL}/topology from the hub-spoke backend, needed to check the new spoke: 503 fleet snapshot not ready`,
    );
    // the query is left out of the URL, and the purpose is optional
    await expect(
      service.getApplications({ hub: 'aks-mgmt-hub' }),
    ).rejects.toThrow(
      `Could not read ${BASE_URL}/applications from the hub-spoke backend: 503 fleet snapshot not ready`,
    );
  });

  it('repeats a GET once when its socket was dropped', async () => {
    const { service, requests } = setup([dropped, ok]);
    await expect(service.getTopology()).resolves.toEqual(topology);
    expect(requests).toHaveLength(2);
  });

  it('gives up after the one retry, with the network error', async () => {
    const { service, requests } = setup([dropped]);
    await expect(service.getTopology()).rejects.toThrow(
      new ServiceUnavailableError(
        `Could not read ${BASE_URL}/topology from the hub-spoke backend: fetch failed`,
      ),
    );
    expect(requests).toHaveLength(2);
  });

  it('stops a call at its deadline, without retrying it', async () => {
    const { service, requests } = setup([hang], { timeoutMs: 50 });
    await expect(service.getTopology({ purpose: 'to list' })).rejects.toThrow(
      `Could not read ${BASE_URL}/topology from the hub-spoke backend, needed to list: no answer within 50 ms`,
    );
    expect(requests).toHaveLength(1);
  });

  it("stops a call when the caller's signal aborts, without retrying it", async () => {
    const { service, requests } = setup([hang]);
    const controller = new AbortController();
    const call = service.getTopology({ signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(requests).toHaveLength(1);
  });

  it('names the path when the backend cannot even be located, and never a token', async () => {
    const service = createHubSpokeApiService({
      discovery: {
        getBaseUrl: async () => {
          throw new Error('no such plugin');
        },
      },
      auth: mockServices.auth(),
    });
    const error = await service.getTopology().catch(e => e);
    expect(error.message).toBe(
      'Could not read /topology from the hub-spoke backend: no such plugin',
    );
    expect(error.message).not.toMatch(/mock-service-token/);
  });
});
