/**
 * DNS names: the rules Kubernetes checks names against (k8s.io/apimachinery/pkg/util/validation: DNS-1123 label and
 * subdomain, DNS-1035 label), host names, and how TLS (RFC 6125) and gateways match hosts against wildcards.
 *
 * Each rule has its maximum length, an explanation usable in an error message, a `…Problem` function returning why a
 * value breaks the rule (undefined when it is valid) and an `is…` predicate. Pure; runs in the browser and in Node.
 */

/** Longest DNS-1123 label (and DNS-1035 label, and host name label). @public */
export const DNS_LABEL_MAX_LENGTH = 63;

/** Longest DNS-1123 subdomain (and host name). @public */
export const DNS_SUBDOMAIN_MAX_LENGTH = 253;

/** Why a value is not a DNS-1123 label, for error messages. @public */
export const DNS1123_LABEL_EXPLANATION =
  'must consist of lowercase letters, digits and "-", and start and end with a letter or digit (e.g. aks-eu-prod-3)';

/** Why a value is not a DNS-1123 subdomain, for error messages. @public */
export const DNS1123_SUBDOMAIN_EXPLANATION =
  'must be lowercase DNS labels separated by dots, each starting and ending with a letter or digit';

/** Why a value is not a DNS-1035 label, for error messages. @public */
export const DNS1035_LABEL_EXPLANATION =
  'must consist of lowercase letters, digits and "-", start with a letter and end with a letter or digit (e.g. checkout-v2)';

/** Why a value is not a host name, for error messages. @public */
export const HOSTNAME_EXPLANATION = `must be lowercase DNS labels separated by dots, each starting and ending with a letter or digit and at most ${DNS_LABEL_MAX_LENGTH} characters`;

/** Why a value is not a wildcard host, for error messages. @public */
export const WILDCARD_HOST_EXPLANATION =
  'must be "*." followed by a host name (e.g. *.apps.example.com)';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function lengthProblem(value: string, max: number): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > max)
    return `must be at most ${max} characters (is ${value.length})`;
  return undefined;
}

/**
 * Why `value` is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric, at most
 * 63: names of namespaces, clusters, hubs), or undefined when it is one.
 *
 * @public
 */
export function dns1123LabelProblem(value: string): string | undefined {
  return (
    lengthProblem(value, DNS_LABEL_MAX_LENGTH) ??
    (DNS1123_LABEL.test(value) ? undefined : DNS1123_LABEL_EXPLANATION)
  );
}

/** Whether `value` is a DNS-1123 label. @public */
export function isDns1123Label(value: string): boolean {
  return dns1123LabelProblem(value) === undefined;
}

/**
 * Why `value` is not a DNS-1123 subdomain (dot-separated DNS-1123 labels, at most 253 in all: names of most Kubernetes
 * objects), or undefined when it is one. As in Kubernetes, the labels' own length is not limited: see
 * {@link hostnameProblem} for DNS host names.
 *
 * @public
 */
export function dns1123SubdomainProblem(value: string): string | undefined {
  return (
    lengthProblem(value, DNS_SUBDOMAIN_MAX_LENGTH) ??
    (DNS1123_SUBDOMAIN.test(value) ? undefined : DNS1123_SUBDOMAIN_EXPLANATION)
  );
}

/** Whether `value` is a DNS-1123 subdomain. @public */
export function isDns1123Subdomain(value: string): boolean {
  return dns1123SubdomainProblem(value) === undefined;
}

/**
 * Why `value` is not a DNS-1035 label (a DNS-1123 label starting with a letter: names of Services), or undefined when
 * it is one.
 *
 * @public
 */
export function dns1035LabelProblem(value: string): string | undefined {
  return (
    lengthProblem(value, DNS_LABEL_MAX_LENGTH) ??
    (DNS1035_LABEL.test(value) ? undefined : DNS1035_LABEL_EXPLANATION)
  );
}

/** Whether `value` is a DNS-1035 label. @public */
export function isDns1035Label(value: string): boolean {
  return dns1035LabelProblem(value) === undefined;
}

/**
 * Why `value` is not a host name (a DNS-1123 subdomain whose every label has at most 63 characters, as DNS requires;
 * lowercase, without a trailing dot), or undefined when it is one.
 *
 * @public
 */
export function hostnameProblem(value: string): string | undefined {
  const problem = dns1123SubdomainProblem(value);
  if (problem) {
    return problem === DNS1123_SUBDOMAIN_EXPLANATION
      ? HOSTNAME_EXPLANATION
      : problem;
  }
  return value.split('.').some(label => label.length > DNS_LABEL_MAX_LENGTH)
    ? HOSTNAME_EXPLANATION
    : undefined;
}

/** Whether `value` is a host name. @public */
export function isHostname(value: string): boolean {
  return hostnameProblem(value) === undefined;
}

/**
 * Why `value` is not a wildcard host (`*.` and a host name, e.g. `*.apps.example.com`), or undefined when it is one.
 *
 * @public
 */
export function wildcardHostProblem(value: string): string | undefined {
  if (!value.startsWith('*.')) return WILDCARD_HOST_EXPLANATION;
  const problem = hostnameProblem(value.slice(2));
  return problem ? WILDCARD_HOST_EXPLANATION : undefined;
}

/** Whether `value` is a wildcard host such as `*.apps.example.com`. @public */
export function isWildcardHost(value: string): boolean {
  return wildcardHostProblem(value) === undefined;
}

/** Lowercases a DNS name and drops surrounding space and a trailing dot. @public */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Whether a certificate dnsName covers a host, with TLS (RFC 6125) wildcard rules: an exact match, or `*.apps.x.com`
 * covering exactly one more label (`a.apps.x.com`, not `a.b.apps.x.com` nor `apps.x.com`). A wildcard host such as
 * `*.apps.x.com` is covered only by the same wildcard. Case and a trailing dot are ignored.
 *
 * @public
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
 * `x.com`; otherwise the names must be equal. Case and a trailing dot are ignored.
 *
 * @public
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
