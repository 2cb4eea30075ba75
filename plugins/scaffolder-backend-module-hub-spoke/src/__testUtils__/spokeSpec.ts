/**
 * A spoke spec as the onboarding action resolves it, shared by the manifest builders' unit and contract tests.
 */
import { SpokeSpec } from '../manifests';

/** A base64 PEM CA, as a spoke's tls.caData. */
export const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

/** A complete spoke spec (AKS, Istio ingress, two add-ons); overrides win. */
export function spokeSpec(overrides: Partial<SpokeSpec> = {}): SpokeSpec {
  return {
    name: 'aks-eu-prod-3',
    server: 'https://aks-eu-prod-3.example.com:443',
    hub: 'aks-mgmt-hub',
    argocdNamespace: 'argocd',
    auth: { type: 'azure', clientId: 'client-1', tenantId: 'tenant-1' },
    tls: { caData: CA },
    labels: { region: 'westeurope', environment: 'prod' },
    addons: ['cert-manager', 'istio-ingress'],
    cidrs: ['10.14.0.0/16'],
    ingressDomain: 'apps.aks-eu-prod-3.example.com',
    issuer: 'letsencrypt-prod',
    ingress: 'istio',
    gatewayClassName: 'istio',
    gitops: {
      repoURL: 'https://github.com/example/fleet',
      path: 'clusters/aks-eu-prod-3/spoke',
      targetRevision: 'main',
    },
    project: 'default',
    owner: 'group:default/platform-team',
    system: 'fleet',
    ...overrides,
  };
}
