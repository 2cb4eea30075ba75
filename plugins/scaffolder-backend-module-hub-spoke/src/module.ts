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
import { readScaffolderPolicies } from './policy/readPolicy';

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
        permissions: coreServices.permissions,
      },
      async init({ scaffolder, config, hubSpokeApi, permissions }) {
        // The platform's policy, read once: a bad policy fails the start with an InputError naming the key.
        const policy = readScaffolderPolicies(config);
        const options = { config, hubSpokeApi, permissions, policy };
        scaffolder.addActions(
          createOnboardSpokeAction(options),
          createOffboardSpokeAction(options),
          createPublishAppAction(options),
        );
      },
    });
  },
});
