import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ApplicationFilter,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import express from 'express';
import request from 'supertest';
import { FleetService } from './FleetService';
import { createRouter } from './router';
import {
  clusterPermissionRules,
  createHubSpokeClusterConditionalDecision,
  hubSpokeClusterConditions,
} from '../permissions/rules';
import { hubSpokeClusterReadPermission } from '@hub-spoke/plugin-hub-spoke-common';
import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { expectMatchesSpec } from '../__testUtils__/openApi';

const topology: Topology = {
  generatedAt: '2026-11-23T06:00:00.000Z',
  hubs: [
    {
      name: 'aks-mgmt-hub',
      url: 'https://argocd.example.com',
      status: 'ok',
      argocdVersion: 'v3.5.1',
      lastSuccessAt: '2026-11-23T06:00:00.000Z',
      lastAttemptAt: '2026-11-23T06:00:00.000Z',
    },
    {
      name: 'eks-mgmt-hub',
      url: 'https://argocd.us.example.com',
      status: 'unreachable',
      message: 'ECONNREFUSED',
    },
  ],
  clusters: [
    {
      id: 'aks-mgmt-hub/aks-mgmt-hub',
      name: 'aks-mgmt-hub',
      hub: 'aks-mgmt-hub',
      role: 'hub',
      server: 'https://kubernetes.default.svc',
      registered: true,
      connection: { status: 'Successful' },
      labels: { env: 'mgmt' },
      annotations: {},
      applications: { total: 0, health: {}, sync: {} },
      api: { status: 'not-configured' },
      cidrs: [],
      cidrOverlaps: [],
      stale: false,
    },
    {
      id: 'eks-mgmt-hub/eks-mgmt-hub',
      name: 'eks-mgmt-hub',
      hub: 'eks-mgmt-hub',
      role: 'hub',
      server: 'https://kubernetes.default.svc',
      registered: true,
      connection: { status: 'Successful' },
      labels: {},
      annotations: {},
      applications: { total: 0, health: {}, sync: {} },
      api: { status: 'not-configured' },
      cidrs: [],
      cidrOverlaps: [],
      stale: true,
    },
    {
      id: 'aks-mgmt-hub/spoke-1',
      name: 'spoke-1',
      hub: 'aks-mgmt-hub',
      role: 'spoke',
      server: 'https://spoke-1',
      registered: true,
      connection: { status: 'Successful' },
      version: 'v1.34.0',
      labels: { env: 'prod' },
      annotations: {},
      applications: { total: 1, health: { Healthy: 1 }, sync: { Synced: 1 } },
      api: { status: 'not-configured' },
      cidrs: ['10.1.0.0/16'],
      cidrOverlaps: [],
      stale: false,
      lastSuccessAt: '2026-11-23T06:00:00.000Z',
    },
  ],
  edges: [
    { kind: 'manages', from: 'aks-mgmt-hub', to: 'aks-mgmt-hub/spoke-1' },
  ],
};

class StaticFleet implements FleetService {
  refreshes = 0;
  filters: ApplicationFilter[] = [];
  snapshot: Topology = topology;
  async getTopology() {
    return this.snapshot;
  }
  async getApplications(filter: ApplicationFilter = {}) {
    this.filters.push(filter);
    return [
      {
        name: 'checkout',
        hub: 'aks-mgmt-hub',
        cluster: 'spoke-1',
        clusterId: 'aks-mgmt-hub/spoke-1',
        namespace: 'shop',
        project: 'default',
        sync: 'Synced' as const,
        health: 'Healthy' as const,
        externalURLs: ['https://checkout.example.com'],
        labels: {},
      },
    ];
  }
  async refresh() {
    this.refreshes += 1;
  }
}

describe('createRouter', () => {
  let app: express.Express;
  let fleet: StaticFleet;
  const permissions = mockServices.permissions.mock();

  beforeEach(async () => {
    fleet = new StaticFleet();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const permissionsRegistry = {
      getPermissionRuleset: () => ({
        getRuleByName: (name: string) =>
          Object.values(clusterPermissionRules).find(
            rule => rule.name === name,
          )!,
      }),
    } as unknown as PermissionsRegistryService;
    const router = await createRouter({
      fleet,
      httpAuth: mockServices.httpAuth(),
      permissions,
      permissionsRegistry,
    });
    app = express().use(router).use(mockErrorHandler());
  });

  afterEach(() => jest.resetAllMocks());

  it('serves the topology to a signed-in user', async () => {
    const res = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual(topology);
    expectMatchesSpec('Topology', res.body);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'hub-spoke.topology.read',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('refuses an unauthenticated request with 401', async () => {
    const res = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    expectMatchesSpec('Error', res.body);
  });

  it('answers 403 with NotAllowedError when the policy denies reading', async () => {
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const res = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: 'You are not allowed to hub-spoke.topology.read',
      }),
    );
  });

  it('passes application filters through', async () => {
    const res = await request(app)
      .get(
        '/applications?hub=aks-mgmt-hub&cluster=spoke-1&health=Healthy&sync=Synced',
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { name: string }) => a.name)).toEqual([
      'checkout',
    ]);
    expectMatchesSpec('ApplicationList', res.body);
    expect(fleet.filters).toEqual([
      {
        hub: 'aks-mgmt-hub',
        cluster: 'spoke-1',
        health: 'Healthy',
        sync: 'Synced',
      },
    ]);
  });

  it('answers 304 Not Modified when the client already has this snapshot', async () => {
    const first = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header());
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header())
      .set('if-none-match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBeFalsy();
    // still permission-checked: a user who lost access gets 403, not 304
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const denied = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header())
      .set('if-none-match', first.headers.etag);
    expect(denied.status).toBe(403);
  });

  it('sends gzip to clients that take it and plain JSON to those that do not', async () => {
    const zipped = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header())
      .set('accept-encoding', 'gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toEqual(topology);
    const plain = await request(app)
      .get('/topology')
      .set('authorization', mockCredentials.user.header())
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.text)).toEqual(topology);
    expect(plain.headers.etag).toBe(zipped.headers.etag);
  });

  it('prepares a body once per snapshot, visibility and filter', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(app)
        .get('/applications?health=Healthy')
        .set('authorization', mockCredentials.user.header());
      expect(res.body.items).toHaveLength(1);
    }
    expect(fleet.filters).toEqual([{ health: 'Healthy' }]);
    await request(app)
      .get('/applications?health=Degraded')
      .set('authorization', mockCredentials.user.header());
    expect(fleet.filters).toEqual([
      { health: 'Healthy' },
      { health: 'Degraded' },
    ]);
  });

  it("reuses a token's permission decisions when a TTL is configured, but still checks the token", async () => {
    const permissionsRegistry = {
      getPermissionRuleset: () => ({ getRuleByName: () => undefined }),
    } as unknown as PermissionsRegistryService;
    const cached = express()
      .use(
        await createRouter({
          fleet,
          httpAuth: mockServices.httpAuth(),
          permissions,
          permissionsRegistry,
          permissionCacheTtlMs: 60_000,
        }),
      )
      .use(mockErrorHandler());
    for (let i = 0; i < 3; i++) {
      const res = await request(cached)
        .get('/topology')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
    }
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    // another caller is asked about separately
    await request(cached)
      .get('/topology')
      .set('authorization', mockCredentials.user.header('user:default/other'));
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    // an invalid token is refused even though a decision is cached for a valid one
    const bad = await request(cached)
      .get('/topology')
      .set('authorization', mockCredentials.user.invalidHeader());
    expect(bad.status).toBe(401);
  });

  it('rejects an unknown health status with 400', async () => {
    const res = await request(app)
      .get('/applications?health=Sick')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/health/);
    expect(fleet.filters).toEqual([]);
  });

  it('refreshes on POST /refresh when allowed, and not when denied', async () => {
    const ok = await request(app)
      .post('/refresh')
      .set('authorization', mockCredentials.user.header());
    expect(ok.status).toBe(200);
    expect(fleet.refreshes).toBe(1);

    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const denied = await request(app)
      .post('/refresh')
      .set('authorization', mockCredentials.user.header());
    expect(denied.status).toBe(403);
    expect(fleet.refreshes).toBe(1);
  });

  describe('conditional decisions on hub-spoke.cluster.read', () => {
    const conditional = (conditions: any) => {
      permissions.authorizeConditional.mockResolvedValue([
        createHubSpokeClusterConditionalDecision(
          hubSpokeClusterReadPermission,
          conditions,
        ),
      ]);
    };
    const get = async (path: string) => {
      const res = await request(app)
        .get(path)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body;
    };

    it('shows only the hubs a policy allows, with their clusters and edges', async () => {
      conditional(
        hubSpokeClusterConditions.isInHub({ hubs: ['eks-mgmt-hub'] }),
      );
      const body = await get('/topology');
      expectMatchesSpec('Topology', body);
      expect(body.hubs.map((h: any) => h.name)).toEqual(['eks-mgmt-hub']);
      expect(body.clusters.map((c: any) => c.id)).toEqual([
        'eks-mgmt-hub/eks-mgmt-hub',
      ]);
      expect(body.edges).toEqual([]);
      expect((await get('/applications')).items).toEqual([]);
    });

    it('filters clusters by label and keeps the hub whose own cluster passes', async () => {
      conditional({
        anyOf: [
          hubSpokeClusterConditions.hasClusterLabel({
            key: 'env',
            value: 'prod',
          }),
          hubSpokeClusterConditions.hasClusterName({ names: ['aks-mgmt-hub'] }),
        ],
      });
      const body = await get('/topology');
      expect(body.hubs.map((h: any) => h.name)).toEqual(['aks-mgmt-hub']);
      expect(body.clusters.map((c: any) => c.id)).toEqual([
        'aks-mgmt-hub/aks-mgmt-hub',
        'aks-mgmt-hub/spoke-1',
      ]);
      expect(body.edges).toEqual([
        { kind: 'manages', from: 'aks-mgmt-hub', to: 'aks-mgmt-hub/spoke-1' },
      ]);
      expect(
        (await get('/applications')).items.map((a: any) => a.name),
      ).toEqual(['checkout']);
    });

    it('hides a spoke whose label does not match, and its applications', async () => {
      conditional(
        hubSpokeClusterConditions.hasClusterLabel({
          key: 'env',
          value: 'staging',
        }),
      );
      const body = await get('/topology');
      expect(body.clusters).toEqual([]);
      expect((await get('/applications')).items).toEqual([]);
    });

    it('tells a visible spoke it overlaps a cluster the caller cannot see, without naming it, its server or its CIDR', async () => {
      const hidden = {
        ...topology.clusters[2],
        id: 'eks-mgmt-hub/eks-secret-1',
        name: 'eks-secret-1',
        hub: 'eks-mgmt-hub',
        server: 'https://secret.internal.example.com:6443',
        labels: { env: 'restricted' },
        cidrs: ['10.1.0.0/24'],
        cidrOverlaps: [
          {
            clusterId: 'aks-mgmt-hub/spoke-1',
            cidr: '10.1.0.0/24',
            otherCidr: '10.1.0.0/16',
          },
        ],
      };
      fleet.snapshot = {
        ...topology,
        clusters: [
          topology.clusters[0],
          topology.clusters[1],
          {
            ...topology.clusters[2],
            cidrOverlaps: [
              {
                clusterId: hidden.id,
                cidr: '10.1.0.0/16',
                otherCidr: '10.1.0.0/24',
              },
            ],
          },
          hidden,
        ],
        edges: [
          ...topology.edges,
          { kind: 'manages', from: 'eks-mgmt-hub', to: hidden.id },
        ],
      };
      conditional({
        anyOf: [
          hubSpokeClusterConditions.hasClusterLabel({
            key: 'env',
            value: 'prod',
          }),
          hubSpokeClusterConditions.isInHub({ hubs: ['aks-mgmt-hub'] }),
          hubSpokeClusterConditions.hasClusterName({ names: ['eks-mgmt-hub'] }),
        ],
      });
      const res = await request(app)
        .get('/topology')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expectMatchesSpec('Topology', res.body);
      expect(res.body.clusters.map((c: any) => c.id)).toEqual([
        'aks-mgmt-hub/aks-mgmt-hub',
        'eks-mgmt-hub/eks-mgmt-hub',
        'aks-mgmt-hub/spoke-1',
      ]);
      expect(res.body.clusters[2].cidrOverlaps).toEqual([
        {
          hidden: true,
          cidr: '10.1.0.0/16',
          message: 'overlaps a cluster you cannot see',
        },
      ]);
      expect(res.body.edges).toEqual(topology.edges);
      expect(res.text).not.toMatch(
        /eks-secret-1|secret\.internal|10\.1\.0\.0\/24/,
      );
      // a caller who sees both gets the overlap as it is
      permissions.authorizeConditional.mockResolvedValue([
        { result: AuthorizeResult.ALLOW },
      ]);
      const all = await request(app)
        .get('/topology')
        .set(
          'authorization',
          mockCredentials.user.header('user:default/admin'),
        );
      expect(all.body.clusters[2].cidrOverlaps).toEqual([
        { clusterId: hidden.id, cidr: '10.1.0.0/16', otherCidr: '10.1.0.0/24' },
      ]);
    });

    it('shows nothing but answers 200 when clusters are denied outright', async () => {
      permissions.authorizeConditional.mockResolvedValue([
        { result: AuthorizeResult.DENY },
      ]);
      const body = await get('/topology');
      expect([body.hubs, body.clusters, body.edges]).toEqual([[], [], []]);
    });
  });
});
