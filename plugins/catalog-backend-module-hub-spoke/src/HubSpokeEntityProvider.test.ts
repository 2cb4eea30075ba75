import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import {
  FakeHubSpoke,
  startFakeHubSpoke,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import { HubSpokeEntityProvider } from './HubSpokeEntityProvider';

const HUB = 'aks-mgmt-hub';
/** A cluster CA as kubeconfig and the locator annotation take it: base64 PEM. */
const CA_DATA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
).toString('base64');

let fake: FakeHubSpoke;
beforeAll(async () => {
  fake = await startFakeHubSpoke({ pluginId: 'catalog' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** The config with `exportServerUrls` and `exportLabels` turned on (as the demo portal has them). */
function exporting(configData: any): any {
  const hubSpoke = configData.catalog?.providers?.hubSpoke ?? {};
  return {
    ...configData,
    catalog: {
      ...configData.catalog,
      providers: {
        ...configData.catalog?.providers,
        hubSpoke: { exportServerUrls: true, exportLabels: true, ...hubSpoke },
      },
    },
  };
}

/**
 * A provider reading the fake hub-spoke backend with the real client, which answers `initial.topology`. Server URLs
 * and labels are exported unless `exports` is false (the module's default).
 */
function setup(
  configData: object = {},
  initial: { topology?: Topology; exports?: boolean } = {},
) {
  if (initial.topology) fake.setTopology(initial.topology);
  const logger = mockServices.logger.mock();
  const provider = new HubSpokeEntityProvider({
    config: mockServices.rootConfig({
      data: initial.exports === false ? configData : exporting(configData),
    }),
    discovery: fake.discovery,
    auth: fake.auth,
    logger,
  });
  const connection = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } satisfies EntityProviderConnection;
  const lastEntities = (): Entity[] => {
    const calls = connection.applyMutation.mock.calls;
    const mutation = calls[calls.length - 1][0];
    expect(mutation.type).toBe('full');
    return mutation.entities.map((e: { entity: Entity }) => e.entity);
  };
  const byName = (kind: string, name: string) => {
    const found = lastEntities().find(
      e => e.kind === kind && e.metadata.name === name,
    );
    if (!found) throw new Error(`${kind} ${name} not emitted`);
    return found;
  };
  return { logger, provider, connection, lastEntities, byName };
}

const fleet = () =>
  topologyOf([
    topologyCluster(HUB, HUB, { labels: { 'hub-spoke/role': 'hub' } }),
    topologyCluster(HUB, 'aks-eu-prod-1', {
      labels: {
        env: 'prod',
        'argocd.argoproj.io/secret-type': 'cluster',
        'bad label': 'x',
        tier: 'not a valid value!',
      },
    }),
    topologyCluster(HUB, 'legacy-onprem-1', { server: '', registered: false }),
  ]);

describe('HubSpokeEntityProvider', () => {
  it('reads GET /topology from the discovered hub-spoke URL with a service token', async () => {
    const { provider, connection } = setup({}, { topology: fleet() });
    await provider.connect(connection);
    await provider.refresh();
    expect(fake.discovery.getBaseUrl).toHaveBeenCalledWith('hub-spoke');
    expect(fake.requests).toEqual([
      {
        path: '/api/hub-spoke/topology',
        authorization: expect.stringMatching(/^Bearer .+/),
      },
    ]);
  });

  it('emits a Resource per registered cluster and a System per hub, skipping unregistered destinations', async () => {
    const { provider, connection, lastEntities, byName } = setup(
      {},
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(lastEntities().map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      `System:${HUB}`,
      `Resource:${HUB}`,
      'Resource:aks-eu-prod-1',
    ]);
    expect(byName('System', HUB)).toMatchObject({
      metadata: { title: `${HUB} fleet` },
      spec: { owner: 'platform-team' },
    });
    const spoke = byName('Resource', 'aks-eu-prod-1');
    expect(spoke.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': `hub-spoke:${fake.baseUrl}`,
      'backstage.io/managed-by-origin-location': `hub-spoke:${fake.baseUrl}`,
      'hub-spoke/hub': HUB,
      'hub-spoke/cluster': 'aks-eu-prod-1',
      'kubernetes.io/api-server': 'https://aks-eu-prod-1.example.com:6443',
    });
    expect(spoke.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: 'platform-team',
      system: HUB,
      dependsOn: [`resource:default/${HUB}`],
    });
    const hub = byName('Resource', HUB);
    expect(hub.metadata.annotations).not.toHaveProperty([
      'kubernetes.io/api-server',
    ]);
    expect(hub.spec).not.toHaveProperty('dependsOn');
  });

  it('exports no server URL, locator annotation or label by default', async () => {
    const { provider, connection, lastEntities, byName } = setup(
      {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'aks-eu-prod-1',
                  url: 'https://prod-1.internal:6443',
                  authProvider: 'azure',
                  caData: CA_DATA,
                },
              ],
            },
          ],
        },
      },
      { topology: fleet(), exports: false },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(byName('Resource', 'aks-eu-prod-1').metadata).toEqual({
      name: 'aks-eu-prod-1',
      description: `Spoke cluster managed by hub ${HUB}`,
      annotations: {
        'backstage.io/managed-by-location': `hub-spoke:${fake.baseUrl}`,
        'backstage.io/managed-by-origin-location': `hub-spoke:${fake.baseUrl}`,
        'hub-spoke/hub': HUB,
        'hub-spoke/cluster': 'aks-eu-prod-1',
      },
    });
    const text = JSON.stringify(lastEntities());
    expect(text).not.toMatch(
      /example\.com:6443|prod-1\.internal|kubernetes\.io\//,
    );
    expect(text).not.toMatch(/"labels"/);
    // relations stay: the catalog still knows which hub a spoke belongs to
    expect(byName('Resource', 'aks-eu-prod-1').spec).toMatchObject({
      system: HUB,
      dependsOn: [`resource:default/${HUB}`],
    });
  });

  it('exports labels without server URLs, and server URLs without labels', async () => {
    const { provider, connection, byName } = setup(
      { catalog: { providers: { hubSpoke: { exportLabels: true } } } },
      { topology: fleet(), exports: false },
    );
    await provider.connect(connection);
    await provider.refresh();
    const spoke = byName('Resource', 'aks-eu-prod-1').metadata;
    expect(spoke.labels).toMatchObject({ env: 'prod' });
    expect(spoke.annotations).not.toHaveProperty(['kubernetes.io/api-server']);

    const urls = setup(
      { catalog: { providers: { hubSpoke: { exportServerUrls: true } } } },
      { topology: fleet(), exports: false },
    );
    await urls.provider.connect(urls.connection);
    await urls.provider.refresh();
    const other = urls.byName('Resource', 'aks-eu-prod-1').metadata;
    expect(other.labels).toBeUndefined();
    expect(other.annotations).toHaveProperty(
      ['kubernetes.io/api-server'],
      'https://aks-eu-prod-1.example.com:6443',
    );
  });

  it('keeps only the Argo CD labels that are valid Backstage labels', async () => {
    const { provider, connection, byName } = setup({}, { topology: fleet() });
    await provider.connect(connection);
    await provider.refresh();
    expect(byName('Resource', 'aks-eu-prod-1').metadata.labels).toEqual({
      env: 'prod',
      'argocd.argoproj.io/secret-type': 'cluster',
    });
    expect(byName('Resource', HUB).metadata.labels).toEqual({
      'hub-spoke/role': 'hub',
    });
  });

  it('uses the configured owner and system, and then emits no hub Systems', async () => {
    const { provider, connection, lastEntities } = setup(
      {
        catalog: {
          providers: { hubSpoke: { owner: 'group:sre', system: 'platform' } },
        },
      },
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(
      lastEntities().map(e => [e.kind, e.spec?.owner, e.spec?.system]),
    ).toEqual([
      ['Resource', 'group:sre', 'platform'],
      ['Resource', 'group:sre', 'platform'],
    ]);
  });

  it('suffixes a cluster name that repeats across hubs with the hub, to keep names unique', async () => {
    const US = 'eks-mgmt-hub';
    const { provider, connection, lastEntities, byName } = setup(
      {},
      {
        topology: topologyOf([
          topologyCluster(HUB, HUB),
          topologyCluster(HUB, 'shared-dev'),
          topologyCluster(US, US),
          topologyCluster(US, 'shared-dev'),
        ]),
      },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(
      lastEntities()
        .filter(e => e.kind === 'Resource')
        .map(e => e.metadata.name),
    ).toEqual([HUB, `shared-dev.${HUB}`, US, `shared-dev.${US}`]);
    expect(byName('Resource', `shared-dev.${US}`)).toMatchObject({
      metadata: {
        title: `shared-dev (${US})`,
        annotations: { 'hub-spoke/cluster': 'shared-dev', 'hub-spoke/hub': US },
      },
      spec: { dependsOn: [`resource:default/${US}`], system: US },
    });
  });

  it('removes clusters that left the fleet on the next full mutation', async () => {
    const { provider, connection, lastEntities } = setup(
      {},
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    fake.setTopology(topologyOf([topologyCluster(HUB, HUB)]));
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    expect(lastEntities().map(e => e.metadata.name)).toEqual([HUB, HUB]);
  });

  it("keeps a hub's previous entities while the backend has not read that hub (cold start), updating the others", async () => {
    const US = 'eks-mgmt-hub';
    const both = topologyOf([
      topologyCluster(HUB, HUB),
      topologyCluster(HUB, 'aks-eu-prod-1'),
      topologyCluster(US, US),
      topologyCluster(US, 'eks-us-prod-1'),
    ]);
    const { logger, provider, connection, lastEntities } = setup(
      {},
      { topology: both },
    );
    await provider.connect(connection);
    await provider.refresh();
    const coldStart = topologyOf([topologyCluster(US, US)]);
    coldStart.hubs = [
      {
        name: HUB,
        url: 'https://argocd.eu',
        status: 'pending',
        message: 'Waiting for the first poll of this hub',
      },
      { name: US, url: 'https://argocd.us', status: 'ok' },
    ];
    fake.setTopology(coldStart);
    await provider.refresh();
    expect(
      lastEntities()
        .map(e => `${e.kind}:${e.metadata.name}`)
        .sort(),
    ).toEqual(
      [
        `System:${HUB}`,
        `System:${US}`,
        `Resource:${HUB}`,
        'Resource:aks-eu-prod-1',
        `Resource:${US}`,
      ].sort(),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Hub not read yet, keeping its previous entities',
      { hubs: HUB },
    );
    // Once read, the hub's snapshot is authoritative again.
    fake.setTopology(
      topologyOf([topologyCluster(HUB, HUB), topologyCluster(US, US)]),
    );
    await provider.refresh();
    expect(lastEntities().map(e => e.metadata.name)).not.toContain(
      'aks-eu-prod-1',
    );
  });

  it.each([
    ['answers an error', () => fake.failWith(503)],
    ['is unreachable', () => fake.setUnreachable(true)],
  ])(
    'keeps the previous entities and warns when the backend %s',
    async (_what, fail) => {
      const { logger, provider, connection } = setup({}, { topology: fleet() });
      await provider.connect(connection);
      await provider.refresh();
      fail();
      await provider.refresh();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('keeping the previous entities'),
        expect.objectContaining({ error: expect.any(String) }),
      );
    },
  );

  it('adds what the kubernetes catalog cluster locator reads for clusters configured with a token-less auth provider', async () => {
    const { provider, connection, byName } = setup(
      {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'aks-eu-prod-1',
                  url: 'https://prod-1.internal:6443',
                  authProvider: 'azure',
                  caData: CA_DATA,
                },
                {
                  name: HUB,
                  url: 'https://hub.internal:6443',
                  authProvider: 'serviceAccount',
                  caData: CA_DATA,
                },
              ],
            },
          ],
        },
      },
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(
      byName('Resource', 'aks-eu-prod-1').metadata.annotations,
    ).toMatchObject({
      'kubernetes.io/api-server': 'https://prod-1.internal:6443',
      'kubernetes.io/api-server-certificate-authority': CA_DATA,
      'kubernetes.io/auth-provider': 'azure',
    });
    // serviceAccount clusters are ignored by the catalog locator: they stay with the config locator.
    expect(
      Object.keys(byName('Resource', HUB).metadata.annotations ?? {}),
    ).not.toContain('kubernetes.io/auth-provider');
  });

  it("adds each auth provider's locator metadata from catalog.providers.hubSpoke.kubernetes, never a credential", async () => {
    const { provider, connection, byName, lastEntities } = setup(
      {
        catalog: {
          providers: {
            hubSpoke: {
              kubernetes: {
                clusters: [
                  {
                    name: 'aks-eu-prod-1',
                    authProvider: 'oidc',
                    oidcTokenProvider: 'okta',
                    caData: CA_DATA,
                    skipMetricsLookup: true,
                    dashboardUrl: 'https://portal.azure.com/x',
                    dashboardApp: 'aks',
                    authMetadata: {
                      'kubernetes.io/x-k8s-aws-id': 'ignored-by-oidc',
                      serviceAccountToken: 'secret-in-auth-metadata',
                    },
                  },
                  {
                    name: HUB,
                    url: 'https://hub.internal:6443',
                    authProvider: 'aws',
                    assumeRole: 'arn:aws:iam::123:role/backstage',
                    externalId: 'ext-1',
                    caData: CA_DATA,
                    serviceAccountToken: 'secret-token',
                  },
                ],
              },
            },
          },
        },
      },
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(byName('Resource', 'aks-eu-prod-1').metadata.annotations).toEqual(
      expect.objectContaining({
        'kubernetes.io/api-server': 'https://aks-eu-prod-1.example.com:6443',
        'kubernetes.io/api-server-certificate-authority': CA_DATA,
        'kubernetes.io/auth-provider': 'oidc',
        'kubernetes.io/oidc-token-provider': 'okta',
        'kubernetes.io/skip-metrics-lookup': 'true',
        'kubernetes.io/dashboard-url': 'https://portal.azure.com/x',
        'kubernetes.io/dashboard-app': 'aks',
        'kubernetes.io/x-k8s-aws-id': 'ignored-by-oidc',
      }),
    );
    // the hub's in-cluster server is replaced by the configured url
    expect(byName('Resource', HUB).metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://hub.internal:6443',
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/aws-assume-role': 'arn:aws:iam::123:role/backstage',
      'kubernetes.io/aws-external-id': 'ext-1',
    });
    expect(JSON.stringify(lastEntities())).not.toMatch(
      /secret-(token|in-auth-metadata)/,
    );
  });

  it('takes no kubernetes.clusterLocatorMethods config cluster when a catalog locator would list it twice', async () => {
    const methods = (withCatalog: boolean) => ({
      kubernetes: {
        clusterLocatorMethods: [
          ...(withCatalog ? [{ type: 'catalog' }] : []),
          {
            type: 'config',
            clusters: [
              {
                name: 'aks-eu-prod-1',
                url: 'https://prod-1.internal:6443',
                authProvider: 'google',
                caData: CA_DATA,
              },
            ],
          },
        ],
      },
    });
    for (const withCatalog of [false, true]) {
      const { provider, connection, byName } = setup(methods(withCatalog), {
        topology: fleet(),
      });
      await provider.connect(connection);
      await provider.refresh();
      const annotations = byName('Resource', 'aks-eu-prod-1').metadata
        .annotations!;
      expect(annotations['kubernetes.io/auth-provider']).toBe(
        withCatalog ? undefined : 'google',
      );
    }
  });

  it('adds no locator annotations without a CA, which the catalog locator requires', async () => {
    const { provider, connection, byName } = setup(
      {
        catalog: {
          providers: {
            hubSpoke: {
              kubernetes: {
                clusters: [{ name: 'aks-eu-prod-1', authProvider: 'oidc' }],
              },
            },
          },
        },
      },
      { topology: fleet() },
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(
      Object.keys(byName('Resource', 'aks-eu-prod-1').metadata.annotations!),
    ).not.toContain('kubernetes.io/auth-provider');
  });

  it('schedules refresh with the configured schedule, or every minute by default', () => {
    expect(HubSpokeEntityProvider.schedule(mockServices.rootConfig())).toEqual({
      frequency: { minutes: 1 },
      timeout: { seconds: 30 },
    });
    expect(
      HubSpokeEntityProvider.schedule(
        mockServices.rootConfig({
          data: {
            catalog: {
              providers: {
                hubSpoke: {
                  schedule: {
                    frequency: { minutes: 5 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ),
    ).toMatchObject({ frequency: { minutes: 5 }, timeout: { minutes: 1 } });
  });
});
