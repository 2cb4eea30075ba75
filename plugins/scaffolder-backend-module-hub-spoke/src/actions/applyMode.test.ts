/**
 * apply mode against the started fleet simulator: real HTTPS with the simulator's CA, real @kubernetes/client-node,
 * server-side apply to the hub's Kubernetes API, and the hub's Argo CD following. The hub-spoke backend is stood in
 * for by a server that reads the simulated Argo CDs live.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  FleetSimulator,
  defaultFleetPath,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
import { FakeHubSpoke, startFakeHubSpoke } from '@hub-spoke/test-utils';
import { SPOKE_TOKEN, readTree, runAction } from '../__testUtils__/fixtures';
import {
  argo,
  kube,
  simulatorApplications,
  simulatorConfig,
  simulatorTopology,
} from '../__testUtils__/simulator';
import { createOffboardSpokeAction } from './offboardSpoke';
import { createOnboardSpokeAction } from './onboardSpoke';

const HUB = 'aks-mgmt-hub';
const SECRETS = '/api/v1/namespaces/argocd/secrets';

describe('apply mode against the fleet simulator', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');
  let sim: FleetSimulator;
  let hubSpoke: FakeHubSpoke;
  let config: ConfigReader;

  const onboard = (
    input: JsonObject,
    options: {
      secrets?: Record<string, string>;
      dryRun?: boolean;
      config?: ConfigReader;
    } = {},
  ) =>
    runAction(
      createOnboardSpokeAction({
        config: options.config ?? config,
        hubSpokeApi: hubSpoke.api,
      }),
      input,
      { workspace: workspace(), ...options },
    );
  const offboard = (input: JsonObject, options: { dryRun?: boolean } = {}) =>
    runAction(
      createOffboardSpokeAction({
        config,
        hubSpokeApi: hubSpoke.api,
      }),
      input,
      {
        workspace: workspace(),
        ...options,
      },
    );
  const argoCluster = async (hub: string, name: string) =>
    (await argo(sim, hub, '/api/v1/clusters')).body.items.find(
      (c: any) => c.name === name,
    );
  const hubSecret = (name: string) =>
    kube(sim, HUB, `${SECRETS}/cluster-${name}`);
  const spoke = (name: string, overrides: JsonObject = {}): JsonObject => ({
    name,
    server: `https://${name}.example.com:443`,
    hub: HUB,
    auth: { type: 'azure', clientId: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c' },
    owner: 'group:default/platform-team',
    mode: 'apply',
    ...overrides,
  });

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
    config = simulatorConfig(sim);
    hubSpoke = await startFakeHubSpoke({
      topology: () => simulatorTopology(sim),
      applications: () => simulatorApplications(sim),
    });
  });
  afterAll(async () => {
    await hubSpoke.close();
    await sim.close();
  });
  beforeEach(() => {
    mockDir.clear();
    hubSpoke.setTopology(() => simulatorTopology(sim));
  });

  it('applies the cluster Secret to the hub, whose Argo CD then lists the spoke; the workspace gets everything but the Secret', async () => {
    const { outputs } = await onboard(
      spoke('aks-eu-prod-3', {
        labels: { environment: 'prod' },
        addons: ['cert-manager'],
        cidr: '10.14.0.0/16',
      }),
    );
    expect(outputs).toEqual({
      files: [
        'clusters/addons/cert-manager-applicationset.yaml',
        'clusters/aks-eu-prod-3/catalog-info.yaml',
      ],
      catalogInfoPath: 'clusters/aks-eu-prod-3/catalog-info.yaml',
      entityRef: 'resource:default/aks-eu-prod-3',
      applied: 'created',
    });
    expect(Object.keys(readTree(workspace())).sort()).toEqual(outputs.files);

    const listed = await argoCluster(HUB, 'aks-eu-prod-3');
    expect(listed).toMatchObject({
      name: 'aks-eu-prod-3',
      server: 'https://aks-eu-prod-3.example.com:443',
      labels: {
        environment: 'prod',
        'hub-spoke/addon-cert-manager': 'enabled',
      },
      annotations: { 'hub-spoke/cidr': '10.14.0.0/16' },
      connectionState: { status: 'Unknown' },
    });
    // Argo CD sanitises the config: the exec provider is not listed.
    expect(listed.config).toEqual({ tlsClientConfig: { insecure: false } });

    const secret = (await hubSecret('aks-eu-prod-3')).body;
    expect(secret.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'hub-spoke-scaffolder',
        operation: 'Apply',
      }),
    ]);
    expect(
      JSON.parse(Buffer.from(secret.data.config, 'base64').toString())
        .execProviderConfig.command,
    ).toBe('argocd-k8s-auth');
    // The other hub is untouched.
    expect(await argoCluster('eks-mgmt-hub', 'aks-eu-prod-3')).toBeUndefined();
  });

  it('applying the same input again is a no-op on the hub', async () => {
    const input = spoke('aks-eu-prod-4', { cidr: '10.15.0.0/16' });
    expect((await onboard(input)).outputs.applied).toBe('created');
    const before = (await hubSecret('aks-eu-prod-4')).body.metadata
      .resourceVersion;
    const files = readTree(workspace());
    expect((await onboard(input)).outputs.applied).toBe('unchanged');
    expect(
      (await hubSecret('aks-eu-prod-4')).body.metadata.resourceVersion,
    ).toBe(before);
    expect(readTree(workspace())).toEqual(files);
  });

  it('a changed input reconfigures the Secret, and Argo CD follows', async () => {
    await onboard(spoke('aks-eu-prod-5', { labels: { environment: 'stage' } }));
    const { outputs } = await onboard(
      spoke('aks-eu-prod-5', {
        labels: { environment: 'prod' },
        addons: ['istio-ingress'],
      }),
    );
    expect(outputs.applied).toBe('configured');
    expect((await argoCluster(HUB, 'aks-eu-prod-5')).labels).toEqual({
      environment: 'prod',
      'hub-spoke/addon-istio-ingress': 'enabled',
    });
  });

  it('refuses a different server under an existing name (ConflictError), leaving the hub and workspace alone', async () => {
    await onboard(spoke('aks-eu-prod-6'));
    mockDir.clear();
    const before = (await hubSecret('aks-eu-prod-6')).body;
    const err = await onboard(
      spoke('aks-eu-prod-6', { server: 'https://other.example.com' }),
    ).catch(e => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toMatch(
      /A cluster named aks-eu-prod-6 already exists on hub aks-mgmt-hub with server https:\/\/aks-eu-prod-6.example.com:443/,
    );
    expect((await hubSecret('aks-eu-prod-6')).body).toEqual(before);
    expect(readTree(workspace())).toEqual({});
  });

  it('refuses it from what is on the hub when the topology has not caught up yet', async () => {
    const stale = await simulatorTopology(sim);
    await onboard(spoke('aks-eu-prod-7'));
    mockDir.clear();
    hubSpoke.setTopology(stale);
    const err = await onboard(
      spoke('aks-eu-prod-7', { server: 'https://other.example.com' }),
    ).catch(e => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe(
      'Secret argocd/cluster-aks-eu-prod-7 on hub aks-mgmt-hub already registers cluster aks-eu-prod-7 with server ' +
        'https://aks-eu-prod-7.example.com:443; https://other.example.com cannot take its name',
    );
    // A fleet spoke registered by another Secret is not taken over either.
    const fleetSpoke = await onboard(
      spoke('aks-eu-dev-1', {
        server: (await argoCluster(HUB, 'aks-eu-dev-1')).server,
      }),
    ).catch(e => e);
    expect(fleetSpoke).toBeInstanceOf(ConflictError);
    expect(fleetSpoke.message).toMatch(
      /it was not created by this action, so it is left alone/,
    );
  });

  it('applies nothing in a dry run, but still writes the files', async () => {
    const { outputs } = await onboard(spoke('aks-eu-dry-1'), { dryRun: true });
    expect(outputs.applied).toBe('dry-run');
    expect(outputs.files).toEqual(['clusters/aks-eu-dry-1/catalog-info.yaml']);
    expect(await argoCluster(HUB, 'aks-eu-dry-1')).toBeUndefined();
    expect((await hubSecret('aks-eu-dry-1')).status).toBe(404);
  });

  it('sends a bearer token from the task secrets to the hub only: Argo CD does not show it, no file has it', async () => {
    await onboard(spoke('onprem-dc1-1', { auth: { type: 'bearerToken' } }), {
      secrets: { spokeToken: SPOKE_TOKEN },
    });
    const secret = (await hubSecret('onprem-dc1-1')).body;
    expect(
      JSON.parse(Buffer.from(secret.data.config, 'base64').toString()),
    ).toEqual({ bearerToken: SPOKE_TOKEN });
    expect(
      JSON.stringify(await argoCluster(HUB, 'onprem-dc1-1')),
    ).not.toContain(SPOKE_TOKEN);
    for (const content of Object.values(readTree(workspace())))
      expect(content).not.toContain(SPOKE_TOKEN);
  });

  it("fails clearly without the hub's Kubernetes entry, or with a token the hub rejects, and writes nothing", async () => {
    const raw = sim.backstageConfig();
    const without = new ConfigReader({
      ...raw,
      kubernetes: {
        ...raw.kubernetes,
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: raw.kubernetes.clusterLocatorMethods[0].clusters.filter(
              c => c.name !== HUB,
            ),
          },
        ],
      },
    } as any);
    const missing = await onboard(spoke('aks-eu-prod-8'), {
      config: without,
    }).catch(e => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.message).toMatch(
      /mode apply needs hub aks-mgmt-hub's own Kubernetes API: add a kubernetes.clusterLocatorMethods entry/,
    );

    const wrong = new ConfigReader({
      ...raw,
      kubernetes: {
        ...raw.kubernetes,
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: raw.kubernetes.clusterLocatorMethods[0].clusters.map(c =>
              c.name === HUB
                ? { ...c, serviceAccountToken: 'not-the-token' }
                : c,
            ),
          },
        ],
      },
    } as any);
    const rejected = await onboard(spoke('aks-eu-prod-8'), {
      config: wrong,
    }).catch(e => e);
    expect(rejected).toBeInstanceOf(NotAllowedError);
    expect(rejected.message).toMatch(
      /hub aks-mgmt-hub .* rejected the serviceAccountToken/,
    );
    expect(rejected.message).not.toContain('not-the-token');
    expect(readTree(workspace())).toEqual({});
  });

  describe('offboarding', () => {
    const application = (name: string, cluster: string) =>
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name, namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://github.com/example/fleet',
            path: 'x',
            targetRevision: 'main',
          },
          destination: { name: cluster, namespace: 'default' },
        },
      });

    it('refuses while Applications deploy to the spoke, listing them; with force deletes the Secret from the hub', async () => {
      await onboard(spoke('aks-eu-gone-1'));
      const created = await kube(
        sim,
        HUB,
        '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
        {
          method: 'POST',
          body: application('web-gone-1', 'aks-eu-gone-1'),
          contentType: 'application/json',
        },
      );
      expect(created.status).toBe(201);

      const refused = await offboard({
        name: 'aks-eu-gone-1',
        hub: HUB,
        mode: 'apply',
      }).catch(e => e);
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused.message).toBe(
        '1 Argo CD Application on hub aks-mgmt-hub still deploys to aks-eu-gone-1: web-gone-1. Move or delete them ' +
          'first (for add-ons: remove them from the cluster), or offboard with force: true',
      );
      expect(await argoCluster(HUB, 'aks-eu-gone-1')).toBeDefined();

      const { outputs } = await offboard({
        name: 'aks-eu-gone-1',
        hub: HUB,
        mode: 'apply',
        force: true,
      });
      expect(outputs).toEqual({
        removed: [],
        deleted: ['argocd/cluster-aks-eu-gone-1'],
        applications: ['web-gone-1'],
      });
      expect(await argoCluster(HUB, 'aks-eu-gone-1')).toBeUndefined();
      expect((await hubSecret('aks-eu-gone-1')).status).toBe(404);

      // The Application still names the gone cluster, hence force.
      const again = await offboard({
        name: 'aks-eu-gone-1',
        hub: HUB,
        mode: 'apply',
        force: true,
      }).catch(e => e);
      expect(again).toBeInstanceOf(NotFoundError);
      expect(again.message).toBe(
        'Hub aks-mgmt-hub has no cluster Secret for aks-eu-gone-1 in namespace argocd',
      );
    });

    it('deletes nothing in a dry run', async () => {
      await onboard(spoke('aks-eu-gone-2'));
      const { outputs } = await offboard(
        { name: 'aks-eu-gone-2', hub: HUB, mode: 'apply' },
        { dryRun: true },
      );
      expect(outputs.deleted).toEqual(['argocd/cluster-aks-eu-gone-2']);
      expect(await argoCluster(HUB, 'aks-eu-gone-2')).toBeDefined();
    });

    it('offboards a spoke of the fleet registered by another Secret once its Applications are gone', async () => {
      // eks-us-dev-1 has no Applications in the default fleet.
      const { outputs } = await offboard({
        name: 'eks-us-dev-1',
        hub: 'eks-mgmt-hub',
        mode: 'apply',
      });
      expect(outputs.deleted).toHaveLength(1);
      expect((outputs.deleted as string[])[0]).toMatch(/^argocd\/cluster-/);
      expect(await argoCluster('eks-mgmt-hub', 'eks-us-dev-1')).toBeUndefined();
    });
  });
});
