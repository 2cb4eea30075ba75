import { Entity } from '@backstage/catalog-model';
import {
  isHubSpokeClusterAvailable,
  isHubSpokeDeploymentsAvailable,
} from './entity';

function entity(
  kind: string,
  annotations: Record<string, string>,
  spec: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec,
  };
}

describe('isHubSpokeDeploymentsAvailable', () => {
  it('is true for Components naming or selecting Argo CD applications', () => {
    expect(
      isHubSpokeDeploymentsAvailable(
        entity('Component', { 'argocd/app-name': 'checkout' }),
      ),
    ).toBe(true);
    expect(
      isHubSpokeDeploymentsAvailable(
        entity('Component', { 'argocd/app-selector': 'app=checkout' }),
      ),
    ).toBe(true);
  });

  it('is false without the annotations, with blank ones, or for other kinds', () => {
    expect(isHubSpokeDeploymentsAvailable(entity('Component', {}))).toBe(false);
    expect(
      isHubSpokeDeploymentsAvailable(
        entity('Component', { 'argocd/app-name': ' ' }),
      ),
    ).toBe(false);
    expect(
      isHubSpokeDeploymentsAvailable(
        entity('System', { 'argocd/app-name': 'checkout' }),
      ),
    ).toBe(false);
  });
});

describe('isHubSpokeClusterAvailable', () => {
  it('is true for kubernetes-cluster Resources with a hub-spoke/cluster annotation', () => {
    expect(
      isHubSpokeClusterAvailable(
        entity(
          'Resource',
          { 'hub-spoke/cluster': 'aks-spoke-eu' },
          { type: 'kubernetes-cluster' },
        ),
      ),
    ).toBe(true);
  });

  it('is false for other resource types, kinds or without the annotation', () => {
    expect(
      isHubSpokeClusterAvailable(
        entity('Resource', { 'hub-spoke/cluster': 'a' }, { type: 'database' }),
      ),
    ).toBe(false);
    expect(
      isHubSpokeClusterAvailable(
        entity(
          'Component',
          { 'hub-spoke/cluster': 'a' },
          { type: 'kubernetes-cluster' },
        ),
      ),
    ).toBe(false);
    expect(
      isHubSpokeClusterAvailable(
        entity('Resource', {}, { type: 'kubernetes-cluster' }),
      ),
    ).toBe(false);
  });
});
