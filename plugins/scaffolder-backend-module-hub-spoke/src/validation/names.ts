/**
 * The scaffolder's rule for an ingress domain or an application host. The DNS and Kubernetes name rules it builds on
 * live in @hub-spoke/plugin-hub-spoke-common (dnsNames, labelSelector).
 */
import { hostnameProblem } from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Why `value` is not a DNS name for an ingress domain or host (a lowercase host name with at least two labels, given
 * without a wildcard), or undefined when it is one.
 */
export function domainProblem(value: string): string | undefined {
  if (value.startsWith('*.')) {
    return `must be given without "*." (the certificate covers *.${value.slice(
      2,
    )})`;
  }
  if (value !== value.toLowerCase()) return 'must be lowercase';
  const problem = hostnameProblem(value);
  if (problem) return problem;
  if (!value.includes('.'))
    return 'must be a DNS name with at least two labels (e.g. apps.aks-eu-prod-3.example.com)';
  return undefined;
}
