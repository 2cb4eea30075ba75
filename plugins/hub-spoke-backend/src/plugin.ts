import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  HUB_SPOKE_PLUGIN_ID,
  hubSpokeClusterPermissions,
  hubSpokePermissions,
} from '@hub-spoke/plugin-hub-spoke-common';
import { readHubSpokeConfig } from './config';
import { resolveClusterResources } from './permissions/clusterResources';
import {
  clusterPermissionRules,
  clusterResourceRef,
} from './permissions/rules';
import { fleetServiceRef } from './service/fleetServiceRef';
import { createRouter } from './service/router';

/**
 * The Hub & Spoke backend plugin: serves the fleet topology at /api/hub-spoke.
 *
 * @public
 */
export const hubSpokePlugin = createBackendPlugin({
  pluginId: HUB_SPOKE_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        fleet: fleetServiceRef,
        config: coreServices.rootConfig,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        fleet,
        config,
      }) {
        permissionsRegistry.addPermissions(hubSpokePermissions);
        // Conditional decisions on one cluster (hub-spoke.app.publish on <hub>/<cluster>, asked by the scaffolder
        // actions) are applied here, against the current snapshot.
        permissionsRegistry.addResourceType({
          resourceRef: clusterResourceRef,
          permissions: hubSpokeClusterPermissions,
          rules: Object.values(clusterPermissionRules),
          getResources: async resourceRefs =>
            resolveClusterResources(await fleet.getTopology(), resourceRefs),
        });
        const { permissionCacheTtlMs } = readHubSpokeConfig(config);
        httpRouter.use(
          await createRouter({
            fleet,
            httpAuth,
            permissions,
            permissionsRegistry,
            permissionCacheTtlMs,
          }),
        );
      },
    });
  },
});
