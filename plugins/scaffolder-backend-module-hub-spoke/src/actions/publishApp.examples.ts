import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { ACTION_APP_PUBLISH } from '../ids';

const step = (name: string, input: Record<string, unknown>) =>
  stringify(
    { steps: [{ id: 'publish', action: ACTION_APP_PUBLISH, name, input }] },
    { lineWidth: 0 },
  );

const source = {
  repoURL: 'https://github.com/example/shop',
  path: 'deploy/overlays/prod',
  targetRevision: 'main',
};
const gitops = {
  repoURL: 'https://github.com/example/fleet',
  targetRevision: 'main',
};

export const examples: TemplateExample[] = [
  {
    description:
      "One spoke with Istio: a Gateway server for the host (the spoke's wildcard certificate) and a VirtualService " +
      'to the shop Service, written as files for a pull request',
    example: step('Publish shop on aks-eu-prod-1', {
      name: 'shop',
      source,
      gitops,
      targets: [{ cluster: 'aks-eu-prod-1' }],
      host: 'shop.apps.aks-eu-prod-1.example.com',
      ingress: 'istio',
      owner: 'group:default/shop-team',
    }),
  },
  {
    description:
      "One spoke with Gateway API: an HTTPRoute for /shop and /cart attached to the spoke's Gateway, to port 8080",
    example: step('Publish shop on aks-eu-prod-2', {
      name: 'shop',
      namespace: 'shop-prod',
      source,
      gitops,
      targets: [{ cluster: 'aks-eu-prod-2' }],
      host: 'shop.apps.aks-eu-prod-2.example.com',
      paths: ['/shop', '/cart'],
      service: { name: 'shop-web', port: 8080 },
      ingress: 'gateway-api',
    }),
  },
  {
    description:
      'Two spokes behind the hub gateway: 50/50 on /, /api pinned to the first spoke, circuit breaking by default ' +
      '(the hub must be allowed as a destination, hubSpoke.scaffolder.allowHubDestination, and the host be under ' +
      'one of its hubGatewayDomains)',
    example: step('Publish shop behind aks-mgmt-hub', {
      name: 'shop',
      source,
      gitops,
      targets: [
        { cluster: 'aks-eu-prod-1', weight: 50 },
        { cluster: 'aks-eu-prod-2', weight: 50 },
      ],
      host: 'shop.eu.example.com',
      exposure: 'hub',
      pinnedPaths: ['/api'],
    }),
  },
  {
    description:
      "A dedicated cert-manager Certificate for the host instead of the spoke's wildcard certificate",
    example: step('Publish docs on aks-eu-prod-1 with its own certificate', {
      name: 'docs',
      source: { repoURL: 'https://github.com/example/docs', path: 'deploy' },
      gitops,
      targets: [{ cluster: 'aks-eu-prod-1' }],
      host: 'docs.apps.aks-eu-prod-1.example.com',
      tls: 'dedicated',
      issuer: 'letsencrypt-prod',
    }),
  },
];
