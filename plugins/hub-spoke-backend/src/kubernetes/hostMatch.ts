/** Lowercases a DNS name and drops a trailing dot. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Whether a certificate dnsName covers a host, with TLS (RFC 6125) wildcard rules: an exact match, or `*.apps.x.com`
 * covering exactly one more label (`a.apps.x.com`, not `a.b.apps.x.com` nor `apps.x.com`). A wildcard host such as
 * `*.apps.x.com` is covered only by the same wildcard. Case and a trailing dot are ignored.
 */
export function hostMatchesPattern(pattern: string, host: string): boolean {
  const p = normalizeHost(pattern);
  const h = normalizeHost(host);
  if (!p || !h) return false;
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(1); // ".apps.x.com"
  if (suffix.includes('*') || suffix.length < 2) return false;
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes('.') && !label.includes('*');
}

/**
 * Whether a gateway host (Istio server host, Gateway API listener hostname) accepts a route host: `*` accepts
 * everything; `*.x.com` accepts any name below x.com at any depth (`a.x.com`, `a.b.x.com`, `*.a.x.com`) but not
 * `x.com`; otherwise the names must be equal.
 */
export function gatewayHostMatches(gatewayHost: string, host: string): boolean {
  const g = normalizeHost(gatewayHost);
  const h = normalizeHost(host);
  if (!g || !h) return false;
  if (g === '*' || g === h) return true;
  if (!g.startsWith('*.')) return false;
  const suffix = g.slice(1);
  return h.length > suffix.length && h.endsWith(suffix);
}
