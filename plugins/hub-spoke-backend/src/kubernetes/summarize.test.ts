import type { V1Node, V1Service } from '@kubernetes/client-node';
import { summarizeCluster } from './summarize';
import {
  CertManagerCertificate,
  ClusterObjects,
  GatewayApiGateway,
  HttpRoute,
  IstioGateway,
  ParentReference,
  VirtualService,
} from './types';

const NOW = new Date('2026-09-01T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) =>
  new Date(NOW.getTime() + days * DAY_MS).toISOString();
const options = { now: NOW, expiryWarningDays: 30 };

function objects(partial: Partial<ClusterObjects>): ClusterObjects {
  return {
    nodes: [],
    services: [],
    istioGateways: [],
    virtualServices: [],
    destinationRules: [],
    serviceEntries: [],
    gateways: [],
    httpRoutes: [],
    certificates: [],
    missingGroups: [],
    requests: 0,
    ...partial,
  };
}

const node = (name: string, ready?: 'True' | 'False' | 'Unknown'): V1Node => ({
  metadata: { name },
  status: {
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      ...(ready ? [{ type: 'Ready', status: ready }] : []),
    ],
  },
});

const loadBalancer = (
  ns: string,
  name: string,
  ingress: Array<{ ip?: string; hostname?: string }>,
): V1Service => ({
  metadata: { name, namespace: ns },
  spec: { type: 'LoadBalancer' },
  status: { loadBalancer: { ingress } },
});

const istioGateway = (
  ns: string,
  name: string,
  servers: NonNullable<IstioGateway['spec']>['servers'],
): IstioGateway => ({
  metadata: { name, namespace: ns },
  spec: { selector: { istio: 'ingressgateway' }, servers },
});

const httpsServer = (
  hosts: string[],
  credentialName = 'wildcard-apps-tls',
) => ({
  port: { number: 443, name: 'https', protocol: 'HTTPS' },
  hosts,
  tls: { mode: 'SIMPLE', credentialName },
});
const httpServer = (hosts: string[]) => ({
  port: { number: 80, name: 'http', protocol: 'HTTP' },
  hosts,
  tls: { httpsRedirect: true },
});

const virtualService = (
  ns: string,
  name: string,
  hosts: string[],
  gateways: string[] | undefined,
  route: Array<{ host: string; port?: number; weight?: number }> = [
    { host: `${name}.${ns}.svc.cluster.local`, port: 80 },
  ],
): VirtualService => ({
  metadata: { name, namespace: ns },
  spec: {
    hosts,
    ...(gateways ? { gateways } : {}),
    http: [
      {
        route: route.map(r => ({
          destination: {
            host: r.host,
            ...(r.port ? { port: { number: r.port } } : {}),
          },
          ...(r.weight !== undefined ? { weight: r.weight } : {}),
        })),
      },
    ],
  },
});

const certificate = (
  ns: string,
  name: string,
  dnsNames: string[],
  secretName: string,
  notAfter: string | null = inDays(60),
  ready = true,
): CertManagerCertificate => ({
  metadata: { name, namespace: ns },
  spec: { secretName, dnsNames },
  status: {
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    ...(notAfter ? { notAfter } : {}),
  },
});

const apiGateway = (
  ns: string,
  name: string,
  listeners: NonNullable<GatewayApiGateway['spec']>['listeners'],
  addresses: string[] = [],
): GatewayApiGateway => ({
  metadata: { name, namespace: ns },
  spec: { gatewayClassName: 'istio', listeners },
  status: { addresses: addresses.map(value => ({ type: 'IPAddress', value })) },
});

const httpsListener = (
  hostname: string | undefined,
  secret = 'wildcard-apps-tls',
) => ({
  name: 'https',
  ...(hostname ? { hostname } : {}),
  port: 443,
  protocol: 'HTTPS',
  tls: {
    mode: 'Terminate',
    certificateRefs: [{ kind: 'Secret', group: '', name: secret }],
  },
});
const httpListener = (hostname: string) => ({
  name: 'http',
  hostname,
  port: 80,
  protocol: 'HTTP',
});

const httpRoute = (
  ns: string,
  name: string,
  hostnames: string[],
  parentRefs: ParentReference[],
  backendRefs: Array<{
    name: string;
    port?: number;
    weight?: number;
    namespace?: string;
  }>,
): HttpRoute => ({
  metadata: { name, namespace: ns },
  spec: {
    parentRefs,
    hostnames,
    rules: [
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs },
    ],
  },
});

describe('summarizeCluster', () => {
  it('summarizes an empty cluster', () => {
    expect(summarizeCluster(objects({}), options)).toEqual({
      nodes: { ready: 0, total: 0 },
      ingress: { addresses: [], hosts: [] },
      certificates: [],
    });
  });

  it('reports the API version and counts nodes whose Ready condition is True', () => {
    const summary = summarizeCluster(
      objects({
        gitVersion: 'v1.34.1-eks-d96d92f',
        nodes: [
          node('a', 'True'),
          node('b', 'True'),
          node('c', 'False'),
          node('d', 'Unknown'),
          node('e'),
        ],
      }),
      options,
    );
    expect(summary.apiVersion).toBe('v1.34.1-eks-d96d92f');
    expect(summary.nodes).toEqual({ ready: 2, total: 5 });
  });

  it('lists load balancer and Gateway addresses once each, sorted', () => {
    const summary = summarizeCluster(
      objects({
        services: [
          loadBalancer('istio-ingress', 'istio-ingressgateway', [
            { ip: '20.61.22.17' },
            { hostname: 'lb.example.com' },
          ]),
          loadBalancer('gateway-system', 'public-gateway-istio', [
            { ip: '10.0.0.9' },
          ]),
          loadBalancer('pending', 'no-address-yet', []),
          {
            metadata: { name: 'ext', namespace: 'x' },
            spec: { type: 'ExternalName', externalName: 'a.example.com' },
          },
        ],
        gateways: [
          apiGateway(
            'gateway-system',
            'public-gateway',
            [],
            ['10.0.0.9', '20.61.22.17'],
          ),
        ],
      }),
      options,
    );
    expect(summary.ingress.addresses).toEqual([
      '10.0.0.9',
      '20.61.22.17',
      'lb.example.com',
    ]);
  });

  describe('Istio', () => {
    const gateway = istioGateway('istio-ingress', 'public-gateway', [
      httpsServer(['*.apps.x.com']),
      httpServer(['*.apps.x.com']),
    ]);

    it('publishes gateway hosts with their TLS, without the namespace prefix, and never `*` alone', () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [
            istioGateway('istio-ingress', 'public-gateway', [
              httpsServer(['*/*.apps.x.com', './admin.x.com']),
              httpServer(['*']),
            ]),
          ],
        }),
        options,
      );
      expect(summary.ingress.hosts).toEqual([
        {
          host: '*.apps.x.com',
          sources: [
            {
              kind: 'Gateway',
              group: 'networking.istio.io',
              namespace: 'istio-ingress',
              name: 'public-gateway',
            },
          ],
          tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps-tls' },
          destinations: [],
        },
        {
          host: 'admin.x.com',
          sources: [
            {
              kind: 'Gateway',
              group: 'networking.istio.io',
              namespace: 'istio-ingress',
              name: 'public-gateway',
            },
          ],
          tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps-tls' },
          destinations: [],
        },
      ]);
    });

    it('gives a VirtualService host the TLS of the wildcard server it binds to, and its destinations', () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [gateway],
          virtualServices: [
            virtualService(
              'checkout',
              'checkout',
              ['checkout.apps.x.com'],
              ['istio-ingress/public-gateway'],
            ),
          ],
        }),
        options,
      );
      expect(
        summary.ingress.hosts.find(h => h.host === 'checkout.apps.x.com'),
      ).toEqual({
        host: 'checkout.apps.x.com',
        sources: [
          {
            kind: 'VirtualService',
            group: 'networking.istio.io',
            namespace: 'checkout',
            name: 'checkout',
          },
        ],
        tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps-tls' },
        destinations: ['checkout.checkout.svc.cluster.local:80'],
      });
    });

    it('skips VirtualServices bound only to the mesh, explicitly or by default', () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [gateway],
          virtualServices: [
            virtualService(
              'shop',
              'reviews',
              ['reviews.shop.svc.cluster.local'],
              ['mesh'],
            ),
            virtualService('shop', 'ratings', ['ratings'], undefined),
            virtualService(
              'shop',
              'both',
              ['both.apps.x.com'],
              ['mesh', 'istio-ingress/public-gateway'],
            ),
          ],
        }),
        options,
      );
      expect(summary.ingress.hosts.map(h => h.host)).toEqual([
        '*.apps.x.com',
        'both.apps.x.com',
      ]);
    });

    it('resolves a gateway named without namespace in the VirtualService namespace', () => {
      const local = istioGateway('shop', 'shop-gateway', [
        httpsServer(['shop.x.com'], 'shop-tls'),
      ]);
      const summary = summarizeCluster(
        objects({
          istioGateways: [gateway, local],
          virtualServices: [
            virtualService('shop', 'front', ['shop.x.com'], ['shop-gateway']),
            virtualService(
              'shop',
              'lost',
              ['lost.apps.x.com'],
              ['no-such-gateway'],
            ),
          ],
        }),
        options,
      );
      const front = summary.ingress.hosts.find(h => h.host === 'shop.x.com');
      expect(front?.tls).toEqual({
        mode: 'SIMPLE',
        credentialName: 'shop-tls',
      });
      expect(front?.sources.map(s => s.kind)).toEqual([
        'Gateway',
        'VirtualService',
      ]);
      // Bound to a gateway that does not exist: published, but no TLS can be told.
      expect(
        summary.ingress.hosts.find(h => h.host === 'lost.apps.x.com')?.tls,
      ).toBeUndefined();
    });

    it('honours server hosts restricted to a namespace', () => {
      const restricted = istioGateway('istio-ingress', 'restricted', [
        httpsServer(['team-a/*.apps.x.com']),
      ]);
      const summary = summarizeCluster(
        objects({
          istioGateways: [restricted],
          virtualServices: [
            virtualService(
              'team-a',
              'a',
              ['a.apps.x.com'],
              ['istio-ingress/restricted'],
            ),
            virtualService(
              'team-b',
              'b',
              ['b.apps.x.com'],
              ['istio-ingress/restricted'],
            ),
          ],
        }),
        options,
      );
      expect(
        summary.ingress.hosts.find(h => h.host === 'a.apps.x.com')?.tls?.mode,
      ).toBe('SIMPLE');
      expect(
        summary.ingress.hosts.find(h => h.host === 'b.apps.x.com')?.tls,
      ).toBeUndefined();
    });

    it('prefers the exact server host over a wildcard for TLS', () => {
      const gw = istioGateway('istio-ingress', 'gw', [
        httpsServer(['*.apps.x.com'], 'wildcard-tls'),
        httpsServer(['pay.apps.x.com'], 'pay-tls'),
      ]);
      const summary = summarizeCluster(
        objects({
          istioGateways: [gw],
          virtualServices: [
            virtualService(
              'pay',
              'pay',
              ['pay.apps.x.com'],
              ['istio-ingress/gw'],
            ),
          ],
        }),
        options,
      );
      expect(
        summary.ingress.hosts.find(h => h.host === 'pay.apps.x.com')?.tls
          ?.credentialName,
      ).toBe('pay-tls');
    });

    it('merges every object publishing the same host into one entry', () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [gateway],
          virtualServices: [
            virtualService(
              'checkout',
              'checkout',
              ['checkout.apps.x.com'],
              ['istio-ingress/public-gateway'],
            ),
            virtualService(
              'checkout',
              'checkout-canary',
              ['Checkout.apps.x.com'],
              ['istio-ingress/public-gateway'],
              [
                { host: 'checkout', port: 80, weight: 90 },
                { host: 'checkout-canary', port: 80, weight: 10 },
              ],
            ),
          ],
        }),
        options,
      );
      const hosts = summary.ingress.hosts.filter(
        h => h.host === 'checkout.apps.x.com',
      );
      expect(hosts).toHaveLength(1);
      expect(hosts[0].sources.map(s => s.name)).toEqual([
        'checkout',
        'checkout-canary',
      ]);
      expect(hosts[0].destinations).toEqual([
        'checkout.checkout.svc.cluster.local:80',
        'checkout:80 (weight 90)',
        'checkout-canary:80 (weight 10)',
      ]);
    });
  });

  describe('Gateway API', () => {
    const gateway = apiGateway(
      'gateway-system',
      'public-gateway',
      [httpsListener('*.eu.example.com'), httpListener('*.eu.example.com')],
      ['20.61.14.201'],
    );

    it('publishes listener hostnames with the TLS of HTTPS listeners, never a listener without hostname', () => {
      const summary = summarizeCluster(
        objects({
          gateways: [
            gateway,
            apiGateway('other', 'catch-all', [
              httpsListener(undefined, 'other-tls'),
            ]),
          ],
        }),
        options,
      );
      expect(summary.ingress.hosts).toEqual([
        {
          host: '*.eu.example.com',
          sources: [
            {
              kind: 'Gateway',
              group: 'gateway.networking.k8s.io',
              namespace: 'gateway-system',
              name: 'public-gateway',
            },
          ],
          tls: { mode: 'Terminate', credentialName: 'wildcard-apps-tls' },
          destinations: [],
        },
      ]);
    });

    it('lists weighted backendRefs of an HTTPRoute, with the TLS of the listener it attaches to', () => {
      const route = httpRoute(
        'global-ingress',
        'checkout-global',
        ['checkout.eu.example.com'],
        [
          {
            name: 'public-gateway',
            namespace: 'gateway-system',
            sectionName: 'https',
          },
        ],
        [
          { name: 'checkout-global-aks-eu-prod-1', port: 443, weight: 80 },
          { name: 'checkout-global-aks-eu-prod-2', port: 443, weight: 20 },
          { name: 'checkout-global-spare', port: 443, weight: 0 },
        ],
      );
      const host = summarizeCluster(
        objects({ gateways: [gateway], httpRoutes: [route] }),
        options,
      ).ingress.hosts.find(h => h.host === 'checkout.eu.example.com');
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
        destinations: [
          'checkout-global-aks-eu-prod-1:443 (weight 80)',
          'checkout-global-aks-eu-prod-2:443 (weight 20)',
          'checkout-global-spare:443 (weight 0)',
        ],
      });
    });

    it('shows a single backend without weight, and the namespace of a cross-namespace backend', () => {
      const routes = [
        httpRoute(
          'shop',
          'single',
          ['shop.eu.example.com'],
          [{ name: 'public-gateway', namespace: 'gateway-system' }],
          [{ name: 'shop', port: 80, weight: 1 }],
        ),
        httpRoute(
          'shop',
          'split',
          ['split.eu.example.com'],
          [{ name: 'public-gateway', namespace: 'gateway-system' }],
          [
            { name: 'shop', port: 80 },
            { name: 'legacy', namespace: 'legacy', port: 8080 },
          ],
        ),
      ];
      const hosts = summarizeCluster(
        objects({ gateways: [gateway], httpRoutes: routes }),
        options,
      ).ingress.hosts;
      expect(
        hosts.find(h => h.host === 'shop.eu.example.com')?.destinations,
      ).toEqual(['shop:80']);
      expect(
        hosts.find(h => h.host === 'split.eu.example.com')?.destinations,
      ).toEqual(['shop:80 (weight 1)', 'legacy/legacy:8080 (weight 1)']);
    });

    it('gives no TLS to a route attached only to the plain HTTP listener, or to a listener not matching it', () => {
      const routes = [
        httpRoute(
          'shop',
          'plain',
          ['plain.eu.example.com'],
          [
            {
              name: 'public-gateway',
              namespace: 'gateway-system',
              sectionName: 'http',
            },
          ],
          [{ name: 'plain', port: 80 }],
        ),
        httpRoute(
          'shop',
          'elsewhere',
          ['shop.us.example.com'],
          [{ name: 'public-gateway', namespace: 'gateway-system' }],
          [{ name: 'shop', port: 80 }],
        ),
      ];
      const hosts = summarizeCluster(
        objects({ gateways: [gateway], httpRoutes: routes }),
        options,
      ).ingress.hosts;
      expect(
        hosts.find(h => h.host === 'plain.eu.example.com')?.tls,
      ).toBeUndefined();
      expect(
        hosts.find(h => h.host === 'shop.us.example.com')?.tls,
      ).toBeUndefined();
    });
  });

  describe('certificates', () => {
    it('reports dnsNames, secret, readiness and expiry of every Certificate, sorted', () => {
      const summary = summarizeCluster(
        objects({
          certificates: [
            certificate(
              'istio-ingress',
              'wildcard-apps',
              ['*.apps.x.com', 'apps.x.com'],
              'wildcard-apps-tls',
              inDays(64),
            ),
            certificate(
              'a-team',
              'soon',
              ['soon.x.com'],
              'soon-tls',
              inDays(12),
            ),
            certificate(
              'a-team',
              'expired',
              ['old.x.com'],
              'old-tls',
              inDays(-2),
              false,
            ),
            certificate(
              'a-team',
              'pending',
              ['new.x.com'],
              'new-tls',
              null,
              false,
            ),
          ],
        }),
        options,
      );
      expect(summary.certificates).toEqual([
        {
          namespace: 'a-team',
          name: 'expired',
          dnsNames: ['old.x.com'],
          secretName: 'old-tls',
          ready: false,
          notAfter: inDays(-2),
          expiringSoon: true,
        },
        {
          namespace: 'a-team',
          name: 'pending',
          dnsNames: ['new.x.com'],
          secretName: 'new-tls',
          ready: false,
          expiringSoon: false,
        },
        {
          namespace: 'a-team',
          name: 'soon',
          dnsNames: ['soon.x.com'],
          secretName: 'soon-tls',
          ready: true,
          notAfter: inDays(12),
          expiringSoon: true,
        },
        {
          namespace: 'istio-ingress',
          name: 'wildcard-apps',
          dnsNames: ['*.apps.x.com', 'apps.x.com'],
          secretName: 'wildcard-apps-tls',
          ready: true,
          notAfter: inDays(64),
          expiringSoon: false,
        },
      ]);
    });

    it('flags expiry against the configured window, the boundary included', () => {
      const certs = [certificate('ns', 'c', ['c.x.com'], 'c-tls', inDays(30))];
      expect(
        summarizeCluster(objects({ certificates: certs }), options)
          .certificates[0].expiringSoon,
      ).toBe(true);
      expect(
        summarizeCluster(objects({ certificates: certs }), {
          now: NOW,
          expiryWarningDays: 29,
        }).certificates[0].expiringSoon,
      ).toBe(false);
    });

    it('attaches the covering certificate to each host: a wildcard covers one label, not the bare domain', () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [
            istioGateway('istio-ingress', 'gw', [
              httpsServer(['*.apps.x.com', 'apps.x.com', 'x.com']),
            ]),
          ],
          virtualServices: [
            virtualService(
              'a',
              'deep',
              ['a.b.apps.x.com'],
              ['istio-ingress/gw'],
            ),
          ],
          certificates: [
            certificate(
              'istio-ingress',
              'wildcard-apps',
              ['*.apps.x.com'],
              'wildcard-apps-tls',
              inDays(12),
            ),
          ],
        }),
        options,
      );
      const cert = (host: string) =>
        summary.ingress.hosts.find(h => h.host === host)?.certificate;
      expect(cert('*.apps.x.com')).toEqual({
        namespace: 'istio-ingress',
        name: 'wildcard-apps',
        ready: true,
        notAfter: inDays(12),
        expiringSoon: true,
      });
      expect(cert('apps.x.com')).toBeUndefined();
      expect(cert('x.com')).toBeUndefined();
      expect(cert('a.b.apps.x.com')).toBeUndefined();
    });

    it('prefers an exact dnsName over a wildcard', () => {
      const summary = summarizeCluster(
        objects({
          virtualServices: [
            virtualService(
              'pay',
              'pay',
              ['pay.apps.x.com'],
              ['istio-ingress/none'],
            ),
          ],
          certificates: [
            certificate(
              'istio-ingress',
              'wildcard',
              ['*.apps.x.com'],
              'wildcard-tls',
            ),
            certificate('pay', 'pay', ['pay.apps.x.com'], 'pay-tls'),
          ],
        }),
        options,
      );
      expect(summary.ingress.hosts[0].certificate?.name).toBe('pay');
    });

    it("prefers the certificate stored in the gateway's credential secret, even over an exact dnsName", () => {
      const summary = summarizeCluster(
        objects({
          istioGateways: [
            istioGateway('istio-ingress', 'gw', [
              httpsServer(['*.apps.x.com'], 'wildcard-apps-tls'),
            ]),
          ],
          virtualServices: [
            virtualService(
              'pay',
              'pay',
              ['pay.apps.x.com'],
              ['istio-ingress/gw'],
            ),
          ],
          certificates: [
            certificate('pay', 'pay-unused', ['pay.apps.x.com'], 'pay-tls'),
            certificate(
              'other',
              'same-secret-elsewhere',
              ['*.apps.x.com'],
              'wildcard-apps-tls',
            ),
            certificate(
              'istio-ingress',
              'wildcard-apps',
              ['*.apps.x.com'],
              'wildcard-apps-tls',
            ),
          ],
        }),
        options,
      );
      const pay = summary.ingress.hosts.find(h => h.host === 'pay.apps.x.com');
      expect(pay?.certificate).toEqual(
        expect.objectContaining({
          namespace: 'istio-ingress',
          name: 'wildcard-apps',
        }),
      );
    });
  });
});
