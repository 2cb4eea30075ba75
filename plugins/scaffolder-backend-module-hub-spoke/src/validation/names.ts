/**
 * Kubernetes and DNS name rules (apimachinery's validation package), each returning why a value is invalid, or
 * undefined when it is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** A DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63)
    return `must be at most 63 characters (is ${value.length})`;
  if (!DNS1123_LABEL.test(value)) {
    return 'must consist of lowercase letters, digits and "-", and start and end with a letter or digit (e.g. aks-eu-prod-3)';
  }
  return undefined;
}

/** A DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253)
    return `must be at most 253 characters (is ${value.length})`;
  for (const part of value.split('.')) {
    if (dns1123LabelProblem(part) !== undefined) {
      return 'must be lowercase DNS labels separated by dots, each starting and ending with a letter or digit';
    }
  }
  return undefined;
}

/** A Kubernetes label key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 of [A-Za-z0-9-_.]. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `prefix "${prefix}" ${p}`;
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63)
    return `name part must be at most 63 characters (is ${name.length})`;
  if (!LABEL_NAME.test(name)) {
    return 'name part must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit';
  }
  return undefined;
}

/** A Kubernetes label value: empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63)
    return `must be at most 63 characters (is ${value.length})`;
  if (!LABEL_NAME.test(value)) {
    return 'must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit';
  }
  return undefined;
}

/** A DNS name for an ingress domain: a subdomain with at least two labels, no wildcard. */
export function domainProblem(value: string): string | undefined {
  if (value.startsWith('*.')) {
    return `must be given without "*." (the certificate covers *.${value.slice(
      2,
    )})`;
  }
  if (value !== value.toLowerCase()) return 'must be lowercase';
  const p = dns1123SubdomainProblem(value);
  if (p) return p;
  if (!value.includes('.'))
    return 'must be a DNS name with at least two labels (e.g. apps.aks-eu-prod-3.example.com)';
  return undefined;
}
