import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  application,
  BASE_URL,
  cluster,
  fakeHubSpoke,
  topologyOf,
} from './__testUtils__/fixtures';
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

function setup() {
  const fake = fakeHubSpoke({
    topology: topologyOf([
      cluster(HUB, HUB),
      cluster(HUB, 'aks-eu-prod-1'),
      cluster(HUB, 'shared-dev'),
      cluster(US, US),
      cluster(US, 'shared-dev'),
      cluster(HUB, 'legacy-onprem-1', { registered: false, server: '' }),
    ]),
    applications: [
      application(HUB, 'aks-eu-prod-1', 'billing', {
        app: 'billing',
        env: 'prod',
      }),
      application(HUB, 'shared-dev', 'billing-dev', {
        app: 'billing',
        env: 'dev',
      }),
      application(US, 'shared-dev', 'billing-dev', {
        app: 'billing',
        env: 'dev',
      }),
      application(HUB, HUB, 'cert-manager', { addon: 'cert-manager' }),
      application(HUB, 'legacy-onprem-1', 'billing-legacy', {
        app: 'billing',
        env: 'legacy',
      }),
    ],
  });
  let now = 1_000;
  const processor = new HubSpokeApplicationsProcessor({
    discovery: fake.discovery,
    auth: fake.auth,
    logger: fake.logger,
    fetch: fake.fetch,
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
  return { fake, processor, run, advance: (ms: number) => (now += ms) };
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
    const { run, fake } = setup();
    expect(await run(component({ 'argocd/app-name': 'nope' }))).toEqual([]);
    expect(await run(component({ 'argocd/app-selector': 'app=nope' }))).toEqual(
      [],
    );
    expect(await run(component({}))).toEqual([]);
    expect(
      await run(component({ 'argocd/app-name': 'billing' }, 'Resource')),
    ).toEqual([]);
    expect(fake.state.requests.length).toBe(2);
  });

  it('reads /applications and /topology once per TTL with a service token', async () => {
    const { run, fake, advance } = setup();
    await run(component({ 'argocd/app-name': 'billing' }));
    await run(component({ 'argocd/app-selector': 'app=billing' }));
    expect(fake.state.requests.map(r => r.url).sort()).toEqual([
      `${BASE_URL}/applications`,
      `${BASE_URL}/topology`,
    ]);
    expect(
      fake.state.requests.every(r => r.authorization?.startsWith('Bearer ')),
    ).toBe(true);
    advance(10_000);
    await run(component({ 'argocd/app-name': 'billing' }));
    expect(fake.state.requests.length).toBe(4);
  });

  it('warns and emits nothing when the backend fails or the selector is malformed, and retries next time', async () => {
    const { run, fake } = setup();
    fake.state.status = 500;
    expect(await run(component({ 'argocd/app-name': 'billing' }))).toEqual([]);
    expect(fake.logger.warn).toHaveBeenCalledWith(
      'Could not read hub-spoke applications',
      expect.anything(),
    );
    fake.state.status = 200;
    expect(await run(component({ 'argocd/app-name': 'billing' }))).toHaveLength(
      2,
    );
    expect(await run(component({ 'argocd/app-selector': 'app=(' }))).toEqual(
      [],
    );
    expect(fake.logger.warn).toHaveBeenCalledWith(
      'Invalid argocd/app-selector',
      expect.anything(),
    );
  });
});
