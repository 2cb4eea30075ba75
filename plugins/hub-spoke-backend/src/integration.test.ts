/**
 * The backend plugin against the fleet simulator: real HTTPS with the simulator's generated CA, real Argo CD
 * client code, the default simulated fleet, and every fault the simulator can inject.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  defaultFleetPath,
  FleetSimulator,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
import { Cluster, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import request from 'supertest';
import { expectMatchesSpec } from './__testUtils__/openApi';
import { hubSpokePlugin } from './plugin';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createHubSpokeClusterConditionalDecision,
  hubSpokeClusterConditions,
} from './permissions/rules';

const REQUEST_TIMEOUT_MS = 1500;
const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';

describe('hub-spoke backend against the fleet simulator', () => {
  let sim: FleetSimulator;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const logged: string[] = [];

  const auth = () => mockCredentials.user.header();
  const getTopology = async (): Promise<Topology> => {
    const res = await request(server)
      .get('/api/hub-spoke/topology')
      .set('authorization', auth());
    expect(res.status).toBe(200);
    expectMatchesSpec('Topology', res.body);
    return res.body;
  };
  const refresh = async (): Promise<Topology> => {
    const res = await request(server)
      .post('/api/hub-spoke/refresh')
      .set('authorization', auth());
    expect(res.status).toBe(200);
    expectMatchesSpec('Topology', res.body);
    return res.body;
  };
  const cluster = (t: Topology, hub: string, name: string): Cluster => {
    const found = t.clusters.find(c => c.id === `${hub}/${name}`);
    if (!found)
      throw new Error(
        `cluster ${hub}/${name} missing from ${t.clusters
          .map(c => c.id)
          .join(', ')}`,
      );
    return found;
  };
  const secrets = () => [
    ...sim.hubs.map(h => h.token),
    ...sim.clusters.map(c => c.token),
    Buffer.from(sim.caPem).toString('base64'),
  ];

  beforeAll(async () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(
          args
            .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' '),
        );
      });
    }
    sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    const config = sim.backstageConfig();
    const backend = await startTestBackend({
      features: [
        hubSpokePlugin,
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            hubSpoke: {
              ...config.hubSpoke,
              refreshInterval: { minutes: 30 },
              requestTimeout: { milliseconds: REQUEST_TIMEOUT_MS },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await sim?.close();
    jest.restoreAllMocks();
  });

  afterEach(async () => {
    for (const hub of [EU, US]) await sim.setFault({ hub }, null);
  });

  it('serves both hubs of the default fleet with Argo CD versions', async () => {
    const topology = await getTopology();
    expect(topology.hubs.map(h => [h.name, h.status, h.argocdVersion])).toEqual(
      [
        [EU, 'ok', 'v3.5.1'],
        [US, 'ok', expect.stringMatching(/^v3\./)],
      ],
    );
    expect(topology.hubs.every(h => !h.message && h.lastSuccessAt)).toBe(true);
  });

  it("reports Argo CD's in-cluster under the hub's name, as the hub", async () => {
    const topology = await getTopology();
    const hub = cluster(topology, EU, EU);
    expect(hub).toMatchObject({
      role: 'hub',
      server: 'https://kubernetes.default.svc',
      registered: true,
    });
    expect(hub.applications.total).toBeGreaterThan(0);
    expect(topology.clusters.some(c => c.name === 'in-cluster')).toBe(false);
    expect(topology.edges).not.toContainEqual(
      expect.objectContaining({ to: `${EU}/${EU}` }),
    );
  });

  it('lists every spoke with a manages edge, connection state as Argo CD reports it', async () => {
    const topology = await getTopology();
    const spokes = topology.clusters
      .filter(c => c.hub === EU && c.role === 'spoke')
      .map(c => c.name);
    expect(spokes).toEqual(
      expect.arrayContaining([
        'aks-eu-prod-1',
        'aks-eu-prod-2',
        'aks-eu-stage-1',
        'aks-eu-dev-1',
        'legacy-onprem-1',
      ]),
    );
    for (const name of spokes) {
      expect(topology.edges).toContainEqual({
        kind: 'manages',
        from: EU,
        to: `${EU}/${name}`,
      });
    }
    const dev = cluster(topology, EU, 'aks-eu-dev-1');
    expect(dev.connection.status).toBe('Failed');
    expect(dev.connection.message).toBeTruthy();
    expect(cluster(topology, EU, 'aks-eu-prod-1').connection.status).toBe(
      'Successful',
    );
    expect(
      cluster(topology, EU, 'aks-eu-prod-1').annotations[
        'hub-spoke/ingress-domain'
      ],
    ).toBe('apps.aks-eu-prod-1.example.com');
  });

  it('shows the destination that Applications name but Argo CD has no cluster for, with its apps', async () => {
    const topology = await getTopology();
    const legacy = cluster(topology, EU, 'legacy-onprem-1');
    expect(legacy.registered).toBe(false);
    expect(legacy.applications.total).toBeGreaterThan(0);
    expect(legacy.applications.health.Unknown).toBe(legacy.applications.total);

    const res = await request(server)
      .get(`/api/hub-spoke/applications?hub=${EU}&cluster=legacy-onprem-1`)
      .set('authorization', auth());
    expect(res.status).toBe(200);
    expectMatchesSpec('ApplicationList', res.body);
    expect(res.body.items.map((a: { name: string }) => a.name)).toContain(
      'billing-legacy',
    );
  });

  it('keeps a registered cluster without applications', async () => {
    const topology = await getTopology();
    expect(cluster(topology, US, 'eks-us-dev-1').applications.total).toBe(0);
  });

  it('counts applications per cluster exactly as the application list attributes them', async () => {
    const topology = await getTopology();
    const res = await request(server)
      .get('/api/hub-spoke/applications')
      .set('authorization', auth());
    const perCluster = new Map<string, number>();
    for (const app of res.body.items)
      perCluster.set(app.clusterId, (perCluster.get(app.clusterId) ?? 0) + 1);
    for (const c of topology.clusters)
      expect([c.id, c.applications.total]).toEqual([
        c.id,
        perCluster.get(c.id) ?? 0,
      ]);
    const healths = new Set(
      res.body.items.map((a: { health: string }) => a.health),
    );
    expect([...healths].sort()).toEqual([
      'Degraded',
      'Healthy',
      'Missing',
      'Progressing',
      'Suspended',
      'Unknown',
    ]);
  });

  it('filters applications by health and sync', async () => {
    const res = await request(server)
      .get('/api/hub-spoke/applications?health=Degraded&sync=OutOfSync')
      .set('authorization', auth());
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every(
        (a: any) => a.health === 'Degraded' && a.sync === 'OutOfSync',
      ),
    ).toBe(true);
  });

  it('refuses unauthenticated requests with 401', async () => {
    for (const path of [
      '/api/hub-spoke/topology',
      '/api/hub-spoke/applications',
    ]) {
      const res = await request(server)
        .get(path)
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
    const res = await request(server)
      .post('/api/hub-spoke/refresh')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it.each([
    [
      { kind: 'down' as const },
      'unreachable',
      /^Argo CD is unreachable: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    ],
    [
      { kind: 'unauthorized' as const },
      'unauthorized',
      /^Argo CD refused the credentials \(HTTP 401/,
    ],
    [
      { kind: 'malformed' as const },
      'error',
      /^Argo CD answered with malformed JSON/,
    ],
    [
      { kind: 'hang' as const, ms: 10_000 },
      'timeout',
      /^Argo CD did not answer within 1500 ms$/,
    ],
  ])(
    'isolates a hub fault %j: status %s, last-known clusters kept and marked stale',
    async (fault, status, message) => {
      const before = await refresh();
      const eksBefore = before.clusters
        .filter(c => c.hub === US)
        .map(c => c.id);
      await sim.setFault({ hub: US }, fault);

      const started = Date.now();
      const topology = await refresh();
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 1000);

      const us = topology.hubs.find(h => h.name === US)!;
      expect(us.status).toBe(status);
      expect(us.message).toMatch(message);
      expect(us.lastSuccessAt).toBe(
        before.hubs.find(h => h.name === US)!.lastSuccessAt,
      );
      const kept = topology.clusters.filter(c => c.hub === US);
      expect(kept.map(c => c.id)).toEqual(eksBefore);
      expect(
        kept.every(c => c.stale && c.lastSuccessAt === us.lastSuccessAt),
      ).toBe(true);

      // the other hub is untouched
      expect(topology.hubs.find(h => h.name === EU)!.status).toBe('ok');
      expect(
        topology.clusters.filter(c => c.hub === EU).every(c => !c.stale),
      ).toBe(true);

      // and it recovers
      await sim.setFault({ hub: US }, null);
      const recovered = await refresh();
      expect(recovered.hubs.find(h => h.name === US)!.status).toBe('ok');
      expect(
        recovered.clusters.filter(c => c.hub === US).every(c => !c.stale),
      ).toBe(true);
    },
  );

  describe('direct reads of each cluster’s Kubernetes API', () => {
    const SPOKE = 'aks-eu-prod-1';
    afterEach(async () => {
      await sim.setFault({ cluster: SPOKE }, null);
    });

    it('reads version, nodes, ingress addresses and published hosts with their certificates', async () => {
      const topology = await refresh();
      const spoke = cluster(topology, EU, SPOKE);
      expect(spoke.api.status).toBe('ok');
      expect(spoke.apiVersion).toBe('v1.33.5');
      expect(spoke.nodes).toEqual({ ready: 6, total: 6 });
      expect(spoke.ingress!.addresses).toContain('20.61.22.17');
      const hosts = spoke.ingress!.hosts;
      expect(hosts.length).toBeGreaterThan(0);
      const covered = hosts.find(
        h =>
          h.host.endsWith('.apps.aks-eu-prod-1.example.com') && h.certificate,
      )!;
      expect(covered.certificate).toMatchObject({
        ready: true,
        expiringSoon: false,
      });
      expect(cluster(topology, EU, EU).api.status).toBe('ok');
    });

    it('flags the certificate that expires within 30 days', async () => {
      const topology = await refresh();
      const stage = cluster(topology, EU, 'aks-eu-stage-1');
      expect(
        stage.certificates!.some(
          c =>
            c.expiringSoon &&
            c.dnsNames.includes('*.apps.aks-eu-stage-1.example.com'),
        ),
      ).toBe(true);
      expect(
        cluster(topology, EU, SPOKE).certificates!.every(c => !c.expiringSoon),
      ).toBe(true);
    });

    it('derives the hub gateway’s weighted routes to spokes', async () => {
      const topology = await refresh();
      const routes = topology.edges.filter(
        e => e.kind === 'routes' && e.from === EU,
      );
      const byTarget = Object.fromEntries(
        routes.map(e => [e.to, e.kind === 'routes' ? e.weight : -1]),
      );
      expect(byTarget).toMatchObject({
        [`${EU}/aks-eu-prod-1`]: 80,
        [`${EU}/aks-eu-prod-2`]: 20,
      });
      const toProd1 = routes.find(e => e.to === `${EU}/aks-eu-prod-1`)!;
      expect(toProd1).toMatchObject({
        route: { name: 'checkout-global', namespace: 'global-ingress' },
        hostnames: ['checkout.eu.example.com'],
        backend: { externalName: 'checkout.apps.aks-eu-prod-1.example.com' },
      });
    });

    it('flags the overlapping spoke networks across hubs', async () => {
      const topology = await refresh();
      const us = cluster(topology, US, 'eks-us-prod-2');
      expect(us.cidrOverlaps).toContainEqual(
        expect.objectContaining({ clusterId: `${EU}/aks-eu-stage-1` }),
      );
      expect(
        cluster(topology, EU, 'aks-eu-stage-1').cidrOverlaps,
      ).toContainEqual(
        expect.objectContaining({ clusterId: `${US}/eks-us-prod-2` }),
      );
      expect(cluster(topology, EU, SPOKE).cidrOverlaps).toEqual([]);
    });

    it.each([
      [{ kind: 'down' as const }, 'unreachable'],
      [{ kind: 'unauthorized' as const }, 'unauthorized'],
      [{ kind: 'malformed' as const }, 'error'],
      [{ kind: 'hang' as const, ms: 10_000 }, 'timeout'],
    ])(
      'isolates a cluster fault %j: api %s, last-known data kept, nothing else affected',
      async (fault, status) => {
        await refresh();
        await sim.setFault({ cluster: SPOKE }, fault);
        const started = Date.now();
        const topology = await refresh();
        expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 1000);
        const spoke = cluster(topology, EU, SPOKE);
        expect(spoke.api).toMatchObject({ status, stale: true });
        expect(spoke.api.message).toBeTruthy();
        expect(spoke.nodes).toEqual({ ready: 6, total: 6 });
        expect(spoke.connection.status).toBe('Successful');
        expect(cluster(topology, EU, 'aks-eu-prod-2').api.status).toBe('ok');
        expect(topology.hubs.every(h => h.status === 'ok')).toBe(true);
      },
    );

    it('treats a missing CRD group as normal and still reads the rest', async () => {
      await sim.setFault(
        { cluster: SPOKE },
        { kind: 'crd-absent', groups: ['networking.istio.io'] },
      );
      const spoke = cluster(await refresh(), EU, SPOKE);
      expect(spoke.api.status).toBe('ok');
      expect(spoke.api.missingGroups).toContain('networking.istio.io');
      expect(spoke.nodes).toEqual({ ready: 6, total: 6 });
      expect(spoke.certificates!.length).toBeGreaterThan(0);
    });

    it('answers GET within the request timeout while a cluster hangs', async () => {
      await sim.setFault({ cluster: SPOKE }, { kind: 'hang', ms: 10_000 });
      const polling = request(server)
        .post('/api/hub-spoke/refresh')
        .set('authorization', auth());
      const started = Date.now();
      const topology = await getTopology();
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 500);
      expect(topology.hubs.map(h => h.status)).toEqual(['ok', 'ok']);
      await polling;
    });
  });

  it('never puts a token or CA in a response or a log line', async () => {
    const topology = JSON.stringify(await getTopology());
    const apps = (
      await request(server)
        .get('/api/hub-spoke/applications')
        .set('authorization', auth())
    ).text;
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of secrets()) {
      expect(topology).not.toContain(secret);
      expect(apps).not.toContain(secret);
      expect(logged.filter(line => line.includes(secret))).toEqual([]);
    }
  });
});

describe('hub-spoke backend against the fleet simulator, with a conditional permission policy', () => {
  let sim: FleetSimulator;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    const config = sim.backstageConfig();
    // the policy: topology yes, but only the US hub's clusters, and of the EU hub only clusters labelled prod
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(r =>
          createHubSpokeClusterConditionalDecision(r.permission as any, {
            anyOf: [
              hubSpokeClusterConditions.isInHub({ hubs: [US] }),
              hubSpokeClusterConditions.hasClusterLabel({
                key: 'environment',
                value: 'prod',
              }),
            ],
          }),
        ),
    });
    const backend = await startTestBackend({
      features: [
        hubSpokePlugin,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            hubSpoke: {
              ...config.hubSpoke,
              requestTimeout: { milliseconds: REQUEST_TIMEOUT_MS },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('filters hubs, clusters, edges and applications by the policy’s conditions', async () => {
    const res = await request(server)
      .get('/api/hub-spoke/topology')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expectMatchesSpec('Topology', res.body);
    const topology: Topology = res.body;
    // the EU hub's own cluster is not labelled prod: the EU hub is hidden, and with it its spokes
    expect(topology.hubs.map(h => h.name)).toEqual([US]);
    expect(topology.clusters.length).toBeGreaterThan(0);
    expect(topology.clusters.every(c => c.hub === US)).toBe(true);
    expect(topology.edges.every(e => e.from === US)).toBe(true);

    const apps = await request(server)
      .get('/api/hub-spoke/applications')
      .set('authorization', mockCredentials.user.header());
    expect(apps.status).toBe(200);
    expect(apps.body.items.length).toBeGreaterThan(0);
    expect(apps.body.items.every((a: { hub: string }) => a.hub === US)).toBe(
      true,
    );
  });
});
