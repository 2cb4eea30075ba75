import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  FakeHubSpoke,
  principalOfRequest,
  startFakeHubSpoke,
} from './fakeHubSpoke';
import { applicationSummary, topologyCluster, topologyOf } from './fixtures';

describe('startFakeHubSpoke', () => {
  const topology = topologyOf([topologyCluster('hub', 'hub')]);
  let fake: FakeHubSpoke;
  beforeAll(async () => {
    fake = await startFakeHubSpoke({
      topology,
      applications: [
        applicationSummary('hub', 'a', 'one'),
        applicationSummary('hub', 'b', 'two'),
      ],
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers the real client, filtering applications by hub and cluster, and logs the requests', async () => {
    await expect(fake.api.getTopology()).resolves.toEqual(topology);
    const { items } = await fake.api.getApplications({
      hub: 'hub',
      cluster: 'b',
    });
    expect(items.map(a => a.name)).toEqual(['two']);
    expect(fake.requests).toEqual([
      {
        path: '/api/hub-spoke/topology',
        authorization: expect.stringMatching(/^Bearer /),
      },
      {
        path: '/api/hub-spoke/applications?hub=hub&cluster=b',
        authorization: expect.stringMatching(/^Bearer /),
      },
    ]);
  });

  it('answers an error status with its message, until cleared', async () => {
    fake.failWith(503, 'not ready');
    await expect(fake.api.getTopology()).rejects.toThrow(/503 not ready/);
    fake.failWith(undefined);
    await expect(fake.api.getTopology()).resolves.toEqual(topology);
  });

  it('drops connections while unreachable: the client sees a network error', async () => {
    fake.setUnreachable(true);
    const error = await fake.api.getTopology().catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(/fetch failed$/);
    fake.setUnreachable(false);
    await expect(fake.api.getTopology()).resolves.toEqual(topology);
  });

  it('answers each caller its own topology and applications, the others the common ones, until reset', async () => {
    const jane = mockCredentials.user('user:default/jane');
    const automation = mockCredentials.service('external:automation');
    const janes = topologyOf([topologyCluster('other', 'other')]);
    fake.setTopologyFor('user:default/jane', janes);
    fake.setApplicationsFor('external:automation', [
      applicationSummary('hub', 'b', 'three'),
    ]);
    // the calling plugin on the user's behalf gets the user's answer
    await expect(fake.api.getTopology({ credentials: jane })).resolves.toEqual(
      janes,
    );
    // the plugin's own credentials, and other callers, get the common one
    await expect(fake.api.getTopology()).resolves.toEqual(topology);
    await expect(
      fake.api.getTopology({ credentials: automation }),
    ).resolves.toEqual(topology);
    const names = async (credentials?: BackstageCredentials) =>
      (await fake.api.getApplications({}, { credentials })).items.map(
        a => a.name,
      );
    expect(await names(automation)).toEqual(['three']);
    expect(await names(jane)).toEqual(['one', 'two']);
    fake.setTopologyFor('user:default/jane', undefined);
    await expect(fake.api.getTopology({ credentials: jane })).resolves.toEqual(
      topology,
    );
    fake.reset();
    expect(await names(automation)).toEqual(['one', 'two']);
  });

  it('reads who a request is for from its mock token', () => {
    const header = (
      credentials: Parameters<typeof mockCredentials.service.header>[0],
    ) => mockCredentials.service.header(credentials);
    expect(
      principalOfRequest(
        header({
          onBehalfOf: mockCredentials.user('user:default/jane'),
          targetPluginId: 'hub-spoke',
        }),
      ),
    ).toBe('user:default/jane');
    expect(
      principalOfRequest(
        header({
          onBehalfOf: mockCredentials.service('plugin:scaffolder'),
          targetPluginId: 'hub-spoke',
        }),
      ),
    ).toBe('plugin:scaffolder');
    expect(
      principalOfRequest(mockCredentials.user.header('user:default/joe')),
    ).toBe('user:default/joe');
    expect(principalOfRequest(mockCredentials.user.header())).toBe(
      'user:default/mock',
    );
    expect(principalOfRequest('Bearer not-a-mock-token')).toBeUndefined();
    expect(principalOfRequest(undefined)).toBeUndefined();
  });

  it('reads functions on every request, and reset() restores the initial answers', async () => {
    let n = 0;
    fake.setApplications(() => [applicationSummary('hub', 'a', `app-${++n}`)]);
    await fake.api.getApplications();
    const { items } = await fake.api.getApplications();
    expect(items.map(a => a.name)).toEqual(['app-2']);
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect((await fake.api.getApplications()).items).toHaveLength(2);
  });
});
