import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { ACTION_SPOKE_ONBOARD } from '../ids';

/**
 * A CA as a kubeconfig holds it (base64 of the PEM). The action parses it as X.509, so the examples carry a real one:
 * a self-signed example CA whose key was not kept.
 */
const EXAMPLE_CA = Buffer.from(
  [
    '-----BEGIN CERTIFICATE-----',
    'MIIBjDCCATOgAwIBAgIUW2mNy2/L+YNCtOQqqH2pYaMZ+OcwCgYIKoZIzj0EAwIw',
    'GzEZMBcGA1UEAwwQZXhhbXBsZS1zcG9rZS1jYTAgFw0yNjEyMDQyMDMxMjNaGA8y',
    'MTI2MTExMDIwMzEyM1owGzEZMBcGA1UEAwwQZXhhbXBsZS1zcG9rZS1jYTBZMBMG',
    'ByqGSM49AgEGCCqGSM49AwEHA0IABHpKF9DuFr9A/pDGni0iwPVVu6puXshLFMo8',
    'I+qkLXp01XjrwSQYO4gPueuHR71Z8u6sZUngiNB6TZzmqUcjWDWjUzBRMB0GA1Ud',
    'DgQWBBTUTmv9bRUdLJvox+JiaqcNhfSaGTAfBgNVHSMEGDAWgBTUTmv9bRUdLJvo',
    'x+JiaqcNhfSaGTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAS0',
    '9oo6L9p29OFsnIZEI3NRopD4sTkvOjLua/UsLzSrAiAetMkaRrp05ysOFpsXnwFt',
    'WT/HSqHkdDbXRw9cyshsFA==',
    '-----END CERTIFICATE-----',
    '',
  ].join('\n'),
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
      'written as files for a pull request (the default mode); its API server host must be allowed by ' +
      'hubSpoke.scaffolder.serverHosts (e.g. *.azmk8s.io) and the GitOps repository by gitopsRepos',
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
      'that builds the cluster Secret, never the token (the key is under hubSpoke.scaffolder.remoteRefKeyPrefix, ' +
      'hub-spoke/ by default)',
    example: step('Onboard onprem-dc1-1', {
      name: 'onprem-dc1-1',
      server: 'https://k8s.dc1.example.com:6443',
      hub: 'aks-mgmt-hub',
      auth: {
        type: 'bearerToken',
        secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
        remoteRef: { key: 'hub-spoke/onprem-dc1-1', property: 'argocd-token' },
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
      'A GKE spoke on its private endpoint, reached through a credential plugin (exec provider) in one of the forms ' +
      'hubSpoke.scaffolder.exec.commands allows (by default the argocd-k8s-auth ones), with a label only',
    example: step('Onboard gke-eu-1', {
      name: 'gke-eu-1',
      server: 'https://172.16.0.2',
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
