/**
 * The cluster resource type as the permission framework uses it: a policy's conditional decision on one cluster
 * (`<hub>/<cluster>`) is applied by the real permission backend, which asks this plugin for the cluster.
 */
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  Topology,
  hubSpokeAppPublishPermission,
  hubSpokeApplyPermission,
  hubSpokeClusterPermissions,
  hubSpokeClusterReadPermission,
  hubSpokeSpokeOffboardPermission,
  hubSpokeSpokeOnboardPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  testAuthServiceFactories,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import request from 'supertest';
import { hubSpokePlugin } from '../plugin';
import { FleetService } from '../service/FleetService';
import { fleetServiceRef } from '../service/fleetServiceRef';
import { resolveClusterResources } from './clusterResources';
import {
  createHubSpokeClusterConditionalDecision,
  hubSpokeClusterConditions,
} from './rules';

const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';

const topology: Topology = {
  ...topologyOf([
    topologyCluster(EU, EU, { labels: { env: 'mgmt' } }),
    topologyCluster(EU, 'aks-eu-prod-1', { labels: { env: 'prod' } }),
    topologyCluster(EU, 'aks-eu-stage-1', { labels: { env: 'stage' } }),
    topologyCluster(US, 'eks-us-prod-1', { labels: { env: 'prod' } }),
  ]),
};
// A hub whose first poll failed: known by name, its own cluster not read yet.
topology.hubs.push({ name: 'gke-mgmt-hub', url: 'https://g', status: 'error' });

describe('resolveClusterResources', () => {
  it('resolves <hub>/<cluster> to the cluster, a hub at <hub>/<hub>, in the order asked', () => {
    expect(
      resolveClusterResources(topology, [
        `${US}/eks-us-prod-1`,
        `${EU}/${EU}`,
        'gke-mgmt-hub/gke-mgmt-hub',
      ]),
    ).toEqual([
      {
        hub: US,
        name: 'eks-us-prod-1',
        role: 'spoke',
        labels: { env: 'prod' },
      },
      { hub: EU, name: EU, role: 'hub', labels: { env: 'mgmt' } },
      { hub: 'gke-mgmt-hub', name: 'gke-mgmt-hub', role: 'hub', labels: {} },
    ]);
  });

  it('resolves refs that name no cluster to undefined (a spoke under another hub, unknown names, other forms)', () => {
    expect(
      resolveClusterResources(topology, [
        `${US}/aks-eu-prod-1`,
        `${EU}/nope`,
        'nope/nope',
        'aks-eu-prod-1',
        `${EU}/aks-eu-prod-1/x`,
        '',
      ]),
    ).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

/** Policy: admin may do everything; others publish only in the EU hub, onboard onto hubs labelled env=mgmt, never apply. */
class TestPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (user?.info.userEntityRef === 'user:default/admin')
      return { result: AuthorizeResult.ALLOW };
    const { permission } = query;
    if (isPermission(permission, hubSpokeAppPublishPermission))
      return createHubSpokeClusterConditionalDecision(
        permission,
        hubSpokeClusterConditions.isInHub({ hubs: [EU] }),
      );
    if (isPermission(permission, hubSpokeSpokeOnboardPermission))
      return createHubSpokeClusterConditionalDecision(
        permission,
        hubSpokeClusterConditions.hasClusterLabel({
          key: 'env',
          value: 'mgmt',
        }),
      );
    if (isPermission(permission, hubSpokeSpokeOffboardPermission))
      return createHubSpokeClusterConditionalDecision(
        permission,
        hubSpokeClusterConditions.hasClusterName({ names: ['aks-eu-stage-1'] }),
      );
    if (isPermission(permission, hubSpokeApplyPermission))
      return { result: AuthorizeResult.DENY };
    return { result: AuthorizeResult.ALLOW };
  }
}

describe('the cluster resource type under the real permission backend', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let fleetReads = 0;

  beforeAll(async () => {
    const fleet: FleetService = {
      getTopology: async () => {
        fleetReads++;
        return topology;
      },
      getApplications: async () => [],
      refresh: async () => {},
    };
    ({ server } = await startTestBackend({
      features: [
        hubSpokePlugin,
        permissionPlugin,
        // Plugin tokens on behalf of a user name the calling plugin as actor, as in production: apply-conditions
        // takes only such calls.
        ...testAuthServiceFactories(),
        createBackendModule({
          pluginId: 'permission',
          moduleId: 'test-policy',
          register(reg) {
            reg.registerInit({
              deps: { policy: policyExtensionPoint },
              async init({ policy }) {
                policy.setPolicy(new TestPolicy());
              },
            });
          },
        }),
        createServiceFactory({
          service: fleetServiceRef,
          deps: {},
          factory: () => fleet,
        }),
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    }));
  });

  /** What the permission backend answers a user for each [permission, resourceRef]. */
  const authorize = async (
    user: string,
    items: Array<[Permission, string?]>,
  ): Promise<string[]> => {
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('authorization', mockCredentials.user.header(user))
      .send({
        items: items.map(([permission, resourceRef], i) => ({
          id: String(i),
          permission,
          ...(resourceRef ? { resourceRef } : {}),
        })),
      });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { result: string }) => i.result);
  };

  it('lists every cluster permission and hub-spoke.apply in the plugin metadata, with the cluster rules', async () => {
    const res = await request(server)
      .get('/api/hub-spoke/.well-known/backstage/permissions/metadata')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    const names = res.body.permissions.map((p: Permission) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        ...hubSpokeClusterPermissions.map(p => p.name),
        hubSpokeApplyPermission.name,
      ]),
    );
    expect(
      res.body.rules.map((r: { name: string; resourceType: string }) => [
        r.name,
        r.resourceType,
      ]),
    ).toEqual([
      ['IS_IN_HUB', 'hub-spoke-cluster'],
      ['HAS_CLUSTER_NAME', 'hub-spoke-cluster'],
      ['HAS_CLUSTER_LABEL', 'hub-spoke-cluster'],
    ]);
  });

  it("applies a conditional hub-spoke.app.publish to the one cluster asked: allowed in the policy's hub only", async () => {
    expect(
      await authorize('user:default/dev', [
        [hubSpokeAppPublishPermission, `${EU}/aks-eu-prod-1`],
        [hubSpokeAppPublishPermission, `${EU}/${EU}`],
        [hubSpokeAppPublishPermission, `${US}/eks-us-prod-1`],
        [hubSpokeAppPublishPermission, `${US}/${US}`],
      ]),
    ).toEqual(['ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });

  it('denies a conditional decision on a cluster the snapshot does not have, even where the condition would hold', async () => {
    // IS_IN_HUB aks-mgmt-hub would hold for any cluster of that hub, but there is no such cluster to evaluate.
    expect(
      await authorize('user:default/dev', [
        [hubSpokeAppPublishPermission, `${EU}/not-a-cluster`],
        [hubSpokeAppPublishPermission, `${EU}/eks-us-prod-1`],
      ]),
    ).toEqual(['DENY', 'DENY']);
  });

  it("evaluates onboard on the hub's own cluster by its labels, offboard on the spoke by its name", async () => {
    expect(
      await authorize('user:default/dev', [
        [hubSpokeSpokeOnboardPermission, `${EU}/${EU}`],
        [hubSpokeSpokeOnboardPermission, `${US}/${US}`],
        [hubSpokeSpokeOffboardPermission, `${EU}/aks-eu-stage-1`],
        [hubSpokeSpokeOffboardPermission, `${EU}/aks-eu-prod-1`],
      ]),
    ).toEqual(['ALLOW', 'DENY', 'ALLOW', 'DENY']);
  });

  it('answers hub-spoke.apply as a basic permission and leaves unconditional decisions alone', async () => {
    const reads = fleetReads;
    expect(
      await authorize('user:default/dev', [[hubSpokeApplyPermission]]),
    ).toEqual(['DENY']);
    expect(
      await authorize('user:default/admin', [
        [hubSpokeApplyPermission],
        [hubSpokeAppPublishPermission, `${US}/eks-us-prod-1`],
        [hubSpokeClusterReadPermission, `${US}/eks-us-prod-1`],
      ]),
    ).toEqual(['ALLOW', 'ALLOW', 'ALLOW']);
    // Definitive decisions need no cluster: the snapshot was not read for them.
    expect(fleetReads).toBe(reads);
  });
});
