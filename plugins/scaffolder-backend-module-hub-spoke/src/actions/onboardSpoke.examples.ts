import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { ACTION_SPOKE_ONBOARD } from '../ids';

/** A CA as a kubeconfig holds it (base64 of the PEM); the examples' one is a placeholder. */
const EXAMPLE_CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUExampleOnlyExampleOnlyExampleOnly0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n',
).toString('base64');

const step = (name: string, input: Record<string, unknown>) =>
  stringify(
    { steps: [{ id: 'onboard', action: ACTION_SPOKE_ONBOARD, name, input }] },
    { lineWidth: 0 },
  );

export const examples: TemplateExample[] = [
  {
    description:
      'An AKS spoke reached with the hub’s workload identity, with cert-manager and the Istio ingress gateway, ' +
      'written as files for a pull request (the default mode)',
    example: step('Onboard aks-eu-prod-3', {
      name: 'aks-eu-prod-3',
      server: 'https://aks-eu-prod-3-dns-4f2a.hcp.westeurope.azmk8s.io:443',
      hub: 'aks-mgmt-hub',
      auth: {
        type: 'azure',
        clientId: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      },
      tls: { caData: EXAMPLE_CA },
      labels: { environment: 'prod', region: 'westeurope' },
      addons: ['cert-manager', 'istio-ingress'],
      cidr: '10.14.0.0/16',
      ingressDomain: 'apps.aks-eu-prod-3.example.com',
      gitops: {
        repoURL: 'https://github.com/example/fleet',
        targetRevision: 'main',
      },
      owner: 'group:default/platform-team',
      system: 'fleet',
    }),
  },
  {
    description:
      'An EKS spoke reached through an IAM role, with a Gateway API gateway and an issuer of its own',
    example: step('Onboard eks-us-prod-3', {
      name: 'eks-us-prod-3',
      server: 'https://9C2F4A1B7E3D.gr7.us-east-1.eks.amazonaws.com',
      hub: 'eks-mgmt-hub',
      auth: {
        type: 'aws',
        clusterName: 'eks-us-prod-3',
        roleARN: 'arn:aws:iam::123456789012:role/argocd-eks-us-prod-3',
      },
      tls: { caData: EXAMPLE_CA },
      addons: ['cert-manager', 'external-dns'],
      cidr: '10.24.0.0/16',
      ingressDomain: 'apps.eks-us-prod-3.example.com',
      ingress: 'gateway-api',
      issuer: 'letsencrypt-staging',
      gitops: {
        repoURL: 'https://github.com/example/fleet',
        path: 'clusters/eks-us-prod-3/spoke',
        targetRevision: 'main',
      },
      owner: 'group:default/platform-team',
    }),
  },
  {
    description:
      'An on-premises spoke with a service account token kept in Vault: the pull request holds an ExternalSecret ' +
      'that builds the cluster Secret, never the token',
    example: step('Onboard onprem-dc1-1', {
      name: 'onprem-dc1-1',
      server: 'https://k8s.dc1.example.com:6443',
      hub: 'aks-mgmt-hub',
      auth: {
        type: 'bearerToken',
        secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
        remoteRef: { key: 'kubernetes/onprem-dc1-1', property: 'argocd-token' },
      },
      tls: { caData: EXAMPLE_CA },
      addons: ['external-secrets'],
      cidr: '172.20.0.0/16',
      owner: 'group:default/platform-team',
    }),
  },
  {
    description:
      'Registering a spoke with the hub right away (apply mode): the token comes from the task secret spokeToken, ' +
      'a form field with ui:field: Secret',
    example: step('Onboard aks-eu-dev-2 now', {
      name: 'aks-eu-dev-2',
      server: 'https://aks-eu-dev-2.example.com:6443',
      hub: 'aks-mgmt-hub',
      auth: { type: 'bearerToken' },
      tls: { caData: EXAMPLE_CA },
      labels: { environment: 'dev' },
      cidr: '10.15.0.0/16',
      owner: 'group:default/platform-team',
      mode: 'apply',
    }),
  },
  {
    description:
      'A spoke reached through a credential plugin of your own (exec provider), with a label only',
    example: step('Onboard gke-eu-1', {
      name: 'gke-eu-1',
      server: 'https://34.90.12.7',
      hub: 'aks-mgmt-hub',
      auth: {
        type: 'exec',
        command: 'argocd-k8s-auth',
        args: ['gcp'],
        env: {},
        apiVersion: 'client.authentication.k8s.io/v1beta1',
      },
      tls: { caData: EXAMPLE_CA },
      labels: { cloud: 'gke' },
      cidr: '10.16.0.0/16',
      owner: 'group:default/platform-team',
    }),
  },
];
