import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ApplicationFilter,
  ApplicationList,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Options of one call of {@link HubSpokeApiService}.
 *
 * @public
 */
export interface HubSpokeApiCallOptions {
  /**
   * Call on behalf of these credentials (e.g. those of an incoming request, from httpAuth.credentials). Without
   * them, the call is made with the calling plugin's own service credentials.
   */
  credentials?: BackstageCredentials;
  /**
   * What the caller needs the answer for, e.g. `to check the new spoke against the clusters every hub already has`:
   * it ends the error message (`…, needed <purpose>: <reason>`).
   */
  purpose?: string;
  /** Aborts the call, in addition to the service's own timeout. */
  signal?: AbortSignal;
}

/**
 * The hub-spoke backend's HTTP API as backend modules use it: calls carry a plugin request token, each call has a
 * deadline, and every failure is a ServiceUnavailableError that says which URL could not be read and why (never
 * with a token).
 *
 * @public
 */
export interface HubSpokeApiService {
  /** GET /topology: the whole fleet, hubs with their poll state, clusters and edges. */
  getTopology(options?: HubSpokeApiCallOptions): Promise<Topology>;
  /** GET /applications: Argo CD Applications, narrowed by hub, cluster, health and sync status when given. */
  getApplications(
    filter?: ApplicationFilter,
    options?: HubSpokeApiCallOptions,
  ): Promise<ApplicationList>;
}
