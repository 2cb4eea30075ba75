import { ResponseError } from '@backstage/errors';
import { HUB_SPOKE_PLUGIN_ID } from '../ids';
import { ApplicationFilter, ApplicationList, Topology } from '../types';

/**
 * Finds the hub-spoke backend: Backstage's DiscoveryApi (frontend) and DiscoveryService (backend) both fit.
 *
 * @public
 */
export interface HubSpokeDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Sends the requests: Backstage's FetchApi in the browser (it adds the user's token), or any `fetch`.
 *
 * @public
 */
export interface HubSpokeFetch {
  fetch: typeof fetch;
}

/**
 * Per-request options of {@link HubSpokeApiClient}.
 *
 * @public
 */
export interface HubSpokeRequestOptions {
  /** Sent as `Authorization: Bearer <token>` (a backend's plugin request token); without it, fetchApi decides. */
  token?: string;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/**
 * The one typed client of the hub-spoke backend's HTTP API (GET /topology, GET /applications), shaped like
 * Backstage's generated OpenAPI clients. It returns the bodies as served and throws a ResponseError (with the
 * backend's error as its cause) for any status other than 2xx. Runs in the browser and in Node.
 *
 * @public
 */
export class HubSpokeApiClient {
  private readonly discoveryApi: HubSpokeDiscovery;
  private readonly fetchApi: HubSpokeFetch;

  constructor(options: {
    discoveryApi: HubSpokeDiscovery;
    fetchApi?: HubSpokeFetch;
  }) {
    this.discoveryApi = options.discoveryApi;
    // Called as a plain function: a browser's fetch refuses any other `this` than the window.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  /** GET /topology: the whole fleet, hubs with their poll state, clusters and edges. */
  async getTopology(options?: HubSpokeRequestOptions): Promise<Topology> {
    return this.get<Topology>('/topology', {}, options);
  }

  /** GET /applications: Argo CD Applications, narrowed by hub, cluster, health and sync status when given. */
  async getApplications(
    filter: ApplicationFilter = {},
    options?: HubSpokeRequestOptions,
  ): Promise<ApplicationList> {
    return this.get<ApplicationList>(
      '/applications',
      {
        hub: filter.hub,
        cluster: filter.cluster,
        health: filter.health,
        sync: filter.sync,
      },
      options,
    );
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined>,
    options: HubSpokeRequestOptions = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(HUB_SPOKE_PLUGIN_ID);
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${queryString(query)}`,
      {
        ...(options.token
          ? { headers: { authorization: `Bearer ${options.token}` } }
          : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (!response.ok) {
      // Keeps the backend's error (NotAllowedError, InputError, …) as the cause, for the caller to show.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `?a=1&b=2` of the parameters that have a value, or the empty string. */
function queryString(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
