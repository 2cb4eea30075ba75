/**
 * A hub's "scaffolder apply" service account (its second token: only what its Role grants in Argo CD's namespace,
 * only Argo CD cluster Secrets among Secrets) and the reject-apply fault (an admission webhook refusing chosen
 * objects, dry runs included), over real HTTPS.
 */
import { httpsJson } from '@hub-spoke/test-utils';
import { startAdminServer } from '../admin';
import { defaultFleetPath, loadFleetFile, parseFleet } from '../fleet/parse';
import { FleetSimulator, startFleetSimulator } from '../server';
import { failureStatus } from '../__testUtils__/kubernetes';

/* eslint-disable @typescript-eslint/no-explicit-any */

const HUB = 'aks-mgmt-hub';
const SECRETS = '/api/v1/namespaces/argocd/secrets';
const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';
const APPLY = 'application/apply-patch+yaml';
const USER = 'system:serviceaccount:argocd:hub-spoke-scaffolder';

function clusterSecret(name: string, labels?: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: 'argocd',
      labels: labels ?? { 'argocd.argoproj.io/secret-type': 'cluster' },
    },
    stringData: {
      name,
      server: `https://${name}.example.com`,
      config: '{}',
    },
  };
}

function application(name: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'shop',
      source: { repoURL: 'https://git.example.com/shop.git', path: 'deploy' },
      destination: { name: 'aks-eu-prod-1', namespace: 'shop' },
    },
  };
}

describe("a hub's scaffolder apply service account", () => {
  let sim: FleetSimulator;
  const hubCluster = () => sim.clusters.find(c => c.name === HUB)!;
  const applyToken = () => sim.hubs.find(h => h.name === HUB)!.apply.token;
  const request = (
    path: string,
    opts: {
      method?: string;
      body?: unknown;
      contentType?: string;
      token?: string;
    } = {},
  ) =>
    httpsJson<any>(`${hubCluster().url}${path}`, {
      ca: sim.caPem,
      token: opts.token ?? applyToken(),
      method: opts.method ?? 'GET',
      ...(opts.body !== undefined
        ? {
            body: JSON.stringify(opts.body),
            headers: { 'content-type': opts.contentType ?? APPLY },
          }
        : {}),
    });
  const apply = (path: string, body: unknown, options = { dryRun: false }) =>
    request(
      `${path}?fieldManager=hub-spoke-scaffolder${
        options.dryRun ? '&dryRun=All' : ''
      }`,
      { method: 'PATCH', body },
    );

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
  });
  afterAll(() => sim.close());

  it('is written to the Backstage config as hubSpoke.hubs[].apply, beside the untouched clusterLocatorMethods', () => {
    const cfg = sim.backstageConfig();
    const caData = Buffer.from(sim.caPem).toString('base64');
    expect(cfg.hubSpoke.hubs.map(h => h.apply)).toEqual([
      {
        url: hubCluster().url,
        token: 'kube-apply-token-aks-mgmt-hub',
        caData,
        namespace: 'argocd',
      },
      {
        url: sim.clusters.find(c => c.name === 'eks-mgmt-hub')!.url,
        token: 'kube-apply-token-eks-mgmt-hub',
        caData,
        namespace: 'argocd',
      },
    ]);
    const hubEntry = cfg.kubernetes.clusterLocatorMethods[0].clusters.find(
      c => c.name === HUB,
    )!;
    expect(hubEntry.serviceAccountToken).toBe(hubCluster().token);
    expect(hubEntry.serviceAccountToken).not.toBe(applyToken());
  });

  it('gets, lists, creates, applies and deletes cluster Secrets and Applications in Argo CD’s namespace', async () => {
    expect(
      (await apply(`${SECRETS}/cluster-sa-1`, clusterSecret('cluster-sa-1')))
        .status,
    ).toBe(201);
    expect((await request(`${SECRETS}/cluster-sa-1`)).status).toBe(200);
    const listed = await request(
      `${SECRETS}?labelSelector=argocd.argoproj.io%2Fsecret-type%3Dcluster`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: any) => s.metadata.name)).toContain(
      'cluster-sa-1',
    );
    expect(
      (
        await request(SECRETS, {
          method: 'POST',
          body: clusterSecret('cluster-sa-2'),
          contentType: 'application/json',
        })
      ).status,
    ).toBe(201);
    expect(
      (await apply(`${APPS}/shop-sa-1`, application('shop-sa-1'))).status,
    ).toBe(201);
    expect((await request(APPS)).status).toBe(200);
    expect(
      (await request(`${APPS}/shop-sa-1`, { method: 'DELETE' })).status,
    ).toBe(200);
    expect(
      (await request(`${SECRETS}/cluster-sa-1`, { method: 'DELETE' })).status,
    ).toBe(200);
    // Discovery, which client-node reads to map a kind to its resource, is open to every authenticated caller.
    expect((await request('/api/v1')).status).toBe(200);
    expect((await request('/apis/argoproj.io/v1alpha1')).status).toBe(200);
  });

  it('is refused everything else with the API server’s 403 Status', async () => {
    const forbidden = (message: string, details: Record<string, unknown>) =>
      failureStatus(403, 'Forbidden', message, details);
    const elsewhere = await request('/api/v1/namespaces/kube-system/secrets');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toEqual(
      forbidden(
        `secrets is forbidden: User "${USER}" cannot list resource "secrets" in API group "" in the namespace "kube-system"`,
        { kind: 'secrets' },
      ),
    );
    const everywhere = await request('/api/v1/secrets');
    expect(everywhere.body.message).toBe(
      `secrets is forbidden: User "${USER}" cannot list resource "secrets" in API group "" at the cluster scope`,
    );
    const configMap = await request(
      '/api/v1/namespaces/argocd/configmaps/argocd-cm',
    );
    expect(configMap.body).toEqual(
      forbidden(
        `configmaps "argocd-cm" is forbidden: User "${USER}" cannot get resource "configmaps" in API group "" in the namespace "argocd"`,
        { name: 'argocd-cm', kind: 'configmaps' },
      ),
    );
    for (const path of [
      '/api/v1/nodes',
      '/api/v1/namespaces',
      '/api/v1/namespaces/argocd/services',
      '/apis/apps/v1/namespaces/argocd/deployments',
      '/apis/argoproj.io/v1alpha1/applications',
    ]) {
      expect({ path, status: (await request(path)).status }).toEqual({
        path,
        status: 403,
      });
    }
    const deleteNamespace = await request('/api/v1/namespaces/argocd', {
      method: 'DELETE',
    });
    expect(deleteNamespace.status).toBe(403);
    // The admin token still may.
    expect(
      (
        await request('/api/v1/namespaces/kube-system/secrets', {
          token: hubCluster().token,
        })
      ).status,
    ).toBe(200);
  });

  it('may write only Argo CD cluster Secrets (the admission policy), not take another Secret over or delete it', async () => {
    const plain = await apply(
      `${SECRETS}/repo-creds`,
      clusterSecret('repo-creds', {
        'argocd.argoproj.io/secret-type': 'repository',
      }),
    );
    expect(plain.status).toBe(403);
    expect(plain.body.message).toBe(
      `secrets "repo-creds" is forbidden: ValidatingAdmissionPolicy 'hub-spoke-scaffolder-cluster-secrets' with ` +
        `binding 'hub-spoke-scaffolder-cluster-secrets' denied request: the hub-spoke scaffolder may only write ` +
        'Argo CD cluster Secrets (label argocd.argoproj.io/secret-type: cluster)',
    );
    // A Secret the admin wrote without the label can neither be relabelled nor deleted by the apply account.
    const admin = hubCluster().token;
    expect(
      (
        await request(SECRETS, {
          method: 'POST',
          body: clusterSecret('argocd-notifications', { team: 'platform' }),
          contentType: 'application/json',
          token: admin,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await apply(
          `${SECRETS}/argocd-notifications`,
          clusterSecret('argocd-notifications'),
        )
      ).status,
    ).toBe(403);
    expect(
      (await request(`${SECRETS}/argocd-notifications`, { method: 'DELETE' }))
        .status,
    ).toBe(403);
    expect((await request(`${SECRETS}/argocd-notifications`)).status).toBe(200);
    expect((await request(`${SECRETS}/repo-creds`)).status).toBe(404);
  });

  it('refuses an apply outside Argo CD’s namespace, and answers 401 to a token that is neither of the hub’s', async () => {
    // Outside its namespace the apply is refused on patch already; nothing is created.
    const res = await request(
      '/api/v1/namespaces/default/secrets/cluster-x?fieldManager=m',
      {
        method: 'PATCH',
        body: {
          ...clusterSecret('cluster-x'),
          metadata: {
            ...clusterSecret('cluster-x').metadata,
            namespace: 'default',
          },
        },
      },
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/cannot patch resource "secrets"/);
    expect((await request(SECRETS, { token: `${applyToken()}x` })).status).toBe(
      401,
    );
  });
});

describe('the reject-apply fault', () => {
  let sim: FleetSimulator;
  const hubCluster = () => sim.clusters.find(c => c.name === HUB)!;
  const apply = (path: string, body: unknown, dryRun = false) =>
    httpsJson<any>(
      `${hubCluster().url}${path}?fieldManager=m${dryRun ? '&dryRun=All' : ''}`,
      {
        ca: sim.caPem,
        token: hubCluster().token,
        method: 'PATCH',
        body: JSON.stringify(body),
        headers: { 'content-type': APPLY },
      },
    );

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
  });
  afterAll(() => sim.close());

  it('refuses matching objects with 422 as an admission webhook would, in dry runs too, and stores nothing', async () => {
    await sim.setFault(
      { cluster: HUB },
      { kind: 'reject-apply', objectKind: 'Application', name: 'shop-fail-*' },
    );
    const refused = await apply(
      `${APPS}/shop-fail-1`,
      application('shop-fail-1'),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(
      failureStatus(
        422,
        'Invalid',
        'admission webhook "reject-apply.fleet-simulator.hub-spoke" denied the request: Application shop-fail-1 is ' +
          'refused by the simulated admission webhook (fault reject-apply)',
        { name: 'shop-fail-1', group: 'argoproj.io', kind: 'applications' },
      ),
    );
    expect(
      (await apply(`${APPS}/shop-fail-1`, application('shop-fail-1'), true))
        .status,
    ).toBe(422);
    // Other names, and Secrets of a matching name, are stored as usual.
    expect(
      (await apply(`${APPS}/shop-ok-1`, application('shop-ok-1'))).status,
    ).toBe(201);
    expect(
      (await apply(`${SECRETS}/shop-fail-2`, clusterSecret('shop-fail-2')))
        .status,
    ).toBe(201);

    await sim.setFault({ cluster: HUB }, null);
    expect(
      (await apply(`${APPS}/shop-fail-1`, application('shop-fail-1'))).status,
    ).toBe(201);
  });

  it('with dryRun: false refuses only the real write (the hub changed between a dry run and the apply)', async () => {
    await sim.setFault(
      { cluster: HUB },
      { kind: 'reject-apply', name: 'shop-late-1', dryRun: false },
    );
    try {
      expect(
        (await apply(`${APPS}/shop-late-1`, application('shop-late-1'), true))
          .status,
      ).toBe(201);
      expect(
        (await apply(`${APPS}/shop-late-1`, application('shop-late-1'))).status,
      ).toBe(422);
    } finally {
      await sim.setFault({ cluster: HUB }, null);
    }
  });

  it('is set through the admin API (with its own message) and read from a fleet file', async () => {
    const admin = await startAdminServer(sim, 0);
    try {
      const set = await fetch(`${admin.url}/faults/cluster/${HUB}`, {
        method: 'PUT',
        body: JSON.stringify({
          kind: 'reject-apply',
          name: 'web-*',
          message: 'images must come from registry.example.com',
        }),
      });
      expect(set.status).toBe(200);
      expect((await set.json()).fault).toEqual({
        kind: 'reject-apply',
        name: 'web-*',
        message: 'images must come from registry.example.com',
      });
      const refused = await apply(`${APPS}/web-1`, application('web-1'));
      expect(refused.body.message).toBe(
        'admission webhook "reject-apply.fleet-simulator.hub-spoke" denied the request: images must come from registry.example.com',
      );
      const bad = await fetch(`${admin.url}/faults/cluster/${HUB}`, {
        method: 'PUT',
        body: JSON.stringify({ kind: 'reject-apply' }),
      });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatch(/name: is required/);
    } finally {
      await sim.setFault({ cluster: HUB }, null);
      await admin.close();
    }

    const fleet = parseFleet(
      [
        'hubs:',
        '  - name: hub-a',
        '    cluster:',
        '      applyToken: apply-a',
        '      fault: { kind: reject-apply, objectKind: Secret, name: cluster-bad }',
      ].join('\n'),
    );
    expect(fleet.hubs[0].cluster.fault).toEqual({
      kind: 'reject-apply',
      objectKind: 'Secret',
      name: 'cluster-bad',
    });
    expect(fleet.hubs[0].cluster.applyToken).toBe('apply-a');
    expect(() =>
      parseFleet(
        'hubs:\n  - name: hub-a\n    cluster: { token: same, applyToken: same }\n',
        'x.yaml',
      ),
    ).toThrow(/hubs\[0\]\.cluster\.applyToken: must differ from token/);
  });
});
