import { ServiceUnavailableError } from '@backstage/errors';
import { topologyCluster, topologyOf } from '@hub-spoke/test-utils';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import { readTopologyViews } from './views';

const fleet = topologyOf([
  topologyCluster('aks-mgmt-hub', 'aks-mgmt-hub'),
  topologyCluster('aks-mgmt-hub', 'aks-eu-prod-1'),
]);
const ctx = {
  getInitiatorCredentials: async () =>
    ({ $$type: '@backstage/BackstageCredentials', principal: {} } as any),
};

function api(answer: (onBehalf: boolean) => Promise<any>): HubSpokeApiService {
  return {
    getTopology: (options?: { credentials?: unknown }) =>
      answer(Boolean(options?.credentials)),
    getApplications: async () => [],
  } as unknown as HubSpokeApiService;
}

describe('readTopologyViews', () => {
  it('keeps what the initiator may see apart from the whole fleet', async () => {
    const mine = topologyOf([topologyCluster('aks-mgmt-hub', 'aks-mgmt-hub')]);
    const views = await readTopologyViews(
      api(async onBehalf => (onBehalf ? mine : fleet)),
      ctx,
      'to test',
    );
    expect(views.fleet.clusters).toHaveLength(2);
    expect(views.canSee({ hub: 'aks-mgmt-hub', name: 'aks-mgmt-hub' })).toBe(
      true,
    );
    expect(views.canSee({ hub: 'aks-mgmt-hub', name: 'aks-eu-prod-1' })).toBe(
      false,
    );
  });

  it('treats an initiator the backend will not answer as seeing no cluster, so no message names one', async () => {
    const views = await readTopologyViews(
      api(async onBehalf => {
        if (onBehalf)
          throw new ServiceUnavailableError(
            "Access to target plugin 'hub-spoke' is not included in token's access restrictions",
          );
        return fleet;
      }),
      ctx,
      'to test',
    );
    expect(views.mine.clusters).toEqual([]);
    expect(views.mine.hubs).toEqual([]);
    expect(views.fleet.clusters).toHaveLength(2);
    expect(views.canSee({ hub: 'aks-mgmt-hub', name: 'aks-eu-prod-1' })).toBe(
      false,
    );
  });

  it('fails the run when the fleet itself cannot be read', async () => {
    await expect(
      readTopologyViews(
        api(async () => {
          throw new ServiceUnavailableError('Could not read /topology');
        }),
        ctx,
        'to test',
      ),
    ).rejects.toThrow('Could not read /topology');
  });
});
