/**
 * The reader against the fleet simulator: real @kubernetes/client-node, real HTTPS with the simulator's generated CA,
 * and every per-cluster fault the simulator can inject.
 */
import { ConfigReader } from '@backstage/config';
import {
  defaultFleetPath,
  FleetSimulator,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { UpstreamError } from '../http/fetchJson';
import {
  ClusterAccess,
  readClusterAccess,
} from '@hub-spoke/plugin-hub-spoke-node';
import { KubernetesClusterReader } from './KubernetesClusterReader';
import { summarizeCluster } from './summarize';

/** The deadline of the timeout test; every other read gets a generous one so a slow CI machine cannot flake it. */
const TIMEOUT_MS = 500;
const READ_TIMEOUT_MS = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('KubernetesClusterReader against the fleet simulator', () => {
  let sim: FleetSimulator;
  let clusters: ClusterAccess[];
  const faulted = new Set<string>();

  beforeAll(async () => {
    sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    // The simulator's own Backstage `kubernetes` config, read the way the plugin reads it.
    clusters = readClusterAccess(
      new ConfigReader(sim.backstageConfig() as any),
    );
  });

  afterEach(async () => {
    for (const name of faulted) await sim.setFault({ cluster: name }, null);
    faulted.clear();
  });

  afterAll(async () => {
    await sim.close();
  });

  const config = (name: string): ClusterAccess => {
    const found = clusters.find(c => c.name === name);
    if (!found) throw new Error(`no cluster ${name}`);
    return found;
  };
  const fault = async (
    name: string,
    f: Parameters<FleetSimulator['setFault']>[1],
  ) => {
    faulted.add(name);
    await sim.setFault({ cluster: name }, f);
  };
  const failure = async (promise: Promise<unknown>): Promise<UpstreamError> => {
    try {
      await promise;
    } catch (e) {
      expect(e).toBeInstanceOf(UpstreamError);
      // No failure message may carry a credential, neither a cluster's token nor the wrong one a test sends.
      const tokens = [...sim.clusters.map(c => c.token), 'not-the-token-0123'];
      for (const token of tokens) {
        expect((e as Error).message).not.toContain(token);
      }
      return e as UpstreamError;
    }
    throw new Error('expected the read to fail');
  };
  const requestsTo = (name: string) =>
    sim.stats().byTarget[`cluster/${name}`].requests;
  const summarize = (objects: Parameters<typeof summarizeCluster>[0]) =>
    summarizeCluster(objects, { now: new Date(), expiryWarningDays: 30 });
  /** Client sockets still open towards a cluster's listener. */
  const openSocketsTo = (url: string) => {
    const port = Number(new URL(url).port);
    return ((process as any)._getActiveHandles() as unknown[]).filter(
      h => h instanceof tls.TLSSocket && h.remotePort === port && !h.destroyed,
    ).length;
  };

  it('reads the config the simulator generates: every cluster with a token and the simulator CA', () => {
    expect(clusters.map(c => c.name)).toEqual(
      expect.arrayContaining(['aks-mgmt-hub', 'aks-eu-prod-1', 'eks-us-dev-1']),
    );
    expect(config('aks-eu-prod-1')).toEqual({
      name: 'aks-eu-prod-1',
      url: sim.clusters.find(c => c.name === 'aks-eu-prod-1')!.url,
      ca: sim.caPem,
      skipTLSVerify: false,
      token: 'dev-kube-token-aks-eu-prod-1',
      authProvider: 'serviceAccount',
    });
  });

  it('reads a healthy Istio spoke: version, nodes, its load balancer and hosts with their certificate', async () => {
    const before = requestsTo('aks-eu-prod-1');
    const objects = await new KubernetesClusterReader(
      config('aks-eu-prod-1'),
      READ_TIMEOUT_MS,
    ).read();

    expect(objects.gitVersion).toBe('v1.33.5');
    expect(objects.nodes).toHaveLength(6);
    // Only LoadBalancer and ExternalName Services are kept (the apps' ClusterIP Services are not).
    expect(
      objects.services.map(
        s => `${s.metadata?.namespace}/${s.metadata?.name} ${s.spec?.type}`,
      ),
    ).toEqual(['istio-ingress/istio-ingressgateway LoadBalancer']);
    expect(objects.istioGateways.map(g => g.metadata.name)).toEqual([
      'public-gateway',
    ]);
    expect(
      objects.virtualServices
        .map(v => `${v.metadata.namespace}/${v.metadata.name}`)
        .sort(),
    ).toEqual(['cart/cart', 'checkout/checkout', 'payments/payments']);
    expect(objects.certificates.map(c => c.metadata.name)).toEqual([
      'wildcard-apps',
    ]);
    expect(objects.missingGroups).toEqual(['gateway.networking.k8s.io']);
    // Version, nodes, services and the 7 custom resource lists; the simulator counted the same.
    expect(objects.requests).toBe(10);
    expect(requestsTo('aks-eu-prod-1') - before).toBe(10);

    const summary = summarize(objects);
    expect(summary.apiVersion).toBe('v1.33.5');
    expect(summary.nodes).toEqual({ ready: 6, total: 6 });
    expect(summary.ingress.addresses).toEqual(['20.61.22.17']);
    const checkout = summary.ingress.hosts.find(
      h => h.host === 'checkout.apps.aks-eu-prod-1.example.com',
    );
    expect(checkout).toEqual({
      host: 'checkout.apps.aks-eu-prod-1.example.com',
      sources: [
        {
          kind: 'VirtualService',
          group: 'networking.istio.io',
          namespace: 'checkout',
          name: 'checkout',
        },
      ],
      tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps-tls' },
      certificate: {
        namespace: 'istio-ingress',
        name: 'wildcard-apps',
        ready: true,
        notAfter: expect.any(String),
        expiringSoon: false,
      },
      destinations: ['checkout.checkout.svc.cluster.local:80'],
    });
    expect(summary.ingress.hosts.map(h => h.host)).toContain(
      '*.apps.aks-eu-prod-1.example.com',
    );
  });

  it('reads the Gateway API spoke: Gateway address, HTTPRoute hosts and the listener TLS', async () => {
    const objects = await new KubernetesClusterReader(
      config('aks-eu-prod-2'),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.missingGroups).toEqual(['networking.istio.io']);
    expect(objects.istioGateways).toEqual([]);
    expect(
      objects.gateways.map(g => `${g.metadata.namespace}/${g.metadata.name}`),
    ).toEqual(['gateway-system/public-gateway']);

    const summary = summarize(objects);
    expect(summary.nodes).toEqual({ ready: 4, total: 5 });
    expect(summary.apiVersion).toBe('v1.34.2');
    // The LoadBalancer Service and the Gateway status report the same address: listed once.
    expect(summary.ingress.addresses).toEqual(['20.223.9.140']);
    expect(
      summary.ingress.hosts.find(
        h => h.host === 'checkout.apps.aks-eu-prod-2.example.com',
      ),
    ).toEqual({
      host: 'checkout.apps.aks-eu-prod-2.example.com',
      sources: [
        {
          kind: 'HTTPRoute',
          group: 'gateway.networking.k8s.io',
          namespace: 'checkout',
          name: 'checkout',
        },
      ],
      tls: { mode: 'Terminate', credentialName: 'wildcard-apps-tls' },
      certificate: expect.objectContaining({
        namespace: 'gateway-system',
        name: 'wildcard-apps',
        ready: true,
      }),
      destinations: ['checkout:80'],
    });
  });

  it("reads the hub's weighted HTTPRoute with its backends and the ExternalName Services they point to", async () => {
    const objects = await new KubernetesClusterReader(
      config('aks-mgmt-hub'),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.missingGroups).toEqual([]);

    const route = objects.httpRoutes.find(
      r => r.metadata.name === 'checkout-global',
    );
    expect(route?.metadata.namespace).toBe('global-ingress');
    expect(route?.spec?.hostnames).toEqual(['checkout.eu.example.com']);
    expect(
      route?.spec?.rules?.[0].backendRefs?.map(b => [b.name, b.port, b.weight]),
    ).toEqual([
      ['checkout-global-aks-eu-prod-1', 443, 80],
      ['checkout-global-aks-eu-prod-2', 443, 20],
    ]);
    const externalNames = objects.services
      .filter(s => s.spec?.type === 'ExternalName')
      .map(s => [
        s.metadata?.namespace,
        s.metadata?.name,
        s.spec?.externalName,
      ]);
    expect(externalNames).toEqual([
      [
        'global-ingress',
        'checkout-global-aks-eu-prod-1',
        'checkout.apps.aks-eu-prod-1.example.com',
      ],
      [
        'global-ingress',
        'checkout-global-aks-eu-prod-2',
        'checkout.apps.aks-eu-prod-2.example.com',
      ],
    ]);
    // The DestinationRules with outlier detection and the ServiceEntries for the spoke hosts come along.
    expect(objects.destinationRules.map(d => d.spec?.host)).toEqual(
      expect.arrayContaining([
        'checkout.apps.aks-eu-prod-1.example.com',
        'checkout.apps.aks-eu-prod-2.example.com',
      ]),
    );
    expect(objects.serviceEntries).toHaveLength(2);

    const host = summarize(objects).ingress.hosts.find(
      h => h.host === 'checkout.eu.example.com',
    );
    expect(host).toEqual({
      host: 'checkout.eu.example.com',
      sources: [
        {
          kind: 'HTTPRoute',
          group: 'gateway.networking.k8s.io',
          namespace: 'global-ingress',
          name: 'checkout-global',
        },
      ],
      tls: { mode: 'Terminate', credentialName: 'wildcard-apps-tls' },
      certificate: expect.objectContaining({
        name: 'wildcard-apps',
        ready: true,
        expiringSoon: false,
      }),
      destinations: [
        'checkout-global-aks-eu-prod-1:443 (weight 80)',
        'checkout-global-aks-eu-prod-2:443 (weight 20)',
      ],
    });
  });

  it('flags the certificate of aks-eu-stage-1, which expires in 12 days, and the hosts it covers', async () => {
    const objects = await new KubernetesClusterReader(
      config('aks-eu-stage-1'),
      READ_TIMEOUT_MS,
    ).read();
    const now = new Date();
    const summary = summarizeCluster(objects, { now, expiryWarningDays: 30 });
    expect(summary.certificates).toEqual([
      expect.objectContaining({
        namespace: 'istio-ingress',
        name: 'wildcard-apps',
        dnsNames: [
          '*.apps.aks-eu-stage-1.example.com',
          'apps.aks-eu-stage-1.example.com',
        ],
        secretName: 'wildcard-apps-tls',
        expiringSoon: true,
      }),
    ]);
    const daysLeft =
      (Date.parse(summary.certificates[0].notAfter!) - now.getTime()) / DAY_MS;
    expect(daysLeft).toBeGreaterThan(11);
    expect(daysLeft).toBeLessThanOrEqual(12);
    const checkout = summary.ingress.hosts.find(
      h => h.host === 'checkout.apps.aks-eu-stage-1.example.com',
    );
    expect(checkout?.certificate).toEqual(
      expect.objectContaining({ name: 'wildcard-apps', expiringSoon: true }),
    );
    // With a one-week window the same certificate is not flagged yet.
    expect(
      summarizeCluster(objects, { now, expiryWarningDays: 7 }).certificates[0]
        .expiringSoon,
    ).toBe(false);
  });

  it('follows continue tokens page by page', async () => {
    const objects = await new KubernetesClusterReader(
      config('eks-us-prod-1'),
      READ_TIMEOUT_MS,
      { pageSize: 3 },
    ).read();
    const whole = await new KubernetesClusterReader(
      config('eks-us-prod-1'),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.nodes).toHaveLength(8);
    expect(objects.nodes.map(n => n.metadata?.name)).toEqual(
      whole.nodes.map(n => n.metadata?.name),
    );
    expect(new Set(objects.nodes.map(n => n.metadata?.name)).size).toBe(8);
    expect(objects.requests).toBeGreaterThan(whole.requests);
    expect(objects.certificates).toEqual(whole.certificates);
  });

  it('reports a cluster that is down as unreachable', async () => {
    await fault('aks-eu-dev-1', { kind: 'down' });
    const error = await failure(
      new KubernetesClusterReader(
        config('aks-eu-dev-1'),
        READ_TIMEOUT_MS,
      ).read(),
    );
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(
      /^Kubernetes API is unreachable: .*ECONNREFUSED/,
    );
  });

  it('gives up on a hanging cluster after the timeout and releases its sockets', async () => {
    await fault('aks-eu-prod-1', { kind: 'hang', ms: 5000 });
    const url = config('aks-eu-prod-1').url;
    const started = Date.now();
    const read = failure(
      new KubernetesClusterReader(config('aks-eu-prod-1'), TIMEOUT_MS).read(),
    );
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(openSocketsTo(url)).toBeGreaterThan(0); // the requests are in flight

    const error = await read;
    const elapsed = Date.now() - started;
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('Kubernetes API did not answer within 500 ms');
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(openSocketsTo(url)).toBe(0);
  });

  it('reports refused credentials as unauthorized with the API server message', async () => {
    await fault('eks-us-stage-1', { kind: 'unauthorized' });
    const error = await failure(
      new KubernetesClusterReader(
        config('eks-us-stage-1'),
        READ_TIMEOUT_MS,
      ).read(),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe(
      'Kubernetes API refused the credentials (HTTP 401: Unauthorized)',
    );
  });

  it('reports a wrong token as unauthorized without echoing it', async () => {
    const wrong = { ...config('eks-us-prod-2'), token: 'not-the-token-0123' };
    const error = await failure(
      new KubernetesClusterReader(wrong, READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      'Kubernetes API refused the credentials (HTTP 401: Unauthorized)',
    );
  });

  it('reports a malformed answer as an error naming the request', async () => {
    await fault('eks-us-dev-1', { kind: 'malformed' });
    const error = await failure(
      new KubernetesClusterReader(
        config('eks-us-dev-1'),
        READ_TIMEOUT_MS,
      ).read(),
    );
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(
      /^Kubernetes API answered GET \/\S+ with malformed JSON \(.+\)$/,
    );
  });

  it('treats a missing CRD group as normal and still reads nodes, services and certificates', async () => {
    await fault('aks-eu-prod-1', {
      kind: 'crd-absent',
      groups: ['networking.istio.io'],
    });
    const objects = await new KubernetesClusterReader(
      config('aks-eu-prod-1'),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.missingGroups).toEqual([
      'gateway.networking.k8s.io',
      'networking.istio.io',
    ]);
    expect(objects.istioGateways).toEqual([]);
    expect(objects.virtualServices).toEqual([]);
    expect(objects.nodes).toHaveLength(6);
    expect(objects.services).toHaveLength(1);
    expect(objects.certificates).toHaveLength(1);
    const summary = summarize(objects);
    expect(summary.ingress).toEqual({ addresses: ['20.61.22.17'], hosts: [] });
    expect(summary.certificates[0].name).toBe('wildcard-apps');
  });

  it('tells to set caData or skipTLSVerify when the server certificate cannot be verified', async () => {
    const { ca: _ca, ...withoutCa } = config('eks-us-prod-1');
    const error = await failure(
      new KubernetesClusterReader(withoutCa, READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(
      /^TLS verification of Kubernetes API failed \(\w+\): set caData .* or skipTLSVerify/,
    );

    const insecure = await new KubernetesClusterReader(
      { ...withoutCa, skipTLSVerify: true },
      READ_TIMEOUT_MS,
    ).read();
    expect(insecure.nodes).toHaveLength(8);
  });

  it('fails an unsupported cluster with its config message without calling it', async () => {
    const before = requestsTo('eks-us-prod-1');
    const unsupported: ClusterAccess = {
      name: 'eks-us-prod-1',
      url: config('eks-us-prod-1').url,
      skipTLSVerify: false,
      authProvider: 'aws',
      unsupported:
        'Cluster eks-us-prod-1 uses authProvider "aws", which the hub-spoke backend cannot use',
    };
    const error = await failure(
      new KubernetesClusterReader(unsupported, READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('error');
    expect(error.message).toBe(unsupported.unsupported);
    expect(requestsTo('eks-us-prod-1')).toBe(before);
  });

  it('close() cancels a read in flight', async () => {
    await fault('eks-us-prod-2', { kind: 'hang', ms: 5000 });
    const reader = new KubernetesClusterReader(config('eks-us-prod-2'), 4000);
    const started = Date.now();
    const read = failure(reader.read());
    await new Promise(resolve => setTimeout(resolve, 100));
    reader.close();
    const error = await read;
    expect(error.message).toBe('Kubernetes API read was cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('KubernetesClusterReader against a scripted API server', () => {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let server: http.Server;
  let handler: Handler;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      handler(req, res);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const cluster = (): ClusterAccess => ({
    name: 'scripted',
    url,
    skipTLSVerify: false,
    token: 'scripted-secret-token',
    authProvider: 'serviceAccount',
  });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const status = (res: http.ServerResponse, code: number, message: string) =>
    json(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message,
      code,
    });
  const emptyList = (res: http.ServerResponse) =>
    json(res, 200, { metadata: {}, items: [] });
  const failure = async (promise: Promise<unknown>): Promise<UpstreamError> => {
    try {
      await promise;
    } catch (e) {
      expect(e).toBeInstanceOf(UpstreamError);
      expect((e as Error).message).not.toContain('scripted-secret-token');
      return e as UpstreamError;
    }
    throw new Error('expected the read to fail');
  };

  it('reads a plain-http API server with the bearer token', async () => {
    handler = (req, res) =>
      req.url === '/version'
        ? json(res, 200, { gitVersion: 'v1.30.0' })
        : emptyList(res);
    const objects = await new KubernetesClusterReader(
      cluster(),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.gitVersion).toBe('v1.30.0');
    expect(objects.requests).toBe(10);
    expect(
      seen.filter(s => s.endsWith('Bearer scripted-secret-token')),
    ).toHaveLength(10);
    expect(seen.filter(s => /[?&]limit=500/.test(s))).toHaveLength(9);
  });

  it('reuses its connections from one read to the next instead of connecting per request', async () => {
    handler = (req, res) =>
      req.url === '/version'
        ? json(res, 200, { gitVersion: 'v1.30.0' })
        : emptyList(res);
    let connections = 0;
    const count = () => void (connections += 1);
    server.on('connection', count);
    const reader = new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS);
    try {
      await reader.read();
      const first = connections;
      expect(first).toBeLessThanOrEqual(10);
      await reader.read();
      await reader.read();
      // 30 requests; without a shared keep-alive agent each would open its own connection
      expect(seen).toHaveLength(30);
      expect(connections).toBe(first);
    } finally {
      server.off('connection', count);
      reader.close();
    }
  });

  it("shows the API server's reason for a 403 (RBAC) as unauthorized", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/api/v1/nodes')) {
        status(
          res,
          403,
          'nodes is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "nodes"',
        );
      } else if (req.url === '/version') {
        json(res, 200, { gitVersion: 'v1.30.0' });
      } else {
        emptyList(res);
      }
    };
    const error = await failure(
      new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      'Kubernetes API refused the credentials (HTTP 403: nodes is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "nodes")',
    );
  });

  it('keeps the message of a 401 that client-node itself discards', async () => {
    handler = (_req, res) => status(res, 401, 'token has expired');
    const error = await failure(
      new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      'Kubernetes API refused the credentials (HTTP 401: token has expired)',
    );
  });

  it('fails the read when a custom resource list fails with anything but 404', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/apis/cert-manager.io/')) {
        status(res, 500, 'etcdserver: request timed out');
      } else if (req.url === '/version') {
        json(res, 200, { gitVersion: 'v1.30.0' });
      } else {
        emptyList(res);
      }
    };
    const error = await failure(
      new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('error');
    expect(error.statusCode).toBe(500);
    expect(error.message).toBe(
      'Kubernetes API answered HTTP 500 to GET /apis/cert-manager.io/v1/certificates: etcdserver: request timed out',
    );
  });

  it('records every missing CRD group once', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/apis/')) {
        status(res, 404, 'the server could not find the requested resource');
      } else if (req.url === '/version') {
        json(res, 200, { gitVersion: 'v1.30.0' });
      } else {
        emptyList(res);
      }
    };
    const objects = await new KubernetesClusterReader(
      cluster(),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.missingGroups).toEqual([
      'cert-manager.io',
      'gateway.networking.k8s.io',
      'networking.istio.io',
    ]);
  });

  it('does not take a 404 on a core list for a missing CRD', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/api/v1/services')) {
        status(res, 404, 'the server could not find the requested resource');
      } else if (req.url === '/version') {
        json(res, 200, { gitVersion: 'v1.30.0' });
      } else {
        emptyList(res);
      }
    };
    const error = await failure(
      new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS).read(),
    );
    expect(error.message).toBe(
      'Kubernetes API answered HTTP 404 to GET /api/v1/services: the server could not find the requested resource',
    );
  });

  it('reports a non-JSON answer (a proxy login page) as an error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('<html>Sign in</html>');
    };
    const error = await failure(
      new KubernetesClusterReader(cluster(), READ_TIMEOUT_MS).read(),
    );
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(
      /^Kubernetes API answered GET \/\S+ with an unreadable response \(.+\)$/,
    );
  });

  it('stops following a continue token the server repeats', async () => {
    handler = (req, res) => {
      if (req.url === '/version') {
        json(res, 200, { gitVersion: 'v1.30.0' });
      } else if (req.url?.startsWith('/api/v1/nodes')) {
        json(res, 200, {
          metadata: { continue: 'same' },
          items: [{ metadata: { name: 'n' } }],
        });
      } else {
        emptyList(res);
      }
    };
    const objects = await new KubernetesClusterReader(
      cluster(),
      READ_TIMEOUT_MS,
    ).read();
    expect(objects.nodes).toHaveLength(2);
    expect(objects.requests).toBe(11); // the 10 lists plus one continued page of nodes
    expect(
      seen.filter(s => s.startsWith('/api/v1/nodes?continue=same')),
    ).toHaveLength(1);
  });
});
