import { createApiRef } from '@backstage/core-plugin-api';
import {
  ApplicationFilter,
  ApplicationList,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Reads the fleet from the hub-spoke backend.
 *
 * @public
 */
export interface HubSpokeApi {
  /** The whole fleet: hubs with their poll state, clusters and `manages` edges. */
  getTopology(): Promise<Topology>;
  /** Argo CD Applications, optionally narrowed by hub, cluster, health and sync status. */
  getApplications(filter?: ApplicationFilter): Promise<ApplicationList>;
}

/**
 * Api reference of {@link HubSpokeApi}.
 *
 * @public
 */
export const hubSpokeApiRef = createApiRef<HubSpokeApi>({
  id: 'plugin.hub-spoke.service',
});
