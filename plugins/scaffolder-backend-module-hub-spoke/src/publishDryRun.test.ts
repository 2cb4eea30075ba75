/**
 * templates/publish-app/template.yaml through the real scaffolder's dry-run endpoint of a started backend (the
 * scaffolder, this module and the hub-spoke backend reading the simulated default fleet): the files a template author
 * would get for one spoke with Istio, one with Gateway API, and two spokes behind the hub gateway.
 */
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { parse } from 'yaml';
import { createPublishAppAction } from './actions/publishApp';
import {
  DryRunResponse,
  filesOf,
  loadTemplate,
  stepStatuses,
  useScaffolderBackend,
} from './__testUtils__/scaffolderBackend';
import {
  catalogEntityErrors,
  publishedManifestErrors,
} from '@hub-spoke/test-utils';

jest.setTimeout(60_000);

const template = loadTemplate('publish-app');

/** A filled-in form: one Istio spoke, pull request not opened (so only the checks and the files run). */
const form = (overrides: Record<string, unknown> = {}) => ({
  name: 'shop',
  owner: 'group:default/shop-team',
  source: {
    repoURL: 'https://github.com/example/shop',
    path: 'deploy/overlays/prod',
    targetRevision: 'main',
  },
  service: { port: 8080 },
  targets: [{ cluster: 'aks-eu-prod-1' }],
  host: 'shop.apps.aks-eu-prod-1.example.com',
  paths: ['/'],
  exposure: 'spoke',
  ingress: 'istio',
  tls: 'wildcard',
  mode: 'pull-request',
  repoUrl: 'github.com?owner=example&repo=fleet',
  targetRevision: 'main',
  openPullRequest: false,
  ...overrides,
});

/** Schema errors of every manifest but the catalog entity (one expectation, so a failure lists every file). */
function expectValidFiles(files: Record<string, string>) {
  const results = Object.entries(files)
    .filter(([file]) => !file.endsWith('catalog-info.yaml'))
    .map(([file, doc]) => ({
      file,
      errors: publishedManifestErrors(parse(doc)),
    }));
  expect(results.length).toBeGreaterThan(0);
  expect(results).toEqual(results.map(r => ({ file: r.file, errors: [] })));
}

describe('publish-app template', () => {
  it('is a valid scaffolder.backstage.io/v1beta3 Template entity', async () => {
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
    expect(await catalogEntityErrors(template, { kind: false })).toEqual([]);
  });

  it('passes only inputs the action knows, and offers the spokes of the default fleet', () => {
    const action = createPublishAppAction({} as any);
    const known = Object.keys((action.schema!.input as any).properties);
    const step = template.spec.steps.find(
      (s: any) => s.action === 'hub-spoke:app:publish',
    );
    for (const key of Object.keys(step.input)) expect(known).toContain(key);
    const targets = template.spec.parameters
      .flatMap((p: any) => Object.entries(p.properties))
      .find(([k]: any) => k === 'targets')[1];
    expect(targets.items.properties.cluster.enum).toEqual(
      expect.arrayContaining(['aks-eu-prod-1', 'aks-eu-prod-2']),
    );
  });
});

describe('publish-app template through the scaffolder dry run', () => {
  const ctx = useScaffolderBackend();
  const dryRun = (values: Record<string, unknown>) =>
    ctx.dryRun(template, values);

  it('one spoke with Istio: an Application to aks-eu-prod-1 with a Gateway server and a VirtualService', async () => {
    const res = await dryRun(form());
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    const body = res.body as DryRunResponse;
    expect(stepStatuses(body)).toEqual({
      publish: 'completed',
      pr: 'skipped',
      register: 'skipped',
    });
    const files = filesOf(body);
    expect(Object.keys(files).sort()).toEqual([
      'apps/shop/aks-eu-prod-1/application.yaml',
      'apps/shop/aks-eu-prod-1/routes/gateway.yaml',
      'apps/shop/aks-eu-prod-1/routes/virtualservice.yaml',
      'apps/shop/catalog-info.yaml',
    ]);
    expectValidFiles(files);
    const app = parse(files['apps/shop/aks-eu-prod-1/application.yaml']);
    expect(app.spec.destination).toEqual({
      name: 'aks-eu-prod-1',
      namespace: 'shop',
    });
    expect(app.spec.sources[1]).toEqual({
      repoURL: 'https://github.com/example/fleet.git',
      path: 'apps/shop/aks-eu-prod-1/routes',
      targetRevision: 'main',
    });
    const vs = parse(
      files['apps/shop/aks-eu-prod-1/routes/virtualservice.yaml'],
    );
    expect(vs.spec.hosts).toEqual(['shop.apps.aks-eu-prod-1.example.com']);
    expect(vs.spec.http[0].route[0].destination).toEqual({
      host: 'shop.shop.svc.cluster.local',
      port: { number: 8080 },
    });
    const entity = parse(files['apps/shop/catalog-info.yaml']);
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: { annotations: { 'argocd/app-name': 'shop-aks-eu-prod-1' } },
      spec: { owner: 'group:default/shop-team' },
    });
    expect(body.output.links.map((l: any) => l.url)).toEqual([
      'https://shop.apps.aks-eu-prod-1.example.com',
      '/hub-spoke',
    ]);
    expect(body.output.text[0].content).toContain(
      'Argo CD Applications: shop-aks-eu-prod-1.',
    );
  });

  it("one spoke with Gateway API: an HTTPRoute attached to aks-eu-prod-2's Gateway", async () => {
    const res = await dryRun(
      form({
        targets: [{ cluster: 'aks-eu-prod-2' }],
        host: 'shop.apps.aks-eu-prod-2.example.com',
        ingress: 'gateway-api',
      }),
    );
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expect(Object.keys(files).sort()).toEqual([
      'apps/shop/aks-eu-prod-2/application.yaml',
      'apps/shop/aks-eu-prod-2/routes/httproute.yaml',
      'apps/shop/catalog-info.yaml',
    ]);
    expectValidFiles(files);
    const route = parse(files['apps/shop/aks-eu-prod-2/routes/httproute.yaml']);
    expect(route.spec.parentRefs[0]).toMatchObject({
      name: 'public-gateway',
      namespace: 'gateway-system',
    });
    expect(route.spec.hostnames).toEqual([
      'shop.apps.aks-eu-prod-2.example.com',
    ]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { kind: 'Service', name: 'shop', port: 8080 },
    ]);
  });

  it('two spokes behind the hub gateway: 50/50 on /, /api pinned to aks-eu-prod-1', async () => {
    const res = await dryRun(
      form({
        targets: [
          { cluster: 'aks-eu-prod-1', weight: 50 },
          { cluster: 'aks-eu-prod-2', weight: 50 },
        ],
        host: 'shop.eu.example.com',
        exposure: 'hub',
        pinnedPaths: ['/api'],
        circuitBreaking: true,
      }),
    );
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    expectValidFiles(files);
    expect(
      Object.keys(files)
        .filter(f => f.startsWith('apps/shop/hub/'))
        .sort(),
    ).toEqual([
      'apps/shop/hub/application.yaml',
      'apps/shop/hub/routes/destinationrule-aks-eu-prod-1.yaml',
      'apps/shop/hub/routes/destinationrule-aks-eu-prod-2.yaml',
      'apps/shop/hub/routes/httproute.yaml',
      'apps/shop/hub/routes/service-aks-eu-prod-1.yaml',
      'apps/shop/hub/routes/service-aks-eu-prod-2.yaml',
      'apps/shop/hub/routes/serviceentry-aks-eu-prod-1.yaml',
      'apps/shop/hub/routes/serviceentry-aks-eu-prod-2.yaml',
    ]);
    const route = parse(files['apps/shop/hub/routes/httproute.yaml']);
    expect(route.spec.hostnames).toEqual(['shop.eu.example.com']);
    const weights = (rule: any) =>
      rule.backendRefs.map((b: any) => [b.name, b.weight]);
    expect(route.spec.rules[0].matches[0].path.value).toBe('/api');
    expect(weights(route.spec.rules[0])).toEqual([
      ['shop-aks-eu-prod-1', 100],
      ['shop-aks-eu-prod-2', 0],
    ]);
    expect(weights(route.spec.rules[1])).toEqual([
      ['shop-aks-eu-prod-1', 50],
      ['shop-aks-eu-prod-2', 50],
    ]);
    expect(
      parse(files['apps/shop/hub/routes/service-aks-eu-prod-2.yaml']).spec
        .externalName,
    ).toBe('shop.apps.aks-eu-prod-2.example.com');
    expect(
      parse(files['apps/shop/hub/routes/destinationrule-aks-eu-prod-1.yaml'])
        .spec.trafficPolicy.outlierDetection,
    ).toEqual({
      consecutive5xxErrors: 3,
      interval: '10s',
      baseEjectionTime: '30s',
      maxEjectionPercent: 100,
    });
    expect(
      parse(files['apps/shop/hub/application.yaml']).spec.destination,
    ).toEqual({
      name: 'in-cluster',
      namespace: 'global-ingress',
    });
    const entity = parse(files['apps/shop/catalog-info.yaml']);
    expect(entity.metadata.annotations).toEqual({
      'argocd/app-selector': 'app.kubernetes.io/part-of=shop',
    });
    expect(res.body.output.text[0].content).toContain(
      'Argo CD Applications: shop-aks-eu-prod-1, shop-aks-eu-prod-2, shop-hub-routes.',
    );
  });

  it('a source repository the platform does not list fails the dry run with a NotAllowedError naming the key, and no files', async () => {
    const res = await dryRun(
      form({
        source: {
          repoURL: 'https://evil.example/x',
          path: 'deploy',
          targetRevision: 'HEAD',
        },
      }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^source\.repoURL https:\/\/evil\.example\/x is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.sourceRepos lists https:\/\/github\.com\/example\/\*/,
      ),
    });
    expect(res.body.directoryContents).toBeUndefined();
  });

  it("a hub host outside the hub gateway's domains fails the dry run with a NotAllowedError, and no files", async () => {
    const res = await dryRun(
      form({
        targets: [
          { cluster: 'aks-eu-prod-1', weight: 50 },
          { cluster: 'aks-eu-prod-2', weight: 50 },
        ],
        host: 'login.bank.example.org',
        exposure: 'hub',
      }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^host login\.bank\.example\.org is not allowed on the gateway of hub aks-mgmt-hub: hubSpoke\.scaffolder\.hubGatewayDomains lists eu\.example\.com, us\.example\.com/,
      ),
    });
    expect(res.body.directoryContents).toBeUndefined();
  });

  it('a host aks-eu-prod-1 already publishes fails the dry run with a ConflictError saying where, and no files', async () => {
    // checkout.apps.aks-eu-prod-1.example.com is routed on aks-eu-prod-1 in the default fleet: only the live topology
    // (the hub-spoke backend reading the spoke's routes) knows that.
    const res = await dryRun(
      form({ host: 'checkout.apps.aks-eu-prod-1.example.com' }),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^host checkout\.apps\.aks-eu-prod-1\.example\.com is already published on aks-mgmt-hub\/aks-eu-prod-1 by /,
      ),
    });
    expect(res.body.directoryContents).toBeUndefined();
  });
});
