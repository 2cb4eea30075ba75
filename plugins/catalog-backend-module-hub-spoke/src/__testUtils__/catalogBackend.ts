/**
 * Helpers for tests that run the real catalog backend (@backstage/plugin-catalog-backend) with this module.
 */
import {
  createBackendModule,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleHubSpoke } from '../module';

/**
 * The test backend's scheduler: runs tasks only when triggered (and once at startup); `await triggerTask(id)` returns
 * when the run is done. (mockServices.scheduler() is a MockSchedulerService, whose type is not exported.)
 */
export function testScheduler() {
  return mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory<SchedulerService, 'plugin'>;
  };
}

/**
 * A catalog module with an entity provider the test feeds directly (e.g. a Component annotated argocd/app-name), so
 * that it goes through the real processing loop and the hub-spoke processor.
 */
export function testEntitiesModule() {
  let connection: EntityProviderConnection | undefined;
  const provider: EntityProvider = {
    getProviderName: () => 'TestEntities',
    connect: async c => {
      connection = c;
    },
  };
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-entities',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(provider);
        },
      });
    },
  });
  return {
    module,
    /** Replaces every entity of this provider with `entities`. */
    async set(entities: Entity[]) {
      if (!connection) throw new Error('catalog has not connected yet');
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: 'test-entities',
        })),
      });
    },
  };
}

/** Retries `fn` until it stops throwing, or rethrows its last error once `timeoutMs` has passed. */
export async function eventually<T>(
  fn: () => Promise<T>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

/** GET /api/catalog/entities/by-name/…; undefined on 404. */
export async function getEntity(
  server: Parameters<typeof request>[0],
  kind: string,
  name: string,
): Promise<Entity | undefined> {
  const res = await request(server).get(
    `/api/catalog/entities/by-name/${kind}/default/${encodeURIComponent(name)}`,
  );
  if (res.status === 404) return undefined;
  if (res.status !== 200) {
    throw new Error(`GET ${kind}:${name}: ${res.status} ${res.text}`);
  }
  return res.body as Entity;
}

/** The targets of an entity's relations of one type, e.g. `['resource:default/aks-eu-prod-1']`, sorted. */
export function relationTargets(entity: Entity | undefined, type: string) {
  return (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();
}

export const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/managed-by-location': 'url:https://git.example.com/x',
      'backstage.io/managed-by-origin-location':
        'url:https://git.example.com/x',
      ...annotations,
    },
  },
  spec: { type: 'service', owner: 'commerce', lifecycle: 'production' },
});

/** The provider's scheduled task. */
export const REFRESH_TASK = 'HubSpokeEntityProvider:refresh';

/**
 * A test backend running the real catalog with this module, testEntitiesModule and testScheduler (the provider
 * scheduled hourly, so it runs when the test triggers it). Create it when the tests are declared (its scheduler and
 * test entities are there from the start), start it in beforeAll with the other features and config, stop it in
 * afterAll.
 */
export function catalogTestBackend() {
  const scheduler = testScheduler();
  const testEntities = testEntitiesModule();
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  const server = () => {
    if (!backend) throw new Error('the test backend has not started');
    return backend.server;
  };
  return {
    scheduler,
    testEntities,
    server,
    /**
     * Starts the backend with these features besides the catalog's; config: the root config besides
     * catalog.providers.hubSpoke, provider: that section besides its schedule.
     */
    async start(o: {
      features: Parameters<typeof startTestBackend>[0]['features'];
      config?: Record<string, unknown>;
      provider?: Record<string, unknown>;
    }) {
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleHubSpoke,
          testEntities.module,
          ...(o.features ?? []),
          scheduler.factory(),
          mockServices.rootConfig.factory({
            data: {
              ...o.config,
              catalog: {
                providers: {
                  hubSpoke: {
                    schedule: {
                      frequency: { hours: 1 },
                      timeout: { seconds: 30 },
                    },
                    ...o.provider,
                  },
                },
              },
            },
          }),
        ],
      });
    },
    /** One run of the provider; returns when it is done. */
    refresh: () => scheduler.triggerTask(REFRESH_TASK),
    /** An entity read through the catalog's REST API; undefined when absent. */
    entity: (kind: string, name: string) => getEntity(server(), kind, name),
    async stop() {
      await backend?.stop();
    },
  };
}
