/**
 * Backstage's REAL kubernetes backend (@backstage/plugin-kubernetes-backend) using the cluster Resources this module
 * generates: `clusterLocatorMethods: [{ type: catalog }]` over the real catalog, `serviceLocatorMethod: catalogRelation`
 * (the clusters a Component dependsOn, from the processor), the real hub-spoke backend reading the fleet simulator,
 * and workloads read from the simulated spokes' Kubernetes APIs with the user's token from the request body.
 *
 * The kubernetes backend loads @kubernetes/client-node with `await import(…)`, which Jest cannot run without
 * --experimental-vm-modules; this package's `jest.transform` (package.json) is the CLI's node transform without
 * `module.ignoreDynamic`, so that such imports become require() in tests.
 */
import { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  defaultFleetPath,
  FleetSimulator,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
// The real backend plugin, in tests only: the module's runtime code talks to it over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import hubSpokePlugin from '@hub-spoke/plugin-hub-spoke-backend';
import request from 'supertest';
import {
  catalogTestBackend,
  component,
  eventually,
  relationTargets,
} from './__testUtils__/catalogBackend';

jest.setTimeout(90_000);

/** The clusters given a token-less auth provider, one per kind of provider the frontend sends a token for. */
const OIDC = 'aks-eu-prod-1';
const GOOGLE = 'aks-eu-prod-2';
const AKS = 'aks-eu-stage-1';
/** A serviceAccount cluster: the catalog locator does not take it, so it gets no locator annotations. */
const SERVICE_ACCOUNT = 'aks-eu-dev-1';

interface ClusterObjects {
  cluster: { name: string };
  errors: Array<{ errorType: string; statusCode?: number }>;
  resources: Array<{
    type: string;
    resources: Array<{ metadata: { name: string; labels?: any } }>;
  }>;
}

describe('the kubernetes backend with the generated cluster entities', () => {
  let sim: FleetSimulator;
  const backend = catalogTestBackend();
  const { testEntities, entity } = backend;
  const token = (name: string) =>
    sim.clusters.find(c => c.name === name)!.token;

  beforeAll(async () => {
    sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    const simConfig = sim.backstageConfig();
    const caData =
      simConfig.kubernetes.clusterLocatorMethods[0].clusters[0].caData;
    await backend.start({
      features: [hubSpokePlugin, kubernetesPlugin],
      config: {
        hubSpoke: {
          ...simConfig.hubSpoke,
          refreshInterval: { minutes: 30 },
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'catalogRelation' },
          clusterLocatorMethods: [
            // the simulator listens on 127.0.0.1, which the locator refuses unless allowed
            { type: 'catalog', dangerouslyAllowClusterUrls: ['127.0.0.1'] },
          ],
        },
      },
      provider: {
        // the catalog cluster locator needs the server URL (and exportLabels as the demo portal has it)
        exportServerUrls: true,
        exportLabels: true,
        kubernetes: {
          clusters: [
            {
              name: OIDC,
              authProvider: 'oidc',
              oidcTokenProvider: 'okta',
              caData,
              skipMetricsLookup: true,
            },
            {
              name: GOOGLE,
              authProvider: 'google',
              caData,
              skipMetricsLookup: true,
            },
            { name: AKS, authProvider: 'aks', caData },
            {
              name: SERVICE_ACCOUNT,
              authProvider: 'serviceAccount',
              serviceAccountToken: token(SERVICE_ACCOUNT),
              caData,
            },
          ],
        },
      },
    });
    // The hub-spoke backend's first poll of the simulator, then the provider's run.
    await eventually(async () => {
      const res = await request(backend.server()).get(
        '/api/hub-spoke/topology',
      );
      if (!res.body.clusters?.some((c: any) => c.name === OIDC)) {
        throw new Error(`hub-spoke backend not ready: ${res.status}`);
      }
    }, 30_000);
    await backend.refresh();
    await testEntities.set([
      component('checkout', {
        'argocd/app-selector': 'app.kubernetes.io/part-of=checkout',
        'backstage.io/kubernetes-id': 'checkout',
      }),
    ]);
    await eventually(async () => {
      const dependsOn = relationTargets(
        await entity('component', 'checkout'),
        'dependsOn',
      );
      if (!dependsOn.includes(`resource:default/${OIDC}`)) {
        throw new Error(`checkout not processed yet: ${dependsOn}`);
      }
    });
  });

  afterAll(async () => {
    await backend.stop();
    await sim?.close();
  });

  it('annotates clusters for the catalog cluster locator, never with a token', async () => {
    const oidc = (await entity('resource', OIDC))!;
    expect(oidc.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': sim.clusters.find(c => c.name === OIDC)!.url,
      'kubernetes.io/api-server-certificate-authority': expect.any(String),
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'okta',
      'kubernetes.io/skip-metrics-lookup': 'true',
    });
    const serviceAccount = (await entity('resource', SERVICE_ACCOUNT))!;
    expect(
      Object.keys(serviceAccount.metadata.annotations ?? {}),
    ).not.toContain('kubernetes.io/auth-provider');
    const res = await request(backend.server()).get(
      '/api/catalog/entities?filter=kind=resource',
    );
    const stored = JSON.stringify(res.body);
    for (const c of sim.clusters) expect(stored).not.toContain(c.token);
  });

  it('lists the generated clusters with a token-less auth provider in GET /api/kubernetes/clusters', async () => {
    const res = await request(backend.server()).get('/api/kubernetes/clusters');
    expect(res.status).toBe(200);
    const items = [...res.body.items].sort((a: any, b: any) =>
      a.name.localeCompare(b.name),
    );
    expect(items).toEqual(
      [
        { name: OIDC, authProvider: 'oidc', oidcTokenProvider: 'okta' },
        { name: GOOGLE, authProvider: 'google' },
        { name: AKS, authProvider: 'aks' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  const workloads = async (auth: object) => {
    const res = await request(backend.server())
      .post('/api/kubernetes/resources/workloads/query')
      .send({ entityRef: 'component:default/checkout', auth });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
    });
    const items = res.body.items as ClusterObjects[];
    return new Map(items.map(i => [i.cluster.name, i]));
  };
  const names = (objects: ClusterObjects | undefined, type: string) =>
    (objects?.resources.find(r => r.type === type)?.resources ?? []).map(
      r => r.metadata.name,
    );

  it("returns a Component's workloads from each simulated spoke it depends on, with the user's token per auth provider", async () => {
    const byCluster = await workloads({
      oidc: { okta: token(OIDC) },
      google: token(GOOGLE),
      aks: token(AKS),
    });
    // catalogRelation: only the clusters the Component dependsOn that the catalog locator knows
    expect([...byCluster.keys()].sort()).toEqual([AKS, GOOGLE, OIDC].sort());
    for (const name of [OIDC, GOOGLE]) {
      const objects = byCluster.get(name)!;
      expect(objects.errors).toEqual([]);
      expect(names(objects, 'deployments').length).toBeGreaterThan(0);
      expect(names(objects, 'pods').length).toBeGreaterThan(0);
      for (const type of ['deployments', 'pods', 'services']) {
        for (const r of objects.resources.find(x => x.type === type)
          ?.resources ?? []) {
          expect(r.metadata.labels['backstage.io/kubernetes-id']).toBe(
            'checkout',
          );
        }
      }
    }
    expect(names(byCluster.get(AKS), 'deployments').length).toBeGreaterThan(0);
    // The simulator serves no metrics.k8s.io: without skipMetricsLookup the pod metrics read is the one error.
    expect(byCluster.get(AKS)!.errors).toEqual([
      expect.objectContaining({
        errorType: 'NOT_FOUND',
        resourcePath: '/apis/metrics.k8s.io/v1beta1/namespaces/checkout/pods',
      }),
    ]);
  });

  it('reports a cluster error, not objects, when the user token is wrong', async () => {
    const byCluster = await workloads({
      oidc: { okta: 'not-the-token' },
      google: token(GOOGLE),
      aks: token(AKS),
    });
    expect(byCluster.get(OIDC)!.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          errorType: 'UNAUTHORIZED_ERROR',
          statusCode: 401,
        }),
      ]),
    );
    expect(names(byCluster.get(OIDC), 'deployments')).toEqual([]);
    expect(byCluster.get(GOOGLE)!.errors).toEqual([]);
  });

  it('keeps entities the catalog accepts and resolves the cluster as a dependency of the Component', async () => {
    const oidc: Entity | undefined = await entity('resource', OIDC);
    expect(relationTargets(oidc, 'dependencyOf')).toContain(
      'component:default/checkout',
    );
  });
});
