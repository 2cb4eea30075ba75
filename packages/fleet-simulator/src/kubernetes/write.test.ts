/**
 * Writes to a hub's Kubernetes API (server-side apply, create, delete of Secrets and Applications) over real HTTPS,
 * and the hub's Argo CD view following them.
 */
import { FleetSimulator, startFleetSimulator } from '../server';
import { defaultFleetPath, loadFleetFile } from '../fleet/parse';
import { getJson } from '../__testUtils__/http';
import { failureStatus, itemNames } from '../__testUtils__/kubernetes';
import { httpsJson, manifestErrors } from '@hub-spoke/test-utils';

/* eslint-disable @typescript-eslint/no-explicit-any */

const HUB = 'aks-mgmt-hub';
const SECRETS = '/api/v1/namespaces/argocd/secrets';
const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';
const APPLY = 'application/apply-patch+yaml';
const MANAGER = 'hub-spoke-scaffolder';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function clusterSecret(
  name: string,
  server: string,
  extra: { labels?: Record<string, string>; config?: unknown } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `cluster-${name}`,
      namespace: 'argocd',
      labels: {
        'argocd.argoproj.io/secret-type': 'cluster',
        ...(extra.labels ?? {}),
      },
      annotations: { 'hub-spoke/cidr': '10.99.0.0/16' },
    },
    type: 'Opaque',
    stringData: {
      name,
      server,
      config: JSON.stringify(
        extra.config ?? {
          bearerToken: 'spoke-token-never-listed',
          tlsClientConfig: { insecure: false, caData: b64('pem') },
        },
      ),
    },
  };
}

function application(name: string, destination: Record<string, string>) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', labels: { team: 'platform' } },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/fleet.git',
        path: `clusters/${name}`,
        targetRevision: 'main',
      },
      destination: { namespace: 'istio-ingress', ...destination },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

describe('writes to a hub cluster', () => {
  let sim: FleetSimulator;
  const cluster = (name: string) => sim.clusters.find(c => c.name === name)!;
  const hub = (name: string) => sim.hubs.find(h => h.name === name)!;
  const kube = (
    name: string,
    path: string,
    opts: {
      method?: string;
      body?: unknown;
      contentType?: string;
      token?: string;
    } = {},
  ) =>
    httpsJson<any>(`${cluster(name).url}${path}`, {
      ca: sim.caPem,
      token: opts.token ?? cluster(name).token,
      method: opts.method ?? 'GET',
      ...(opts.body !== undefined
        ? {
            body:
              typeof opts.body === 'string'
                ? opts.body
                : JSON.stringify(opts.body),
            headers: {
              'content-type': opts.contentType ?? 'application/json',
            },
          }
        : {}),
    });
  const apply = (
    name: string,
    path: string,
    body: unknown,
    query = `fieldManager=${MANAGER}`,
  ) =>
    kube(name, `${path}?${query}`, {
      method: 'PATCH',
      body,
      contentType: APPLY,
    });
  const argo = async (name: string, path: string) =>
    (
      await getJson<any>(`${hub(name).url}${path}`, {
        ca: sim.caPem,
        token: hub(name).token,
      })
    ).body;
  const argoCluster = async (hubName: string, clusterName: string) =>
    (await argo(hubName, '/api/v1/clusters')).items.find(
      (c: any) => c.name === clusterName,
    );

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
  });
  afterAll(() => sim.close());

  it('creates a cluster Secret by server-side apply, which Argo CD then lists, sanitised and not monitored', async () => {
    const res = await apply(
      HUB,
      `${SECRETS}/cluster-aks-eu-new-1`,
      clusterSecret('aks-eu-new-1', 'https://aks-eu-new-1.example.com:6443', {
        labels: {
          environment: 'dev',
          'hub-spoke/addon-cert-manager': 'enabled',
        },
      }),
    );
    expect(res.status).toBe(201);
    expect(manifestErrors(res.body)).toEqual([]);
    expect(res.body.stringData).toBeUndefined();
    expect(unb64(res.body.data.server)).toBe(
      'https://aks-eu-new-1.example.com:6443',
    );
    expect(res.body.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: MANAGER,
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: expect.objectContaining({
          'f:data': { 'f:config': {}, 'f:name': {}, 'f:server': {} },
        }),
      }),
    ]);

    const got = await kube(HUB, `${SECRETS}/cluster-aks-eu-new-1`);
    expect(got.status).toBe(200);
    expect(got.body.metadata.resourceVersion).toBe(
      res.body.metadata.resourceVersion,
    );

    const listed = await argoCluster(HUB, 'aks-eu-new-1');
    expect(listed).toMatchObject({
      name: 'aks-eu-new-1',
      server: 'https://aks-eu-new-1.example.com:6443',
      labels: { environment: 'dev', 'hub-spoke/addon-cert-manager': 'enabled' },
      annotations: { 'hub-spoke/cidr': '10.99.0.0/16' },
      config: { tlsClientConfig: { insecure: false } },
      connectionState: {
        status: 'Unknown',
        message: 'Cluster has no applications and is not being monitored.',
      },
      info: { applicationsCount: 0 },
    });
    expect(JSON.stringify(listed)).not.toContain('spoke-token-never-listed');
    expect(listed.labels['argocd.argoproj.io/secret-type']).toBeUndefined();
    // The fleet's own clusters are still there, in-cluster last.
    const names = (await argo(HUB, '/api/v1/clusters')).items.map(
      (c: any) => c.name,
    );
    expect(names).toEqual([
      'aks-eu-prod-1',
      'aks-eu-prod-2',
      'aks-eu-stage-1',
      'aks-eu-dev-1',
      'aks-eu-new-1',
      'in-cluster',
    ]);
  });

  it('treats the same apply again as a no-op: same object, same resourceVersion', async () => {
    const body = clusterSecret(
      'aks-eu-noop-1',
      'https://aks-eu-noop-1.example.com',
    );
    const first = await apply(HUB, `${SECRETS}/cluster-aks-eu-noop-1`, body);
    expect(first.status).toBe(201);
    const listRv = (await kube(HUB, SECRETS)).body.metadata.resourceVersion;
    const again = await apply(HUB, `${SECRETS}/cluster-aks-eu-noop-1`, body);
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(
      first.body.metadata.resourceVersion,
    );
    expect(again.body.metadata.managedFields).toEqual(
      first.body.metadata.managedFields,
    );
    expect((await kube(HUB, SECRETS)).body.metadata.resourceVersion).toBe(
      listRv,
    );
  });

  it('merges a changed apply, drops what the manager left out, and Argo CD follows', async () => {
    const path = `${SECRETS}/cluster-aks-eu-merge-1`;
    const server = 'https://aks-eu-merge-1.example.com';
    const first = await apply(
      HUB,
      path,
      clusterSecret('aks-eu-merge-1', server, {
        labels: { environment: 'dev', tier: 'gold' },
      }),
    );
    const second = await apply(
      HUB,
      path,
      clusterSecret('aks-eu-merge-1', server, {
        labels: { environment: 'prod' },
      }),
    );
    expect(second.status).toBe(200);
    expect(Number(second.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(first.body.metadata.resourceVersion),
    );
    expect(second.body.metadata.labels).toEqual({
      'argocd.argoproj.io/secret-type': 'cluster',
      environment: 'prod',
    });
    expect((await argoCluster(HUB, 'aks-eu-merge-1')).labels).toEqual({
      environment: 'prod',
    });
  });

  it("refuses to overwrite another manager's field (409 Conflict) unless forced", async () => {
    const created = await kube(HUB, `${SECRETS}?fieldManager=kubectl-create`, {
      method: 'POST',
      body: clusterSecret('aks-eu-owned-1', 'https://old.example.com', {
        labels: { 'created-by': 'kubectl' },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields[0]).toMatchObject({
      manager: 'kubectl-create',
      operation: 'Update',
    });

    const path = `${SECRETS}/cluster-aks-eu-owned-1`;
    const body = clusterSecret('aks-eu-owned-1', 'https://new.example.com');
    const conflict = await apply(HUB, path, body);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      details: {
        name: 'cluster-aks-eu-owned-1',
        kind: 'secrets',
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-create" using v1',
            field: '.data.server',
          },
        ],
      },
    });
    expect(conflict.body.message).toContain('Apply failed with 1 conflict');
    expect(unb64((await kube(HUB, path)).body.data.server)).toBe(
      'https://old.example.com',
    );

    const forced = await apply(
      HUB,
      path,
      body,
      `fieldManager=${MANAGER}&force=true`,
    );
    expect(forced.status).toBe(200);
    expect(unb64(forced.body.data.server)).toBe('https://new.example.com');
    // The forced apply took over every field but the label only kubectl-create set.
    expect(forced.body.metadata.labels['created-by']).toBe('kubectl');
    expect(
      forced.body.metadata.managedFields.map((m: any) => m.manager),
    ).toEqual(['kubectl-create', MANAGER]);
    expect(forced.body.metadata.managedFields[0].fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:created-by': {} } },
    });
    expect((await argoCluster(HUB, 'aks-eu-owned-1')).server).toBe(
      'https://new.example.com',
    );
  });

  it('answers bad writes with the Status bodies of the API server', async () => {
    const body = clusterSecret('aks-eu-bad-1', 'https://bad.example.com');
    const noManager = await apply(
      HUB,
      `${SECRETS}/cluster-aks-eu-bad-1`,
      body,
      '',
    );
    expect(noManager.status).toBe(400);
    expect(noManager.body).toMatchObject({ reason: 'BadRequest' });
    expect(noManager.body.message).toContain('fieldManager: Required value');

    const mergePatch = await kube(
      HUB,
      `${SECRETS}/cluster-aks-eu-bad-1?fieldManager=x`,
      {
        method: 'PATCH',
        body,
        contentType: 'application/merge-patch+json',
      },
    );
    expect(mergePatch.status).toBe(415);
    expect(mergePatch.body.reason).toBe('UnsupportedMediaType');

    const wrongName = await apply(HUB, `${SECRETS}/another-name`, body);
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.message).toBe(
      'the name of the object (cluster-aks-eu-bad-1) does not match the name on the URL (another-name)',
    );

    const noNamespace = await apply(
      HUB,
      '/api/v1/namespaces/nowhere/secrets/cluster-aks-eu-bad-1',
      { ...body, metadata: { ...body.metadata, namespace: 'nowhere' } },
    );
    expect(noNamespace.status).toBe(404);
    expect(noNamespace.body).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
    });

    const notYaml = await apply(
      HUB,
      `${SECRETS}/cluster-aks-eu-bad-1`,
      '{ not: [yaml',
    );
    expect(notYaml.status).toBe(400);

    const unauthorized = await kube(HUB, SECRETS, {
      method: 'POST',
      body,
      token: 'wrong',
    });
    expect(unauthorized.status).toBe(401);
    // Nothing of the above was stored.
    expect((await kube(HUB, `${SECRETS}/cluster-aks-eu-bad-1`)).status).toBe(
      404,
    );
  });

  it('creates with POST (409 AlreadyExists on a duplicate) and deletes (404 NotFound when gone)', async () => {
    const body = clusterSecret('aks-eu-tmp-1', 'https://tmp.example.com');
    const created = await kube(HUB, SECRETS, { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(await argoCluster(HUB, 'aks-eu-tmp-1')).toBeDefined();

    const duplicate = await kube(HUB, SECRETS, { method: 'POST', body });
    expect(duplicate.status).toBe(409);
    const details = { name: 'cluster-aks-eu-tmp-1', kind: 'secrets' };
    expect(duplicate.body).toEqual(
      failureStatus(
        409,
        'AlreadyExists',
        'secrets "cluster-aks-eu-tmp-1" already exists',
        details,
      ),
    );

    const deleted = await kube(HUB, `${SECRETS}/cluster-aks-eu-tmp-1`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { ...details, uid: created.body.metadata.uid },
    });
    expect(await argoCluster(HUB, 'aks-eu-tmp-1')).toBeUndefined();

    const again = await kube(HUB, `${SECRETS}/cluster-aks-eu-tmp-1`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(
      failureStatus(
        404,
        'NotFound',
        'secrets "cluster-aks-eu-tmp-1" not found',
        details,
      ),
    );
  });

  it("removes a fleet spoke from Argo CD when its Secret is deleted, and changes it when it's applied", async () => {
    const list = await kube(
      'eks-mgmt-hub',
      `${SECRETS}?labelSelector=${encodeURIComponent(
        'argocd.argoproj.io/secret-type=cluster',
      )}`,
    );
    const secretOf = (n: string) =>
      list.body.items.find((s: any) => unb64(s.data.name) === n);
    const dev = secretOf('eks-us-dev-1');
    const del = await kube('eks-mgmt-hub', `${SECRETS}/${dev.metadata.name}`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(200);
    expect(await argoCluster('eks-mgmt-hub', 'eks-us-dev-1')).toBeUndefined();

    const stage = secretOf('eks-us-stage-1');
    const relabel = await apply(
      'eks-mgmt-hub',
      `${SECRETS}/${stage.metadata.name}`,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: stage.metadata.name,
          namespace: 'argocd',
          labels: { 'hub-spoke/addon-istio-ingress': 'enabled' },
        },
      },
    );
    expect(relabel.status).toBe(200);
    const listed = await argoCluster('eks-mgmt-hub', 'eks-us-stage-1');
    expect(listed.labels['hub-spoke/addon-istio-ingress']).toBe('enabled');
    // Its simulated state is kept.
    expect(listed.connectionState.status).toBe('Successful');
    expect(listed.info.applicationsCount).toBeGreaterThan(0);
  });

  it('serves the hub Applications as Kubernetes objects (valid against the CRD), the same ones Argo CD lists', async () => {
    const k8s = await kube(HUB, APPS);
    expect(k8s.status).toBe(200);
    expect(k8s.body.kind).toBe('ApplicationList');
    const argoNames = (await argo(HUB, '/api/v1/applications')).items.map(
      (a: any) => a.metadata.name,
    );
    expect(itemNames(k8s)).toEqual(argoNames);
    for (const item of k8s.body.items) {
      expect(item).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
      });
      expect(manifestErrors(item)).toEqual([]);
    }
    const discovery = await kube(HUB, '/apis/argoproj.io/v1alpha1');
    expect(discovery.body.resources).toEqual([
      expect.objectContaining({
        name: 'applications',
        kind: 'Application',
        namespaced: true,
        verbs: ['create', 'delete', 'get', 'list', 'patch'],
      }),
    ]);
    const core = await kube(HUB, '/api/v1');
    expect(
      core.body.resources.find((r: any) => r.name === 'secrets').verbs,
    ).toEqual(['create', 'delete', 'get', 'list', 'patch']);
    // Spokes have no Argo CD.
    const spoke = await kube('aks-eu-prod-1', '/apis');
    expect(spoke.body.groups.map((g: any) => g.name)).not.toContain(
      'argoproj.io',
    );
    expect((await kube('aks-eu-prod-1', APPS)).status).toBe(404);
  });

  it('lists an applied Application in Argo CD, and it turns its new cluster from Unknown to monitored', async () => {
    // A cluster whose server is one of the simulator's listeners (the aks hub's aks-eu-prod-2, onto the eks hub).
    const server = cluster('aks-eu-prod-2').url;
    expect(
      (
        await apply(
          'eks-mgmt-hub',
          `${SECRETS}/cluster-aks-eu-prod-2`,
          clusterSecret('aks-eu-prod-2', server),
        )
      ).status,
    ).toBe(201);
    expect(
      (await argoCluster('eks-mgmt-hub', 'aks-eu-prod-2')).connectionState
        .status,
    ).toBe('Unknown');

    const app = application('aks-eu-prod-2-ingress', { name: 'aks-eu-prod-2' });
    const res = await apply(
      'eks-mgmt-hub',
      `${APPS}/aks-eu-prod-2-ingress`,
      app,
    );
    expect(res.status).toBe(201);
    expect(res.body.metadata.generation).toBe(1);
    expect(manifestErrors(res.body)).toEqual([]);

    const listed = await argo(
      'eks-mgmt-hub',
      '/api/v1/applications/aks-eu-prod-2-ingress',
    );
    expect(listed).toMatchObject({
      metadata: {
        name: 'aks-eu-prod-2-ingress',
        namespace: 'argocd',
        labels: { team: 'platform' },
      },
      spec: {
        destination: { name: 'aks-eu-prod-2', namespace: 'istio-ingress' },
        project: 'default',
      },
      status: { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } },
    });
    const c = await argoCluster('eks-mgmt-hub', 'aks-eu-prod-2');
    expect(c.connectionState.status).toBe('Successful');
    expect(c.serverVersion).toBe('v1.34.2');
    expect(c.info.applicationsCount).toBe(1);

    // An Application to a cluster the hub does not know: Unknown with InvalidSpecError; a host that cannot be
    // resolved fails once an Application targets it.
    await apply(
      'eks-mgmt-hub',
      `${APPS}/nowhere`,
      application('nowhere', { name: 'no-such-cluster' }),
    );
    const nowhere = await argo('eks-mgmt-hub', '/api/v1/applications/nowhere');
    expect(nowhere.status.sync.status).toBe('Unknown');
    expect(nowhere.status.conditions[0]).toMatchObject({
      type: 'InvalidSpecError',
      message:
        'Unable to get destination cluster: there are no clusters with this name: no-such-cluster',
    });
    await apply(
      'eks-mgmt-hub',
      `${SECRETS}/cluster-offline-1`,
      clusterSecret('offline-1', 'https://offline-1.invalid:6443'),
    );
    await apply(
      'eks-mgmt-hub',
      `${APPS}/offline-1-ingress`,
      application('offline-1-ingress', {
        server: 'https://offline-1.invalid:6443',
      }),
    );
    const offline = await argoCluster('eks-mgmt-hub', 'offline-1');
    expect(offline.connectionState).toMatchObject({
      status: 'Failed',
      message: expect.stringContaining(
        'lookup offline-1.invalid: no such host',
      ),
    });

    // Deleting the Application: gone from Argo CD, the cluster is no longer monitored.
    const del = await kube('eks-mgmt-hub', `${APPS}/aks-eu-prod-2-ingress`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(200);
    expect(del.body.metadata.name).toBe('aks-eu-prod-2-ingress');
    const gone = await getJson<any>(
      `${hub('eks-mgmt-hub').url}/api/v1/applications/aks-eu-prod-2-ingress`,
      {
        ca: sim.caPem,
        token: hub('eks-mgmt-hub').token,
      },
    );
    expect(gone.status).toBe(404);
    expect(
      (await argoCluster('eks-mgmt-hub', 'aks-eu-prod-2')).connectionState
        .status,
    ).toBe('Unknown');
  });

  it('deletes a fleet Application: Argo CD stops listing it and its cluster counts one fewer', async () => {
    const before = (await argoCluster(HUB, 'aks-eu-prod-1')).info
      .applicationsCount;
    const del = await kube(HUB, `${APPS}/cart-eu1`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const names = (await argo(HUB, '/api/v1/applications')).items.map(
      (a: any) => a.metadata.name,
    );
    expect(names).not.toContain('cart-eu1');
    expect(
      (await argoCluster(HUB, 'aks-eu-prod-1')).info.applicationsCount,
    ).toBe(before - 1);
  });

  it('rejects an Application without the fields its CRD requires (422 Invalid), and a duplicate (409)', async () => {
    const bad = await kube(HUB, APPS, {
      method: 'POST',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'half' },
        spec: { source: { repoURL: 'https://x' } },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Application.argoproj.io "half" is invalid: spec.destination: Required value, spec.project: Required value',
    });
    const dup = await kube(HUB, APPS, {
      method: 'POST',
      body: application('checkout-eu1', { name: 'aks-eu-prod-1' }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toBe(
      'applications.argoproj.io "checkout-eu1" already exists',
    );
  });

  it('stores nothing on dryRun=All', async () => {
    const res = await apply(
      HUB,
      `${SECRETS}/cluster-dry-1`,
      clusterSecret('dry-1', 'https://dry-1.example.com'),
      `fieldManager=${MANAGER}&dryRun=All`,
    );
    expect(res.status).toBe(201);
    expect((await kube(HUB, `${SECRETS}/cluster-dry-1`)).status).toBe(404);
    expect(await argoCluster(HUB, 'dry-1')).toBeUndefined();
  });

  it('keeps spokes and the other types read-only (405)', async () => {
    const body = clusterSecret('x', 'https://x.example.com');
    expect(
      (await kube('aks-eu-prod-1', SECRETS, { method: 'POST', body })).status,
    ).toBe(405);
    expect(
      (
        await kube(HUB, '/api/v1/namespaces/argocd/services', {
          method: 'POST',
          body: { metadata: { name: 'x' } },
        })
      ).status,
    ).toBe(405);
    expect(
      (await kube(HUB, '/api/v1/namespaces/argocd', { method: 'DELETE' }))
        .status,
    ).toBe(405);
    expect((await kube(HUB, SECRETS, { method: 'PUT', body })).status).toBe(
      405,
    );
  });
});
