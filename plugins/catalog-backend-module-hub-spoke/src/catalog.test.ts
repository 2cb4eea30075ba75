/**
 * The module in the REAL catalog (@backstage/plugin-catalog-backend, SQLite in memory): provider runs on the test
 * scheduler, entities and relations are read back through the catalog's REST API.
 */
import {
  applicationSummary,
  createFakeHubSpoke,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import {
  catalogTestBackend,
  component,
  eventually,
  relationTargets,
} from './__testUtils__/catalogBackend';

jest.setTimeout(60_000);

const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';

const fleet = () =>
  topologyOf([
    topologyCluster(EU, EU),
    topologyCluster(EU, 'aks-eu-prod-1', {
      labels: { environment: 'prod', 'bad label': 'x' },
    }),
    topologyCluster(EU, 'aks-eu-prod-2'),
    topologyCluster(EU, 'legacy-onprem-1', { server: '', registered: false }),
    topologyCluster(US, US),
    topologyCluster(US, 'eks-us-prod-1'),
  ]);

describe('catalog module in the real catalog backend', () => {
  const hubSpoke = createFakeHubSpoke({
    topology: fleet(),
    applications: [
      applicationSummary(EU, 'aks-eu-prod-1', 'checkout-eu1', {
        'app.kubernetes.io/part-of': 'checkout',
      }),
      applicationSummary(EU, 'aks-eu-prod-2', 'checkout-eu2', {
        'app.kubernetes.io/part-of': 'checkout',
      }),
      applicationSummary(US, 'eks-us-prod-1', 'checkout-us1', {
        'app.kubernetes.io/part-of': 'checkout',
      }),
      applicationSummary(US, 'eks-us-prod-1', 'billing-us1', {
        'app.kubernetes.io/part-of': 'billing',
      }),
    ],
  });
  const backend = catalogTestBackend();
  const { testEntities, entity } = backend;

  beforeAll(async () => {
    await backend.start({
      features: [hubSpoke.feature],
      // as the demo portal has them (app-config.yaml)
      provider: { exportServerUrls: true, exportLabels: true },
    });
    await backend.refresh();
  });

  afterAll(() => backend.stop());

  it('stores a kubernetes-cluster Resource per hub and spoke, with annotations, labels, owner and system', async () => {
    const prod = await eventually(async () => {
      const e = await entity('resource', 'aks-eu-prod-1');
      expect(e).toMatchObject({
        kind: 'Resource',
        metadata: { name: 'aks-eu-prod-1' },
      });
      return e!;
    });
    expect(prod.spec).toMatchObject({
      type: 'kubernetes-cluster',
      owner: 'platform-team',
      system: EU,
      dependsOn: [`resource:default/${EU}`],
    });
    expect(prod.metadata.annotations).toMatchObject({
      'hub-spoke/hub': EU,
      'hub-spoke/cluster': 'aks-eu-prod-1',
      'kubernetes.io/api-server': 'https://aks-eu-prod-1.example.com:6443',
    });
    expect(prod.metadata.labels).toEqual({ environment: 'prod' });
    for (const name of [EU, 'aks-eu-prod-2', US, 'eks-us-prod-1']) {
      await eventually(async () =>
        expect(await entity('resource', name)).toMatchObject({
          spec: { type: 'kubernetes-cluster' },
        }),
      );
    }
    // an Application destination Argo CD has no cluster for is not a cluster
    expect(await entity('resource', 'legacy-onprem-1')).toBeUndefined();
  });

  it('relates spokes to their hub, and every cluster of a hub to its System', async () => {
    const hub = await eventually(async () => {
      const e = await entity('resource', EU);
      expect(relationTargets(e, 'dependencyOf')).toEqual([
        'resource:default/aks-eu-prod-1',
        'resource:default/aks-eu-prod-2',
      ]);
      return e!;
    });
    expect(relationTargets(hub, 'partOf')).toEqual([`system:default/${EU}`]);
    expect(relationTargets(hub, 'ownedBy')).toEqual([
      'group:default/platform-team',
    ]);
    const prod = await entity('resource', 'aks-eu-prod-1');
    expect(relationTargets(prod, 'dependsOn')).toEqual([
      `resource:default/${EU}`,
    ]);

    const system = await eventually(async () => {
      const e = await entity('system', EU);
      expect(relationTargets(e, 'hasPart')).toEqual(
        [
          `resource:default/${EU}`,
          'resource:default/aks-eu-prod-1',
          'resource:default/aks-eu-prod-2',
        ].sort(),
      );
      return e!;
    });
    expect(system.metadata.title).toBe(`${EU} fleet`);
    await eventually(async () =>
      expect(relationTargets(await entity('system', US), 'hasPart')).toEqual(
        [`resource:default/${US}`, 'resource:default/eks-us-prod-1'].sort(),
      ),
    );
  });

  it('gives a Component with argocd/app-name or argocd/app-selector dependsOn the clusters its Applications run on', async () => {
    await testEntities.set([
      component('checkout', {
        'argocd/app-selector': 'app.kubernetes.io/part-of=checkout',
      }),
      component('billing', { 'argocd/app-name': 'billing-us1' }),
      component('unrelated', {}),
    ]);
    await eventually(async () =>
      expect(
        relationTargets(await entity('component', 'checkout'), 'dependsOn'),
      ).toEqual([
        'resource:default/aks-eu-prod-1',
        'resource:default/aks-eu-prod-2',
        'resource:default/eks-us-prod-1',
      ]),
    );
    await eventually(async () =>
      expect(
        relationTargets(await entity('component', 'billing'), 'dependsOn'),
      ).toEqual(['resource:default/eks-us-prod-1']),
    );
    // the other direction, on the cluster
    await eventually(async () =>
      expect(
        relationTargets(
          await entity('resource', 'eks-us-prod-1'),
          'dependencyOf',
        ),
      ).toEqual(['component:default/billing', 'component:default/checkout']),
    );
    const unrelated = await eventually(async () => {
      const e = await entity('component', 'unrelated');
      expect(e).toMatchObject({
        kind: 'Component',
        metadata: { name: 'unrelated' },
      });
      return e;
    });
    expect(relationTargets(unrelated, 'dependsOn')).toEqual([]);
  });

  it('removes a cluster that left the fleet on the next run (full mutation)', async () => {
    await eventually(async () =>
      expect(await entity('resource', 'aks-eu-prod-2')).toMatchObject({
        metadata: { name: 'aks-eu-prod-2' },
      }),
    );
    hubSpoke.setTopology(
      topologyOf(fleet().clusters.filter(c => c.name !== 'aks-eu-prod-2')),
    );
    await backend.refresh();
    await eventually(async () =>
      expect(await entity('resource', 'aks-eu-prod-2')).toBeUndefined(),
    );
    await eventually(async () =>
      expect(relationTargets(await entity('system', EU), 'hasPart')).toEqual(
        [`resource:default/${EU}`, 'resource:default/aks-eu-prod-1'].sort(),
      ),
    );
    // the clusters still in the fleet stay
    expect(await entity('resource', 'aks-eu-prod-1')).toMatchObject({
      metadata: { name: 'aks-eu-prod-1' },
    });
  });
});
