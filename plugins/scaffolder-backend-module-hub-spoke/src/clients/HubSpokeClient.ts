/**
 * The hub-spoke backend's HTTP API (GET /topology, GET /applications), called with the module's own service
 * credentials: the checks need the whole fleet, not only what the user may see.
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import {
  ApplicationList,
  ApplicationSummary,
  HUB_SPOKE_PLUGIN_ID,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

export class HubSpokeClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  /** The live topology: every hub's clusters with their names, servers and CIDRs. */
  async topology(purpose: string): Promise<Topology> {
    return this.get<Topology>('/topology', purpose);
  }

  /** Applications, filtered by hub and cluster. */
  async applications(
    filter: { hub?: string; cluster?: string },
    purpose: string,
  ): Promise<ApplicationSummary[]> {
    const query = new URLSearchParams();
    if (filter.hub) query.set('hub', filter.hub);
    if (filter.cluster) query.set('cluster', filter.cluster);
    const body = await this.get<ApplicationList>(
      `/applications?${query}`,
      purpose,
    );
    return body.items;
  }

  private async get<T>(path: string, purpose: string): Promise<T> {
    let url = path;
    try {
      const baseUrl = await this.discovery.getBaseUrl(HUB_SPOKE_PLUGIN_ID);
      url = `${baseUrl}${path}`;
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf: await this.auth.getOwnServiceCredentials(),
        targetPluginId: HUB_SPOKE_PLUGIN_ID,
      });
      const request = () =>
        fetch(url, {
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
          },
        });
      // A GET is safe to repeat: one retry covers a pooled keep-alive socket the server closed meanwhile.
      const res = await request().catch(() => request());
      if (!res.ok) throw await ResponseError.fromResponse(res);
      return (await res.json()) as T;
    } catch (e) {
      const reason =
        e instanceof ResponseError
          ? `${e.response.status} ${e.body.error.message}`
          : (e as Error).message;
      throw new ServiceUnavailableError(
        `Could not read ${
          url.split('?')[0]
        } from the hub-spoke backend, needed ${purpose}: ${reason}`,
      );
    }
  }
}
