/**
 * hub-spoke:spoke:onboard in pull-request mode against a stand-in of the hub-spoke backend (real HTTP): every input
 * rule, every file, the checks against the live topology and the workspace.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CA_DATA,
  SPOKE_TOKEN,
  fleetTopology,
  hubsConfig,
  hubsConfigWithPolicy,
  readTree,
  runAction,
  validInput,
} from '../__testUtils__/fixtures';
import {
  FakeHubSpoke,
  catalogEntityErrors,
  externalSecretErrors,
  manifestErrors,
  startFakeHubSpoke,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import { createOnboardSpokeAction } from './onboardSpoke';

describe('hub-spoke:spoke:onboard (pull-request mode)', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');
  let hubSpoke: FakeHubSpoke;
  let action: ReturnType<typeof createOnboardSpokeAction>;

  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology: fleetTopology() });
  });
  afterAll(() => hubSpoke.close());
  beforeEach(() => {
    mockDir.clear();
    hubSpoke.reset();
    hubSpoke.setTopology(fleetTopology());
    action = createOnboardSpokeAction({
      config: hubsConfig(),
      hubSpokeApi: hubSpoke.api,
      permissions: mockServices.permissions(),
    });
  });

  const run = (
    input: JsonObject,
    options: { secrets?: Record<string, string>; dryRun?: boolean } = {},
  ) => runAction(action, input, { workspace: workspace(), ...options });
  const files = () => readTree(workspace());
  const doc = (rel: string) => parse(files()[rel]);

  /** Runs and expects an error of that class whose message matches; and nothing written. */
  async function expectRejection(
    input: JsonObject,
    errorClass: Function,
    message: RegExp | string,
    secrets?: Record<string, string>,
  ) {
    const err = await run(input, { secrets }).then(
      () => undefined,
      e => e,
    );
    expect(err).toBeInstanceOf(errorClass);
    expect(err.message).toMatch(message);
    expect(files()).toEqual({});
    return err as Error;
  }

  describe('writes the spoke for a pull request', () => {
    it('writes the cluster Secret, ingress, add-ons and catalog entity, all valid, and outputs their paths', async () => {
      const { outputs } = await run(
        validInput({
          labels: { environment: 'prod', region: 'westeurope' },
          addons: ['istio-ingress', 'cert-manager'],
          ingressDomain: 'apps.aks-eu-prod-3.example.com',
          gitops: {
            repoURL: 'https://github.com/example/fleet',
            targetRevision: 'main',
          },
          tls: { caData: CA_DATA },
          system: 'fleet',
        }),
      );
      const written = [
        'clusters/addons/cert-manager-applicationset.yaml',
        'clusters/addons/istio-ingress-applicationset.yaml',
        'clusters/aks-eu-prod-3/catalog-info.yaml',
        'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
        'clusters/aks-eu-prod-3/hub/ingress-application.yaml',
        'clusters/aks-eu-prod-3/spoke/certificate.yaml',
        'clusters/aks-eu-prod-3/spoke/gateway.yaml',
      ];
      expect(Object.keys(files()).sort()).toEqual(written);
      expect(outputs).toEqual({
        files: written,
        clusterSecretPath: 'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
        catalogInfoPath: 'clusters/aks-eu-prod-3/catalog-info.yaml',
        entityRef: 'resource:default/aks-eu-prod-3',
      });
      for (const rel of written.filter(f => !f.endsWith('catalog-info.yaml'))) {
        expect({ rel, errors: manifestErrors(doc(rel)) }).toEqual({
          rel,
          errors: [],
        });
      }
      expect(
        await catalogEntityErrors(
          doc('clusters/aks-eu-prod-3/catalog-info.yaml'),
        ),
      ).toEqual([]);

      const secret = doc('clusters/aks-eu-prod-3/hub/cluster-secret.yaml');
      expect(secret.metadata.labels).toEqual({
        'argocd.argoproj.io/secret-type': 'cluster',
        environment: 'prod',
        'hub-spoke/addon-cert-manager': 'enabled',
        'hub-spoke/addon-istio-ingress': 'enabled',
        region: 'westeurope',
      });
      expect(secret.metadata.annotations).toEqual({
        'hub-spoke/cidr': '10.14.0.0/16',
        'hub-spoke/ingress-domain': 'apps.aks-eu-prod-3.example.com',
      });
      expect(JSON.parse(secret.stringData.config)).toEqual({
        execProviderConfig: {
          command: 'argocd-k8s-auth',
          args: ['azure'],
          env: {
            AAD_LOGIN_METHOD: 'workloadidentity',
            AZURE_CLIENT_ID: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c',
          },
          apiVersion: 'client.authentication.k8s.io/v1beta1',
        },
        tlsClientConfig: { insecure: false, caData: CA_DATA },
      });
      const app = doc('clusters/aks-eu-prod-3/hub/ingress-application.yaml');
      expect(app.spec.source).toEqual({
        repoURL: 'https://github.com/example/fleet',
        path: 'clusters/aks-eu-prod-3/spoke',
        targetRevision: 'main',
      });
      expect(app.spec.destination).toEqual({
        name: 'aks-eu-prod-3',
        namespace: 'istio-ingress',
      });
      expect(doc('clusters/aks-eu-prod-3/spoke/gateway.yaml').kind).toBe(
        'Gateway',
      );
      expect(doc('clusters/aks-eu-prod-3/spoke/gateway.yaml').apiVersion).toBe(
        'networking.istio.io/v1',
      );
      expect(doc('clusters/aks-eu-prod-3/catalog-info.yaml').spec).toEqual({
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        system: 'fleet',
        dependsOn: ['resource:aks-mgmt-hub'],
      });
    });

    it('writes a Gateway API gateway when asked, and honours targetPath, argocdNamespace, issuer and project', async () => {
      // The hub's own policy allows the project and the SSH GitOps repository.
      action = createOnboardSpokeAction({
        config: hubsConfigWithPolicy({
          'aks-mgmt-hub': {
            projects: ['platform'],
            gitopsRepos: ['git@github.com:example/*'],
          },
        }),
        hubSpokeApi: hubSpoke.api,
        permissions: mockServices.permissions(),
      });
      const { outputs } = await run(
        validInput({
          ingressDomain: 'apps.aks-eu-prod-3.example.com',
          ingress: 'gateway-api',
          gatewayClassName: 'cilium',
          issuer: 'letsencrypt-staging',
          project: 'platform',
          argocdNamespace: 'gitops',
          targetPath: 'hubs/aks-mgmt-hub/clusters/aks-eu-prod-3/',
          gitops: { repoURL: 'git@github.com:example/fleet.git' },
          addons: ['external-dns'],
        }),
      );
      const base = 'hubs/aks-mgmt-hub/clusters/aks-eu-prod-3';
      expect(outputs.files).toEqual([
        'hubs/aks-mgmt-hub/clusters/addons/external-dns-applicationset.yaml',
        `${base}/catalog-info.yaml`,
        `${base}/hub/cluster-secret.yaml`,
        `${base}/hub/ingress-application.yaml`,
        `${base}/spoke/certificate.yaml`,
        `${base}/spoke/gateway.yaml`,
      ]);
      const gw = doc(`${base}/spoke/gateway.yaml`);
      expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
      expect(manifestErrors(gw)).toEqual([]);
      expect(gw.spec.gatewayClassName).toBe('cilium');
      expect(doc(`${base}/spoke/certificate.yaml`).spec.issuerRef.name).toBe(
        'letsencrypt-staging',
      );
      const app = doc(`${base}/hub/ingress-application.yaml`);
      expect(app.metadata.namespace).toBe('gitops');
      expect(app.spec.project).toBe('platform');
      expect(app.spec.source).toEqual({
        repoURL: 'git@github.com:example/fleet.git',
        path: `${base}/spoke`,
        targetRevision: 'HEAD',
      });
      expect(doc(`${base}/hub/cluster-secret.yaml`).metadata.namespace).toBe(
        'gitops',
      );
      expect(
        doc(
          'hubs/aks-mgmt-hub/clusters/addons/external-dns-applicationset.yaml',
        ).spec.template.spec.project,
      ).toBe('platform');
    });

    it('configures EKS (awsAuthConfig), exec plugins and insecure TLS', async () => {
      await run(
        validInput({
          name: 'eks-us-prod-3',
          server: 'https://9C2F4A1B7E3D.gr7.us-east-1.eks.amazonaws.com/',
          hub: 'eks-mgmt-hub',
          cidr: '10.24.0.0/16',
          auth: {
            type: 'aws',
            clusterName: 'eks-us-prod-3',
            roleARN: 'arn:aws:iam::123456789012:role/argocd',
          },
          tls: { caData: CA_DATA },
        }),
      );
      const eks = doc('clusters/eks-us-prod-3/hub/cluster-secret.yaml');
      // Stored as parsed: lowercase host, no trailing slash (servers are compared in that form).
      expect(eks.stringData.server).toBe(
        'https://9c2f4a1b7e3d.gr7.us-east-1.eks.amazonaws.com',
      );
      expect(JSON.parse(eks.stringData.config)).toEqual({
        awsAuthConfig: {
          clusterName: 'eks-us-prod-3',
          roleARN: 'arn:aws:iam::123456789012:role/argocd',
        },
        tlsClientConfig: { insecure: false, caData: CA_DATA },
      });

      await run(
        validInput({
          name: 'gke-eu-1',
          server: 'https://172.16.0.2',
          cidr: '10.16.0.0/16',
          auth: {
            type: 'exec',
            command: 'argocd-k8s-auth',
            args: ['gcp'],
            env: { ZONE: 'b', CLOUD: 'gcp' },
          },
          tls: { insecure: true },
        }),
      );
      expect(
        JSON.parse(
          doc('clusters/gke-eu-1/hub/cluster-secret.yaml').stringData.config,
        ),
      ).toEqual({
        execProviderConfig: {
          command: 'argocd-k8s-auth',
          args: ['gcp'],
          env: { CLOUD: 'gcp', ZONE: 'b' },
          apiVersion: 'client.authentication.k8s.io/v1beta1',
        },
        tlsClientConfig: { insecure: true },
      });
    });

    it('turns a PEM CA into the base64 Argo CD needs', async () => {
      const pem = Buffer.from(CA_DATA, 'base64').toString();
      await run(validInput({ tls: { caData: pem } }));
      const config = JSON.parse(
        doc('clusters/aks-eu-prod-3/hub/cluster-secret.yaml').stringData.config,
      );
      expect(config.tlsClientConfig.caData).toBe(CA_DATA);
    });

    it('keeps a bearer token out of every file: an ExternalSecret reads it from the store', async () => {
      const { outputs } = await run(
        validInput({
          auth: {
            type: 'bearerToken',
            secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
            remoteRef: { key: 'hub-spoke/aks-eu-prod-3', property: 'token' },
          },
          addons: ['external-secrets'],
        }),
        { secrets: { spokeToken: SPOKE_TOKEN } },
      );
      expect(outputs.clusterSecretPath).toBe(
        'clusters/aks-eu-prod-3/hub/cluster-externalsecret.yaml',
      );
      const es = doc('clusters/aks-eu-prod-3/hub/cluster-externalsecret.yaml');
      expect(externalSecretErrors(es)).toEqual([]);
      expect(es.spec.secretStoreRef).toEqual({
        kind: 'ClusterSecretStore',
        name: 'vault',
      });
      expect(JSON.parse(es.spec.target.template.data.config).bearerToken).toBe(
        '{{ .token }}',
      );
      expect(
        files()['clusters/aks-eu-prod-3/hub/cluster-secret.yaml'],
      ).toBeUndefined();
      for (const [rel, content] of Object.entries(files())) {
        expect({ rel, hasToken: content.includes(SPOKE_TOKEN) }).toEqual({
          rel,
          hasToken: false,
        });
      }
    });

    it('uses the only configured hub when none is named', async () => {
      action = createOnboardSpokeAction({
        config: hubsConfig({
          hubSpoke: {
            hubs: [
              {
                name: 'eks-mgmt-hub',
                argocd: { url: 'https://a', token: 't' },
              },
            ],
          },
        }),
        hubSpokeApi: hubSpoke.api,
        permissions: mockServices.permissions(),
      });
      await run(validInput({ hub: '', cidr: '10.25.0.0/16' }));
      expect(
        doc('clusters/aks-eu-prod-3/catalog-info.yaml').metadata.annotations[
          'hub-spoke/hub'
        ],
      ).toBe('eks-mgmt-hub');
    });

    it('accepts several CIDRs (dual stack) and writes them comma separated', async () => {
      await run(validInput({ cidr: '10.14.0.0/16, fd00:14::/48' }));
      expect(
        doc('clusters/aks-eu-prod-3/hub/cluster-secret.yaml').metadata
          .annotations['hub-spoke/cidr'],
      ).toBe('10.14.0.0/16,fd00:14::/48');
    });

    it('produces the same files byte for byte from the same input, whatever the order of its maps', async () => {
      const input = validInput({
        labels: { zone: '1', environment: 'prod', app: 'x' },
        addons: ['cert-manager', 'external-dns'],
        ingressDomain: 'apps.aks-eu-prod-3.example.com',
        gitops: { repoURL: 'https://github.com/example/fleet' },
      });
      await run(input);
      const first = files();
      await run({
        ...input,
        labels: { app: 'x', environment: 'prod', zone: '1' },
        addons: ['external-dns', 'cert-manager'],
      });
      expect(files()).toEqual(first);
    });

    it('adds an add-on ApplicationSet only when the workspace does not have it yet', async () => {
      const existing = 'clusters/addons/cert-manager-applicationset.yaml';
      mockDir.setContent({
        [`workspace/${existing}`]: '# maintained by the platform team\n',
      });
      const { outputs } = await run(
        validInput({ addons: ['cert-manager', 'istio-ingress'] }),
      );
      expect(files()[existing]).toBe('# maintained by the platform team\n');
      expect(outputs.files).toContain(
        'clusters/addons/istio-ingress-applicationset.yaml',
      );
      expect(outputs.files).not.toContain(existing);
      // The cluster is still labelled for both.
      expect(
        doc('clusters/aks-eu-prod-3/hub/cluster-secret.yaml').metadata.labels,
      ).toMatchObject({
        'hub-spoke/addon-cert-manager': 'enabled',
        'hub-spoke/addon-istio-ingress': 'enabled',
      });
    });

    it('removes the ingress files of an earlier run when the ingress is dropped, and the other Secret variant', async () => {
      await run(
        validInput({
          ingressDomain: 'apps.aks-eu-prod-3.example.com',
          gitops: { repoURL: 'https://github.com/example/fleet' },
          auth: {
            type: 'bearerToken',
            secretStore: { kind: 'SecretStore', name: 's' },
            remoteRef: { key: 'hub-spoke/k' },
          },
        }),
      );
      await run(validInput());
      expect(Object.keys(files()).sort()).toEqual([
        'clusters/aks-eu-prod-3/catalog-info.yaml',
        'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
      ]);
    });

    it('still writes the files in a dry run', async () => {
      const { outputs } = await runAction(action, validInput(), {
        workspace: workspace(),
        dryRun: true,
      });
      expect(outputs.files).toEqual([
        'clusters/aks-eu-prod-3/catalog-info.yaml',
        'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
      ]);
      expect(Object.keys(files())).toHaveLength(2);
    });

    it("reads the topology with its own service token for the fleet-wide checks, and on the initiator's behalf for what messages may name", async () => {
      await run(validInput());
      const token = (onBehalfOf: any) =>
        `Bearer ${mockCredentials.service.token({
          onBehalfOf,
          targetPluginId: 'hub-spoke',
        })}`;
      expect(
        [...hubSpoke.requests].sort((a, b) =>
          a.authorization!.localeCompare(b.authorization!),
        ),
      ).toEqual(
        [
          {
            path: '/api/hub-spoke/topology',
            authorization: token(mockCredentials.service('plugin:scaffolder')),
          },
          {
            path: '/api/hub-spoke/topology',
            authorization: token(mockCredentials.user()),
          },
        ].sort((a, b) => a.authorization.localeCompare(b.authorization)),
      );
    });
  });

  describe('rejects bad input with an InputError and writes nothing', () => {
    it.each([
      ['uppercase', 'AKS-prod'],
      ['underscore', 'aks_prod'],
      ['too long', 'a'.repeat(64)],
      ['leading dash', '-aks'],
    ])('a name that is not a DNS-1123 label (%s)', async (_, name) => {
      await expectRejection(validInput({ name }), InputError, `name "${name}"`);
    });

    it('a server that is not https, or not a URL, or carries credentials', async () => {
      await expectRejection(
        validInput({ server: 'http://aks-eu-prod-3.example.com' }),
        InputError,
        /must use https/,
      );
      await expectRejection(
        validInput({ server: 'aks-eu-prod-3.example.com:443' }),
        InputError,
        /is not a URL/,
      );
      // Credentials in the URL are found before anything else, and not echoed.
      const err = await expectRejection(
        validInput({ server: 'https://admin:pw@aks.example.com' }),
        InputError,
        /^tokens go in secrets, not inputs: remove server\./,
      );
      expect(err.message).not.toContain('pw@');
    });

    it('an unknown hub, naming the hubs the initiator may see; no hub when several are configured', async () => {
      await expectRejection(
        validInput({ hub: 'gke-mgmt-hub' }),
        InputError,
        'Unknown hub "gke-mgmt-hub"; hubs you can see: aks-mgmt-hub, eks-mgmt-hub',
      );
      await expectRejection(
        validInput({ hub: undefined }),
        InputError,
        /hub is required when several hubs are configured; hubs you can see: aks-mgmt-hub, eks-mgmt-hub/,
      );
      // a hub the initiator may not see is not listed
      hubSpoke.setTopologyFor(
        'user:default/mock',
        topologyOf(
          fleetTopology().clusters.filter(c => c.hub === 'aks-mgmt-hub'),
        ),
      );
      const err = await expectRejection(
        validInput({ hub: 'gke-mgmt-hub' }),
        InputError,
        'Unknown hub "gke-mgmt-hub"; hubs you can see: aks-mgmt-hub',
      );
      expect(err.message).not.toContain('eks-mgmt-hub');
    });

    it.each<[string, JsonObject, Record<string, string> | undefined]>([
      [
        'auth.token',
        { auth: { type: 'bearerToken', token: 'abc' } },
        undefined,
      ],
      ['bearerToken at the top', { bearerToken: 'abc' }, undefined],
      ['a JWT in a label', { labels: { note: SPOKE_TOKEN } }, undefined],
      [
        'the secret spokeToken copied into an input',
        { auth: { type: 'azure', clientId: `x${SPOKE_TOKEN}` } },
        { spokeToken: SPOKE_TOKEN },
      ],
      [
        'a password in exec env',
        { auth: { type: 'exec', command: 'x', env: { PASSWORD: 'hunter2' } } },
        undefined,
      ],
    ])('a token in the input (%s)', async (_, overrides, secrets) => {
      const err = await expectRejection(
        validInput(overrides),
        InputError,
        /^tokens go in secrets, not inputs/,
        secrets,
      );
      expect(err.message).not.toContain(SPOKE_TOKEN);
    });

    it('does not mistake token file paths or secret stores for tokens', async () => {
      await run(
        validInput({
          auth: {
            type: 'exec',
            command: 'argocd-k8s-auth',
            args: ['azure'],
            env: {
              AZURE_FEDERATED_TOKEN_FILE:
                '/var/run/secrets/azure/tokens/azure-identity-token',
            },
          },
        }),
      );
      expect(Object.keys(files())).toHaveLength(2);
    });

    it.each([
      [
        { 'bad key!': 'x' },
        /label key "bad key!" is not a valid Kubernetes label key/,
      ],
      [{ 'a/b/c': 'x' }, /at most one "\/"/],
      [{ environment: 'prod env' }, /label "environment" has value "prod env"/],
      [{ environment: 'x'.repeat(64) }, /at most 63 characters/],
      [{ 'argocd.argoproj.io/secret-type': 'repository' }, /set by the action/],
      [
        { 'hub-spoke/addon-cert-manager': 'enabled' },
        /list the add-on in addons instead/,
      ],
    ])('malformed or reserved labels %j', async (labels, message) => {
      await expectRejection(validInput({ labels }), InputError, message);
    });

    it.each([
      ['8.8.8.0/24', /is not a private network/],
      ['100.64.0.0/10', /is not a private network/],
      ['2001:db8::/32', /is not a private network/],
      ['10.0.0.0/7', /is not a private network/],
      ['10.14.0.0', /is not a CIDR/],
      ['10.300.0.0/16', /is not a CIDR/],
      ['10.14.3.0/16', /has host bits set; the network is 10.14.0.0\/16/],
      ['10.14.0.0/16,10.14.128.0/17', /overlap/],
    ])(
      'a CIDR that is not a private network of its own: %s',
      async (cidr, message) => {
        await expectRejection(validInput({ cidr }), InputError, message);
      },
    );

    it('a CIDR that overlaps a cluster of this hub or of another one, naming it and its CIDR', async () => {
      await expectRejection(
        validInput({ cidr: '10.10.128.0/17' }),
        InputError,
        'cidr 10.10.128.0/17 overlaps cluster aks-mgmt-hub/aks-eu-prod-1 (10.10.0.0/16)',
      );
      const err = await expectRejection(
        validInput({ cidr: '10.12.0.0/16' }),
        InputError,
        /overlaps cluster aks-mgmt-hub\/aks-eu-stage-1 \(10\.12\.0\.0\/16\)/,
      );
      expect(err.message).toMatch(
        /overlaps cluster eks-mgmt-hub\/eks-us-prod-2 \(10\.12\.128\.0\/17\)/,
      );
      await expectRejection(
        validInput({ cidr: 'fd00:22:0:1::/64' }),
        InputError,
        /overlaps cluster eks-mgmt-hub\/eks-us-prod-2 \(fd00:22::\/48\)/,
      );
    });

    it('a bearer token in pull-request mode without a secret store, saying why', async () => {
      await expectRejection(
        validInput({ auth: { type: 'bearerToken' } }),
        InputError,
        /bearerToken in pull-request mode needs auth.secretStore and auth.remoteRef: the token is never written to Git/,
        { spokeToken: SPOKE_TOKEN },
      );
      await expectRejection(
        validInput({
          auth: {
            type: 'bearerToken',
            secretStore: { kind: 'ClusterSecretStore' },
            remoteRef: { key: 'k' },
          },
        }),
        InputError,
        /needs auth.secretStore and auth.remoteRef/,
      );
    });

    it('a bearer token in apply mode without the spokeToken secret', async () => {
      await expectRejection(
        validInput({ auth: { type: 'bearerToken' }, mode: 'apply' }),
        InputError,
        /needs the token as the task secret spokeToken/,
      );
    });

    it('an ingress domain that is a wildcard, or without the gitops repository', async () => {
      await expectRejection(
        validInput({
          ingressDomain: '*.apps.example.com',
          gitops: { repoURL: 'https://g' },
        }),
        InputError,
        /without "\*\."/,
      );
      await expectRejection(
        validInput({
          ingressDomain: 'Apps.Example.com',
          gitops: { repoURL: 'https://g' },
        }),
        InputError,
        /lowercase/,
      );
      await expectRejection(
        validInput({ ingressDomain: 'apps.example.com' }),
        InputError,
        /ingressDomain needs gitops.repoURL/,
      );
    });

    it('auth fields that are missing or malformed', async () => {
      await expectRejection(
        validInput({
          auth: { type: 'aws', clusterName: 'x', roleARN: 'argocd' },
        }),
        InputError,
        /is not an IAM role ARN/,
      );
      await expectRejection(
        validInput({ auth: { type: 'aws', clusterName: 'x' } }),
        InputError,
        /auth.roleARN/,
      );
      await expectRejection(
        validInput({ auth: { type: 'gcp' } }),
        InputError,
        /auth/,
      );
      await expectRejection(
        validInput({
          auth: { type: 'exec', command: 'x', env: { 'BAD-NAME': '1' } },
        }),
        InputError,
        /not an environment variable name/,
      );
    });

    it('TLS with both a CA and insecure, or a CA that is no certificate', async () => {
      await expectRejection(
        validInput({ tls: { caData: CA_DATA, insecure: true } }),
        InputError,
        /not both/,
      );
      await expectRejection(
        validInput({ tls: { caData: 'bm90IGEgY2VydA==' } }),
        InputError,
        /must be a PEM certificate/,
      );
    });

    it('unknown add-ons, a missing owner, a targetPath outside the workspace', async () => {
      await expectRejection(
        validInput({ addons: ['linkerd'] }),
        InputError,
        /addons/,
      );
      await expectRejection(
        validInput({ owner: undefined }),
        InputError,
        /owner/,
      );
      await expectRejection(
        validInput({ owner: 'platform team' }),
        InputError,
        /owner "platform team" is not an entity reference/,
      );
      await expectRejection(
        validInput({ targetPath: '../outside' }),
        InputError,
        /must be a folder inside the workspace/,
      );
      await expectRejection(
        validInput({ targetPath: '/etc' }),
        InputError,
        /must be a folder inside the workspace/,
      );
    });
  });

  describe('refuses to take an existing cluster name', () => {
    it('from a cluster of the topology with a different server (ConflictError)', async () => {
      await expectRejection(
        validInput({ name: 'aks-eu-prod-1', cidr: '10.40.0.0/16' }),
        ConflictError,
        'A cluster named aks-eu-prod-1 already exists on hub aks-mgmt-hub with server https://aks-eu-prod-1.example.com:443',
      );
      await expectRejection(
        validInput({ name: 'eks-mgmt-hub', cidr: '10.40.0.0/16' }),
        ConflictError,
        /already exists on hub eks-mgmt-hub/,
      );
    });

    it('the same server under another name on the hub (ConflictError)', async () => {
      await expectRejection(
        validInput({ server: 'https://aks-eu-prod-1.example.com:443' }),
        ConflictError,
        // The same server in another spelling (the topology has :443, the spoke is stored without the default port).
        /Hub aks-mgmt-hub already has server https:\/\/aks-eu-prod-1.example.com as cluster aks-eu-prod-1/,
      );
    });

    it('accepts a re-run for a cluster already in the topology, its own CIDR included', async () => {
      hubSpoke.setTopology(
        topologyOf([
          ...fleetTopology().clusters,
          topologyCluster('aks-mgmt-hub', 'aks-eu-prod-3', {
            server: 'https://aks-eu-prod-3.example.com:443',
            cidrs: ['10.14.0.0/16'],
          }),
        ]),
      );
      await run(validInput());
      expect(Object.keys(files())).toHaveLength(2);
    });

    it('lets a destination Applications name but Argo CD does not know yet be registered', async () => {
      await run(
        validInput({
          name: 'legacy-onprem-1',
          server: 'https://legacy-onprem-1.corp.example.com:6443',
        }),
      );
      expect(
        doc('clusters/legacy-onprem-1/hub/cluster-secret.yaml').stringData.name,
      ).toBe('legacy-onprem-1');
    });

    it('from files of an earlier run in the workspace with a different server (ConflictError, files untouched)', async () => {
      await run(validInput());
      const before = files();
      const err = await run(
        validInput({ server: 'https://elsewhere.example.com' }),
      ).catch(e => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toBe(
        'clusters/aks-eu-prod-3/hub/cluster-secret.yaml already registers cluster aks-eu-prod-3 with server ' +
          'https://aks-eu-prod-3.example.com; https://elsewhere.example.com cannot take its name',
      );
      expect(files()).toEqual(before);
    });
  });

  it('fails with ServiceUnavailableError when the topology cannot be read, and writes nothing', async () => {
    hubSpoke.failWith(503, 'fleet snapshot not ready');
    await expectRejection(
      validInput(),
      ServiceUnavailableError,
      /^Could not read http:\/\/127.0.0.1:\d+\/api\/hub-spoke\/topology from the hub-spoke backend, needed to check the new spoke against the clusters every hub already has: 503 fleet snapshot not ready$/,
    );
  });

  it('never writes anything outside targetPath and the add-ons folder', async () => {
    await run(validInput({ addons: ['cert-manager'] }));
    for (const rel of Object.keys(files())) {
      expect(
        rel.startsWith('clusters/aks-eu-prod-3/') ||
          rel.startsWith('clusters/addons/'),
      ).toBe(true);
    }
    expect(fs.existsSync(path.join(workspace(), '..', 'clusters'))).toBe(false);
  });
});
