/**
 * hub-spoke:app:publish in apply mode against the started fleet simulator: real HTTPS and @kubernetes/client-node,
 * the Applications server-side applied to the hub's Kubernetes API (the routes they deliver stay files).
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { FakeHubSpoke, startFakeHubSpoke } from '@hub-spoke/test-utils';
import { hubInput, publishInput } from '../__testUtils__/publishFixtures';
import { readTree, runAction } from '../__testUtils__/fixtures';
import {
  argo,
  kube,
  simulatorConfig,
  simulatorTopology,
} from '../__testUtils__/simulator';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';
import { createPublishAppAction } from './publishApp';

const HUB = 'aks-mgmt-hub';
const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

describe('hub-spoke:app:publish apply mode against the fleet simulator', () => {
  const fleet = useSimulatedFleet();
  const mockDir = createMockDirectory();
  let hubSpoke: FakeHubSpoke;

  /** The simulated topology with the clusters' Argo CD annotations (their ingress domains). */
  async function topology(): Promise<Topology> {
    const t = await simulatorTopology(fleet.sim);
    for (const hub of fleet.sim.hubs) {
      const { body } = await argo(fleet.sim, hub.name, '/api/v1/clusters');
      for (const c of body.items) {
        const cluster = t.clusters.find(
          x => x.hub === hub.name && x.name === c.name,
        );
        if (cluster)
          cluster.annotations = {
            ...cluster.annotations,
            ...(c.annotations ?? {}),
          };
      }
    }
    return t;
  }

  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology });
  });
  afterAll(() => hubSpoke.close());
  beforeEach(() => mockDir.clear());

  const publish = (input: Record<string, any>, dryRun = false) =>
    runAction(
      createPublishAppAction({
        config: simulatorConfig(fleet.sim),
        hubSpokeApi: hubSpoke.api,
      }),
      { ...input, mode: 'apply' },
      { workspace: mockDir.path, dryRun },
    );

  it('a dry run lets the hub check the Applications without storing them', async () => {
    const { outputs } = await publish(publishInput({ name: 'shop-dry' }), true);
    expect(outputs.applications).toEqual(['shop-dry-aks-eu-prod-1']);
    const res = await kube(fleet.sim, HUB, `${APPS}/shop-dry-aks-eu-prod-1`);
    expect(res.status).toBe(404);
  });

  it('applies one Application per target and the hub one to the hub, and writes the route files', async () => {
    const { outputs } = await publish(hubInput({ name: 'shop-live' }));
    expect(outputs.applications).toEqual([
      'shop-live-aks-eu-prod-1',
      'shop-live-aks-eu-prod-2',
      'shop-live-hub-routes',
    ]);
    const one = await kube(fleet.sim, HUB, `${APPS}/shop-live-aks-eu-prod-1`);
    expect(one.status).toBe(200);
    expect(one.body.spec.destination).toEqual({
      name: 'aks-eu-prod-1',
      namespace: 'shop-live',
    });
    expect(one.body.metadata.labels['app.kubernetes.io/part-of']).toBe(
      'shop-live',
    );
    const hub = await kube(fleet.sim, HUB, `${APPS}/shop-live-hub-routes`);
    expect(hub.body.spec.destination).toEqual({
      name: 'in-cluster',
      namespace: 'global-ingress',
    });
    expect(Object.keys(readTree(mockDir.path))).toContain(
      'apps/shop-live/hub/routes/httproute.yaml',
    );
    // Applying again changes nothing (the same objects, so server-side apply is a no-op).
    const before = one.body.metadata.resourceVersion;
    await publish(hubInput({ name: 'shop-live' }));
    const again = await kube(fleet.sim, HUB, `${APPS}/shop-live-aks-eu-prod-1`);
    expect(again.body.metadata.resourceVersion).toBe(before);
  });
});
