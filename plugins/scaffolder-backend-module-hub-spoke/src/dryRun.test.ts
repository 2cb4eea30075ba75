/**
 * templates/onboard-spoke/template.yaml through the real scaffolder's dry-run endpoint (POST /api/scaffolder/v2/dry-run)
 * of a started backend: the scaffolder plugin, this module, and the hub-spoke backend plugin serving the live topology
 * of the simulated fleet. Checks the files the dry run returns, as a template author would.
 */
import { parse } from 'yaml';
import {
  DryRunResponse,
  filesOf,
  loadTemplate,
  stepStatuses,
  useScaffolderBackend,
} from './__testUtils__/scaffolderBackend';

jest.setTimeout(60_000);

const template = loadTemplate('onboard-spoke');

const SPOKE_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.dry-run-spoke-token.c2lnbmF0dXJl';
const NAME = 'aks-eu-prod-9';
const SERVER = 'https://aks-eu-prod-9-dns-1a2b.hcp.westeurope.azmk8s.io:443';
/** The server as stored: the parsed URL, without the default port. */
const STORED_SERVER = 'https://aks-eu-prod-9-dns-1a2b.hcp.westeurope.azmk8s.io';
const CLIENT_ID = '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c';
const TENANT_ID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/argocd-aks-eu-prod-9';

/** A filled-in form: pull request with an ingress domain, no pull request opened (so only the checks run). */
const form = (overrides: Record<string, unknown> = {}) => ({
  name: NAME,
  server: SERVER,
  hub: 'aks-mgmt-hub',
  owner: 'group:default/platform-team',
  auth: { type: 'azure', clientId: CLIENT_ID, tenantId: TENANT_ID },
  cidr: '10.200.0.0/16',
  addons: ['cert-manager', 'istio-ingress'],
  labels: { environment: 'prod' },
  mode: 'pull-request',
  repoUrl: 'github.com?owner=example&repo=fleet',
  targetRevision: 'main',
  openPullRequest: false,
  ingressDomain: `apps.${NAME}.example.com`,
  ingress: 'istio',
  issuer: 'letsencrypt-prod',
  ...overrides,
});

describe('onboard-spoke template through the scaffolder dry run', () => {
  const ctx = useScaffolderBackend();
  const dryRun = (
    values: Record<string, unknown>,
    secrets: Record<string, string> = {},
  ) => ctx.dryRun(template, values, secrets);

  const base = `clusters/${NAME}`;

  it.each<
    [
      string,
      { type: string } & Record<string, unknown>,
      Record<string, string>,
      (files: Record<string, string>) => void,
    ]
  >([
    [
      'aws',
      {
        type: 'aws',
        clusterName: 'eks-eu-prod-9',
        roleARN: ROLE_ARN,
      },
      {},
      files => {
        const config = clusterSecretConfig(files);
        expect(config.awsAuthConfig).toEqual({
          clusterName: 'eks-eu-prod-9',
          roleARN: ROLE_ARN,
        });
        expect(config.execProviderConfig).toBeUndefined();
      },
    ],
    [
      'azure',
      { type: 'azure', clientId: CLIENT_ID, tenantId: TENANT_ID },
      {},
      files => {
        const config = clusterSecretConfig(files);
        expect(config.execProviderConfig).toMatchObject({
          command: 'argocd-k8s-auth',
          args: ['azure'],
          env: {
            AAD_LOGIN_METHOD: 'workloadidentity',
            AZURE_CLIENT_ID: CLIENT_ID,
            AZURE_TENANT_ID: TENANT_ID,
          },
        });
      },
    ],
    [
      'exec',
      {
        // One of the forms hubSpoke.scaffolder.exec.commands allows by default.
        type: 'exec',
        command: 'argocd-k8s-auth',
        args: [
          'aws',
          '--cluster-name',
          'eks-eu-prod-9',
          '--role-arn',
          ROLE_ARN,
        ],
        env: { AWS_REGION: 'eu-west-1' },
      },
      {},
      files => {
        const config = clusterSecretConfig(files);
        expect(config.execProviderConfig).toMatchObject({
          command: 'argocd-k8s-auth',
          args: [
            'aws',
            '--cluster-name',
            'eks-eu-prod-9',
            '--role-arn',
            ROLE_ARN,
          ],
          env: { AWS_REGION: 'eu-west-1' },
        });
      },
    ],
    [
      'bearer token',
      {
        type: 'bearerToken',
        secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
        remoteRef: { key: `hub-spoke/${NAME}`, property: 'token' },
      },
      { spokeToken: SPOKE_TOKEN },
      files => {
        expect(files[`${base}/hub/cluster-secret.yaml`]).toBeUndefined();
        const es = parse(files[`${base}/hub/cluster-externalsecret.yaml`]);
        expect(es).toMatchObject({
          apiVersion: 'external-secrets.io/v1beta1',
          kind: 'ExternalSecret',
          metadata: { name: `cluster-${NAME}`, namespace: 'argocd' },
          spec: {
            secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
            target: {
              name: `cluster-${NAME}`,
              template: {
                metadata: {
                  labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
                  annotations: { 'hub-spoke/cidr': '10.200.0.0/16' },
                },
                data: { name: NAME, server: STORED_SERVER },
              },
            },
            data: [
              {
                secretKey: 'token',
                remoteRef: { key: `hub-spoke/${NAME}`, property: 'token' },
              },
            ],
          },
        });
        // The token itself is filled in by External Secrets from the store, never by the template.
        expect(JSON.parse(es.spec.target.template.data.config)).toEqual({
          bearerToken: '{{ .token }}',
        });
        for (const [p, content] of Object.entries(files))
          expect({ p, leaks: content.includes(SPOKE_TOKEN) }).toEqual({
            p,
            leaks: false,
          });
      },
    ],
  ])('%s: returns the spoke files', async (_, auth, secrets, check) => {
    const res = await dryRun(form({ auth }), secrets);
    expect(res.status).toBe(200);
    const body = res.body as DryRunResponse;
    expect(body.steps.map(s => s.id)).toEqual(['fetch', 'onboard', 'publish']);
    // fetch and publish are skipped (no pull request is opened), only the checks and the files run.
    expect(stepStatuses(body)).toEqual({
      fetch: 'skipped',
      onboard: 'completed',
      publish: 'skipped',
    });
    const files = filesOf(body);
    const clusterFile =
      auth.type === 'bearerToken'
        ? `${base}/hub/cluster-externalsecret.yaml`
        : `${base}/hub/cluster-secret.yaml`;
    const expected = [
      'clusters/addons/cert-manager-applicationset.yaml',
      'clusters/addons/istio-ingress-applicationset.yaml',
      `${base}/catalog-info.yaml`,
      clusterFile,
      `${base}/hub/ingress-application.yaml`,
      `${base}/spoke/certificate.yaml`,
      `${base}/spoke/gateway.yaml`,
    ].sort();
    expect(Object.keys(files).sort()).toEqual(expected);
    expect(body.directoryContents.every(f => !f.executable)).toBe(true);
    const catalogInfo = parse(files[`${base}/catalog-info.yaml`]);
    expect(catalogInfo).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: NAME,
        annotations: {
          'hub-spoke/hub': 'aks-mgmt-hub',
          'hub-spoke/cluster': NAME,
        },
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        dependsOn: ['resource:aks-mgmt-hub'],
      },
    });
    check(files);
    // The template's output lists exactly these files, with the "nothing was opened" text.
    expect(body.output.text[0].content).toMatch(/^Everything was checked/);
    expect(
      body.output.text[0].content
        .split('\n')
        .filter((l: string) => l.startsWith('- '))
        .map((l: string) => l.slice(2)),
    ).toEqual(expected);
    expect(body.output.links.map((l: any) => l.url)).toEqual(['/hub-spoke']);
    expect(JSON.stringify(body)).not.toContain(SPOKE_TOKEN);
  });

  it('an overlapping CIDR fails the dry run with an InputError naming the colliding cluster, and returns no files', async () => {
    // 10.10.0.0/16 is aks-eu-prod-1's network in the default fleet: only the live topology (served by the hub-spoke
    // backend from the simulated Argo CDs) knows that.
    const res = await dryRun(form({ cidr: '10.10.0.0/16' }));
    // The dry run does not answer with a failed step in its log: the step's error fails the whole request.
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: expect.stringMatching(
        /^cidr 10\.10\.0\.0\/16 overlaps cluster aks-mgmt-hub\/aks-eu-prod-1 \(10\.10\.0\.0\/16\)/,
      ),
    });
    expect(res.body.directoryContents).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/cluster-secret|stringData/);
  });

  it('the same input with a free CIDR passes, so the failure above is the overlap alone', async () => {
    const ok = await dryRun(form({ cidr: '10.201.0.0/16' }));
    expect(ok.status).toBe(200);
    expect(Object.keys(filesOf(ok.body))).toContain(
      `${base}/hub/cluster-secret.yaml`,
    );
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a server host the platform does not list',
      { server: 'https://k8s.attacker.example.net' },
      /^server host k8s\.attacker\.example\.net is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.serverHosts lists /,
    ],
    [
      'an exec command outside the allowed forms',
      {
        auth: { type: 'exec', command: 'sh', args: ['-c', 'id'] },
        addons: [],
      },
      /^auth command "sh -c id" is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.exec\.commands allows /,
    ],
    [
      'tls.insecure in apply mode',
      { tls: { insecure: true }, mode: 'apply' },
      /^tls\.insecure in mode apply is not allowed by the platform/,
    ],
  ])(
    '%s fails the dry run with a NotAllowedError naming the config key, and returns no files',
    async (_, values, message) => {
      const res = await dryRun(form(values));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        name: 'NotAllowedError',
        message: expect.stringMatching(message),
      });
      expect(res.body.directoryContents).toBeUndefined();
    },
  );

  it('template markers in a value fail the dry run with an InputError naming the field, and return no files', async () => {
    const res = await dryRun(form({ labels: { note: '{{ .token }}' } }));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: expect.stringMatching(/^labels\.note holds "\{\{" or "\}\}"/),
    });
    expect(res.body.directoryContents).toBeUndefined();
  });

  function clusterSecretConfig(files: Record<string, string>) {
    const secret = parse(files[`${base}/hub/cluster-secret.yaml`]);
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: `cluster-${NAME}`,
        labels: {
          'argocd.argoproj.io/secret-type': 'cluster',
          'hub-spoke/addon-cert-manager': 'enabled',
          environment: 'prod',
        },
        annotations: { 'hub-spoke/cidr': '10.200.0.0/16' },
      },
      stringData: { name: NAME, server: STORED_SERVER },
    });
    return JSON.parse(secret.stringData.config);
  }
});
