import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  ApplicationFilter,
  ApplicationList,
  HubSpokeApiClient,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { HubSpokeApi } from './HubSpokeApi';
import { normalizeApplications, normalizeTopology } from './normalize';

/**
 * {@link HubSpokeApi} over the backend's HTTP API: the requests are those of the shared HubSpokeApiClient (with the
 * user's token from the fetch api); errors are its ResponseErrors, which keep the backend's message for the user.
 *
 * @public
 */
export class HubSpokeClient implements HubSpokeApi {
  private readonly client: HubSpokeApiClient;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.client = new HubSpokeApiClient(options);
  }

  async getTopology(): Promise<Topology> {
    return normalizeTopology(await this.client.getTopology());
  }

  async getApplications(
    filter: ApplicationFilter = {},
  ): Promise<ApplicationList> {
    return normalizeApplications(await this.client.getApplications(filter));
  }
}
