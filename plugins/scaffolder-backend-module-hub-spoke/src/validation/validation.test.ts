import { domainProblem } from './names';
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
