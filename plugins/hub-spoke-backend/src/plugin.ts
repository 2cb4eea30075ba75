import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { HUB_SPOKE_PLUGIN_ID, hubSpokePermissions } from '@hub-spoke/plugin-hub-spoke-common';
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
      },
      async init({ httpRouter, httpAuth, permissions, permissionsRegistry, fleet }) {
        permissionsRegistry.addPermissions(hubSpokePermissions);
        httpRouter.use(await createRouter({ fleet, httpAuth, permissions }));
      },
    });
  },
});
