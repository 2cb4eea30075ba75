import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ApplicationFilter,
  ApplicationList,
  HUB_SPOKE_PLUGIN_ID,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { HubSpokeApi } from './HubSpokeApi';
import { normalizeApplications, normalizeTopology } from './normalize';

/**
 * {@link HubSpokeApi} over the backend's HTTP API.
 *
 * @public
 */
export class HubSpokeClient implements HubSpokeApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getTopology(): Promise<Topology> {
    return normalizeTopology(await this.get<Topology>('/topology'));
  }

  async getApplications(
    filter: ApplicationFilter = {},
  ): Promise<ApplicationList> {
    return normalizeApplications(
      await this.get<ApplicationList>('/applications', {
        hub: filter.hub,
        cluster: filter.cluster,
        health: filter.health,
        sync: filter.sync,
      }),
    );
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(HUB_SPOKE_PLUGIN_ID);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, value);
      }
    }
    const search = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      // Keeps the backend's message (NotAllowedError, InputError, ...) for the user.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
