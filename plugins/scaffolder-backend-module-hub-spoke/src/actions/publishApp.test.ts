import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { componentEntityV1alpha1Validator } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { hubsConfig, readTree, runAction } from '../__testUtils__/fixtures';
import {
  hubInput,
  publishInput,
  publishTopology,
} from '../__testUtils__/publishFixtures';
import {
  FakeHubSpoke,
  catalogEntityErrors,
  externalNameServiceErrors,
  publishedManifestErrors,
  startFakeHubSpoke,
} from '@hub-spoke/test-utils';
import { planPublish } from '../publish/plan';
import { resolvePublish } from '../publish/resolve';
import { resolveWeights, validatePublishInput } from '../publish/validate';
import { createPublishAppAction } from './publishApp';

const specOf = (input: Record<string, any>) =>
  resolvePublish(validatePublishInput(input), publishTopology());

/** Every manifest of a plan, parsed, by path; each checked against its schema. */
function manifestsOf(input: Record<string, any>) {
  const plan = planPublish(specOf(input));
  const docs: Record<string, any> = {};
  for (const f of plan.files) docs[f.path] = parse(f.content);
  return docs;
}

/** Schema errors of every manifest but the catalog entity (one expectation, so a failure lists every file). */
function expectValid(docs: Record<string, any>) {
  const results = Object.entries(docs)
    .filter(([file]) => !file.endsWith('catalog-info.yaml'))
    .map(([file, doc]) => ({ file, errors: publishedManifestErrors(doc) }));
  expect(results.length).toBeGreaterThan(0);
  expect(results).toEqual(results.map(r => ({ file: r.file, errors: [] })));
}

describe('validatePublishInput', () => {
  it('fills the defaults: namespace = name, paths /, service name:80, istio, spoke, wildcard, pull request', () => {
    const req = validatePublishInput(publishInput());
    expect(req.spec).toMatchObject({
      name: 'shop',
      namespace: 'shop',
      paths: ['/'],
      service: { name: 'shop', port: 80 },
      ingress: 'istio',
      exposure: 'spoke',
      tls: 'wildcard',
      targetPath: 'apps/shop',
    });
    expect(req.mode).toBe('pull-request');
    expect(req.targets).toEqual([{ cluster: 'aks-eu-prod-1', weight: 100 }]);
  });

  it.each([
    [{ name: 'Shop_1' }, /name "Shop_1" must consist of lowercase/],
    [{ namespace: '-shop' }, /namespace "-shop"/],
    [
      { host: 'shop' },
      /host "shop" must be a DNS name with at least two labels/,
    ],
    [{ host: 'Shop.apps.example.com' }, /host .* must be lowercase/],
    [{ paths: ['api'] }, /paths\[0\] "api" is not a URL path prefix/],
    [{ paths: ['/a b'] }, /paths\[0\] "\/a b"/],
    [{ service: { port: 70000 } }, /service.port 70000 is not a port/],
    [{ service: { port: 80.5 } }, /service.port 80.5/],
    [{ targets: [] }, /targets: Array must contain at least 1/],
    [{ targets: [{ cluster: 'AKS' }] }, /targets\[0\].cluster "AKS"/],
    [
      { targetPath: '../outside' },
      /targetPath "..\/outside" must be a folder inside the workspace/,
    ],
    [
      { pinnedPaths: ['/api'] },
      /pinnedPaths and circuitBreaking apply to exposure hub only/,
    ],
    [
      { circuitBreaking: { maxConnections: 5 } },
      /pinnedPaths and circuitBreaking apply to exposure hub only/,
    ],
    [
      {
        ingress: 'gateway-api',
        tls: 'dedicated',
        host: 'shop.apps.aks-eu-prod-2.example.com',
      },
      /tls dedicated needs ingress istio/,
    ],
  ])('refuses %j', (overrides, message) => {
    expect(() => validatePublishInput(publishInput(overrides as any))).toThrow(
      message,
    );
  });

  it('accepts the empty pinnedPaths and circuitBreaking a form sends with exposure spoke', () => {
    expect(
      validatePublishInput(
        publishInput({ pinnedPaths: [], circuitBreaking: {} }),
      ).spec.exposure,
    ).toBe('spoke');
    expect(
      validatePublishInput(
        publishInput({ circuitBreaking: false, namespace: '' }),
      ).spec.namespace,
    ).toBe('shop');
  });

  it('refuses circuit-breaking values that are not counts or durations', () => {
    expect(() =>
      validatePublishInput(
        hubInput({ circuitBreaking: { interval: '10 seconds' } }),
      ),
    ).toThrow(/circuitBreaking.interval "10 seconds" must be a duration/);
    expect(() =>
      validatePublishInput(
        hubInput({ circuitBreaking: { maxEjectionPercent: 150 } }),
      ),
    ).toThrow(
      /circuitBreaking.maxEjectionPercent 150 must be a non-negative integer up to 100/,
    );
  });
});

describe('resolveWeights', () => {
  const t = (weight?: number, cluster = 'a') => ({ cluster, weight });
  it('gives a single target 100 and refuses any other weight', () => {
    expect(resolveWeights([t()])).toEqual([100]);
    expect(() => resolveWeights([t(60)])).toThrow(
      'a single target takes all the traffic: its weight must be 100 (or left out), not 60',
    );
  });
  it('splits evenly when no weight is given, the remainder to the first', () => {
    expect(resolveWeights([t(), t(undefined, 'b'), t(undefined, 'c')])).toEqual(
      [34, 33, 33],
    );
  });
  it('refuses weights that are not integers 0–100 or do not sum to 100', () => {
    expect(() => resolveWeights([t(50.5), t(49.5, 'b')])).toThrow(
      'weight 50.5 of target a must be an integer from 0 to 100',
    );
    expect(() => resolveWeights([t(120), t(-20, 'b')])).toThrow(/weight 120/);
    expect(() => resolveWeights([t(50), t(40, 'b')])).toThrow(
      'target weights must sum to 100 (a 50 + b 40 = 90)',
    );
    expect(() => resolveWeights([t(50), t(undefined, 'b')])).toThrow(
      'give a weight to every target or to none (missing on b)',
    );
  });
});

describe('resolvePublish against the live topology', () => {
  it('refuses an unknown target, listing the spokes the initiator can see', () => {
    expect(() =>
      specOf(publishInput({ targets: [{ cluster: 'aks-eu-prod-9' }] })),
    ).toThrow(
      'target aks-eu-prod-9 is not a spoke you can see; spokes you can see: aks-eu-prod-1, aks-eu-prod-2, eks-us-prod-1',
    );
  });
  it('refuses an unregistered target unless allowUnregistered', () => {
    expect(() =>
      specOf(publishInput({ targets: [{ cluster: 'legacy-onprem-1' }] })),
    ).toThrow(
      /legacy-onprem-1 is named by Applications on hub aks-mgmt-hub but not registered/,
    );
    expect(() =>
      specOf(
        publishInput({
          targets: [{ cluster: 'legacy-onprem-1' }],
          allowUnregistered: true,
          allowAnyDomain: true,
          tls: 'dedicated',
        }),
      ),
    ).not.toThrow();
  });
  it("refuses a host outside the spoke's ingress domain unless allowAnyDomain", () => {
    expect(() => specOf(publishInput({ host: 'shop.example.org' }))).toThrow(
      "host shop.example.org is not under aks-eu-prod-1's ingress domain apps.aks-eu-prod-1.example.com: use e.g. shop.apps.aks-eu-prod-1.example.com",
    );
    expect(
      specOf(
        publishInput({
          host: 'shop.example.org',
          allowAnyDomain: true,
          tls: 'dedicated',
        }),
      ).host,
    ).toBe('shop.example.org');
  });
  it('refuses tls wildcard for a host two labels under the domain', () => {
    expect(() =>
      specOf(publishInput({ host: 'a.shop.apps.aks-eu-prod-1.example.com' })),
    ).toThrow(/covers \*.apps.aks-eu-prod-1.example.com only/);
  });
  it('refuses a host already published on the target spoke, saying where', () => {
    expect(() =>
      specOf(
        publishInput({
          name: 'shop',
          host: 'checkout.apps.aks-eu-prod-1.example.com',
        }),
      ),
    ).toThrow(
      'host checkout.apps.aks-eu-prod-1.example.com is already published on aks-mgmt-hub/aks-eu-prod-1 by VirtualService checkout/checkout',
    );
  });
  it('accepts a re-run of the app that owns the host', () => {
    expect(() =>
      specOf(
        publishInput({
          name: 'checkout',
          host: 'checkout.apps.aks-eu-prod-1.example.com',
        }),
      ),
    ).not.toThrow();
  });
  it('refuses a hub host already published on the hub', () => {
    expect(() => specOf(hubInput({ host: 'checkout.eu.example.com' }))).toThrow(
      'host checkout.eu.example.com is already published on hub aks-mgmt-hub by HTTPRoute global-ingress/checkout-global',
    );
  });
  it('refuses exposure hub across two hubs, and one spoke host for two domains', () => {
    expect(() =>
      specOf(
        hubInput({
          targets: [{ cluster: 'aks-eu-prod-1' }, { cluster: 'eks-us-prod-1' }],
        }),
      ),
    ).toThrow(/targets belong to aks-mgmt-hub and eks-mgmt-hub/);
    expect(() =>
      specOf(
        publishInput({
          targets: [{ cluster: 'aks-eu-prod-1' }, { cluster: 'aks-eu-prod-2' }],
        }),
      ),
    ).toThrow(/not under aks-eu-prod-2's ingress domain/);
  });
  it('pins paths to the first target unless another is named', () => {
    expect(specOf(hubInput()).pinnedPaths).toEqual([
      { path: '/api', cluster: 'aks-eu-prod-1' },
    ]);
    expect(
      specOf(
        hubInput({ pinnedPaths: [{ path: '/api', cluster: 'aks-eu-prod-2' }] }),
      ).pinnedPaths,
    ).toEqual([{ path: '/api', cluster: 'aks-eu-prod-2' }]);
  });
});

describe('publish manifests', () => {
  it('one spoke with Istio: an Application with the app and its routes, a Gateway server and a VirtualService', () => {
    const docs = manifestsOf(publishInput());
    expect(Object.keys(docs).sort()).toEqual([
      'apps/shop/aks-eu-prod-1/application.yaml',
      'apps/shop/aks-eu-prod-1/routes/gateway.yaml',
      'apps/shop/aks-eu-prod-1/routes/virtualservice.yaml',
      'apps/shop/catalog-info.yaml',
    ]);
    expectValid(docs);
    const app = docs['apps/shop/aks-eu-prod-1/application.yaml'];
    expect(app.metadata).toMatchObject({
      name: 'shop-aks-eu-prod-1',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'shop' },
    });
    expect(app.spec.destination).toEqual({
      name: 'aks-eu-prod-1',
      namespace: 'shop',
    });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
    expect(app.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    expect(app.spec.sources).toEqual([
      {
        repoURL: 'https://github.com/example/shop',
        path: 'deploy',
        targetRevision: 'main',
      },
      {
        repoURL: 'https://github.com/example/fleet',
        path: 'apps/shop/aks-eu-prod-1/routes',
        targetRevision: 'main',
      },
    ]);
    const gw = docs['apps/shop/aks-eu-prod-1/routes/gateway.yaml'];
    expect(gw.spec.servers[0]).toMatchObject({
      hosts: ['shop.apps.aks-eu-prod-1.example.com'],
      tls: { mode: 'SIMPLE', credentialName: 'wildcard-ingress-tls' },
    });
    const vs = docs['apps/shop/aks-eu-prod-1/routes/virtualservice.yaml'];
    expect(vs.spec.gateways).toEqual(['shop/shop']);
    expect(vs.spec.http[0].route[0].destination).toEqual({
      host: 'shop.shop.svc.cluster.local',
      port: { number: 80 },
    });
    const entity = docs['apps/shop/catalog-info.yaml'];
    expect(entity.metadata.annotations).toEqual({
      'argocd/app-name': 'shop-aks-eu-prod-1',
    });
  });

  it('tls wildcard reuses the Secret of the wildcard Certificate the spoke really has', () => {
    const topology = publishTopology();
    const spoke = topology.clusters.find(c => c.name === 'aks-eu-prod-1')!;
    spoke.certificates = [
      // not ready: never chosen
      {
        namespace: 'istio-ingress',
        name: 'a-broken',
        dnsNames: ['*.apps.aks-eu-prod-1.example.com'],
        secretName: 'broken-tls',
        ready: false,
        expiringSoon: false,
      },
      // another domain
      {
        namespace: 'istio-ingress',
        name: 'other',
        dnsNames: ['*.other.example.com'],
        secretName: 'other-tls',
        ready: true,
        expiringSoon: false,
      },
      {
        namespace: 'istio-ingress',
        name: 'wildcard',
        dnsNames: ['*.apps.aks-eu-prod-1.example.com'],
        secretName: 'wildcard-apps-tls',
        ready: true,
        expiringSoon: false,
      },
    ];
    const plan = planPublish(
      resolvePublish(validatePublishInput(publishInput()), topology),
    );
    const gw = parse(
      plan.files.find(
        f => f.path === 'apps/shop/aks-eu-prod-1/routes/gateway.yaml',
      )!.content,
    );
    expect(gw.spec.servers[0].tls).toEqual({
      mode: 'SIMPLE',
      credentialName: 'wildcard-apps-tls',
    });
  });

  it('tls dedicated adds a cert-manager Certificate for the host that the Gateway server uses', () => {
    const docs = manifestsOf(publishInput({ tls: 'dedicated' }));
    expectValid(docs);
    const cert = docs['apps/shop/aks-eu-prod-1/routes/certificate.yaml'];
    expect(cert.spec.dnsNames).toEqual(['shop.apps.aks-eu-prod-1.example.com']);
    expect(cert.metadata.namespace).toBe('istio-ingress');
    expect(
      docs['apps/shop/aks-eu-prod-1/routes/gateway.yaml'].spec.servers[0].tls
        .credentialName,
    ).toBe('shop-tls');
  });

  it('tls none serves plain HTTP', () => {
    const docs = manifestsOf(publishInput({ tls: 'none' }));
    expectValid(docs);
    const servers =
      docs['apps/shop/aks-eu-prod-1/routes/gateway.yaml'].spec.servers;
    expect(servers).toHaveLength(1);
    expect(servers[0].port.protocol).toBe('HTTP');
  });

  it("one spoke with Gateway API: an HTTPRoute attached to the spoke's Gateway", () => {
    const docs = manifestsOf(
      publishInput({
        targets: [{ cluster: 'aks-eu-prod-2' }],
        host: 'shop.apps.aks-eu-prod-2.example.com',
        ingress: 'gateway-api',
        paths: ['/shop', '/cart'],
        service: { name: 'shop-web', port: 8080 },
      }),
    );
    expectValid(docs);
    const route = docs['apps/shop/aks-eu-prod-2/routes/httproute.yaml'];
    expect(route.spec.parentRefs).toEqual([
      expect.objectContaining({
        name: 'public-gateway',
        namespace: 'gateway-system',
        sectionName: 'https',
      }),
    ]);
    expect(route.spec.hostnames).toEqual([
      'shop.apps.aks-eu-prod-2.example.com',
    ]);
    expect(route.spec.rules[0].matches.map((m: any) => m.path.value)).toEqual([
      '/shop',
      '/cart',
    ]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { kind: 'Service', name: 'shop-web', port: 8080 },
    ]);
  });

  it('exposure hub: weighted split, pinned /api, ExternalName Services, ServiceEntries, DestinationRules, hub Application', async () => {
    const docs = manifestsOf(hubInput());
    expectValid(docs);
    const route = docs['apps/shop/hub/routes/httproute.yaml'];
    expect(route.spec.hostnames).toEqual(['shop.eu.example.com']);
    const [pinned, split] = route.spec.rules;
    expect(pinned.matches).toEqual([
      { path: { type: 'PathPrefix', value: '/api' } },
    ]);
    expect(pinned.backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ['shop-aks-eu-prod-1', 100],
      ['shop-aks-eu-prod-2', 0],
    ]);
    expect(split.backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ['shop-aks-eu-prod-1', 50],
      ['shop-aks-eu-prod-2', 50],
    ]);
    expect(split.backendRefs[1].filters).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: {
          set: [{ name: 'Host', value: 'shop.apps.aks-eu-prod-2.example.com' }],
        },
      },
    ]);
    const svc = docs['apps/shop/hub/routes/service-aks-eu-prod-1.yaml'];
    expect(svc.spec).toMatchObject({
      type: 'ExternalName',
      externalName: 'shop.apps.aks-eu-prod-1.example.com',
    });
    const se = docs['apps/shop/hub/routes/serviceentry-aks-eu-prod-2.yaml'];
    expect(se.spec.hosts).toEqual(['shop.apps.aks-eu-prod-2.example.com']);
    const dr = docs['apps/shop/hub/routes/destinationrule-aks-eu-prod-1.yaml'];
    expect(dr.spec.host).toBe(
      'shop-aks-eu-prod-1.global-ingress.svc.cluster.local',
    );
    expect(dr.spec.trafficPolicy).toEqual({
      connectionPool: {
        tcp: { maxConnections: 100 },
        http: {
          maxRequestsPerConnection: 10,
          h2UpgradePolicy: 'DO_NOT_UPGRADE',
        },
      },
      outlierDetection: {
        consecutive5xxErrors: 3,
        interval: '10s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 100,
      },
      tls: { mode: 'SIMPLE', sni: 'shop.apps.aks-eu-prod-1.example.com' },
    });
    const hubApp = docs['apps/shop/hub/application.yaml'];
    expect(hubApp.spec.destination).toEqual({
      name: 'in-cluster',
      namespace: 'global-ingress',
    });
    // The spokes serve the spoke-local host.
    expect(
      docs['apps/shop/aks-eu-prod-2/routes/virtualservice.yaml'].spec.hosts,
    ).toEqual(['shop.apps.aks-eu-prod-2.example.com']);
    const entity = docs['apps/shop/catalog-info.yaml'];
    expect(entity.metadata.annotations).toEqual({
      'argocd/app-selector': 'app.kubernetes.io/part-of=shop',
    });
    expect(await catalogEntityErrors(entity, { kind: false })).toEqual([]);
    expect(await componentEntityV1alpha1Validator.check(entity)).toBe(true);
  });

  it('circuit breaking can be overridden field by field, or turned off', () => {
    const over = manifestsOf(
      hubInput({
        circuitBreaking: { consecutive5xxErrors: 5, maxConnections: 20 },
      }),
    );
    expectValid(over);
    const tp =
      over['apps/shop/hub/routes/destinationrule-aks-eu-prod-1.yaml'].spec
        .trafficPolicy;
    expect(tp.outlierDetection.consecutive5xxErrors).toBe(5);
    expect(tp.outlierDetection.interval).toBe('10s');
    expect(tp.connectionPool.tcp.maxConnections).toBe(20);
    const off = manifestsOf(hubInput({ circuitBreaking: false }));
    expectValid(off);
    expect(
      off['apps/shop/hub/routes/destinationrule-aks-eu-prod-1.yaml'].spec
        .trafficPolicy,
    ).toEqual({
      tls: { mode: 'SIMPLE', sni: 'shop.apps.aks-eu-prod-1.example.com' },
    });
  });

  it('the ExternalName rule check catches what the schema does not', () => {
    expect(
      externalNameServiceErrors({
        spec: {
          type: 'ClusterIP',
          externalName: 'Bad_Host',
          clusterIP: '10.0.0.1',
        },
      }),
    ).toEqual([
      'spec.type must be ExternalName',
      'spec.externalName must be a lowercase RFC-1123 hostname',
      'spec.clusterIP must be empty for ExternalName',
    ]);
  });
});

describe('hub-spoke:app:publish action', () => {
  let hubSpoke: FakeHubSpoke;
  const mockDir = createMockDirectory();
  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology: publishTopology });
  });
  afterAll(() => hubSpoke.close());
  beforeEach(() => mockDir.clear());

  const action = () =>
    createPublishAppAction({
      config: hubsConfig(),
      hubSpokeApi: hubSpoke.api,
      permissions: mockServices.permissions(),
    });

  it('writes the files, outputs the Applications and the URL, and is idempotent', async () => {
    const first = await runAction(action(), hubInput(), {
      workspace: mockDir.path,
    });
    expect(first.outputs.applications).toEqual([
      'shop-aks-eu-prod-1',
      'shop-aks-eu-prod-2',
      'shop-hub-routes',
    ]);
    expect(first.outputs.url).toBe('https://shop.eu.example.com');
    const tree = readTree(mockDir.path);
    expect(Object.keys(tree).sort()).toEqual(first.outputs.files);
    await runAction(action(), hubInput(), { workspace: mockDir.path });
    expect(readTree(mockDir.path)).toEqual(tree);
  });

  it('a re-run with another ingress removes the route files of the first and keeps unrelated files', async () => {
    await runAction(action(), publishInput(), { workspace: mockDir.path });
    mockDir.addContent({
      'apps/shop/README.md': 'notes',
      'apps/shop/extra.yaml': 'kind: ConfigMap\n',
    });
    const { outputs } = await runAction(
      action(),
      publishInput({
        targets: [{ cluster: 'aks-eu-prod-2' }],
        host: 'shop.apps.aks-eu-prod-2.example.com',
        ingress: 'gateway-api',
      }),
      { workspace: mockDir.path },
    );
    expect(Object.keys(readTree(mockDir.path)).sort()).toEqual(
      [
        ...(outputs.files as string[]),
        'apps/shop/README.md',
        'apps/shop/extra.yaml',
      ].sort(),
    );
    expect(outputs.files).toEqual([
      'apps/shop/aks-eu-prod-2/application.yaml',
      'apps/shop/aks-eu-prod-2/routes/httproute.yaml',
      'apps/shop/catalog-info.yaml',
    ]);
  });

  it('writes nothing when it refuses', async () => {
    await expect(
      runAction(
        action(),
        publishInput({ host: 'checkout.apps.aks-eu-prod-1.example.com' }),
        {
          workspace: mockDir.path,
        },
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(readTree(mockDir.path)).toEqual({});
    await expect(
      runAction(action(), publishInput({ targets: [{ cluster: 'nope' }] }), {
        workspace: mockDir.path,
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(readTree(mockDir.path)).toEqual({});
  });

  it("apply mode without the hub's apply credential (hubSpoke.hubs[].apply) is refused before anything is written", async () => {
    await expect(
      runAction(action(), publishInput({ mode: 'apply' }), {
        workspace: mockDir.path,
      }),
    ).rejects.toThrow(
      /^mode apply needs a credential of its own on hub aks-mgmt-hub: set hubSpoke\.hubs\[0\]\.apply /,
    );
    expect(readTree(mockDir.path)).toEqual({});
  });
});
