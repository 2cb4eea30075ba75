import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createOffboardSpokeAction,
  createOnboardSpokeAction,
  createPublishAppAction,
} from './actions';

/**
 * Adds the hub-spoke actions (hub-spoke:spoke:onboard, hub-spoke:spoke:offboard, hub-spoke:app:publish) to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleHubSpoke = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'hub-spoke',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        const options = { config, discovery, auth };
        scaffolder.addActions(
          createOnboardSpokeAction(options),
          createOffboardSpokeAction(options),
          createPublishAppAction(options),
        );
      },
    });
  },
});
