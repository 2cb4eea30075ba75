/**
 * apply mode against the started fleet simulator: real HTTPS with the simulator's CA, real @kubernetes/client-node,
 * server-side apply to the hub's Kubernetes API, and the hub's Argo CD following. The hub-spoke backend is stood in
 * for by a server that reads the simulated Argo CDs live.
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
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
import { createMockActionContext } from '../__testUtils__/mockActionContext';
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
        permissions: mockServices.permissions(),
      }),
      input,
      { workspace: workspace(), ...options },
    );
  const offboard = (input: JsonObject, options: { dryRun?: boolean } = {}) =>
    runAction(
      createOffboardSpokeAction({
        config,
        hubSpokeApi: hubSpoke.api,
        permissions: mockServices.permissions(),
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
      server: 'https://aks-eu-prod-3.example.com',
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
      /A cluster named aks-eu-prod-6 already exists on hub aks-mgmt-hub with server https:\/\/aks-eu-prod-6.example.com;/,
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
      // The stale topology does not list the cluster, so the refusal cannot name its server (see onboard/checks.ts).
      'A Secret on hub aks-mgmt-hub for a cluster you cannot see already registers cluster aks-eu-prod-7 with ' +
        'another server; https://other.example.com cannot take its name',
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

  /** The simulator's config with hub aks-mgmt-hub's apply block (index 0) changed, or removed with undefined. */
  const withApply = (apply: Record<string, unknown> | undefined) => {
    const raw = config.get() as any;
    return new ConfigReader({
      ...raw,
      hubSpoke: {
        ...raw.hubSpoke,
        hubs: raw.hubSpoke.hubs.map((h: any) => {
          if (h.name !== HUB) return h;
          const { apply: _apply, ...rest } = h;
          return apply ? { ...rest, apply } : rest;
        }),
      },
    });
  };
  const hubApply = () => (config.get() as any).hubSpoke.hubs[0].apply;

  it("applies with the hub's own apply credential, not the Kubernetes plugin's: its clusterLocatorMethods entry is not needed", async () => {
    const raw = config.get() as any;
    const withoutProxyEntry = new ConfigReader({
      ...raw,
      kubernetes: {
        ...raw.kubernetes,
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: raw.kubernetes.clusterLocatorMethods[0].clusters.filter(
              (c: any) => c.name !== HUB,
            ),
          },
        ],
      },
    });
    const { outputs } = await onboard(spoke('aks-eu-own-1'), {
      config: withoutProxyEntry,
    });
    expect(outputs.applied).toBe('created');
    expect((await hubSecret('aks-eu-own-1')).status).toBe(200);
  });

  it("refuses apply mode without the hub's apply credential, naming the key, and writes nothing", async () => {
    const missing = await onboard(spoke('aks-eu-prod-8'), {
      config: withApply(undefined),
    }).catch(e => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.message).toBe(
      `mode apply needs a credential of its own on hub ${HUB}: set hubSpoke.hubs[0].apply (url, token, caData: a ` +
        'service account bound by the Role in docs/security/apply-rbac.yaml), or use mode pull-request',
    );
    expect(readTree(workspace())).toEqual({});
    expect((await hubSecret('aks-eu-prod-8')).status).toBe(404);
  });

  it('names the apply key when the hub rejects its token, without echoing the token, and writes nothing', async () => {
    const rejected = await onboard(spoke('aks-eu-prod-8'), {
      config: withApply({ ...hubApply(), token: 'not-the-token' }),
    }).catch(e => e);
    expect(rejected).toBeInstanceOf(NotAllowedError);
    expect(rejected.message).toBe(
      `Could not list the cluster Secrets in argocd on hub ${HUB} (${
        hubApply().url
      }): Unauthorized (the hub rejected the token of hubSpoke.hubs[0].apply)`,
    );
    expect(rejected.message).not.toContain('not-the-token');
    expect(readTree(workspace())).toEqual({});
    expect((await hubSecret('aks-eu-prod-8')).status).toBe(404);
  });

  it("takes Argo CD's namespace from the apply credential and refuses an input that names another", async () => {
    const refused = await onboard(
      spoke('aks-eu-ns-1', { argocdNamespace: 'kube-system' }),
    ).catch(e => e);
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.message).toBe(
      `argocdNamespace "kube-system" is not Argo CD's namespace on hub ${HUB} in mode apply: it is "argocd" ` +
        '(hubSpoke.hubs[0].apply.namespace). Leave argocdNamespace out, or use mode pull-request',
    );
    expect(readTree(workspace())).toEqual({});
    expect((await hubSecret('aks-eu-ns-1')).status).toBe(404);
    // Repeating the configured namespace is fine.
    const { outputs } = await onboard(
      spoke('aks-eu-ns-1', { argocdNamespace: 'argocd' }),
    );
    expect(outputs.applied).toBe('created');
  });

  it('applies nothing and writes nothing when the hub refuses the Secret in the dry run (an admission webhook)', async () => {
    await sim.setFault(
      { cluster: HUB },
      {
        kind: 'reject-apply',
        objectKind: 'Secret',
        name: 'cluster-aks-eu-rej-1',
        message: 'spoke servers must be private',
      },
    );
    try {
      const err = await onboard(spoke('aks-eu-rej-1')).catch(e => e);
      expect(err.message).toBe(
        'Nothing was applied: the hub refused 1 of 1 objects in a dry run. Could not apply Secret ' +
          `argocd/cluster-aks-eu-rej-1 on hub ${HUB} (${
            hubApply().url
          }): admission webhook "reject-apply.fleet-simulator.hub-spoke" denied the request: spoke servers must ` +
          'be private',
      );
    } finally {
      await sim.setFault({ cluster: HUB }, null);
    }
    expect((await hubSecret('aks-eu-rej-1')).status).toBe(404);
    expect(readTree(workspace())).toEqual({});
  });

  it('does not repeat the apply on a task retry: the checkpoint keeps what the first attempt did', async () => {
    const checkpoints = new Map<string, unknown>();
    const action = createOnboardSpokeAction({
      config,
      hubSpokeApi: hubSpoke.api,
      permissions: mockServices.permissions(),
    });
    const attempt = async () => {
      const ctx = createMockActionContext({
        input: spoke('aks-eu-retry-1'),
        workspacePath: workspace(),
      });
      const checkpoint = jest.fn(async ({ key, fn }: any) => {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      });
      await action.handler({ ...ctx, checkpoint } as any);
      return (ctx.output as jest.Mock).mock.calls.find(
        ([k]) => k === 'applied',
      )?.[1];
    };
    expect(await attempt()).toBe('created');
    const stored = (await hubSecret('aks-eu-retry-1')).body.metadata;
    // The retry reports what the attempt did, and the hub is not written again.
    expect(await attempt()).toBe('created');
    expect((await hubSecret('aks-eu-retry-1')).body.metadata).toEqual(stored);
    expect([...checkpoints.keys()]).toEqual([
      expect.stringMatching(/^hub-spoke\.apply\.[0-9a-f]{16}$/),
    ]);
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

    it('does not repeat the deletes on a task retry: the checkpoint keeps what the first attempt deleted', async () => {
      await onboard(spoke('aks-eu-gone-3'));
      const checkpoints = new Map<string, unknown>();
      const action = createOffboardSpokeAction({
        config,
        hubSpokeApi: hubSpoke.api,
        permissions: mockServices.permissions(),
      });
      const attempt = async () => {
        const ctx = createMockActionContext({
          input: { name: 'aks-eu-gone-3', hub: HUB, mode: 'apply' },
          workspacePath: workspace(),
        });
        const checkpoint = async ({ key, fn }: any) => {
          if (!checkpoints.has(key)) checkpoints.set(key, await fn());
          return checkpoints.get(key);
        };
        await action.handler({ ...ctx, checkpoint } as any);
        return (ctx.output as jest.Mock).mock.calls.find(
          ([k]) => k === 'deleted',
        )?.[1];
      };
      expect(await attempt()).toEqual(['argocd/cluster-aks-eu-gone-3']);
      expect((await hubSecret('aks-eu-gone-3')).status).toBe(404);
      // Without the checkpoint the retry would find no Secret left and fail.
      expect(await attempt()).toEqual(['argocd/cluster-aks-eu-gone-3']);
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
