import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { TOPOLOGY_SIGNAL_CHANNEL } from '@hub-spoke/plugin-hub-spoke-common';
import { readHubSpokeConfig } from '../config';
import { KubernetesClusterConfig, readKubernetesClusters } from '../kubernetes';
import { createClusterReader } from './clusterReader';
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
        cache: coreServices.cache,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
      },
      async factory({ config, logger, scheduler, cache, lifecycle, signals }) {
        const hubSpokeConfig = readHubSpokeConfig(config);
        const clusters = readKubernetesClusters(config);
        const fleet = new DefaultFleetService({
          config: hubSpokeConfig,
          logger,
          cache: cache.withOptions({ defaultTtl: Math.max(hubSpokeConfig.refreshIntervalMs * 20, 3_600_000) }),
          clusters,
          clusterReaderFactory: (cluster, timeoutMs) =>
            createClusterReader(cluster as KubernetesClusterConfig, timeoutMs, {
              expiryWarningDays: hubSpokeConfig.certificateExpiryWarningDays,
            }),
          publisher: {
            publish: message =>
              signals.publish({ recipients: { type: 'broadcast' }, channel: TOPOLOGY_SIGNAL_CHANNEL, message }),
          },
        });
        lifecycle.addShutdownHook(() => fleet.close());
        // every hub and cluster read has the request timeout; the pool runs them in waves
        const waves = Math.ceil((hubSpokeConfig.hubs.length + clusters.length) / hubSpokeConfig.concurrency);
        const refreshTimeoutMs = hubSpokeConfig.requestTimeoutMs * (waves + 1) + 1000;
        if (hubSpokeConfig.hubs.length > 0) {
          // One runner across all replicas: the others serve the snapshot it leaves in the shared cache.
          await scheduler.scheduleTask({
            id: 'hub-spoke-fleet-refresh',
            scope: 'global',
            frequency: { milliseconds: hubSpokeConfig.refreshIntervalMs },
            timeout: { milliseconds: refreshTimeoutMs },
            fn: () => fleet.refresh(),
          });
        }
        logger.info('Hub & Spoke fleet configured', {
          hubs: hubSpokeConfig.hubs.map(h => h.name).join(',') || '(none)',
          clusters: clusters.map(c => c.name).join(',') || '(none)',
          unsupported: clusters.filter(c => c.unsupported).map(c => c.name).join(',') || '(none)',
          refreshIntervalMs: hubSpokeConfig.refreshIntervalMs,
          requestTimeoutMs: hubSpokeConfig.requestTimeoutMs,
        });
        return fleet;
      },
    }),
});
