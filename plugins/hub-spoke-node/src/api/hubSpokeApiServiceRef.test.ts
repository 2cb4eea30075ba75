import {
  mockCredentials,
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createHubSpokeApiServiceFactory,
  hubSpokeApiServiceRef,
} from './hubSpokeApiServiceRef';

describe('hubSpokeApiServiceRef', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{ path?: string; authorization?: string }> = [];
  let delayMs = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url, authorization: req.headers.authorization });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ items: [] }));
      }, delayMs);
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(
    () =>
      new Promise<void>(r => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  beforeEach(() => {
    seen.length = 0;
    delayMs = 0;
  });

  const dependencies = () => [
    mockServices.discovery.mock({
      getBaseUrl: async (pluginId: string) => `${baseUrl}/${pluginId}`,
    }).factory,
    mockServices.auth.factory(),
  ];

  it('has a default factory over the discovery and auth of the plugin that uses it', async () => {
    const tester = ServiceFactoryTester.from(
      createHubSpokeApiServiceFactory(),
      { dependencies: dependencies() },
    );
    const api = await tester.getSubject('catalog');
    await expect(api.getApplications()).resolves.toEqual({ items: [] });
    expect(seen).toEqual([
      {
        path: '/api/hub-spoke/applications',
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'hub-spoke',
        })}`,
      },
    ]);
    expect(hubSpokeApiServiceRef.id).toBe('hub-spoke.api-client');
  });

  it('takes the timeout from the factory options', async () => {
    delayMs = 500;
    const tester = ServiceFactoryTester.from(
      createHubSpokeApiServiceFactory({ timeoutMs: 50 }),
      { dependencies: dependencies() },
    );
    const api = await tester.getSubject('scaffolder');
    await expect(api.getApplications()).rejects.toThrow(
      /from the hub-spoke backend: no answer within 50 ms$/,
    );
  });
});
