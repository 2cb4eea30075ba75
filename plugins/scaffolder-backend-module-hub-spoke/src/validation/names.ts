/**
 * The scaffolder's rule for an ingress domain or an application host. The DNS and Kubernetes name rules it builds on
 * live in @hub-spoke/plugin-hub-spoke-common (dnsNames, labelSelector).
 */
import { InputError } from '@backstage/errors';
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  hostnameProblem,
} from '@hub-spoke/plugin-hub-spoke-common';

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

/** The rule a Kubernetes name composed from inputs must follow. */
export type ComposedNameRule = 'label' | 'dns1035' | 'subdomain';

const RULES: Record<
  ComposedNameRule,
  { problem: (v: string) => string | undefined; what: string }
> = {
  label: { problem: dns1123LabelProblem, what: 'a DNS-1123 label' },
  dns1035: { problem: dns1035LabelProblem, what: 'a DNS-1035 label' },
  subdomain: { problem: dns1123SubdomainProblem, what: 'a DNS-1123 subdomain' },
};

/**
 * A Kubernetes name made from inputs (e.g. `${name}-${cluster}`), checked as the name it becomes: `kind` says what it
 * names, `from` which inputs make it, `fix` what to change. Throws an InputError such as `name and target
 * aks-eu-prod-1 make the Application name "…", which must be at most 63 characters (is 70)`.
 */
export function checkComposedName(
  name: string,
  rule: ComposedNameRule,
  kind: string,
  from: string,
  fix: string,
): void {
  const problem = RULES[rule].problem(name);
  if (problem) {
    throw new InputError(
      `${from} make the ${kind} name "${name}", which must be ${RULES[rule].what}: it ${problem}; ${fix}`,
    );
  }
}
