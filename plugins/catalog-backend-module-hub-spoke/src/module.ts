import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { hubSpokeApiServiceRef } from '@hub-spoke/plugin-hub-spoke-node';
import { HubSpokeApplicationsProcessor } from './HubSpokeApplicationsProcessor';
import { HubSpokeEntityProvider } from './HubSpokeEntityProvider';

/**
 * Adds the hub-spoke fleet to the catalog: cluster Resources and hub Systems (HubSpokeEntityProvider) and
 * Component → cluster relations from Argo CD Applications (HubSpokeApplicationsProcessor).
 *
 * @public
 */
export const catalogModuleHubSpoke = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'hub-spoke',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        hubSpokeApi: hubSpokeApiServiceRef,
      },
      async init({
        catalog,
        config,
        discovery,
        auth,
        logger,
        scheduler,
        hubSpokeApi,
      }) {
        catalog.addEntityProvider(
          new HubSpokeEntityProvider({
            config,
            discovery,
            auth,
            hubSpokeApi,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(
              HubSpokeEntityProvider.schedule(config),
            ),
          }),
        );
        catalog.addProcessor(
          new HubSpokeApplicationsProcessor({
            discovery,
            auth,
            hubSpokeApi,
            logger,
          }),
        );
      },
    });
  },
});
