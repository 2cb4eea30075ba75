import { FleetSimulator, startFleetSimulator } from '../server';
import { defaultFleetPath, loadFleetFile, parseFleet } from '../fleet/parse';
import { httpsRequest } from '@hub-spoke/test-utils';
import { getJson } from '../__testUtils__/http';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('Argo CD REST API', () => {
  let sim: FleetSimulator;
  let url: string;
  let token: string;
  let ca: string;
  const api = (p: string, t: string | null = token) =>
    getJson<any>(`${url}${p}`, { ca, token: t ?? undefined });

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
    ({ url, token } = sim.hubs.find(h => h.name === 'aks-mgmt-hub')!);
    ca = sim.caPem;
  });
  afterAll(() => sim.close());

  describe('authentication', () => {
    it("answers 401 with Argo CD's body when the token is missing", async () => {
      const res = await api('/api/v1/applications', null);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
    });

    it('answers 401 "invalid session" for a wrong token, also on clusters and single applications', async () => {
      for (const p of [
        '/api/v1/applications',
        '/api/v1/clusters',
        '/api/v1/applications/checkout-eu1',
      ]) {
        const res = await api(p, 'not-the-token');
        expect(res.status).toBe(401);
        expect(res.body.code).toBe(16);
        expect(res.body.error).toMatch(/^invalid session: /);
        expect(res.body.message).toBe(res.body.error);
      }
    });

    it('accepts the token in the argocd.token cookie like the UI does', async () => {
      const res = await httpsRequest(`${url}/api/v1/clusters`, {
        ca,
        headers: { cookie: `argocd.token=${token}` },
      });
      expect(res.status).toBe(200);
    });

    it('serves only Version without login and the full PascalCase version message with it', async () => {
      const anon = await api('/api/version', null);
      expect(anon.status).toBe(200);
      expect(anon.body).toEqual({ Version: 'v3.5.1' });
      const full = await api('/api/version');
      expect(full.body).toMatchObject({
        Version: 'v3.5.1',
        GitTag: 'v3.5.1',
        GitTreeState: 'clean',
        Platform: 'linux/amd64',
      });
      expect(Object.keys(full.body).every(k => /^[A-Z]/.test(k))).toBe(true);
    });
  });

  describe('GET /api/v1/clusters', () => {
    it('lists registered spokes and in-cluster, not unregistered destinations', async () => {
      const res = await api('/api/v1/clusters');
      expect(res.status).toBe(200);
      const names = res.body.items.map((c: any) => c.name);
      expect(names).toEqual([
        'aks-eu-prod-1',
        'aks-eu-prod-2',
        'aks-eu-stage-1',
        'aks-eu-dev-1',
        'in-cluster',
      ]);
      expect(names).not.toContain('legacy-onprem-1');
      const inCluster = res.body.items.find(
        (c: any) => c.name === 'in-cluster',
      );
      expect(inCluster.server).toBe('https://kubernetes.default.svc');
      expect(inCluster.info.applicationsCount).toBe(2);
      expect(inCluster.info.serverVersion).toBe('v1.33.5');
    });

    it('points each spoke at its Kubernetes API listener and copies labels and annotations', async () => {
      const res = await api('/api/v1/clusters');
      const prod1 = res.body.items.find((c: any) => c.name === 'aks-eu-prod-1');
      expect(prod1.server).toBe(
        sim.clusters.find(c => c.name === 'aks-eu-prod-1')!.url,
      );
      expect(prod1.labels).toEqual({
        environment: 'prod',
        cloud: 'aks',
        region: 'westeurope',
      });
      expect(prod1.annotations).toEqual({
        'hub-spoke/cidr': '10.10.0.0/16',
        'hub-spoke/ingress-domain': 'apps.aks-eu-prod-1.example.com',
      });
      expect(prod1.info).toMatchObject({
        connectionState: { status: 'Successful' },
        serverVersion: 'v1.33.5',
        applicationsCount: 3,
      });
      expect(prod1.info.cacheInfo.resourcesCount).toBeGreaterThan(10);
      // Deprecated top-level copies.
      expect(prod1.connectionState).toEqual(prod1.info.connectionState);
      expect(prod1.serverVersion).toBe(prod1.info.serverVersion);
    });

    it('sanitises config like Argo CD: no bearer token, CA data or exec provider', async () => {
      const res = await api('/api/v1/clusters');
      for (const c of res.body.items) {
        expect(
          Object.keys(c.config).every(k =>
            [
              'tlsClientConfig',
              'awsAuthConfig',
              'proxyUrl',
              'disableCompression',
            ].includes(k),
          ),
        ).toBe(true);
        expect(
          Object.keys(c.config.tlsClientConfig).every(k =>
            ['insecure', 'serverName'].includes(k),
          ),
        ).toBe(true);
      }
      expect(res.text).not.toMatch(
        /bearerToken|caData|execProviderConfig|dev-kube-token/,
      );
      const prod2 = res.body.items.find((c: any) => c.name === 'aks-eu-prod-2');
      expect(prod2.config).toEqual({
        tlsClientConfig: { insecure: false },
        proxyUrl: 'http://proxy.corp.example.com:3128',
      });
      const eks = await getJson<any>(`${sim.hubs[1].url}/api/v1/clusters`, {
        ca,
        token: sim.hubs[1].token,
      });
      const usProd2 = eks.body.items.find(
        (c: any) => c.name === 'eks-us-prod-2',
      );
      expect(usProd2.config).toEqual({
        tlsClientConfig: {
          insecure: false,
          serverName: 'eks-us-prod-2.internal.example.com',
        },
        awsAuthConfig: {
          clusterName: 'eks-us-prod-2',
          roleARN: 'arn:aws:iam::123456789012:role/argocd-eks-us-prod-2',
        },
      });
    });

    it('reports the unreachable spoke as Failed and a spoke without apps as Unknown', async () => {
      const res = await api('/api/v1/clusters');
      const dev = res.body.items.find((c: any) => c.name === 'aks-eu-dev-1');
      expect(dev.info.connectionState.status).toBe('Failed');
      expect(dev.info.connectionState.message).toMatch(
        /dial tcp .*: i\/o timeout/,
      );
      expect(dev.info.connectionState.attemptedAt).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      const eks = await getJson<any>(`${sim.hubs[1].url}/api/v1/clusters`, {
        ca,
        token: sim.hubs[1].token,
      });
      const idle = eks.body.items.find((c: any) => c.name === 'eks-us-dev-1');
      expect(idle.info.connectionState).toMatchObject({
        status: 'Unknown',
        message: 'Cluster has no applications and is not being monitored.',
      });
      expect(idle.info.applicationsCount).toBe(0);
    });

    it('filters by server and name', async () => {
      const byName = await api('/api/v1/clusters?name=in-cluster');
      expect(byName.body.items.map((c: any) => c.name)).toEqual(['in-cluster']);
      const byServer = await api(
        `/api/v1/clusters?server=${encodeURIComponent(
          'https://kubernetes.default.svc',
        )}`,
      );
      expect(byServer.body.items.map((c: any) => c.name)).toEqual([
        'in-cluster',
      ]);
    });

    it('leaves in-cluster out when the hub disables it', async () => {
      const fleet = parseFleet(
        'hubs:\n  - name: solo\n    argocd: { inClusterEnabled: false }\n    spokes: [{ name: s1 }]\n',
      );
      const solo = await startFleetSimulator({ fleet });
      try {
        const res = await getJson<any>(`${solo.hubs[0].url}/api/v1/clusters`, {
          ca: solo.caPem,
          token: solo.hubs[0].token,
        });
        expect(res.body.items.map((c: any) => c.name)).toEqual(['s1']);
      } finally {
        await solo.close();
      }
    });
  });

  describe('GET /api/v1/applications', () => {
    it('lists applications sorted by name, without apiVersion/kind', async () => {
      const res = await api('/api/v1/applications');
      expect(res.status).toBe(200);
      const names = res.body.items.map((a: any) => a.metadata.name);
      expect(names).toEqual([...names].sort());
      expect(names).toHaveLength(12);
      expect(res.body.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(res.body.apiVersion).toBeUndefined();
      expect(res.body.items[0].apiVersion).toBeUndefined();
      expect(res.body.items[0].kind).toBeUndefined();
    });

    it('marks apps on the unreachable spoke and the unregistered destination Unknown/Unknown with conditions', async () => {
      const res = await api('/api/v1/applications');
      const byName = new Map(
        res.body.items.map((a: any) => [a.metadata.name, a]),
      );
      const legacy: any = byName.get('billing-legacy');
      expect(legacy.status.sync.status).toBe('Unknown');
      expect(legacy.status.health.status).toBe('Unknown');
      expect(legacy.status.conditions).toEqual([
        expect.objectContaining({
          type: 'InvalidSpecError',
          message: expect.stringContaining('legacy-onprem-1'),
        }),
      ]);
      const dev: any = byName.get('checkout-eu-dev');
      expect([dev.status.sync.status, dev.status.health.status]).toEqual([
        'Unknown',
        'Unknown',
      ]);
      expect(dev.status.conditions[0].type).toBe('ComparisonError');
    });

    it('fills revisions, operation state and external URLs', async () => {
      const res = await api('/api/v1/applications/checkout-eu1');
      expect(res.status).toBe(200);
      const a = res.body;
      expect(a.spec.destination).toEqual({
        namespace: 'checkout',
        name: 'aks-eu-prod-1',
      });
      expect(a.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
      expect(a.status.operationState).toMatchObject({
        phase: 'Succeeded',
        syncResult: { revision: a.status.sync.revision },
      });
      expect(a.status.summary.externalURLs).toEqual([
        'https://checkout.apps.aks-eu-prod-1.example.com',
      ]);
      expect(a.status.resources.map((r: any) => r.kind)).toEqual([
        'Service',
        'Deployment',
        'ServiceAccount',
        'ConfigMap',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
        'ServiceMonitor',
        'VirtualService',
      ]);
      const byServer = await api('/api/v1/applications/payments-eu1');
      expect(byServer.body.spec.destination.server).toBe(
        sim.clusters.find(c => c.name === 'aks-eu-prod-1')!.url,
      );
      const running = await api('/api/v1/applications/cart-eu1');
      expect(running.body.status.operationState.phase).toBe('Running');
      expect(running.body.status.operationState.finishedAt).toBeUndefined();
      expect(running.body.operation.sync.revision).toBe(
        running.body.status.sync.revision,
      );
    });

    it('answers 404 with a runtimeError body for an unknown application', async () => {
      const res = await api('/api/v1/applications/nope');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: 'applications.argoproj.io "nope" not found',
        code: 5,
        message: 'applications.argoproj.io "nope" not found',
      });
    });

    it('honours repeated projects and the legacy project parameter', async () => {
      const one = await api('/api/v1/applications?projects=payments');
      expect(one.body.items.map((a: any) => a.metadata.name)).toEqual([
        'billing-legacy',
        'payments-eu1',
      ]);
      const two = await api(
        '/api/v1/applications?projects=payments&projects=platform',
      );
      expect(two.body.items.map((a: any) => a.metadata.name)).toEqual([
        'billing-legacy',
        'payments-eu1',
        'platform-ingress-eu',
      ]);
      const legacy = await api('/api/v1/applications?project=platform');
      expect(legacy.body.items.map((a: any) => a.metadata.name)).toEqual([
        'platform-ingress-eu',
      ]);
    });

    it('honours label selectors', async () => {
      const q = (s: string) =>
        api(`/api/v1/applications?selector=${encodeURIComponent(s)}`).then(r =>
          r.body.items.map((a: any) => a.metadata.name),
        );
      expect(await q('app.kubernetes.io/part-of=checkout')).toEqual([
        'checkout-eu-dev',
        'checkout-eu-stage',
        'checkout-eu1',
        'checkout-eu2',
        'checkout-global',
      ]);
      expect(
        await q(
          'app.kubernetes.io/part-of in (payments,billing),team==payments',
        ),
      ).toEqual(['billing-legacy', 'payments-eu1']);
      expect(await q('team!=commerce')).toEqual([
        'billing-legacy',
        'payments-eu1',
        'platform-ingress-eu',
      ]);
      expect(
        await q(
          'app.kubernetes.io/part-of notin (checkout,cart,catalog,search,inventory),!app.kubernetes.io/name',
        ),
      ).toEqual(['billing-legacy', 'platform-ingress-eu']);
      const bad = await api(
        `/api/v1/applications?selector=${encodeURIComponent('team in (a')}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe(3);
    });

    it('trims items to the requested fields', async () => {
      const res = await api(
        '/api/v1/applications?fields=items.metadata.name,items.status.sync.status,items.status.health,items.spec.destination',
      );
      const first = res.body.items.find(
        (a: any) => a.metadata.name === 'checkout-eu1',
      );
      expect(first).toEqual({
        metadata: { name: 'checkout-eu1' },
        spec: { destination: { namespace: 'checkout', name: 'aks-eu-prod-1' } },
        status: {
          sync: { status: 'Synced' },
          health: { status: 'Healthy', lastTransitionTime: expect.any(String) },
        },
      });
      const full = await api('/api/v1/applications');
      expect(res.text.length).toBeLessThan(full.text.length / 5);
    });

    it('writes absent labels as null and honours the exclude form', async () => {
      const labels = await api(
        '/api/v1/applications?fields=items.metadata.name,items.metadata.annotations',
      );
      expect(labels.body.items[0].metadata).toEqual({
        name: 'billing-legacy',
        annotations: null,
      });
      const excl = await api(
        '/api/v1/applications?fields=-items.status.resources,items.metadata.labels,items.status.summary',
      );
      const a = excl.body.items.find(
        (x: any) => x.metadata.name === 'checkout-eu1',
      );
      expect(a.metadata.labels).toBeUndefined();
      expect(a.spec.destination.name).toBe('aks-eu-prod-1');
      expect(a.status.resources).toBeUndefined();
      expect(a.status.summary).toBeUndefined();
      expect(a.status.sync.status).toBe('Synced');
      expect(a.status.operationState.phase).toBe('Succeeded');
      // Upstream quirk: status.operationState.operation.sync returns the syncResult.
      expect(a.status.operationState.operation.sync.revision).toBe(
        a.status.sync.revision,
      );
    });

    it('returns "items": null for an empty list when fields is given, [] otherwise', async () => {
      const withFields = await api(
        '/api/v1/applications?projects=none&fields=items.metadata.name',
      );
      expect(withFields.text).toMatch(/"items":null/);
      expect(withFields.body.items).toBeNull();
      const plain = await api('/api/v1/applications?projects=none');
      expect(plain.body.items).toEqual([]);
    });
  });
});
