/**
 * templates/onboard-spoke/template.yaml: a valid Template entity whose form rules hold, and whose steps, rendered the
 * way the scaffolder renders them (nunjitsu, then the action's input schema), run this module's action successfully
 * against the simulated fleet.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { validate as validateJsonSchema } from 'jsonschema';
import { createTemplateRenderer } from 'nunjitsu';
import { parse } from 'yaml';
import {
  CA_DATA,
  SPOKE_TOKEN,
  readTree,
  runAction,
} from './__testUtils__/fixtures';
import { catalogEntityErrors, repoRoot } from '@hub-spoke/test-utils';
import { argo } from './__testUtils__/simulator';
import { useSimulatedFleet } from './__testUtils__/simulatorSetup';
import { createOnboardSpokeAction } from './actions/onboardSpoke';
import { TEMPLATE_TAG_APPLY_MODE } from '@hub-spoke/plugin-hub-spoke-common';

const template = parse(
  fs.readFileSync(
    path.join(repoRoot(), 'templates/onboard-spoke/template.yaml'),
    'utf8',
  ),
);

/** Backstage's parseRepoUrl filter, for github.com?owner=…&repo=… */
const renderer = createTemplateRenderer({
  filters: {
    parseRepoUrl: (url: unknown) => {
      const u = new URL(`https://${url}`);
      return {
        host: u.host,
        owner: u.searchParams.get('owner'),
        repo: u.searchParams.get('repo'),
      };
    },
  },
});

/** As NunjucksWorkflowRunner.render: every string rendered; undefined results drop their key. */
function render(value: unknown, context: Record<string, unknown>): any {
  return JSON.parse(JSON.stringify(value), (_k, v) => {
    if (typeof v !== 'string') return v;
    try {
      return renderer.renderValue(v, context as any);
    } catch {
      return v;
    }
  });
}

const isTruthy = (v: unknown) =>
  !(
    v === false ||
    v === undefined ||
    v === null ||
    v === '' ||
    v === 0 ||
    (Array.isArray(v) && v.length === 0)
  );

const ajv = new Ajv({ strict: false, allErrors: true });
const pages = template.spec.parameters.map((p: any) =>
  ajv.compile({ type: 'object', ...p }),
);
/** Whether the scaffolder shows a page to a user the policy denies the parameters tagged hub-spoke-apply. */
const shownToDevelopers = (p: any) =>
  !p['backstage:permissions']?.tags?.includes(TEMPLATE_TAG_APPLY_MODE);
/** Which form pages reject the data (their titles); `developer`: only the pages a developer gets. */
function formErrors(
  data: Record<string, unknown>,
  { developer = false } = {},
): string[] {
  return template.spec.parameters
    .map((p: any, i: number) =>
      (developer && !shownToDevelopers(p)) || pages[i](data)
        ? undefined
        : `${p.title}: ${ajv.errorsText(pages[i].errors)}`,
    )
    .filter(Boolean);
}

/** A filled-in form: an AKS spoke, pull request with ingress. */
const azureForm = (overrides: Record<string, unknown> = {}) => ({
  name: 'aks-eu-prod-3',
  server: 'https://aks-eu-prod-3-dns-4f2a.hcp.westeurope.azmk8s.io:443',
  hub: 'aks-mgmt-hub',
  owner: 'group:default/platform-team',
  auth: { type: 'azure', clientId: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c' },
  tls: { caData: CA_DATA },
  cidr: '10.14.0.0/16',
  addons: ['cert-manager', 'istio-ingress'],
  labels: { environment: 'prod' },
  mode: 'pull-request',
  repoUrl: 'github.com?owner=example&repo=fleet',
  targetRevision: 'main',
  openPullRequest: true,
  ingressDomain: 'apps.aks-eu-prod-3.example.com',
  ingress: 'istio',
  issuer: 'letsencrypt-prod',
  ...overrides,
});

describe('templates/onboard-spoke', () => {
  it('is a valid scaffolder.backstage.io/v1beta3 Template entity', async () => {
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
    expect(await catalogEntityErrors(template, { kind: false })).toEqual([]);
    expect(template.metadata.description).toMatch(/pull request/);
    expect(template.metadata.description).toMatch(/Apply now/);
  });

  it("passes only inputs the action knows, and never the token field's value", () => {
    const action = createOnboardSpokeAction({} as any);
    const known = Object.keys((action.schema!.input as any).properties);
    const onboard = template.spec.steps.find(
      (s: any) => s.action === 'hub-spoke:spoke:onboard',
    );
    for (const key of Object.keys(onboard.input)) expect(known).toContain(key);
    expect(JSON.stringify(onboard.input)).not.toContain('spokeToken');
    const tokenField = template.spec.parameters
      .flatMap((p: any) => Object.entries(p.properties ?? {}))
      .find(([k]: any) => k === 'spokeToken');
    expect(tokenField[1]['ui:field']).toBe('Secret');
  });

  it('offers apply mode on one page only, tagged for the permission policy, and every user reads why', () => {
    // The pages that ask for the mode (the Delivery page only reads it in its condition).
    const offering = template.spec.parameters.filter(
      ({ if: _condition, ...page }: any) =>
        JSON.stringify(page).includes('"mode"'),
    );
    expect(offering.map((p: any) => p.title)).toEqual(['Apply now']);
    const [applyPage] = offering;
    // The scaffolder drops the page for whoever the policy answers scaffolder.template.parameter.read with "not
    // tagged hub-spoke-apply" (TEMPLATE_TAG_APPLY_MODE of -common).
    expect(applyPage['backstage:permissions']).toEqual({
      tags: [TEMPLATE_TAG_APPLY_MODE],
    });
    expect(applyPage.properties.mode.default).toBe('pull-request');
    const reason =
      'Apply mode writes to the hub at once; your platform team grants it.';
    expect(applyPage.description).toContain(reason);
    // Those without the page read the reason on the page they do get, and in the template's description.
    const delivery = template.spec.parameters.find(
      (p: any) => p.title === 'Delivery',
    );
    expect(delivery['backstage:permissions']).toBeUndefined();
    expect(delivery.description).toContain(reason);
    expect(template.metadata.description).toContain(
      'apply mode writes to the hub at once; your platform team grants it',
    );
  });

  describe('form', () => {
    it('a developer, who does not get the "Apply now" page, still has to name the repository of the pull request', () => {
      const developer = azureForm({ mode: undefined });
      expect(formErrors(developer, { developer: true })).toEqual([]);
      const errors = formErrors(
        { ...developer, repoUrl: undefined },
        { developer: true },
      );
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^Delivery: .*repoUrl/);
    });

    it('accepts a complete AKS pull request and an EKS apply', () => {
      expect(formErrors(azureForm())).toEqual([]);
      expect(
        formErrors(
          azureForm({
            auth: {
              type: 'aws',
              clusterName: 'eks-us-prod-3',
              roleARN: 'arn:aws:iam::123456789012:role/argocd',
            },
            mode: 'apply',
            repoUrl: undefined,
          }),
        ),
      ).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a name with capitals', { name: 'AKS-3' }, /The spoke/],
      ['an http server', { server: 'http://aks.example.com' }, /The spoke/],
      ['an unknown hub', { hub: 'gke-mgmt-hub' }, /The spoke/],
      [
        'AKS without a client id',
        { auth: { type: 'azure' } },
        /How the hub reaches it/,
      ],
      [
        'EKS without a role',
        { auth: { type: 'aws', clusterName: 'x' } },
        /How the hub reaches it/,
      ],
      [
        'EKS with a malformed role',
        { auth: { type: 'aws', clusterName: 'x', roleARN: 'argocd' } },
        /How the hub reaches it/,
      ],
      ['a public CIDR', { cidr: '8.8.8.0/24' }, /Network and add-ons/],
      ['an unknown add-on', { addons: ['linkerd'] }, /Network and add-ons/],
      [
        'a wildcard ingress domain',
        { ingressDomain: '*.apps.example.com' },
        /Delivery/,
      ],
      ['a pull request without repository', { repoUrl: undefined }, /Delivery/],
    ])('rejects %s on the right page', (_, overrides, page) => {
      const errors = formErrors(azureForm(overrides));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(page);
    });
  });

  describe('steps, rendered as the scaffolder renders them, run against the simulated fleet', () => {
    const fleet = useSimulatedFleet();
    const mockDir = createMockDirectory();
    beforeEach(() => mockDir.clear());

    async function runTemplate(
      form: Record<string, unknown>,
      secrets: Record<string, string> = {},
    ) {
      const context: Record<string, any> = {
        parameters: form,
        steps: {},
        user: { ref: 'user:default/jane' },
        secrets,
      };
      const ran: string[] = [];
      const action = createOnboardSpokeAction(fleet.options());
      const workspace = mockDir.resolve('workspace');
      for (const step of template.spec.steps) {
        if (step.if !== undefined && !isTruthy(render(step.if, context)))
          continue;
        ran.push(step.id);
        const input = render(step.input, context);
        if (step.action !== action.id) {
          context.steps[step.id] = {
            output: { remoteUrl: 'https://github.com/example/fleet/pull/42' },
            input,
          };
          continue;
        }
        const check = validateJsonSchema(input, action.schema!.input as any);
        expect(check.errors.map(e => e.stack)).toEqual([]);
        const { outputs } = await runAction(action, input, {
          workspace,
          secrets,
        });
        context.steps[step.id] = { output: outputs };
      }
      return {
        ran,
        context,
        workspace,
        output: render(template.spec.output, context),
      };
    }

    it('pull request: fetches, prepares the spoke and opens the pull request with its files', async () => {
      const { ran, context, workspace, output } = await runTemplate(
        azureForm(),
      );
      expect(ran).toEqual(['fetch', 'onboard', 'publish']);
      expect(context.steps.fetch.input).toEqual({
        url: 'https://github.com/example/fleet/tree/main/clusters',
        targetPath: 'clusters',
      });
      expect(context.steps.publish.input).toMatchObject({
        repoUrl: 'github.com?owner=example&repo=fleet',
        branchName: 'onboard-spoke-aks-eu-prod-3',
        targetBranchName: 'main',
        title: 'Onboard spoke aks-eu-prod-3 to aks-mgmt-hub',
      });
      const files = readTree(workspace);
      expect(Object.keys(files)).toContain(
        'clusters/aks-eu-prod-3/spoke/gateway.yaml',
      );
      expect(
        parse(files['clusters/aks-eu-prod-3/hub/ingress-application.yaml']).spec
          .source.repoURL,
      ).toBe('https://github.com/example/fleet.git');
      const links = output.links.filter(
        (l: any) => !('if' in l) || isTruthy(l.if),
      );
      expect(links.map((l: any) => l.url ?? l.entityRef)).toEqual([
        'https://github.com/example/fleet/pull/42',
        '/hub-spoke',
      ]);
      expect(output.text[0].content).toContain(
        '- clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
      );
    });

    it('a developer (no "Apply now" page, so no mode): the pull request path, and the action is told so', async () => {
      const { ran, context } = await runTemplate(
        azureForm({ mode: undefined }),
      );
      expect(ran).toEqual(['fetch', 'onboard', 'publish']);
      const step = template.spec.steps.find((s: any) => s.id === 'onboard');
      expect(render(step.input, context).mode).toBe('pull-request');
      expect(
        (
          await argo(fleet.sim, 'aks-mgmt-hub', '/api/v1/clusters')
        ).body.items.map((c: any) => c.name),
      ).not.toContain('aks-eu-prod-3');
    });

    it('pull request without an integration: checks and lists the files, touches no repository', async () => {
      const { ran, output } = await runTemplate(
        azureForm({ openPullRequest: false, ingressDomain: undefined }),
      );
      expect(ran).toEqual(['onboard']);
      expect(output.text[0].content).toMatch(/^Everything was checked/);
      expect(
        output.links
          .filter((l: any) => !('if' in l) || isTruthy(l.if))
          .map((l: any) => l.url),
      ).toEqual(['/hub-spoke']);
    });

    it('apply now with a service account token: the token comes from the secrets only, the spoke is live', async () => {
      const form = azureForm({
        name: 'onprem-dc1-2',
        server: 'https://k8s.dc1.example.com:6443',
        cidr: '172.20.0.0/16',
        // The form fills in the store's default kind even when the store is not used.
        auth: {
          type: 'bearerToken',
          secretStore: { kind: 'ClusterSecretStore' },
        },
        spokeToken: '*'.repeat(SPOKE_TOKEN.length), // what the Secret field leaves in the parameters
        mode: 'apply',
        repoUrl: undefined,
        targetRevision: undefined,
        openPullRequest: undefined,
        ingressDomain: undefined,
        ingress: undefined,
        issuer: undefined,
      });
      expect(formErrors(form)).toEqual([]);
      const { ran, context, workspace, output } = await runTemplate(form, {
        spokeToken: SPOKE_TOKEN,
      });
      expect(ran).toEqual(['onboard']);
      expect(context.steps.onboard.output.applied).toBe('created');
      const clusters = (
        await argo(fleet.sim, 'aks-mgmt-hub', '/api/v1/clusters')
      ).body.items;
      expect(clusters.map((c: any) => c.name)).toContain('onprem-dc1-2');
      for (const content of Object.values(readTree(workspace)))
        expect(content).not.toContain(SPOKE_TOKEN);
      const links = output.links.filter(
        (l: any) => !('if' in l) || isTruthy(l.if),
      );
      expect(links.map((l: any) => l.url ?? l.entityRef)).toEqual([
        'resource:default/onprem-dc1-2',
        '/hub-spoke',
      ]);
      expect(output.text[0].content).toMatch(
        /^The cluster Secret was applied to hub aks-mgmt-hub \(created\)/,
      );
    });
  });
});
