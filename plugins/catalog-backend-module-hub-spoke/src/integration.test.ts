/**
 * The catalog module against the real hub-spoke backend plugin reading the fleet simulator: the provider and the
 * processor talk to the backend over real HTTP with the test backend's discovery and auth services.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  Entity,
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorResult,
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  defaultFleetPath,
  FleetSimulator,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
// The real backend plugin, in tests only: the module's runtime code talks to it over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import hubSpokePlugin from '@hub-spoke/plugin-hub-spoke-backend';
import { catalogModuleHubSpoke } from './module';
import { HubSpokeApplicationsProcessor } from './HubSpokeApplicationsProcessor';
import { HubSpokeEntityProvider } from './HubSpokeEntityProvider';

const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';

/** A stand-in catalog plugin that offers the processing extension point and keeps what modules add. */
function fakeCatalogPlugin(added: {
  providers: EntityProvider[];
  processors: CatalogProcessor[];
}) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      reg.registerExtensionPoint(catalogProcessingExtensionPoint, {
        addEntityProvider: (...p) => added.providers.push(...p.flat()),
        addProcessor: (...p) => added.processors.push(...p.flat()),
        addPlaceholderResolver: () => {},
        setOnProcessingErrorHandler: () => {},
      });
      reg.registerInit({
        deps: { logger: coreServices.logger },
        async init() {},
      });
    },
  });
}

describe('catalog module against the hub-spoke backend and the fleet simulator', () => {
  let sim: FleetSimulator;
  const added = {
    providers: [] as EntityProvider[],
    processors: [] as CatalogProcessor[],
  };
  const connection = { applyMutation: jest.fn(), refresh: jest.fn() };

  beforeAll(async () => {
    sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    const config = sim.backstageConfig();
    await startTestBackend({
      features: [
        hubSpokePlugin,
        fakeCatalogPlugin(added),
        catalogModuleHubSpoke,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            hubSpoke: { ...config.hubSpoke, refreshInterval: { minutes: 30 } },
            catalog: {
              providers: {
                hubSpoke: {
                  // as the demo portal has them (app-config.yaml)
                  exportServerUrls: true,
                  exportLabels: true,
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { seconds: 30 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await sim?.close();
  });

  const provider = () => added.providers[0] as HubSpokeEntityProvider;
  const processor = () => added.processors[0] as HubSpokeApplicationsProcessor;

  const emitted = async (): Promise<Entity[]> => {
    await provider().connect(connection);
    await provider().refresh();
    const calls = connection.applyMutation.mock.calls;
    const mutation = calls[calls.length - 1][0];
    expect(mutation.type).toBe('full');
    return mutation.entities.map((e: { entity: Entity }) => e.entity);
  };
  const find = (entities: Entity[], kind: string, name: string) => {
    const e = entities.find(x => x.kind === kind && x.metadata.name === name);
    if (!e)
      throw new Error(
        `${kind} ${name} missing from ${entities
          .map(x => x.metadata.name)
          .join(', ')}`,
      );
    return e;
  };

  it('registers one provider and one processor in the catalog', () => {
    expect(added.providers.map(p => p.getProviderName())).toEqual([
      'HubSpokeEntityProvider',
    ]);
    expect(added.processors.map(p => p.getProcessorName())).toEqual([
      'HubSpokeApplicationsProcessor',
    ]);
  });

  it("emits the default fleet's clusters as Resources and its hubs as Systems, without unregistered destinations", async () => {
    const entities = await emitted();
    const names = entities
      .filter(e => e.kind === 'Resource')
      .map(e => e.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        EU,
        'aks-eu-prod-1',
        'aks-eu-prod-2',
        'aks-eu-stage-1',
        'aks-eu-dev-1',
        US,
        'eks-us-dev-1',
      ]),
    );
    expect(names).not.toContain('legacy-onprem-1');
    expect(new Set(names).size).toBe(names.length);
    expect(
      entities
        .filter(e => e.kind === 'System')
        .map(e => [e.metadata.name, e.metadata.title]),
    ).toEqual([
      [EU, `${EU} fleet`],
      [US, `${US} fleet`],
    ]);
  });

  it('emits only entities the catalog accepts', async () => {
    const entities = await emitted();
    for (const entity of entities) {
      // round-trip through JSON as the catalog stores them
      const stored = JSON.parse(JSON.stringify(entity));
      expect(stored).toStrictEqual(entity);
      await expect(new SchemaValidEntityPolicy().enforce(entity)).resolves.toBe(
        entity,
      );
      await expect(new FieldFormatEntityPolicy().enforce(entity)).resolves.toBe(
        entity,
      );
      const validator =
        entity.kind === 'System'
          ? systemEntityV1alpha1Validator
          : resourceEntityV1alpha1Validator;
      await expect(validator.check(entity)).resolves.toBe(true);
    }
  });

  it('annotates clusters with hub, cluster, API server and location, and relates spokes to their hub', async () => {
    const entities = await emitted();
    const prod = find(entities, 'Resource', 'aks-eu-prod-1');
    const baseUrl =
      prod.metadata.annotations?.['backstage.io/managed-by-location'];
    expect(baseUrl).toMatch(/^hub-spoke:http:\/\/.+\/api\/hub-spoke$/);
    expect(prod.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-origin-location': baseUrl,
      'hub-spoke/hub': EU,
      'hub-spoke/cluster': 'aks-eu-prod-1',
      'kubernetes.io/api-server': sim.clusters.find(
        c => c.name === 'aks-eu-prod-1',
      )!.url,
    });
    expect(prod.metadata.labels).toMatchObject({
      environment: 'prod',
      cloud: 'aks',
      region: 'westeurope',
    });
    expect(prod.spec).toMatchObject({
      type: 'kubernetes-cluster',
      owner: 'platform-team',
      system: EU,
      dependsOn: [`resource:default/${EU}`],
    });
    const hub = find(entities, 'Resource', EU);
    expect(hub.metadata.annotations).toMatchObject({
      'hub-spoke/hub': EU,
      'hub-spoke/cluster': EU,
    });
    // in-cluster's https://kubernetes.default.svc is no use outside the hub
    expect(hub.metadata.annotations).not.toHaveProperty([
      'kubernetes.io/api-server',
    ]);
    // The simulator's clusters use serviceAccount auth, which the kubernetes catalog locator ignores.
    expect(prod.metadata.annotations).not.toHaveProperty([
      'kubernetes.io/auth-provider',
    ]);
  });

  it('relates Components to the cluster Resources their Argo CD Applications run on', async () => {
    const run = async (annotations: Record<string, string>) => {
      const results: CatalogProcessorResult[] = [];
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout', namespace: 'default', annotations },
        spec: { type: 'service', owner: 'commerce', lifecycle: 'production' },
      };
      await processor().postProcessEntity(
        entity,
        { type: 'url', target: 'https://x' },
        r => results.push(r),
      );
      return results.flatMap(r =>
        r.type === 'relation' && r.relation.type === 'dependsOn'
          ? [r.relation.target.name]
          : [],
      );
    };
    expect(await run({ 'argocd/app-name': 'checkout-eu-stage' })).toEqual([
      'aks-eu-stage-1',
    ]);
    const checkout = await run({
      'argocd/app-selector': 'app.kubernetes.io/part-of=checkout',
    });
    expect(checkout).toEqual(
      expect.arrayContaining(['aks-eu-stage-1', 'aks-eu-dev-1']),
    );
    const billing = await run({
      'argocd/app-selector': 'app.kubernetes.io/part-of in (billing)',
    });
    expect(billing).not.toContain('legacy-onprem-1');
    expect(await run({ 'argocd/app-name': 'no-such-app' })).toEqual([]);
  });
});
