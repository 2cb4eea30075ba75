import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  DEFAULT_EXEC_COMMANDS,
  DEFAULT_REMOTE_REF_KEY_PREFIX,
  readScaffolderPolicies,
} from './readPolicy';

const read = (hubSpoke: JsonObject) =>
  readScaffolderPolicies(new ConfigReader({ hubSpoke }));

const hub = (name: string, scaffolder?: JsonObject): JsonObject => ({
  name,
  argocd: { url: `https://argocd.${name}.example.com`, token: 't' },
  ...(scaffolder ? { scaffolder } : {}),
});

describe('readScaffolderPolicies', () => {
  it('defaults to the safe policy: nothing listed is allowed, exec only in the argocd-k8s-auth forms, hub-spoke/ keys', () => {
    const policy = read({ hubs: [hub('aks-mgmt-hub')] }).forHub('aks-mgmt-hub');
    expect(policy).toEqual({
      hub: 'aks-mgmt-hub',
      sourceRepos: [],
      gitopsRepos: [],
      allowHubDestination: false,
      hubGatewayDomains: [],
      serverHosts: [],
      exec: { commands: [...DEFAULT_EXEC_COMMANDS], allowInApplyMode: false },
      remoteRefKeyPrefix: 'hub-spoke/',
      keys: expect.objectContaining({
        sourceRepos: 'hubSpoke.scaffolder.sourceRepos',
        'exec.commands': 'hubSpoke.scaffolder.exec.commands',
      }),
      defaults: expect.arrayContaining(['sourceRepos', 'exec.commands']),
    });
    // projects unset: any project but default (see checks); not an empty list.
    expect(policy.projects).toBeUndefined();
    expect(DEFAULT_REMOTE_REF_KEY_PREFIX).toBe('hub-spoke/');
    expect(DEFAULT_EXEC_COMMANDS).toEqual([
      { command: 'argocd-k8s-auth', args: ['azure'] },
      {
        command: 'argocd-k8s-auth',
        args: ['aws', '--cluster-name', '*', '--role-arn', '*'],
      },
      { command: 'argocd-k8s-auth', args: ['gcp'] },
    ]);
    // No config at all: the same defaults, for any hub.
    expect(
      readScaffolderPolicies(new ConfigReader({})).forHub('x').serverHosts,
    ).toEqual([]);
  });

  it("reads the global policy, and a hub's keys replace the global ones key by key, naming where each comes from", () => {
    const policies = read({
      scaffolder: {
        sourceRepos: ['https://github.com/acme/*'],
        gitopsRepos: ['https://github.com/acme/gitops'],
        projects: ['team-a'],
        serverHosts: ['*.azmk8s.io'],
        exec: {
          commands: [{ command: 'kubelogin', args: ['get-token'] }],
          allowInApplyMode: false,
        },
        remoteRefKeyPrefix: 'clusters/',
      },
      hubs: [
        hub('aks-mgmt-hub', {
          allowHubDestination: true,
          hubGatewayDomains: ['eu.example.com'],
          serverHosts: ['10.0.0.0/8'],
          exec: { allowInApplyMode: true },
        }),
        hub('eks-mgmt-hub'),
      ],
    });
    const aks = policies.forHub('aks-mgmt-hub');
    expect(aks).toMatchObject({
      sourceRepos: ['https://github.com/acme/*'],
      projects: ['team-a'],
      allowHubDestination: true,
      hubGatewayDomains: ['eu.example.com'],
      serverHosts: ['10.0.0.0/8'],
      exec: {
        commands: [{ command: 'kubelogin', args: ['get-token'] }],
        allowInApplyMode: true,
      },
      remoteRefKeyPrefix: 'clusters/',
    });
    expect(aks.keys.serverHosts).toBe(
      'hubSpoke.hubs[0].scaffolder.serverHosts',
    );
    expect(aks.keys['exec.allowInApplyMode']).toBe(
      'hubSpoke.hubs[0].scaffolder.exec.allowInApplyMode',
    );
    expect(aks.keys.sourceRepos).toBe('hubSpoke.scaffolder.sourceRepos');
    expect(aks.keys['exec.commands']).toBe('hubSpoke.scaffolder.exec.commands');
    expect(aks.defaults).toEqual([]);

    const eks = policies.forHub('eks-mgmt-hub');
    expect(eks).toMatchObject({
      allowHubDestination: false,
      hubGatewayDomains: [],
      serverHosts: ['*.azmk8s.io'],
      exec: { allowInApplyMode: false },
    });
    expect(eks.keys.allowHubDestination).toBe(
      'hubSpoke.scaffolder.allowHubDestination',
    );
    expect(eks.defaults).toEqual(['allowHubDestination', 'hubGatewayDomains']);
    // A hub that is not configured gets the global policy.
    expect(policies.forHub('gke-mgmt-hub').serverHosts).toEqual([
      '*.azmk8s.io',
    ]);
  });

  it('an explicit empty projects list allows no project (unlike an unset one)', () => {
    expect(read({ scaffolder: { projects: [] } }).forHub('h').projects).toEqual(
      [],
    );
  });

  it.each<[string, JsonObject, string]>([
    [
      'a list that is not one',
      { scaffolder: { sourceRepos: 'https://github.com/acme/*' } },
      'hubSpoke.scaffolder.sourceRepos must be a list of strings',
    ],
    [
      'a repository pattern that is no URL',
      { scaffolder: { gitopsRepos: ['github.com/acme'] } },
      'hubSpoke.scaffolder.gitopsRepos[0] "github.com/acme" is not a repository URL pattern (e.g. https://github.com/acme/*)',
    ],
    [
      'a server host that is no host, wildcard, IP or CIDR',
      { scaffolder: { serverHosts: ['*.azmk8s.io', 'https://x.example.com'] } },
      'hubSpoke.scaffolder.serverHosts[1] "https://x.example.com" is not a host, a wildcard such as *.azmk8s.io, an IP address or a CIDR',
    ],
    [
      'a CIDR with host bits',
      { scaffolder: { serverHosts: ['10.1.2.3/8'] } },
      'hubSpoke.scaffolder.serverHosts[0] "10.1.2.3/8" has host bits set; the network is 10.0.0.0/8',
    ],
    [
      'a gateway domain that is no domain',
      { scaffolder: { hubGatewayDomains: ['eu example com'] } },
      'hubSpoke.scaffolder.hubGatewayDomains[0] "eu example com" is not a domain',
    ],
    [
      'a project that is no Argo CD project name',
      { scaffolder: { projects: ['Team A'] } },
      'hubSpoke.scaffolder.projects[0] "Team A" is not an Argo CD project name',
    ],
    [
      'a boolean that is a string',
      { scaffolder: { allowHubDestination: 'yes' } },
      'hubSpoke.scaffolder.allowHubDestination must be true or false',
    ],
    [
      'an exec command with its arguments in one string',
      {
        scaffolder: {
          exec: { commands: [{ command: 'kubelogin get-token' }] },
        },
      },
      'hubSpoke.scaffolder.exec.commands[0].command must be a command name or path, without spaces',
    ],
    [
      'an unknown key (a typo)',
      { scaffolder: { sourceRepo: ['https://github.com/acme/*'] } },
      'hubSpoke.scaffolder.sourceRepo is not a key of the scaffolder policy',
    ],
    [
      "a hub's bad key, named with its index",
      {
        hubs: [
          hub('aks-mgmt-hub'),
          hub('eks-mgmt-hub', { exec: { allowInApplyMode: 1 } }),
        ],
      },
      'hubSpoke.hubs[1].scaffolder.exec.allowInApplyMode must be true or false',
    ],
  ])('refuses %s with an InputError naming the key', (_, hubSpoke, message) => {
    let error: unknown;
    try {
      read(hubSpoke);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
  });
});
