import { gatewayHostMatches, hostMatchesPattern } from './hostMatch';

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
