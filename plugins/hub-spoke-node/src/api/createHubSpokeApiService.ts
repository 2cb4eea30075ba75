import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import {
  HUB_SPOKE_PLUGIN_ID,
  HubSpokeApiClient,
  HubSpokeFetch,
  HubSpokeRequestOptions,
} from '@hub-spoke/plugin-hub-spoke-common';
import { HubSpokeApiCallOptions, HubSpokeApiService } from './types';

/**
 * How long one call may take by default (token, request and body).
 *
 * @public
 */
export const DEFAULT_HUB_SPOKE_API_TIMEOUT_MS = 10_000;

/**
 * What {@link createHubSpokeApiService} needs.
 *
 * @public
 */
export interface HubSpokeApiServiceOptions {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials' | 'getPluginRequestToken'>;
  /** Deadline of one call in milliseconds (default {@link DEFAULT_HUB_SPOKE_API_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Sends the requests (default: the global fetch). */
  fetchApi?: HubSpokeFetch;
}

/**
 * A `fetch` that repeats a GET once when it fails without an answer: a pooled keep-alive socket the server closed
 * meanwhile fails the first attempt, and a GET is safe to repeat. Aborted requests are not repeated.
 */
function retryingOnce(send: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await send(input, init);
    } catch (e) {
      const method = (init?.method ?? 'GET').toUpperCase();
      if (init?.signal?.aborted || method !== 'GET') throw e;
      return send(input, init);
    }
  };
}

/** Why a call failed, for the message: the backend's own error, the deadline, or the network error. */
function reasonOf(e: unknown, timedOut: boolean, timeoutMs: number): string {
  if (e instanceof ResponseError) {
    return `${e.response.status} ${e.body.error.message}`;
  }
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The {@link HubSpokeApiService} over the shared HubSpokeApiClient, for backend modules: a plugin request token for
 * the hub-spoke plugin (the module's own service credentials, or the `credentials` of a call), a deadline per call,
 * one retry of a GET whose socket was dropped, and failures as ServiceUnavailableError
 * `Could not read <url> from the hub-spoke backend[, needed <purpose>]: <reason>`.
 *
 * @public
 */
export function createHubSpokeApiService(
  options: HubSpokeApiServiceOptions,
): HubSpokeApiService {
  const { discovery, auth } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HUB_SPOKE_API_TIMEOUT_MS;
  const send = retryingOnce(
    options.fetchApi?.fetch ?? ((input, init) => fetch(input, init)),
  );

  async function call<T>(
    path: string,
    callOptions: HubSpokeApiCallOptions,
    read: (
      client: HubSpokeApiClient,
      request: HubSpokeRequestOptions,
    ) => Promise<T>,
  ): Promise<T> {
    // The URL named in errors: the path until the request is sent, then the full URL without its query.
    let url = path;
    const client = new HubSpokeApiClient({
      discoveryApi: discovery,
      fetchApi: {
        fetch: (input, init) => {
          url = String(input).split('?')[0];
          return send(input, init);
        },
      },
    });
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = callOptions.signal
      ? AbortSignal.any([callOptions.signal, deadline])
      : deadline;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf:
          callOptions.credentials ?? (await auth.getOwnServiceCredentials()),
        targetPluginId: HUB_SPOKE_PLUGIN_ID,
      });
      return await read(client, { token, signal });
    } catch (e) {
      const needed = callOptions.purpose
        ? `, needed ${callOptions.purpose}`
        : '';
      throw new ServiceUnavailableError(
        `Could not read ${url} from the hub-spoke backend${needed}: ${reasonOf(
          e,
          deadline.aborted,
          timeoutMs,
        )}`,
      );
    }
  }

  return {
    getTopology: (callOptions = {}) =>
      call('/topology', callOptions, (client, request) =>
        client.getTopology(request),
      ),
    getApplications: (filter = {}, callOptions = {}) =>
      call('/applications', callOptions, (client, request) =>
        client.getApplications(filter, request),
      ),
  };
}
