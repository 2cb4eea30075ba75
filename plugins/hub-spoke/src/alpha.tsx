import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { HUB_SPOKE_PLUGIN_ID } from '@hub-spoke/plugin-hub-spoke-common';
import { hubSpokeApiRef, HubSpokeClient } from './api';
import { rootRouteRef } from './routes';
import {
  isHubSpokeClusterAvailable,
  isHubSpokeDeploymentsAvailable,
} from './entity';

/**
 * The `HubSpokeApi` of `@hub-spoke/plugin-hub-spoke`, backed by the hub-spoke backend. Extension id `api:hub-spoke`.
 *
 * @alpha
 */
export const hubSpokeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: hubSpokeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HubSpokeClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The topology page at /hub-spoke. Extension id `page:hub-spoke`.
 *
 * It has a route ref, a title and an icon, so the app's nav lists it as "Hub & Spoke". The page draws its own
 * core-components Header, so the app's default plugin header is turned off (`noHeader`), as for converted legacy pages.
 *
 * @alpha
 */
export const hubSpokePage = PageBlueprint.make({
  params: {
    path: '/hub-spoke',
    routeRef: rootRouteRef,
    title: 'Hub & Spoke',
    icon: <DeviceHubIcon fontSize="inherit" />,
    noHeader: true,
    loader: () =>
      import('./components/TopologyPage').then(m => <m.TopologyPage />),
  },
});

/**
 * The deployments card on the entity page of a Component with an `argocd/app-name` or `argocd/app-selector`
 * annotation: its Argo CD Applications on every hub. Extension id `entity-card:hub-spoke/deployments`.
 *
 * @alpha
 */
export const hubSpokeDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    type: 'content',
    filter: isHubSpokeDeploymentsAvailable,
    loader: () =>
      import('./components/EntityDeploymentsCard').then(m => (
        <m.EntityDeploymentsCard />
      )),
  },
});

/**
 * The cluster card on the entity page of a `kubernetes-cluster` Resource with a `hub-spoke/cluster` annotation.
 * Extension id `entity-card:hub-spoke/cluster`.
 *
 * @alpha
 */
export const hubSpokeClusterEntityCard = EntityCardBlueprint.make({
  name: 'cluster',
  params: {
    type: 'content',
    filter: isHubSpokeClusterAvailable,
    loader: () =>
      import('./components/EntityClusterCard').then(m => (
        <m.EntityClusterCard />
      )),
  },
});

/**
 * The Hub & Spoke plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: HUB_SPOKE_PLUGIN_ID,
  title: 'Hub & Spoke',
  icon: <DeviceHubIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
  },
  extensions: [
    hubSpokeApi,
    hubSpokePage,
    hubSpokeDeploymentsEntityCard,
    hubSpokeClusterEntityCard,
  ],
});
