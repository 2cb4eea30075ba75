/**
 * Simulated Argo CD sync from the simulated GitHub, end to end over HTTP(S): an Application applied to the hub's
 * Kubernetes API, its routes pushed through the GitHub API and merged, the spoke's Kubernetes API then serving them.
 */
import { stringify } from 'yaml';
import { parseFleet } from '../fleet/parse';
import { FleetSimulator, startFleetSimulator } from '../server';
import { getJson } from '../__testUtils__/http';
import { httpsJson, manifestErrors } from '@hub-spoke/test-utils';
import {
  Gh,
  createPullRequestAsOctokitPlugin,
  githubClient,
  mergePullRequest,
} from '../__testUtils__/github';

/* eslint-disable @typescript-eslint/no-explicit-any */

const FLEET = `
seed: 5
git:
  host: github.com
  token: gh-token
  repositories: [platform/gitops]
hubs:
  - name: hub-a
    spokes:
      - name: spoke-istio
        ingress: { kind: istio, domain: apps.spoke-istio.example.com, addresses: [10.0.0.1] }
      - name: spoke-gw
        ingress: { kind: gateway-api, domain: apps.spoke-gw.example.com, addresses: [10.0.0.2] }
      - name: spoke-down
        connection: { status: Failed }
        ingress: { kind: istio, domain: apps.spoke-down.example.com, addresses: [10.0.0.3] }
    applications:
      - name: existing
        destination: { name: spoke-istio, namespace: existing }
        source: { repoURL: https://git.example.com/x.git, path: p, targetRevision: main }
      - name: on-down
        destination: { name: spoke-down, namespace: existing }
        source: { repoURL: https://git.example.com/x.git, path: p, targetRevision: main }
`;

const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';
const VS = (ns: string) =>
  `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`;

/** An Application as hub-spoke:app:publish builds it: the app's own source and the spoke's routes folder. */
function application(name: string, spoke: string, routesPath: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'shop' },
    },
    spec: {
      project: 'default',
      sources: [
        {
          repoURL: 'https://github.com/example/shop',
          path: 'deploy',
          targetRevision: 'HEAD',
        },
        {
          repoURL: 'https://github.com/platform/gitops.git',
          path: routesPath,
          targetRevision: 'main',
        },
      ],
      destination: { name: spoke, namespace: 'shop' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

const virtualService = (host: string, port = 80) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'shop',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/part-of': 'shop' },
  },
  spec: {
    hosts: [host],
    gateways: ['shop/shop'],
    http: [
      {
        route: [
          {
            destination: {
              host: 'shop.shop.svc.cluster.local',
              port: { number: port },
            },
          },
        ],
      },
    ],
  },
});
const gateway = (host: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      {
        port: { number: 443, name: 'https-shop', protocol: 'HTTPS' },
        hosts: [host],
        tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps-tls' },
      },
    ],
  },
});

describe('Argo CD sync from the simulated GitHub', () => {
  let sim: FleetSimulator;
  let gh: Gh;
  const cluster = (name: string) => sim.clusters.find(c => c.name === name)!;
  const kube = (name: string, path: string) =>
    getJson<any>(`${cluster(name).url}${path}`, {
      ca: sim.caPem,
      token: cluster(name).token,
    });
  const applyApp = (body: any) =>
    httpsJson<any>(
      `${cluster('hub-a').url}${APPS}/${body.metadata.name}?fieldManager=test`,
      {
        ca: sim.caPem,
        token: cluster('hub-a').token,
        method: 'PATCH',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/apply-patch+yaml' },
      },
    );
  const deleteApp = (name: string) =>
    httpsJson<any>(`${cluster('hub-a').url}${APPS}/${name}`, {
      ca: sim.caPem,
      token: cluster('hub-a').token,
      method: 'DELETE',
    });
  const argoApp = async (name: string) => {
    const hub = sim.hubs[0];
    return (
      await getJson<any>(`${hub.url}/api/v1/applications/${name}`, {
        ca: sim.caPem,
        token: hub.token,
      })
    ).body;
  };
  /** Opens a pull request with these files and merges it (the reviewer). */
  const pushToMain = async (
    head: string,
    files: Record<string, string | null>,
  ) => {
    const pr = await createPullRequestAsOctokitPlugin(gh, { head, files });
    expect(pr.status).toBe(201);
    const merged = await mergePullRequest(gh, pr.body.number);
    expect(merged.status).toBe(200);
    return { number: pr.body.number as number, sha: merged.body.sha as string };
  };

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: parseFleet(FLEET) });
    gh = githubClient(sim);
  });
  afterAll(() => sim.close());

  it('leaves an Application OutOfSync/Missing while its path is absent, and applies nothing', async () => {
    expect(
      (
        await applyApp(
          application(
            'shop-spoke-istio',
            'spoke-istio',
            'apps/shop/spoke-istio/routes',
          ),
        )
      ).status,
    ).toBe(201);
    const app = await argoApp('shop-spoke-istio');
    expect(app.status.sync.status).toBe('OutOfSync');
    expect(app.status.health.status).toBe('Missing');
    expect(app.status.conditions[0]).toMatchObject({
      type: 'ComparisonError',
      message: expect.stringContaining(
        'source 2 of 2: rpc error: code = Unknown desc = apps/shop/spoke-istio/routes: app path does not exist',
      ),
    });
    expect((await kube('spoke-istio', '/api/v1/namespaces/shop')).status).toBe(
      404,
    );
  });

  it('stays OutOfSync while the pull request is open, and syncs once it is merged', async () => {
    const pr = await createPullRequestAsOctokitPlugin(gh, {
      head: 'publish-app-shop',
      title: 'Publish shop',
      files: {
        'apps/shop/spoke-istio/routes/gateway.yaml': stringify(
          gateway('shop.apps.spoke-istio.example.com'),
        ),
        'apps/shop/spoke-istio/routes/virtualservice.yaml': stringify(
          virtualService('shop.apps.spoke-istio.example.com'),
        ),
        'apps/shop/spoke-istio/routes/README.md': 'not a manifest',
      },
    });
    expect(pr.status).toBe(201);
    expect((await argoApp('shop-spoke-istio')).status.sync.status).toBe(
      'OutOfSync',
    );
    expect((await kube('spoke-istio', VS('shop'))).body.items).toEqual([]);

    const merged = await mergePullRequest(gh, pr.body.number);
    expect(merged.status).toBe(200);

    const list = await kube('spoke-istio', VS('shop'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: any) => v.spec.hosts)).toEqual([
      ['shop.apps.spoke-istio.example.com'],
    ]);
    const vs = list.body.items[0];
    expect(vs.metadata).toMatchObject({
      name: 'shop',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/part-of': 'shop' },
      annotations: {
        'argocd.argoproj.io/tracking-id':
          'shop-spoke-istio:networking.istio.io/VirtualService:shop/shop',
      },
    });
    expect(vs.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const gateways = await kube(
      'spoke-istio',
      '/apis/networking.istio.io/v1/namespaces/shop/gateways',
    );
    expect(gateways.body.items.map((g: any) => g.metadata.name)).toEqual([
      'shop',
    ]);
    expect((await kube('spoke-istio', '/api/v1/namespaces/shop')).status).toBe(
      200,
    );

    const app = await argoApp('shop-spoke-istio');
    expect(app.status.sync).toMatchObject({
      status: 'Synced',
      revisions: ['HEAD', merged.body.sha],
    });
    expect(app.status.health.status).toBe('Healthy');
    expect(app.status.conditions).toBeUndefined();
    expect(app.status.operationState).toMatchObject({ phase: 'Succeeded' });
    expect(
      app.status.resources.map((r: any) => `${r.kind}/${r.name}`).sort(),
    ).toEqual(['Gateway/shop', 'VirtualService/shop']);
    // Argo CD's REST answer carries no apiVersion/kind.
    expect(
      manifestErrors({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...app,
      }),
    ).toEqual([]);
  });

  it('applies a change on the next merge and keeps unchanged objects as they are', async () => {
    const before = (await kube('spoke-istio', VS('shop'))).body.items[0];
    const gwBefore = (
      await kube(
        'spoke-istio',
        '/apis/networking.istio.io/v1/namespaces/shop/gateways',
      )
    ).body.items[0];
    await pushToMain('port-8080', {
      'apps/shop/spoke-istio/routes/virtualservice.yaml': stringify(
        virtualService('shop.apps.spoke-istio.example.com', 8080),
      ),
    });
    const after = (await kube('spoke-istio', VS('shop'))).body.items[0];
    expect(after.spec.http[0].route[0].destination.port.number).toBe(8080);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.resourceVersion).not.toBe(
      before.metadata.resourceVersion,
    );
    const gwAfter = (
      await kube(
        'spoke-istio',
        '/apis/networking.istio.io/v1/namespaces/shop/gateways',
      )
    ).body.items[0];
    expect(gwAfter.metadata.resourceVersion).toBe(
      gwBefore.metadata.resourceVersion,
    );
  });

  it('prunes an object whose file is removed', async () => {
    await pushToMain('drop-gateway', {
      'apps/shop/spoke-istio/routes/gateway.yaml': null,
    });
    const gateways = await kube(
      'spoke-istio',
      '/apis/networking.istio.io/v1/namespaces/shop/gateways',
    );
    expect(gateways.body.items).toEqual([]);
    expect((await kube('spoke-istio', VS('shop'))).body.items).toHaveLength(1);
  });

  it('fails the sync (nothing applied) when the destination lacks the CRD', async () => {
    await pushToMain('routes-gw', {
      'apps/shop/spoke-gw/routes/virtualservice.yaml': stringify(
        virtualService('shop.apps.spoke-gw.example.com'),
      ),
    });
    expect(
      (
        await applyApp(
          application('shop-spoke-gw', 'spoke-gw', 'apps/shop/spoke-gw/routes'),
        )
      ).status,
    ).toBe(201);
    const app = await argoApp('shop-spoke-gw');
    expect(app.status.sync.status).toBe('OutOfSync');
    expect(app.status.operationState).toMatchObject({ phase: 'Failed' });
    expect(app.status.conditions[0].type).toBe('SyncError');
    expect(app.status.conditions[0].message).toContain(
      'could not find networking.istio.io/VirtualService',
    );
    expect((await kube('spoke-gw', '/api/v1/namespaces/shop')).status).toBe(
      404,
    );
  });

  it('does not sync to a cluster Argo CD cannot reach', async () => {
    await pushToMain('routes-down', {
      'apps/shop/spoke-down/routes/virtualservice.yaml': stringify(
        virtualService('shop.apps.spoke-down.example.com'),
      ),
    });
    expect(
      (
        await applyApp(
          application(
            'shop-spoke-down',
            'spoke-down',
            'apps/shop/spoke-down/routes',
          ),
        )
      ).status,
    ).toBe(201);
    expect((await argoApp('shop-spoke-down')).status.sync.status).not.toBe(
      'Synced',
    );
    expect((await kube('spoke-down', '/api/v1/namespaces/shop')).status).toBe(
      404,
    );
  });

  it('leaves Applications outside the simulated repositories as the fleet describes them', async () => {
    const app = await argoApp('existing');
    expect(app.status.sync.status).toBe('Synced');
    expect(app.spec.source.repoURL).toBe('https://git.example.com/x.git');
  });

  it('removes what an Application applied when it is deleted', async () => {
    expect((await deleteApp('shop-spoke-istio')).status).toBe(200);
    expect((await kube('spoke-istio', VS('shop'))).body.items).toEqual([]);
  });
});

describe('Argo CD sync without an automated sync policy', () => {
  it('stays OutOfSync even when the path exists', async () => {
    const sim = await startFleetSimulator({
      fleet: parseFleet(`
git:
  repositories:
    - name: platform/gitops
      files: { "routes/vs.yaml": "apiVersion: networking.istio.io/v1\\nkind: VirtualService\\nmetadata: { name: vs }\\nspec: { hosts: [a.example.com] }\\n" }
hubs:
  - name: hub-b
    spokes:
      - name: spoke-b
        ingress: { kind: istio, domain: apps.b.example.com, addresses: [10.0.0.9] }
    applications:
      - name: manual
        autoSync: false
        destination: { name: spoke-b, namespace: manual }
        source: { repoURL: https://github.com/platform/gitops, path: routes, targetRevision: main }
      - name: automatic
        destination: { name: spoke-b, namespace: automatic }
        source: { repoURL: https://github.com/platform/gitops, path: routes, targetRevision: HEAD }
`),
    });
    try {
      const hub = sim.hubs[0];
      const app = async (name: string) =>
        (
          await getJson<any>(`${hub.url}/api/v1/applications/${name}`, {
            ca: sim.caPem,
            token: hub.token,
          })
        ).body;
      expect((await app('manual')).status.sync.status).toBe('OutOfSync');
      // A fleet Application naming a simulated repository is synced from the start.
      const automatic = await app('automatic');
      expect(automatic.status.sync.status).toBe('Synced');
      expect(automatic.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
      const spoke = sim.clusters.find(c => c.name === 'spoke-b')!;
      const list = await getJson<any>(`${spoke.url}${VS('automatic')}`, {
        ca: sim.caPem,
        token: spoke.token,
      });
      // the fleet's own route for the Application, and the one from Git
      expect(list.body.items.map((v: any) => v.metadata.name)).toEqual([
        'automatic',
        'vs',
      ]);
      // without automated sync only the fleet's own route is there
      const manual = await getJson<any>(`${spoke.url}${VS('manual')}`, {
        ca: sim.caPem,
        token: spoke.token,
      });
      expect(manual.body.items.map((v: any) => v.metadata.name)).toEqual([
        'manual',
      ]);
    } finally {
      await sim.close();
    }
  });
});
