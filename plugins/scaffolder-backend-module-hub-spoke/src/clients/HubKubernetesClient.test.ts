/**
 * The apply-mode client against the fleet simulator's hub over real HTTPS, with the hub's scaffolder apply token:
 * what it may do, how a refusal, a rejected token and a hub that does not answer read, and that no message holds the
 * token.
 */
import { NotAllowedError } from '@backstage/errors';
import { readHubApplyAccess } from '../config';
import { simulatorConfig } from '../__testUtils__/simulator';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';
import { HubKubernetesClient } from './HubKubernetesClient';

const HUB = 'aks-mgmt-hub';

const secret = (name: string, namespace = 'argocd') => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name,
    namespace,
    labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
  },
  stringData: { name, server: `https://${name}.example.com`, config: '{}' },
});

describe('HubKubernetesClient with the scaffolder apply credential', () => {
  const fleet = useSimulatedFleet();
  const access = () => readHubApplyAccess(simulatorConfig(fleet.sim), HUB);

  it('reads, dry-runs, applies, lists and deletes a cluster Secret in Argo CD’s namespace', async () => {
    const client = new HubKubernetesClient(access());
    const object = secret('cluster-client-1');
    expect(await client.read(object)).toBeUndefined();
    await client.apply(object, { dryRun: true });
    expect(await client.read(object)).toBeUndefined();
    const applied = await client.apply(object);
    expect(applied.metadata?.resourceVersion).toBeDefined();
    expect(
      (await client.listClusterSecrets('argocd')).find(
        s => s.secretName === 'cluster-client-1',
      ),
    ).toEqual({
      secretName: 'cluster-client-1',
      name: 'cluster-client-1',
      server: 'https://cluster-client-1.example.com',
      resourceVersion: applied.metadata?.resourceVersion,
    });
    await client.delete(object, { dryRun: true });
    expect(await client.read(object)).toBeDefined();
    await client.delete(object);
    expect(await client.read(object)).toBeUndefined();
  });

  it("says which Role the service account lacks when the hub refuses it (RBAC), and which key's token the hub rejects", async () => {
    const client = new HubKubernetesClient(access());
    const outside = await client
      .apply(secret('cluster-client-2', 'kube-system'))
      .catch(e => e);
    expect(outside).toBeInstanceOf(NotAllowedError);
    expect(outside.message).toBe(
      `Could not apply Secret kube-system/cluster-client-2 on hub ${HUB} (${
        access().url
      }): secrets "cluster-client-2" is forbidden: User "system:serviceaccount:argocd:hub-spoke-scaffolder" cannot ` +
        'patch resource "secrets" in API group "" in the namespace "kube-system" (the service account of ' +
        'hubSpoke.hubs[0].apply needs the Role of docs/security/apply-rbac.yaml)',
    );

    const wrong = new HubKubernetesClient({
      ...access(),
      token: 'stolen-or-stale-token',
    });
    const rejected = await wrong.listClusterSecrets('argocd').catch(e => e);
    expect(rejected).toBeInstanceOf(NotAllowedError);
    expect(rejected.message).toBe(
      `Could not list the cluster Secrets in argocd on hub ${HUB} (${
        access().url
      }): Unauthorized (the hub rejected the token of hubSpoke.hubs[0].apply)`,
    );
    for (const e of [outside, rejected]) {
      expect(e.message).not.toContain(access().token);
      expect(e.message).not.toContain('stolen-or-stale-token');
    }
  });

  it('gives up on a hub that does not answer, after its timeout', async () => {
    await fleet.sim.setFault({ cluster: HUB }, { kind: 'hang', ms: 3000 });
    try {
      const client = new HubKubernetesClient(access(), { timeoutMs: 300 });
      const started = Date.now();
      const error = await client.listClusterSecrets('argocd').catch(e => e);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(error.message).toBe(
        `Could not list the cluster Secrets in argocd on hub ${HUB} (${
          access().url
        }): no answer within 300 ms`,
      );
    } finally {
      await fleet.sim.setFault({ cluster: HUB }, null);
    }
  });
});
