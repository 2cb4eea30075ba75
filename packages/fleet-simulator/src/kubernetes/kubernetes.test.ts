import { FleetSimulator, startFleetSimulator } from '../server';
import { defaultFleetPath, loadFleetFile } from '../fleet/parse';
import { expectAnswer, getJson } from '../__testUtils__/http';
import {
  failureStatus,
  itemNames,
  itemRefs,
} from '../__testUtils__/kubernetes';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('Kubernetes API', () => {
  let sim: FleetSimulator;
  let ca: string;
  const cluster = (name: string) => sim.clusters.find(c => c.name === name)!;
  const kube = (name: string, p: string, token?: string | null) => {
    const c = cluster(name);
    return getJson<any>(`${c.url}${p}`, {
      ca,
      token: token === null ? undefined : token ?? c.token,
    });
  };

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
    ca = sim.caPem;
  });
  afterAll(() => sim.close());

  it('lists every hub cluster and served spoke, but not the unregistered destination', () => {
    expect(sim.clusters.map(c => `${c.hub}/${c.name}:${c.role}`)).toEqual([
      'aks-mgmt-hub/aks-mgmt-hub:hub',
      'aks-mgmt-hub/aks-eu-prod-1:spoke',
      'aks-mgmt-hub/aks-eu-prod-2:spoke',
      'aks-mgmt-hub/aks-eu-stage-1:spoke',
      'aks-mgmt-hub/aks-eu-dev-1:spoke',
      'eks-mgmt-hub/eks-mgmt-hub:hub',
      'eks-mgmt-hub/eks-us-prod-1:spoke',
      'eks-mgmt-hub/eks-us-prod-2:spoke',
      'eks-mgmt-hub/eks-us-stage-1:spoke',
      'eks-mgmt-hub/eks-us-dev-1:spoke',
    ]);
    expect(sim.clusters.every(c => c.registered)).toBe(true);
  });

  it("serves /version with the cluster's version, anonymously too", async () => {
    const res = await kube('eks-us-prod-1', '/version', null);
    expectAnswer(res, 200, {
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.5-eks-3025e55',
      platform: 'linux/amd64',
    });
  });

  it('answers 401 with a Status body without or with a wrong token', async () => {
    for (const token of [null, 'wrong']) {
      const res = await kube('aks-eu-prod-1', '/api/v1/nodes', token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(
        failureStatus(401, 'Unauthorized', 'Unauthorized'),
      );
    }
    const other = await kube(
      'aks-eu-prod-1',
      '/api/v1/nodes',
      cluster('aks-eu-prod-2').token,
    );
    expect(other.status).toBe(401);
  });

  it('offers discovery of only the groups the cluster has', async () => {
    const istio = await kube('aks-eu-prod-1', '/apis');
    const groups = istio.body.groups.map((g: any) => g.name);
    expect(istio.body.kind).toBe('APIGroupList');
    expect(groups).toEqual(
      expect.arrayContaining([
        'apps',
        'networking.istio.io',
        'cert-manager.io',
      ]),
    );
    expect(groups).not.toContain('gateway.networking.k8s.io');
    const gw = await kube('aks-eu-prod-2', '/apis');
    expect(gw.body.groups.map((g: any) => g.name)).toContain(
      'gateway.networking.k8s.io',
    );
    expect(gw.body.groups.map((g: any) => g.name)).not.toContain(
      'networking.istio.io',
    );
    const core = await kube('aks-eu-prod-1', '/api/v1');
    expect(core.body).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'v1',
    });
    expect(
      core.body.resources.find((r: any) => r.name === 'services'),
    ).toMatchObject({
      kind: 'Service',
      namespaced: true,
      verbs: ['get', 'list'],
    });
    const api = await kube('aks-eu-prod-1', '/api');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const group = await kube('aks-eu-prod-1', '/apis/networking.istio.io');
    expect(group.body).toMatchObject({
      kind: 'APIGroup',
      name: 'networking.istio.io',
      preferredVersion: { version: 'v1' },
    });
    const gv = await kube('aks-eu-prod-1', '/apis/networking.istio.io/v1');
    expect(gv.body.resources.map((r: any) => r.name).sort()).toEqual([
      'destinationrules',
      'gateways',
      'serviceentries',
      'virtualservices',
    ]);
  });

  it('answers 404 Status bodies for missing groups, resources and objects', async () => {
    const group = await kube(
      'aks-eu-prod-1',
      '/apis/gateway.networking.k8s.io/v1/httproutes',
    );
    expect(group.status).toBe(404);
    expect(group.body).toEqual(
      failureStatus(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      ),
    );
    const obj = await kube(
      'aks-eu-prod-1',
      '/apis/networking.istio.io/v1/namespaces/checkout/virtualservices/nope',
    );
    expectAnswer(obj, 404, {
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'virtualservices.networking.istio.io "nope" not found',
      details: {
        name: 'nope',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      },
    });
    const core = await kube('aks-eu-prod-1', '/api/v1/namespaces/nope');
    expect(core.body).toMatchObject({
      message: 'namespaces "nope" not found',
      reason: 'NotFound',
    });
  });

  it('serves Ready nodes with kubelet versions, and NotReady ones where the fleet says so', async () => {
    const res = await kube('aks-eu-prod-2', '/api/v1/nodes');
    expect(res.body).toMatchObject({
      kind: 'NodeList',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
    expect(res.body.items).toHaveLength(5);
    const ready = res.body.items.map(
      (n: any) =>
        n.status.conditions.find((c: any) => c.type === 'Ready').status,
    );
    expect(ready.filter((s: string) => s === 'True')).toHaveLength(4);
    expect(ready.filter((s: string) => s !== 'True')).toHaveLength(1);
    expect(
      res.body.items.every(
        (n: any) => n.status.nodeInfo.kubeletVersion === 'v1.34.2',
      ),
    ).toBe(true);
    // Items of typed lists carry no apiVersion/kind; single objects do.
    expect(res.body.items[0].kind).toBeUndefined();
    const one = await kube(
      'aks-eu-prod-2',
      `/api/v1/nodes/${res.body.items[0].metadata.name}`,
    );
    expect(one.body).toMatchObject({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: res.body.items[0].metadata.name },
    });
  });

  it('serves the Istio ingress gateway Service with its load balancer address and the wildcard certificate', async () => {
    const svc = await kube(
      'aks-eu-prod-1',
      '/api/v1/namespaces/istio-ingress/services/istio-ingressgateway',
    );
    expect(svc.body.spec.type).toBe('LoadBalancer');
    expect(svc.body.status.loadBalancer.ingress).toEqual([
      { ip: '20.61.22.17', ipMode: 'VIP' },
    ]);
    const certs = await kube(
      'aks-eu-stage-1',
      '/apis/cert-manager.io/v1/certificates',
    );
    expect(certs.body.kind).toBe('CertificateList');
    const cert = certs.body.items[0];
    expect(cert).toMatchObject({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
    });
    expect(cert.spec.dnsNames).toContain('*.apps.aks-eu-stage-1.example.com');
    expect(cert.spec.issuerRef).toEqual({
      name: 'letsencrypt-prod',
      kind: 'ClusterIssuer',
      group: 'cert-manager.io',
    });
    expect(
      cert.status.conditions.find((c: any) => c.type === 'Ready').status,
    ).toBe('True');
    const days = (Date.parse(cert.status.notAfter) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(11);
    expect(days).toBeLessThanOrEqual(12);
  });

  it("serves the Gateway API spoke's gateway, its Service and per-application HTTPRoutes", async () => {
    const gw = await kube(
      'aks-eu-prod-2',
      '/apis/gateway.networking.k8s.io/v1/namespaces/gateway-system/gateways/public-gateway',
    );
    expect(gw.body.spec.listeners[0]).toMatchObject({
      hostname: '*.apps.aks-eu-prod-2.example.com',
      port: 443,
      protocol: 'HTTPS',
    });
    expect(gw.body.status.addresses).toEqual([
      { type: 'IPAddress', value: '20.223.9.140' },
    ]);
    const svc = await kube(
      'aks-eu-prod-2',
      '/api/v1/services?fieldSelector=spec.type%3DLoadBalancer',
    );
    expect(itemNames(svc)).toEqual(['public-gateway-istio']);
    const routes = await kube(
      'aks-eu-prod-2',
      '/apis/gateway.networking.k8s.io/v1/httproutes',
    );
    expect(itemRefs(routes)).toEqual(['checkout/checkout', 'search/search']);
    expect(routes.body.items[0].spec.hostnames).toEqual([
      'checkout.apps.aks-eu-prod-2.example.com',
    ]);
  });

  it("serves the hub's weighted route across spokes with ExternalName backends, ServiceEntries and DestinationRules", async () => {
    const route = await kube(
      'aks-mgmt-hub',
      '/apis/gateway.networking.k8s.io/v1/namespaces/global-ingress/httproutes/checkout-global',
    );
    const refs = route.body.spec.rules[0].backendRefs;
    expect(refs.map((r: any) => [r.name, r.weight])).toEqual([
      ['checkout-global-aks-eu-prod-1', 80],
      ['checkout-global-aks-eu-prod-2', 20],
    ]);
    expect(refs[0].filters).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: {
          set: [
            { name: 'Host', value: 'checkout.apps.aks-eu-prod-1.example.com' },
          ],
        },
      },
    ]);
    const svc = await kube(
      'aks-mgmt-hub',
      '/api/v1/namespaces/global-ingress/services/checkout-global-aks-eu-prod-2',
    );
    expect(svc.body.spec).toMatchObject({
      type: 'ExternalName',
      externalName: 'checkout.apps.aks-eu-prod-2.example.com',
    });
    const se = await kube(
      'aks-mgmt-hub',
      '/apis/networking.istio.io/v1/namespaces/global-ingress/serviceentries',
    );
    expect(se.body.items.map((s: any) => s.spec.hosts[0])).toEqual([
      'checkout.apps.aks-eu-prod-1.example.com',
      'checkout.apps.aks-eu-prod-2.example.com',
    ]);
    const dr = await kube(
      'aks-mgmt-hub',
      '/apis/networking.istio.io/v1/namespaces/global-ingress/destinationrules',
    );
    expect(
      dr.body.items.every(
        (d: any) =>
          d.spec.trafficPolicy.outlierDetection.consecutive5xxErrors === 5,
      ),
    ).toBe(true);
  });

  it('keeps Argo CD cluster Secrets on the hub', async () => {
    const res = await kube(
      'aks-mgmt-hub',
      `/api/v1/namespaces/argocd/secrets?labelSelector=${encodeURIComponent(
        'argocd.argoproj.io/secret-type=cluster',
      )}`,
    );
    const names = res.body.items.map((s: any) =>
      Buffer.from(s.data.name, 'base64').toString(),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'aks-eu-prod-1',
        'aks-eu-prod-2',
        'aks-eu-stage-1',
        'aks-eu-dev-1',
      ]),
    );
    expect(names).toHaveLength(4);
  });

  it('honours labelSelector and fieldSelector, and rejects unsupported fields', async () => {
    const sel = encodeURIComponent('app.kubernetes.io/part-of=checkout');
    const pods = await kube(
      'aks-eu-prod-1',
      `/api/v1/pods?labelSelector=${sel}`,
    );
    expect(pods.body.items).toHaveLength(3);
    expect(
      pods.body.items.every(
        (p: any) =>
          p.metadata.labels['app.kubernetes.io/instance'] === 'checkout-eu1',
      ),
    ).toBe(true);
    const notIn = await kube(
      'aks-eu-prod-1',
      `/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(
        'app.kubernetes.io/name notin (checkout,cart)',
      )}`,
    );
    expect(itemNames(notIn)).toEqual(['payments']);
    const byName = await kube(
      'aks-eu-prod-1',
      '/api/v1/namespaces?fieldSelector=metadata.name%3Dcheckout',
    );
    expect(itemNames(byName)).toEqual(['checkout']);
    const byNs = await kube(
      'aks-eu-prod-1',
      '/api/v1/services?fieldSelector=metadata.namespace%3Dpayments',
    );
    expect(itemNames(byNs)).toEqual(['payments']);
    const bad = await kube(
      'aks-eu-prod-1',
      '/api/v1/services?fieldSelector=spec.nonsense%3D1',
    );
    expectAnswer(bad, 400, {
      kind: 'Status',
      reason: 'BadRequest',
      message: 'field label not supported: spec.nonsense',
    });
    const badSel = await kube(
      'aks-eu-prod-1',
      `/api/v1/pods?labelSelector=${encodeURIComponent('a in (b')}`,
    );
    expect(badSel.status).toBe(400);
  });

  it('pages with limit and an opaque continue token until the list is complete', async () => {
    const all = await kube('eks-us-prod-1', '/api/v1/namespaces');
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    const remaining: Array<number | undefined> = [];
    do {
      const res = await kube(
        'eks-us-prod-1',
        `/api/v1/namespaces?limit=3${
          cont ? `&continue=${encodeURIComponent(cont)}` : ''
        }`,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      names.push(...itemNames(res));
      cont = res.body.metadata.continue;
      remaining.push(res.body.metadata.remainingItemCount);
      pages++;
    } while (cont);
    expect(names).toEqual(itemNames(all));
    expect(pages).toBe(Math.ceil(all.body.items.length / 3));
    // remainingItemCount counts what later pages hold; the last page has none.
    const total = all.body.items.length;
    expect(remaining).toEqual(
      remaining.map((_, i) =>
        i < pages - 1 ? total - 3 * (i + 1) : undefined,
      ),
    );
    const bad = await kube(
      'eks-us-prod-1',
      '/api/v1/namespaces?limit=3&continue=garbage',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.kind).toBe('Status');
  });

  it('lists per namespace and cluster-wide, and returns custom resources in the requested served version', async () => {
    const ns = await kube(
      'aks-eu-prod-1',
      '/apis/networking.istio.io/v1/namespaces/checkout/virtualservices',
    );
    expect(itemNames(ns)).toEqual(['checkout']);
    const wide = await kube(
      'aks-eu-prod-1',
      '/apis/networking.istio.io/v1/virtualservices',
    );
    expect(itemRefs(wide)).toEqual([
      'cart/cart',
      'checkout/checkout',
      'payments/payments',
    ]);
    const beta = await kube(
      'aks-eu-prod-1',
      '/apis/networking.istio.io/v1beta1/namespaces/checkout/virtualservices/checkout',
    );
    expect(beta.body.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(beta.body.spec.hosts).toEqual([
      'checkout.apps.aks-eu-prod-1.example.com',
    ]);
    const empty = await kube(
      'aks-eu-prod-1',
      '/api/v1/namespaces/does-not-exist/pods',
    );
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
  });

  it('shapes workloads by application health', async () => {
    const deg = await kube('aks-eu-prod-1', '/api/v1/namespaces/payments/pods');
    expect(
      deg.body.items.some(
        (p: any) =>
          p.status.containerStatuses[0].state.waiting?.reason ===
          'CrashLoopBackOff',
      ),
    ).toBe(true);
    const suspended = await kube(
      'aks-eu-prod-2',
      '/apis/apps/v1/namespaces/search/deployments/search',
    );
    expect(suspended.body.spec.paused).toBe(true);
    const missing = await kube(
      'aks-eu-stage-1',
      '/apis/apps/v1/namespaces/catalog/deployments/catalog',
    );
    expect(missing.status).toBe(404);
  });
});
