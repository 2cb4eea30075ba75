import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { hubSpokeApiServiceRef } from '@hub-spoke/plugin-hub-spoke-node';
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
        hubSpokeApi: hubSpokeApiServiceRef,
      },
      async init({ scaffolder, config, hubSpokeApi }) {
        const options = { config, hubSpokeApi };
        scaffolder.addActions(
          createOnboardSpokeAction(options),
          createOffboardSpokeAction(options),
          createPublishAppAction(options),
        );
      },
    });
  },
});
