import * as https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { FleetSimulator, startFleetSimulator } from './server';
import { defaultFleetPath, loadFleetFile, parseFleet } from './fleet/parse';
import { httpsRequest } from '@hub-spoke/test-utils';
import { getJson } from './__testUtils__/http';

/* eslint-disable @typescript-eslint/no-explicit-any */

const small = `
hubs:
  - name: hub-a
    spokes:
      - name: spoke-up
      - name: spoke-down
        fault: down
      - name: spoke-slow
        latencyMs: 250
    applications:
      - { name: app-1, destination: { name: spoke-up, namespace: team } }
`;

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
  return undefined;
}

jest.setTimeout(30_000);

describe('faults', () => {
  let sim: FleetSimulator;
  let ca: string;
  const hub = () => sim.hubs.find(h => h.name === 'aks-mgmt-hub')!;
  const cluster = (name: string) => sim.clusters.find(c => c.name === name)!;

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
    ca = sim.caPem;
  });
  afterAll(() => sim.close());

  it('down closes the listener (ECONNREFUSED) and restoring re-listens on the same port', async () => {
    const c = cluster('aks-eu-prod-1');
    await sim.setFault({ cluster: c.name }, { kind: 'down' });
    expect(await errorCode(httpsRequest(`${c.url}/version`, { ca }))).toBe(
      'ECONNREFUSED',
    );
    // Other listeners keep working.
    expect(
      (await httpsRequest(`${cluster('aks-eu-prod-2').url}/version`, { ca }))
        .status,
    ).toBe(200);
    await sim.setFault({ cluster: c.name }, null);
    const res = await getJson<any>(`${c.url}/api/v1/nodes`, {
      ca,
      token: c.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(6);
  });

  it('down on a hub makes its Argo CD refuse connections', async () => {
    await sim.setFault({ hub: 'aks-mgmt-hub' }, { kind: 'down' });
    expect(
      await errorCode(httpsRequest(`${hub().url}/api/version`, { ca })),
    ).toBe('ECONNREFUSED');
    await sim.setFault({ hub: 'aks-mgmt-hub' }, null);
    expect(
      (await httpsRequest(`${hub().url}/api/version`, { ca })).status,
    ).toBe(200);
  });

  it('hang accepts the connection and answers nothing for the given time', async () => {
    await sim.setFault({ hub: 'aks-mgmt-hub' }, { kind: 'hang', ms: 1200 });
    try {
      expect(
        await errorCode(
          httpsRequest(`${hub().url}/api/v1/clusters`, {
            ca,
            token: hub().token,
            timeoutMs: 300,
          }),
        ),
      ).toBe('ETIMEDOUT');
      const started = Date.now();
      const res = await httpsRequest(`${hub().url}/api/v1/clusters`, {
        ca,
        token: hub().token,
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
      expect(res.status).toBe(200);
    } finally {
      await sim.setFault({ hub: 'aks-mgmt-hub' }, null);
    }
  });

  it('unauthorized answers 401 even to the right token, on both APIs', async () => {
    await sim.setFault({ hub: 'aks-mgmt-hub' }, { kind: 'unauthorized' });
    await sim.setFault({ cluster: 'aks-eu-prod-1' }, { kind: 'unauthorized' });
    try {
      const argo = await getJson<any>(`${hub().url}/api/v1/applications`, {
        ca,
        token: hub().token,
      });
      expect(argo.status).toBe(401);
      expect(argo.body).toMatchObject({
        code: 16,
        error: expect.stringMatching(/^invalid session: /),
      });
      const kube = await getJson<any>(
        `${cluster('aks-eu-prod-1').url}/api/v1/nodes`,
        { ca, token: cluster('aks-eu-prod-1').token },
      );
      expect(kube.status).toBe(401);
      expect(kube.body).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
      });
    } finally {
      await sim.setFault({ hub: 'aks-mgmt-hub' }, null);
      await sim.setFault({ cluster: 'aks-eu-prod-1' }, null);
    }
    expect(
      (
        await httpsRequest(`${hub().url}/api/v1/applications`, {
          ca,
          token: hub().token,
        })
      ).status,
    ).toBe(200);
  });

  it('malformed answers 200 with JSON that does not parse', async () => {
    await sim.setFault({ hub: 'aks-mgmt-hub' }, { kind: 'malformed' });
    await sim.setFault({ cluster: 'aks-eu-prod-1' }, { kind: 'malformed' });
    try {
      const argo = await httpsRequest(`${hub().url}/api/v1/clusters`, {
        ca,
        token: hub().token,
      });
      expect(argo.status).toBe(200);
      expect(argo.headers['content-type']).toBe('application/json');
      expect(argo.text.startsWith('{')).toBe(true);
      expect(() => JSON.parse(argo.text)).toThrow(SyntaxError);
      const kube = await httpsRequest(
        `${cluster('aks-eu-prod-1').url}/api/v1/nodes`,
        { ca, token: cluster('aks-eu-prod-1').token },
      );
      expect(kube.status).toBe(200);
      expect(() => JSON.parse(kube.text)).toThrow(SyntaxError);
    } finally {
      await sim.setFault({ hub: 'aks-mgmt-hub' }, null);
      await sim.setFault({ cluster: 'aks-eu-prod-1' }, null);
    }
  });

  it('crd-absent removes those groups (404 and gone from discovery) and keeps the others', async () => {
    const c = cluster('aks-eu-prod-1');
    const kube = (p: string) =>
      getJson<any>(`${c.url}${p}`, { ca, token: c.token });
    expect(
      (await kube('/apis/networking.istio.io/v1/virtualservices')).status,
    ).toBe(200);
    await sim.setFault(
      { cluster: c.name },
      { kind: 'crd-absent', groups: ['networking.istio.io'] },
    );
    try {
      const vs = await kube('/apis/networking.istio.io/v1/virtualservices');
      expect(vs.status).toBe(404);
      expect(vs.body).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
      expect(
        (
          await kube(
            '/apis/networking.istio.io/v1/namespaces/checkout/virtualservices/checkout',
          )
        ).status,
      ).toBe(404);
      expect((await kube('/apis/networking.istio.io')).status).toBe(404);
      const groups = (await kube('/apis')).body.groups.map((g: any) => g.name);
      expect(groups).not.toContain('networking.istio.io');
      expect(groups).toContain('cert-manager.io');
      expect((await kube('/apis/cert-manager.io/v1/certificates')).status).toBe(
        200,
      );
      expect((await kube('/api/v1/services')).status).toBe(200);
    } finally {
      await sim.setFault({ cluster: c.name }, null);
    }
    expect(
      (await kube('/apis/networking.istio.io/v1/virtualservices')).status,
    ).toBe(200);
  });

  it('rejects unknown targets and invalid faults', async () => {
    await expect(
      sim.setFault({ cluster: 'nope' }, { kind: 'down' }),
    ).rejects.toThrow(/no cluster named "nope"/);
    await expect(sim.setFault({ hub: 'nope' }, null)).rejects.toThrow(
      /no hub named "nope"/,
    );
    await expect(
      sim.setFault({ hub: 'aks-mgmt-hub' }, { kind: 'explode' } as any),
    ).rejects.toThrow(/kind: expected one of down, hang/);
  });
});

describe('serving', () => {
  it('applies faults and latency from the fleet file, and counts requests and bytes per target', async () => {
    const sim = await startFleetSimulator({ fleet: parseFleet(small) });
    try {
      const ca = sim.caPem;
      const [up, down, slow] = ['spoke-up', 'spoke-down', 'spoke-slow'].map(
        n => sim.clusters.find(c => c.name === n)!,
      );
      expect(await errorCode(httpsRequest(`${down.url}/version`, { ca }))).toBe(
        'ECONNREFUSED',
      );
      const started = Date.now();
      expect((await httpsRequest(`${slow.url}/version`, { ca })).status).toBe(
        200,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
      sim.setLatency({ cluster: 'spoke-slow' }, null);

      sim.resetStats();
      const a = await httpsRequest(`${sim.hubs[0].url}/api/v1/applications`, {
        ca,
        token: sim.hubs[0].token,
      });
      const b = await httpsRequest(`${sim.hubs[0].url}/api/v1/clusters`, {
        ca,
        token: sim.hubs[0].token,
      });
      const c = await httpsRequest(`${up.url}/api/v1/nodes`, {
        ca,
        token: up.token,
      });
      const stats = sim.stats();
      expect(stats.byTarget['hub/hub-a']).toEqual({
        requests: 2,
        bytesSent: Buffer.byteLength(a.text) + Buffer.byteLength(b.text),
      });
      expect(stats.byTarget['cluster/spoke-up']).toEqual({
        requests: 1,
        bytesSent: Buffer.byteLength(c.text),
      });
      expect(stats.byTarget['cluster/spoke-down']).toEqual({
        requests: 0,
        bytesSent: 0,
      });
      expect(stats.requests).toBe(3);
      expect(stats.bytesSent).toBe(
        Buffer.byteLength(a.text) +
          Buffer.byteLength(b.text) +
          Buffer.byteLength(c.text),
      );
      sim.resetStats();
      expect(sim.stats()).toMatchObject({ requests: 0, bytesSent: 0 });
    } finally {
      await sim.close();
    }
  });

  it("uses deterministic ports from basePort: hubs' Argo CD first, then clusters", async () => {
    const fleet = parseFleet(small);
    // A block below Linux's ephemeral range (32768+), so other tests' port-0 listeners cannot take it.
    let base = 20000 + (process.pid % 1000) * 10;
    let sim: FleetSimulator | undefined;
    for (let attempt = 0; !sim; attempt++) {
      try {
        sim = await startFleetSimulator({ fleet, basePort: base });
      } catch (e) {
        if (attempt >= 5 || !/already in use/.test(String(e))) throw e;
        base += 97;
      }
    }
    try {
      expect(sim.hubs.map(h => h.url)).toEqual([`https://127.0.0.1:${base}`]);
      expect(sim.clusters.map(c => [c.name, c.url])).toEqual([
        ['hub-a', `https://127.0.0.1:${base + 1}`],
        ['spoke-up', `https://127.0.0.1:${base + 2}`],
        ['spoke-down', `https://127.0.0.1:${base + 3}`],
        ['spoke-slow', `https://127.0.0.1:${base + 4}`],
      ]);
      await expect(
        startFleetSimulator({ fleet, basePort: base }),
      ).rejects.toThrow(`port ${base} on 127.0.0.1 is already in use`);
    } finally {
      await sim.close();
    }
  });

  it('serves one real certificate for localhost and 127.0.0.1 that clients must trust explicitly', async () => {
    const sim = await startFleetSimulator({ fleet: parseFleet(small) });
    try {
      const cert = new X509Certificate(sim.caPem);
      expect(cert.subjectAltName).toContain('DNS:localhost');
      expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(cert.subjectAltName).toContain('IP Address:0:0:0:0:0:0:0:1');
      expect(cert.ca).toBe(true);
      expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const url = sim.hubs[0].url;
      // Without the CA the handshake fails; with it, https://localhost works too.
      const untrusted = await new Promise<string | undefined>(resolve => {
        https
          .get(`${url}/api/version`, { agent: false }, () => resolve(undefined))
          .on('error', e => resolve((e as NodeJS.ErrnoException).code));
      });
      expect([
        'DEPTH_ZERO_SELF_SIGNED_CERT',
        'SELF_SIGNED_CERT_IN_CHAIN',
      ]).toContain(untrusted);
      const viaLocalhost = await httpsRequest(
        `${url.replace('127.0.0.1', 'localhost')}/api/version`,
        { ca: sim.caPem },
      );
      expect(viaLocalhost.status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('produces Backstage config for the hubs and every served cluster', async () => {
    const sim = await startFleetSimulator({ fleet: parseFleet(small) });
    try {
      const cfg = sim.backstageConfig();
      const caData = Buffer.from(sim.caPem).toString('base64');
      expect(cfg.hubSpoke.hubs).toEqual([
        {
          name: 'hub-a',
          argocd: { url: sim.hubs[0].url, token: sim.hubs[0].token, caData },
          apply: {
            url: sim.clusters.find(c => c.name === 'hub-a')!.url,
            token: 'kube-apply-token-hub-a',
            caData,
            namespace: 'argocd',
          },
        },
      ]);
      expect(cfg.kubernetes.serviceLocatorMethod).toEqual({
        type: 'multiTenant',
      });
      expect(cfg.kubernetes.clusterLocatorMethods).toHaveLength(1);
      expect(cfg.kubernetes.clusterLocatorMethods[0].clusters).toEqual(
        sim.clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          caData,
          skipTLSVerify: false,
        })),
      );
      expect(Buffer.from(caData, 'base64').toString()).toMatch(
        /^-----BEGIN CERTIFICATE-----\n/,
      );
    } finally {
      await sim.close();
    }
  });
});
