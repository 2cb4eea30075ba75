import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  applicationSummary,
  FakeHubSpoke,
  startFakeHubSpoke,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import { HubSpokeApplicationsProcessor } from './HubSpokeApplicationsProcessor';

const HUB = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';
const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const component = (
  annotations: Record<string, string>,
  kind = 'Component',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'billing', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

let fake: FakeHubSpoke;
beforeAll(async () => {
  fake = await startFakeHubSpoke({
    pluginId: 'catalog',
    topology: topologyOf([
      topologyCluster(HUB, HUB),
      topologyCluster(HUB, 'aks-eu-prod-1'),
      topologyCluster(HUB, 'shared-dev'),
      topologyCluster(US, US),
      topologyCluster(US, 'shared-dev'),
      topologyCluster(HUB, 'legacy-onprem-1', {
        registered: false,
        server: '',
      }),
    ]),
    applications: [
      applicationSummary(HUB, 'aks-eu-prod-1', 'billing', {
        app: 'billing',
        env: 'prod',
      }),
      applicationSummary(HUB, 'shared-dev', 'billing-dev', {
        app: 'billing',
        env: 'dev',
      }),
      applicationSummary(US, 'shared-dev', 'billing-dev', {
        app: 'billing',
        env: 'dev',
      }),
      applicationSummary(HUB, HUB, 'cert-manager', { addon: 'cert-manager' }),
      applicationSummary(HUB, 'legacy-onprem-1', 'billing-legacy', {
        app: 'billing',
        env: 'legacy',
      }),
    ],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** A processor reading the fake hub-spoke backend with the real client, on a clock the test advances. */
function setup() {
  let now = 1_000;
  const logger = mockServices.logger.mock();
  const processor = new HubSpokeApplicationsProcessor({
    discovery: fake.discovery,
    auth: fake.auth,
    logger,
    cacheTtlMs: 10_000,
    now: () => now,
  });
  const run = async (entity: Entity) => {
    const emitted: CatalogProcessorResult[] = [];
    const out = await processor.postProcessEntity(entity, location, r =>
      emitted.push(r),
    );
    expect(out).toBe(entity);
    return emitted.map(r => {
      if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
      const { source, type, target } = r.relation;
      return `${source.kind}:${source.name} ${type} ${target.kind}:${target.name}`;
    });
  };
  return { logger, processor, run, advance: (ms: number) => (now += ms) };
}

describe('HubSpokeApplicationsProcessor', () => {
  it('relates a Component to the clusters its argocd/app-name Application runs on, both ways', async () => {
    const { run } = setup();
    expect(await run(component({ 'argocd/app-name': 'billing' }))).toEqual([
      'Component:billing dependsOn resource:aks-eu-prod-1',
      'resource:aks-eu-prod-1 dependencyOf Component:billing',
    ]);
  });

  it('matches argocd/app-selector on Application labels, naming clusters as the provider does', async () => {
    const { run } = setup();
    expect(
      await run(
        component({ 'argocd/app-selector': 'app=billing,env in (dev)' }),
      ),
    ).toEqual([
      `Component:billing dependsOn resource:shared-dev.${HUB}`,
      `resource:shared-dev.${HUB} dependencyOf Component:billing`,
      `Component:billing dependsOn resource:shared-dev.${US}`,
      `resource:shared-dev.${US} dependencyOf Component:billing`,
    ]);
    // Unregistered destinations have no Resource: legacy-onprem-1 is never a target.
    expect(
      await run(component({ 'argocd/app-selector': 'app=billing' })),
    ).toEqual(
      expect.not.arrayContaining([expect.stringContaining('legacy-onprem-1')]),
    );
  });

  it('emits nothing when no Application matches, for other kinds, and without the annotations', async () => {
    const { run } = setup();
    expect(await run(component({ 'argocd/app-name': 'nope' }))).toEqual([]);
    expect(await run(component({ 'argocd/app-selector': 'app=nope' }))).toEqual(
      [],
    );
    expect(await run(component({}))).toEqual([]);
    expect(
      await run(component({ 'argocd/app-name': 'billing' }, 'Resource')),
    ).toEqual([]);
    expect(fake.requests.length).toBe(2);
  });

  it('reads /applications and /topology once per TTL with a service token', async () => {
    const { run, advance } = setup();
    await run(component({ 'argocd/app-name': 'billing' }));
    await run(component({ 'argocd/app-selector': 'app=billing' }));
    expect(fake.requests.map(r => r.path).sort()).toEqual([
      '/api/hub-spoke/applications',
      '/api/hub-spoke/topology',
    ]);
    expect(
      fake.requests.every(r => r.authorization?.startsWith('Bearer ')),
    ).toBe(true);
    advance(10_000);
    await run(component({ 'argocd/app-name': 'billing' }));
    expect(fake.requests.length).toBe(4);
  });

  it('warns and emits nothing when the backend fails or the selector is malformed, and retries next time', async () => {
    const { run, logger } = setup();
    fake.failWith(500);
    expect(await run(component({ 'argocd/app-name': 'billing' }))).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read hub-spoke applications',
      expect.anything(),
    );
    fake.failWith(undefined);
    expect(await run(component({ 'argocd/app-name': 'billing' }))).toHaveLength(
      2,
    );
    expect(await run(component({ 'argocd/app-selector': 'app=(' }))).toEqual(
      [],
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Invalid argocd/app-selector',
      expect.anything(),
    );
  });
});
