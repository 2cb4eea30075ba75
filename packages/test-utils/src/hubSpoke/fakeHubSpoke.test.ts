import { FakeHubSpoke, startFakeHubSpoke } from './fakeHubSpoke';
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
