import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { hubSpokeApiRef } from './api';
import hubSpokePlugin, {
  hubSpokeClusterEntityCard,
  hubSpokeDeploymentsEntityCard,
} from './alpha';
import { rootRouteRef } from './routes';
import { makeApplication, makeTopology } from './testUtils/fixtures';

function entity(
  kind: string,
  annotations: Record<string, string>,
  type = 'service',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec: { type },
  };
}

describe('hub-spoke plugin for the new frontend system', () => {
  const api = {
    getTopology: jest.fn(async () => makeTopology()),
    getApplications: jest.fn(async () => ({ items: [] })),
  };

  it('serves the topology page at /hub-spoke', async () => {
    renderTestApp({
      features: [hubSpokePlugin],
      apis: [[hubSpokeApiRef, api]],
      initialRouteEntries: ['/hub-spoke'],
    });

    expect(
      await screen.findByRole('heading', { name: 'eks-mgmt-hub' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 1, name: 'Hub & Spoke' }),
    ).toBeInTheDocument();
    expect(api.getTopology).toHaveBeenCalled();
  });

  it('puts a "Hub & Spoke" item in the app nav', async () => {
    renderTestApp({
      features: [hubSpokePlugin],
      apis: [[hubSpokeApiRef, api]],
      initialRouteEntries: ['/hub-spoke'],
    });

    const item = await screen.findByRole('link', { name: /Hub & Spoke/ });
    expect(item).toHaveAttribute('href', '/hub-spoke');
  });

  it('exposes its extensions under stable ids', () => {
    expect(hubSpokePlugin.id).toBe('hub-spoke');
    expect(hubSpokePlugin.getExtension('page:hub-spoke')).toBeDefined();
    expect(hubSpokePlugin.getExtension('api:hub-spoke')).toBeDefined();
    expect(
      hubSpokePlugin.getExtension('entity-card:hub-spoke/deployments'),
    ).toBeDefined();
    expect(
      hubSpokePlugin.getExtension('entity-card:hub-spoke/cluster'),
    ).toBeDefined();
  });

  it('puts the deployments card only on Components with an Argo CD annotation', () => {
    const filter = createExtensionTester(hubSpokeDeploymentsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entity('Component', { 'argocd/app-name': 'checkout' }))).toBe(
      true,
    );
    expect(
      filter(entity('Component', { 'argocd/app-selector': 'app=checkout' })),
    ).toBe(true);
    expect(filter(entity('Component', {}))).toBe(false);
    expect(filter(entity('API', { 'argocd/app-name': 'checkout' }))).toBe(
      false,
    );
  });

  it('puts the cluster card only on kubernetes-cluster Resources with a hub-spoke/cluster annotation', () => {
    const filter = createExtensionTester(hubSpokeClusterEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      filter(
        entity(
          'Resource',
          { 'hub-spoke/cluster': 'aks-spoke-eu' },
          'kubernetes-cluster',
        ),
      ),
    ).toBe(true);
    expect(
      filter(entity('Resource', { 'hub-spoke/cluster': 'a' }, 'database')),
    ).toBe(false);
    expect(filter(entity('Resource', {}, 'kubernetes-cluster'))).toBe(false);
  });

  it('renders the deployments card from its extension', async () => {
    const cardApi = {
      getTopology: jest.fn(async () => makeTopology()),
      getApplications: jest.fn(async () => ({
        items: [
          makeApplication({
            name: 'checkout',
            hub: 'aks-mgmt-hub',
            cluster: 'aks-spoke-eu',
          }),
        ],
      })),
    };
    const card = createExtensionTester(hubSpokeDeploymentsEntityCard, {
      apis: [[hubSpokeApiRef, cardApi]],
    }).reactElement();
    renderInTestApp(
      <EntityProvider
        entity={entity('Component', { 'argocd/app-name': 'checkout' })}
      >
        {card}
      </EntityProvider>,
      {
        apis: [[hubSpokeApiRef, cardApi]],
        mountedRoutes: { '/hub-spoke': rootRouteRef },
      },
    );

    expect(
      await screen.findByText('1 application on 1 cluster of 1 hub'),
    ).toBeInTheDocument();
    expect(screen.getByText('Argo CD deployments')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'aks-spoke-eu' })).toHaveAttribute(
      'href',
      '/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu',
    );
  });
});
