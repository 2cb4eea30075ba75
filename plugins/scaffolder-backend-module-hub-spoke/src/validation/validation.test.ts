import { InputError } from '@backstage/errors';
import { checkComposedName, domainProblem } from './names';
import { findCredentials } from './tokens';

// CIDRs, DNS-1123 names and Kubernetes label keys and values are tested in @hub-spoke/plugin-hub-spoke-common.
describe('names', () => {
  it('checks an ingress domain or host: a lowercase DNS name of two labels or more, no wildcard', () => {
    expect(domainProblem('apps.aks.example.com')).toBeUndefined();
    expect(domainProblem('localhost')).toMatch(/at least two labels/);
    expect(domainProblem('*.apps.aks.example.com')).toBe(
      'must be given without "*." (the certificate covers *.apps.aks.example.com)',
    );
    expect(domainProblem('Apps.example.com')).toBe('must be lowercase');
    expect(domainProblem('apps..example.com')).toMatch(/DNS labels/);
    expect(domainProblem(`${'a'.repeat(64)}.example.com`)).toMatch(
      /at most 63 characters/,
    );
  });
});

describe('credentials in inputs', () => {
  it('finds credential fields, credential-looking values and known secrets, by path', () => {
    expect(
      findCredentials(
        {
          auth: {
            type: 'bearerToken',
            bearerToken: 'x',
            secretStore: { name: 'vault' },
          },
          env: {
            GITHUB_TOKEN: 'y',
            AZURE_FEDERATED_TOKEN_FILE: '/var/run/token',
            EMPTY_TOKEN: '',
          },
          list: [
            '-----BEGIN RSA PRIVATE KEY-----\nabc',
            'ghp_abcdefghijklmnopqrstuvwxyz0123',
          ],
          note: 'prefix-supersecretvalue',
        },
        ['supersecretvalue', 'short'],
      ),
    ).toEqual([
      'auth.bearerToken',
      'env.GITHUB_TOKEN',
      'list[0]',
      'list[1]',
      'note',
    ]);
    expect(
      findCredentials({ name: 'aks', labels: { tokenizer: 'on' } }),
    ).toEqual([]);
  });
});

describe('names composed from inputs', () => {
  it('checks the name as the object it names, saying which inputs make it and what to change', () => {
    const name = 'a'.repeat(50);
    expect(() =>
      checkComposedName(
        `${name}-aks-eu-prod-1`,
        'label',
        'Application',
        'name and target aks-eu-prod-1',
        'choose a shorter name',
      ),
    ).toThrow(
      new InputError(
        `name and target aks-eu-prod-1 make the Application name "${name}-aks-eu-prod-1", which must be a ` +
          'DNS-1123 label: it must be at most 63 characters (is 64); choose a shorter name',
      ),
    );
    // A Service name must start with a letter (DNS-1035).
    expect(() =>
      checkComposedName('1shop-aks', 'dns1035', 'Service', 'name', 'fix it'),
    ).toThrow(
      /make the Service name "1shop-aks", which must be a DNS-1035 label: it must consist of/,
    );
    expect(() =>
      checkComposedName('shop-aks', 'dns1035', 'Service', 'name', 'fix it'),
    ).not.toThrow();
    expect(() =>
      checkComposedName(
        `cluster-${'a'.repeat(63)}`,
        'subdomain',
        'Secret',
        'name',
        'fix it',
      ),
    ).not.toThrow();
  });
});

describe('credentials in URLs and environment names', () => {
  it('finds user info in http(s) URLs (a token alone as the user too) and passwords in other schemes', () => {
    expect(
      findCredentials({
        source: { repoURL: 'https://user:ghp_token@github.com/acme/shop' },
        gitops: { repoURL: 'https://x-access-token@github.com/acme/fleet' },
        mirror: 'ssh://git:hunter2@git.example.com/acme/shop',
        ssh: 'ssh://git@github.com/acme/shop.git',
        scp: 'git@github.com:acme/shop.git',
        plain: 'https://github.com/acme/shop',
        email: 'team@example.com',
      }),
    ).toEqual(['source.repoURL', 'gitops.repoURL', 'mirror']);
  });

  it('finds environment names ending in _SECRET, _KEY, _TOKEN or _PASSWORD, not files or ids', () => {
    expect(
      findCredentials({
        auth: {
          env: {
            AWS_SECRET_ACCESS_KEY: 'x',
            AZURE_CLIENT_SECRET: 'x',
            VAULT_TOKEN: 'x',
            DB_PASSWORD: 'x',
            AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/token',
            AZURE_CLIENT_ID: 'x',
            AWS_ACCESS_KEY_ID: 'x',
            EMPTY_KEY: '',
          },
        },
        remoteRef: { key: 'hub-spoke/aks-1' },
      }),
    ).toEqual([
      'auth.env.AWS_SECRET_ACCESS_KEY',
      'auth.env.AZURE_CLIENT_SECRET',
      'auth.env.VAULT_TOKEN',
      'auth.env.DB_PASSWORD',
    ]);
  });
});
