/**
 * hub-spoke:app:publish in apply mode against the started fleet simulator: real HTTPS and @kubernetes/client-node,
 * the Applications server-side applied to the hub's Kubernetes API (the routes they deliver stay files).
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
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
        permissions: mockServices.permissions(),
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
  const hubApplyUrl = () => fleet.sim.hubs.find(h => h.name === HUB)!.apply.url;
  const webhook =
    'admission webhook "reject-apply.fleet-simulator.hub-spoke" denied the request';

  it('applies nothing and writes nothing when the hub refuses one Application in the dry run', async () => {
    await fleet.sim.setFault(
      { cluster: HUB },
      {
        kind: 'reject-apply',
        objectKind: 'Application',
        name: 'shop-refused-aks-eu-prod-2',
      },
    );
    let error: Error;
    try {
      error = await publish(
        hubInput({ name: 'shop-refused', host: 'shop-refused.eu.example.com' }),
      ).catch(e => e);
    } finally {
      await fleet.sim.setFault({ cluster: HUB }, null);
    }
    expect(error.message).toBe(
      'Nothing was applied: the hub refused 1 of 3 objects in a dry run. Could not apply Application ' +
        `argocd/shop-refused-aks-eu-prod-2 on hub ${HUB} (${hubApplyUrl()}): ${webhook}: Application ` +
        'shop-refused-aks-eu-prod-2 is refused by the simulated admission webhook (fault reject-apply)',
    );
    for (const name of [
      'shop-refused-aks-eu-prod-1',
      'shop-refused-aks-eu-prod-2',
      'shop-refused-hub-routes',
    ]) {
      expect((await kube(fleet.sim, HUB, `${APPS}/${name}`)).status).toBe(404);
    }
    expect(readTree(mockDir.path)).toEqual({});
  });

  it('removes the Applications it created when one fails part way, keeps those that were there, and says so', async () => {
    await publish(
      publishInput({
        name: 'shop-half',
        host: 'shop-half.apps.aks-eu-prod-1.example.com',
      }),
    );
    const files = readTree(mockDir.path);
    // The hub accepts every dry run, then refuses the hub's Application when it is applied for real.
    await fleet.sim.setFault(
      { cluster: HUB },
      { kind: 'reject-apply', name: 'shop-half-hub-routes', dryRun: false },
    );
    let error: Error;
    try {
      error = await publish(
        hubInput({ name: 'shop-half', host: 'shop-half.eu.example.com' }),
      ).catch(e => e);
    } finally {
      await fleet.sim.setFault({ cluster: HUB }, null);
    }
    expect(error.message).toBe(
      `Could not apply Application argocd/shop-half-hub-routes on hub ${HUB} (${hubApplyUrl()}): ${webhook}: ` +
        'Application shop-half-hub-routes is refused by the simulated admission webhook (fault reject-apply). ' +
        `Applied and kept: Application argocd/shop-half-aks-eu-prod-1 on hub ${HUB}; created and removed again: ` +
        `Application argocd/shop-half-aks-eu-prod-2 on hub ${HUB}; could not be removed: none; not applied: ` +
        `Application argocd/shop-half-hub-routes on hub ${HUB}`,
    );
    expect(
      (await kube(fleet.sim, HUB, `${APPS}/shop-half-aks-eu-prod-1`)).status,
    ).toBe(200);
    expect(
      (await kube(fleet.sim, HUB, `${APPS}/shop-half-aks-eu-prod-2`)).status,
    ).toBe(404);
    expect(
      (await kube(fleet.sim, HUB, `${APPS}/shop-half-hub-routes`)).status,
    ).toBe(404);
    // The hub's Argo CD does not list the removed one either, and the workspace is as the first run left it.
    const listed = (
      await argo(fleet.sim, HUB, '/api/v1/applications')
    ).body.items.map((a: any) => a.metadata.name);
    expect(listed).toContain('shop-half-aks-eu-prod-1');
    expect(listed).not.toContain('shop-half-aks-eu-prod-2');
    expect(readTree(mockDir.path)).toEqual(files);
  });

  it("refuses an argocdNamespace other than the hub's apply namespace, applying nothing", async () => {
    const error = await publish(
      publishInput({
        name: 'shop-ns',
        host: 'shop-ns.apps.aks-eu-prod-1.example.com',
        argocdNamespace: 'kube-system',
      }),
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^argocdNamespace "kube-system" is not Argo CD's namespace on hub aks-mgmt-hub in mode apply: it is "argocd"/,
    );
    expect(
      (await kube(fleet.sim, HUB, `${APPS}/shop-ns-aks-eu-prod-1`)).status,
    ).toBe(404);
    expect(readTree(mockDir.path)).toEqual({});
  });
});
