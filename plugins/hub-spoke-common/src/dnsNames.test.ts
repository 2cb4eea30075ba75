import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  gatewayHostMatches,
  hostMatchesPattern,
  hostnameProblem,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isHostname,
  isWildcardHost,
  normalizeHost,
  wildcardHostProblem,
} from './dnsNames';

describe('DNS-1123 labels', () => {
  it('checks them as the API server does, saying why', () => {
    expect(dns1123LabelProblem('aks-eu-prod-3')).toBeUndefined();
    expect(dns1123LabelProblem('0')).toBeUndefined();
    expect(dns1123LabelProblem('a'.repeat(63))).toBeUndefined();
    expect(dns1123LabelProblem('a'.repeat(64))).toBe(
      'must be at most 63 characters (is 64)',
    );
    expect(dns1123LabelProblem('')).toBe('must not be empty');
    expect(dns1123LabelProblem('Aks')).toMatch(/lowercase/);
  });

  it.each([
    ['aks-eu-prod-3', true],
    ['3-aks', true],
    ['-aks', false],
    ['aks-', false],
    ['aks_eu', false],
    ['aks.eu', false],
    ['AKS', false],
    ['', false],
    ['a'.repeat(64), false],
  ])('isDns1123Label(%s) → %s', (value, expected) =>
    expect(isDns1123Label(value)).toBe(expected),
  );
});

describe('DNS-1123 subdomains', () => {
  it.each([
    ['letsencrypt-prod', true],
    ['cert-manager.io', true],
    ['a.b.c', true],
    [`${'a'.repeat(64)}.example.com`, true],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
    ['a..b', false],
    ['.a', false],
    ['a.', false],
    ['A.b', false],
    ['a_b.c', false],
    ['', false],
  ])('isDns1123Subdomain(%s) → %s', (value, expected) =>
    expect(isDns1123Subdomain(value)).toBe(expected),
  );

  it('says why', () => {
    expect(dns1123SubdomainProblem('a'.repeat(254))).toBe(
      'must be at most 253 characters (is 254)',
    );
    expect(dns1123SubdomainProblem('a..b')).toMatch(
      /lowercase DNS labels separated by dots/,
    );
  });
});

describe('DNS-1035 labels', () => {
  it.each([
    ['checkout-v2', true],
    ['a', true],
    ['2checkout', false],
    ['checkout-', false],
    ['Checkout', false],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
  ])('isDns1035Label(%s) → %s', (value, expected) =>
    expect(isDns1035Label(value)).toBe(expected),
  );

  it('says why', () => {
    expect(dns1035LabelProblem('2checkout')).toMatch(/start with a letter/);
  });
});

describe('host names and wildcard hosts', () => {
  it.each([
    ['apps.aks-eu-prod-3.example.com', true],
    ['localhost', true],
    [`${'a'.repeat(63)}.example.com`, true],
    [`${'a'.repeat(64)}.example.com`, false],
    ['Apps.example.com', false],
    ['*.apps.example.com', false],
    ['apps..example.com', false],
    ['', false],
  ])('isHostname(%s) → %s', (value, expected) =>
    expect(isHostname(value)).toBe(expected),
  );

  it('says why a host name is not one', () => {
    expect(hostnameProblem(`${'a'.repeat(64)}.example.com`)).toMatch(
      /at most 63 characters/,
    );
    expect(hostnameProblem('a'.repeat(254))).toBe(
      'must be at most 253 characters (is 254)',
    );
  });

  it.each([
    ['*.apps.example.com', true],
    ['*.localhost', true],
    ['apps.example.com', false],
    ['*', false],
    ['*.', false],
    ['*.*.example.com', false],
    ['a*.example.com', false],
  ])('isWildcardHost(%s) → %s', (value, expected) =>
    expect(isWildcardHost(value)).toBe(expected),
  );

  it('says why a wildcard host is not one', () => {
    expect(wildcardHostProblem('apps.example.com')).toMatch(/"\*\."/);
  });

  it('normalizes case, space and a trailing dot', () => {
    expect(normalizeHost(' Apps.Example.COM. ')).toBe('apps.example.com');
  });
});

describe('hostMatchesPattern (certificate dnsNames)', () => {
  it.each([
    ['a.apps.x.com', 'a.apps.x.com'],
    ['*.apps.x.com', 'a.apps.x.com'],
    ['*.apps.x.com', 'checkout-v2.apps.x.com'],
    ['*.apps.x.com', '*.apps.x.com'],
    ['*.APPS.x.com', 'A.apps.X.com'],
    ['*.apps.x.com.', 'a.apps.x.com'],
    ['a.apps.x.com', 'a.apps.x.com.'],
  ])('%s covers %s', (pattern, host) => {
    expect(hostMatchesPattern(pattern, host)).toBe(true);
  });

  it.each([
    ['*.apps.x.com', 'a.b.apps.x.com', 'a wildcard covers one label only'],
    ['*.apps.x.com', 'apps.x.com', 'not the bare domain'],
    ['*.apps.x.com', '.apps.x.com', 'not an empty label'],
    ['*.apps.x.com', 'a.apps.x.co', 'another domain'],
    ['*.apps.x.com', 'aapps.x.com', 'the wildcard label must end at a dot'],
    ['*.apps.x.com', '*.b.apps.x.com', 'not a narrower wildcard'],
    ['*.x.com', '*.apps.x.com', 'not a wildcard one level down'],
    ['a.apps.x.com', '*.apps.x.com', 'a name does not cover a wildcard'],
    ['a.apps.x.com', 'b.apps.x.com', 'different names'],
    ['*', 'a.com', 'a lone * is no certificate name'],
    [
      'a*.apps.x.com',
      'ab.apps.x.com',
      'partial-label wildcards are not honoured',
    ],
    ['*.*.x.com', 'a.b.x.com', 'only one leading wildcard'],
    ['', 'a.com', 'an empty pattern'],
    ['*.apps.x.com', '', 'an empty host'],
  ])('%s does not cover %s (%s)', (pattern, host) => {
    expect(hostMatchesPattern(pattern, host)).toBe(false);
  });
});

describe('gatewayHostMatches (Istio server hosts, Gateway API listener hostnames)', () => {
  it.each([
    ['*', 'anything.example.com'],
    ['*.apps.x.com', 'a.apps.x.com'],
    ['*.apps.x.com', 'a.b.apps.x.com'],
    ['*.apps.x.com', '*.b.apps.x.com'],
    ['*.apps.x.com', '*.apps.x.com'],
    ['checkout.x.com', 'CHECKOUT.x.com'],
  ])('%s accepts %s', (gatewayHost, host) => {
    expect(gatewayHostMatches(gatewayHost, host)).toBe(true);
  });

  it.each([
    ['*.apps.x.com', 'apps.x.com'],
    ['*.apps.x.com', 'a.other.com'],
    ['checkout.x.com', 'cart.x.com'],
    ['a.apps.x.com', '*.apps.x.com'],
    ['', 'a.com'],
  ])('%s rejects %s', (gatewayHost, host) => {
    expect(gatewayHostMatches(gatewayHost, host)).toBe(false);
  });
});
