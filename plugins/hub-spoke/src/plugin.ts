import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
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
export const HubSpokePage: () => JSX.Element = hubSpokePlugin.provide(
  createRoutableExtension({
    name: 'HubSpokePage',
    component: () =>
      import('./components/TopologyPage').then(m => m.TopologyPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Card for a Component's entity page: its Argo CD Applications on every hub, picked by the `argocd/app-name` or
 * `argocd/app-selector` annotation. Show it with `isHubSpokeDeploymentsAvailable` in an EntitySwitch.
 *
 * @public
 */
export const EntityHubSpokeDeploymentsCard: (props: {
  title?: string;
}) => JSX.Element = hubSpokePlugin.provide(
  createComponentExtension({
    name: 'EntityHubSpokeDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityDeploymentsCard').then(
          m => m.EntityDeploymentsCard,
        ),
    },
  }),
);

/**
 * Card for a `kubernetes-cluster` Resource's entity page: the cluster's state, published hosts and applications,
 * picked by the `hub-spoke/cluster` (and `hub-spoke/hub`) annotations. Show it with `isHubSpokeClusterAvailable`.
 *
 * @public
 */
export const EntityHubSpokeClusterCard: (props: {
  title?: string;
}) => JSX.Element = hubSpokePlugin.provide(
  createComponentExtension({
    name: 'EntityHubSpokeClusterCard',
    component: {
      lazy: () =>
        import('./components/EntityClusterCard').then(m => m.EntityClusterCard),
    },
  }),
);
