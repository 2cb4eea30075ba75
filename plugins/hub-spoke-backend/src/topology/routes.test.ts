import { deriveRoutes, resolveSpoke, SpokeTarget } from './routes';

const spokes: SpokeTarget[] = [
  {
    clusterId: 'hub/prod-1',
    ingressDomain: 'apps.prod-1.example.com',
    hosts: [],
  },
  { clusterId: 'hub/prod-2', hosts: ['*.apps.prod-2.example.com'] },
  {
    clusterId: 'hub/prod-3',
    ingressDomain: 'apps.prod-3.example.com',
    hosts: [],
  },
];

const svc = (name: string, externalName: string) => ({
  metadata: { name, namespace: 'global-ingress' },
  spec: { type: 'ExternalName', externalName },
});

const hostSet = (value: string) => [
  {
    type: 'RequestHeaderModifier',
    requestHeaderModifier: { set: [{ name: 'Host', value }] },
  },
];

const route = {
  metadata: { name: 'checkout-global', namespace: 'global-ingress' },
  spec: {
    hostnames: ['checkout.example.com'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          {
            name: 'checkout-prod-1',
            port: 443,
            weight: 80,
            filters: hostSet('checkout.apps.prod-1.example.com'),
          },
          {
            name: 'checkout-prod-2',
            port: 443,
            weight: 20,
            filters: hostSet('checkout.apps.prod-2.example.com'),
          },
          { name: 'checkout-prod-3', port: 443, weight: 0 },
        ],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ name: 'checkout-prod-1', port: 443, weight: 100 }],
      },
    ],
  },
};

const services = [
  svc('checkout-prod-1', 'checkout.apps.prod-1.example.com'),
  svc('checkout-prod-2', 'checkout.apps.prod-2.example.com'),
  svc('checkout-prod-3', 'checkout.apps.prod-3.example.com'),
  {
    metadata: { name: 'plain', namespace: 'global-ingress' },
    spec: { type: 'ClusterIP' },
  },
];

describe('resolveSpoke', () => {
  it('resolves by ingress domain, then by a published wildcard host', () => {
    expect(
      resolveSpoke('checkout.apps.prod-1.example.com', spokes)?.clusterId,
    ).toBe('hub/prod-1');
    expect(
      resolveSpoke('checkout.apps.prod-2.example.com', spokes)?.clusterId,
    ).toBe('hub/prod-2');
    expect(resolveSpoke('a.b.apps.prod-2.example.com', spokes)).toBeUndefined();
    expect(resolveSpoke('elsewhere.example.org', spokes)).toBeUndefined();
  });
});

describe('deriveRoutes', () => {
  const edges = deriveRoutes({
    hub: 'hub',
    httpRoutes: [route],
    services,
    destinationRules: [],
    spokes,
  });

  it('emits one edge per weighted backend with weights in percent', () => {
    const root = edges.filter(e => e.match === 'PathPrefix /');
    expect(root.map(e => [e.to, e.weight, e.idle])).toEqual([
      ['hub/prod-1', 80, false],
      ['hub/prod-2', 20, false],
      ['hub/prod-3', 0, true],
    ]);
    expect(root[0]).toMatchObject({
      kind: 'routes',
      from: 'hub',
      route: { namespace: 'global-ingress', name: 'checkout-global' },
      hostnames: ['checkout.example.com'],
      backend: {
        service: 'checkout-prod-1',
        namespace: 'global-ingress',
        externalName: 'checkout.apps.prod-1.example.com',
        port: 443,
      },
      hostRewrite: 'checkout.apps.prod-1.example.com',
    });
  });

  it('keeps a pinned path rule apart, with its full weight', () => {
    expect(
      edges
        .filter(e => e.match === 'PathPrefix /api')
        .map(e => [e.to, e.weight]),
    ).toEqual([['hub/prod-1', 100]]);
  });

  it('normalises weights that do not sum to 100, and treats an omitted weight as 1', () => {
    const r = {
      metadata: { name: 'r', namespace: 'global-ingress' },
      spec: {
        rules: [
          {
            backendRefs: [
              { name: 'checkout-prod-1', weight: 3 },
              { name: 'checkout-prod-2' },
            ],
          },
        ],
      },
    };
    expect(
      deriveRoutes({
        hub: 'hub',
        httpRoutes: [r],
        services,
        destinationRules: [],
        spokes,
      }).map(e => e.weight),
    ).toEqual([75, 25]);
  });

  it('ignores backends that are not ExternalName Services or resolve to no spoke', () => {
    const r = {
      metadata: { name: 'r', namespace: 'global-ingress' },
      spec: {
        rules: [
          {
            backendRefs: [
              { name: 'plain' },
              { name: 'missing' },
              {
                name: 'x',
                kind: 'ServiceImport',
                group: 'multicluster.x-k8s.io',
              },
            ],
          },
        ],
      },
    };
    expect(
      deriveRoutes({
        hub: 'hub',
        httpRoutes: [r],
        services,
        destinationRules: [],
        spokes,
      }),
    ).toEqual([]);
  });

  it('shows DestinationRule outlier detection on the edge of the Service it targets', () => {
    const withRules = deriveRoutes({
      hub: 'hub',
      httpRoutes: [route],
      services,
      destinationRules: [
        {
          metadata: { name: 'checkout-prod-1', namespace: 'global-ingress' },
          spec: {
            host: 'checkout-prod-1.global-ingress.svc.cluster.local',
            trafficPolicy: {
              outlierDetection: {
                consecutive5xxErrors: 3,
                interval: '10s',
                baseEjectionTime: '30s',
                maxEjectionPercent: 100,
              },
            },
          },
        },
        {
          metadata: { name: 'by-external-host', namespace: 'global-ingress' },
          spec: {
            host: 'checkout.apps.prod-2.example.com',
            trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } },
          },
        },
      ],
      spokes,
    });
    expect(
      withRules.find(e => e.to === 'hub/prod-1')!.outlierDetection,
    ).toEqual({
      consecutive5xxErrors: 3,
      interval: '10s',
      baseEjectionTime: '30s',
      maxEjectionPercent: 100,
    });
    expect(
      withRules.find(e => e.to === 'hub/prod-2')!.outlierDetection,
    ).toEqual({ consecutive5xxErrors: 5 });
    expect(
      withRules.find(e => e.to === 'hub/prod-3')!.outlierDetection,
    ).toBeUndefined();
  });
});
