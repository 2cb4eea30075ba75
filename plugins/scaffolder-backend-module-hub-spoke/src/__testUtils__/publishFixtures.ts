/**
 * A topology for hub-spoke:app:publish: the default simulated fleet's aks spokes with their ingress domains and the
 * hosts they already publish (checkout.apps.aks-eu-prod-1.example.com), and a valid input.
 */
import { JsonObject } from '@backstage/types';
import { Cluster, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { topologyCluster, topologyOf } from '@hub-spoke/test-utils';

const spoke = (
  hub: string,
  name: string,
  extra: Partial<Cluster> = {},
): Cluster =>
  topologyCluster(hub, name, {
    server: `https://${name}.example.com:443`,
    annotations: { 'hub-spoke/ingress-domain': `apps.${name}.example.com` },
    ...extra,
  });

export const publishTopology = (): Topology =>
  topologyOf([
    topologyCluster('aks-mgmt-hub', 'aks-mgmt-hub', {
      ingress: {
        addresses: ['20.61.1.1'],
        hosts: [
          {
            host: 'checkout.eu.example.com',
            sources: [
              {
                kind: 'HTTPRoute',
                group: 'gateway.networking.k8s.io',
                namespace: 'global-ingress',
                name: 'checkout-global',
              },
            ],
            destinations: [],
          },
        ],
      },
    }),
    spoke('aks-mgmt-hub', 'aks-eu-prod-1', {
      ingress: {
        addresses: ['20.61.22.17'],
        hosts: [
          {
            host: 'checkout.apps.aks-eu-prod-1.example.com',
            sources: [
              {
                kind: 'VirtualService',
                group: 'networking.istio.io',
                namespace: 'checkout',
                name: 'checkout',
              },
            ],
            destinations: ['checkout.checkout.svc.cluster.local:80'],
          },
        ],
      },
    }),
    spoke('aks-mgmt-hub', 'aks-eu-prod-2'),
    topologyCluster('aks-mgmt-hub', 'legacy-onprem-1', { server: '' }),
    topologyCluster('eks-mgmt-hub', 'eks-mgmt-hub'),
    spoke('eks-mgmt-hub', 'eks-us-prod-1'),
  ]);

/** One spoke with Istio, pull request. */
export function publishInput(overrides: JsonObject = {}): JsonObject {
  return {
    name: 'shop',
    source: {
      repoURL: 'https://github.com/example/shop',
      path: 'deploy',
      targetRevision: 'main',
    },
    gitops: {
      repoURL: 'https://github.com/example/fleet',
      targetRevision: 'main',
    },
    targets: [{ cluster: 'aks-eu-prod-1' }],
    host: 'shop.apps.aks-eu-prod-1.example.com',
    ...overrides,
  };
}

/** Two spokes behind the hub gateway, 50/50 with /api pinned. */
export function hubInput(overrides: JsonObject = {}): JsonObject {
  return publishInput({
    targets: [
      { cluster: 'aks-eu-prod-1', weight: 50 },
      { cluster: 'aks-eu-prod-2', weight: 50 },
    ],
    host: 'shop.eu.example.com',
    exposure: 'hub',
    pinnedPaths: ['/api'],
    ...overrides,
  });
}
