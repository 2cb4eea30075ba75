import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { hubSpokeApiRef, HubSpokeClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Hub & Spoke frontend plugin for apps on the legacy frontend system. Apps on the new frontend system use the
 * default export of `@hub-spoke/plugin-hub-spoke/alpha` instead.
 *
 * @public
 */
export const hubSpokePlugin = createPlugin({
  id: 'hub-spoke',
  apis: [
    createApiFactory({
      api: hubSpokeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HubSpokeClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The topology page: every hub's Argo CD and the clusters it manages.
 *
 * @public
 */
export const HubSpokePage = hubSpokePlugin.provide(
  createRoutableExtension({
    name: 'HubSpokePage',
    component: () =>
      import('./components/TopologyPage').then(m => m.TopologyPage),
    mountPoint: rootRouteRef,
  }),
);
