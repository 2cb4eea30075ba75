import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { TOPOLOGY_SIGNAL_CHANNEL } from '@hub-spoke/plugin-hub-spoke-common';
import { readHubSpokeConfig } from '../config';
import { DefaultFleetService, FleetService } from './FleetService';

/**
 * The fleet behind the routes. Replace it (e.g. in tests, or to add a source) by adding your own factory for
 * this ref to the backend.
 *
 * @public
 */
export const fleetServiceRef = createServiceRef<FleetService>({
  id: 'hub-spoke.fleet',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
      },
      async factory({ config, logger, scheduler, lifecycle, signals }) {
        const hubSpokeConfig = readHubSpokeConfig(config);
        const fleet = new DefaultFleetService({
          config: hubSpokeConfig,
          logger,
          publisher: {
            publish: message =>
              signals.publish({ recipients: { type: 'broadcast' }, channel: TOPOLOGY_SIGNAL_CHANNEL, message }),
          },
        });
        lifecycle.addShutdownHook(() => fleet.close());
        if (hubSpokeConfig.hubs.length > 0) {
          await scheduler.scheduleTask({
            id: 'hub-spoke-fleet-refresh',
            scope: 'local',
            frequency: { milliseconds: hubSpokeConfig.refreshIntervalMs },
            timeout: { milliseconds: hubSpokeConfig.requestTimeoutMs * 4 + 1000 },
            fn: () => fleet.refresh(),
          });
        }
        logger.info('Hub & Spoke fleet configured', {
          hubs: hubSpokeConfig.hubs.map(h => h.name).join(',') || '(none)',
          refreshIntervalMs: hubSpokeConfig.refreshIntervalMs,
          requestTimeoutMs: hubSpokeConfig.requestTimeoutMs,
        });
        return fleet;
      },
    }),
});
