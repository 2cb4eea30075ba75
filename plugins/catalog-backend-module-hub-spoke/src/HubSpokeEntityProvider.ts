import { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import { HubSpokeCatalogConfig, readHubSpokeCatalogConfig } from './config';
import { HubSpokeApiOptions, hubSpokeApiOf } from './hubSpokeApi';
import { topologyToEntities } from './entities';
import {
  ANNOTATION_HUB,
  HUB_SPOKE_PLUGIN_ID,
} from '@hub-spoke/plugin-hub-spoke-common';

/** Options of {@link HubSpokeEntityProvider}. @public */
export interface HubSpokeEntityProviderOptions extends HubSpokeApiOptions {
  config: Config;
  /** Runs refresh on the configured schedule; without it, call refresh() yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Emits a Resource per hub and spoke cluster of the hub-spoke fleet (and a System per hub), read from the hub-spoke
 * backend's GET /topology, as a full mutation: clusters gone from the fleet disappear from the catalog. When the
 * backend cannot be read, the previous entities are kept.
 *
 * @public
 */
export class HubSpokeEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly api: HubSpokeApiService;
  private readonly settings: HubSpokeCatalogConfig;
  /** What the last mutation emitted. */
  private previous: Entity[] = [];

  constructor(private readonly options: HubSpokeEntityProviderOptions) {
    this.api = hubSpokeApiOf(options);
    this.settings = readHubSpokeCatalogConfig(options.config);
  }

  getProviderName(): string {
    return 'HubSpokeEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Reads the fleet once and applies it; logs a warning and keeps the previous entities when that fails. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        'HubSpokeEntityProvider is not connected yet',
      );
    }
    const { logger } = this.options;
    const started = Date.now();
    let entities: Entity[];
    const kept: string[] = [];
    try {
      const [baseUrl, topology] = await Promise.all([
        this.options.discovery.getBaseUrl(HUB_SPOKE_PLUGIN_ID),
        this.api.getTopology(),
      ]);
      entities = topologyToEntities(topology, {
        baseUrl,
        config: this.settings,
      });
      // A hub the backend has not read yet (cold start, or unreachable since a restart) has no clusters in the
      // snapshot: keep the cluster Resources last emitted for it instead of deleting its clusters from the catalog.
      for (const hub of topology.hubs) {
        if (
          hub.status === 'ok' ||
          topology.clusters.some(c => c.hub === hub.name)
        )
          continue;
        const previous = this.previous.filter(
          e =>
            e.kind === 'Resource' &&
            e.metadata.annotations?.[ANNOTATION_HUB] === hub.name,
        );
        if (previous.length > 0) {
          kept.push(hub.name);
          entities.push(...previous);
        }
      }
    } catch (error) {
      logger.warn(
        'Could not read the hub-spoke fleet, keeping the previous entities',
        {
          error: stringifyError(error),
        },
      );
      return;
    }
    if (kept.length > 0) {
      logger.warn('Hub not read yet, keeping its previous entities', {
        hubs: kept.join(', '),
      });
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.previous = entities;
    logger.info('Refreshed hub-spoke entities', {
      entities: entities.length,
      ms: Date.now() - started,
    });
  }

  /** The configured schedule, for the module to create the task runner with. */
  static schedule(config: Config) {
    return readHubSpokeCatalogConfig(config).schedule;
  }
}
