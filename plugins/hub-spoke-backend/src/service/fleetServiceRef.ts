import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { TOPOLOGY_SIGNAL_CHANNEL } from '@hub-spoke/plugin-hub-spoke-common';
import { readHubSpokeConfig } from '../config';
import { applyDatabaseMigrations } from '../database/migrations';
import {
  ClusterAccess,
  readClusterAccess,
} from '@hub-spoke/plugin-hub-spoke-node';
import { createClusterReader } from './clusterReader';
import { DefaultFleetService, FleetService } from './FleetService';
import { DatabaseFleetLease } from './lease';
import { PollingLoop } from './pollingLoop';
import { snapshotTtlMs } from './SnapshotStore';

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
        database: coreServices.database,
        signals: signalsServiceRef,
      },
      async factory({
        config,
        logger,
        scheduler,
        cache,
        lifecycle,
        database,
        signals,
      }) {
        const hubSpokeConfig = readHubSpokeConfig(config);
        const clusters = readClusterAccess(config);
        const fleet = new DefaultFleetService({
          config: hubSpokeConfig,
          logger,
          cache: cache.withOptions({
            defaultTtl: snapshotTtlMs(hubSpokeConfig.refreshIntervalMs),
          }),
          clusters,
          clusterReaderFactory: (cluster, timeoutMs) =>
            createClusterReader(cluster as ClusterAccess, timeoutMs, {
              expiryWarningDays: hubSpokeConfig.certificateExpiryWarningDays,
            }),
          publisher: {
            publish: message =>
              signals.publish({
                recipients: { type: 'broadcast' },
                channel: TOPOLOGY_SIGNAL_CHANNEL,
                message,
              }),
          },
        });
        lifecycle.addShutdownHook(() => fleet.close());
        if (hubSpokeConfig.hubs.length > 0) {
          // One poller across all replicas, chosen by a lease in the plugin's database that every replica checks each
          // tick (a local scheduler task); the others serve the snapshot it leaves in the shared cache.
          await applyDatabaseMigrations(database);
          const loop = new PollingLoop({
            lease: new DatabaseFleetLease(await database.getClient()),
            holder: `${os.hostname()}/${process.pid}/${randomUUID().slice(
              0,
              8,
            )}`,
            refresh: () => fleet.refresh(),
            refreshIntervalMs: hubSpokeConfig.refreshIntervalMs,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'hub-spoke-fleet-lease',
            scope: 'local',
            frequency: { milliseconds: loop.tickMs },
            timeout: { milliseconds: loop.ttlMs },
            fn: () => loop.tick(),
          });
          lifecycle.addShutdownHook(() => loop.stop());
        }
        logger.info('Hub & Spoke fleet configured', {
          hubs: hubSpokeConfig.hubs.map(h => h.name).join(',') || '(none)',
          clusters: clusters.map(c => c.name).join(',') || '(none)',
          unsupported:
            clusters
              .filter(c => c.unsupported)
              .map(c => c.name)
              .join(',') || '(none)',
          refreshIntervalMs: hubSpokeConfig.refreshIntervalMs,
          requestTimeoutMs: hubSpokeConfig.requestTimeoutMs,
        });
        return fleet;
      },
    }),
});
