import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ApplicationList,
  ApplicationSummary,
  HUB_SPOKE_PLUGIN_ID,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/** Reads the hub-spoke backend's HTTP API with the catalog's own service credentials. @public */
export class HubSpokeClient {
  constructor(
    private readonly options: {
      discovery: Pick<DiscoveryService, 'getBaseUrl'>;
      auth: Pick<
        AuthService,
        'getOwnServiceCredentials' | 'getPluginRequestToken'
      >;
      fetch?: typeof fetch;
    },
  ) {}

  /** The hub-spoke backend's base URL, e.g. http://localhost:7007/api/hub-spoke. */
  baseUrl(): Promise<string> {
    return this.options.discovery.getBaseUrl(HUB_SPOKE_PLUGIN_ID);
  }

  getTopology(): Promise<Topology> {
    return this.get<Topology>('/topology');
  }

  async getApplications(): Promise<ApplicationSummary[]> {
    return (await this.get<ApplicationList>('/applications')).items;
  }

  private async get<T>(path: string): Promise<T> {
    const { auth } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: HUB_SPOKE_PLUGIN_ID,
    });
    const doFetch = this.options.fetch ?? fetch;
    const res = await doFetch(`${await this.baseUrl()}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
