import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { hubSpokeApiRef } from './api';
import {
  EntityHubSpokeClusterCard,
  EntityHubSpokeDeploymentsCard,
  hubSpokePlugin,
} from './plugin';
import { rootRouteRef } from './routes';
import { makeApplication, makeTopology } from './testUtils/fixtures';

describe('hub-spoke plugin for the legacy frontend system', () => {
  const api = {
    getTopology: jest.fn(async () => makeTopology()),
    getApplications: jest.fn(async () => ({
      items: [
        makeApplication({
          name: 'checkout',
          hub: 'eks-mgmt-hub',
          cluster: 'eks-spoke-us',
        }),
      ],
    })),
  };

  it('has the id hub-spoke', () => {
    expect(hubSpokePlugin.getId()).toBe('hub-spoke');
  });

  it('provides the deployments card as a component extension', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[hubSpokeApiRef, api]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'checkout',
              annotations: { 'argocd/app-name': 'checkout' },
            },
          }}
        >
          <EntityHubSpokeDeploymentsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/hub-spoke': rootRouteRef } },
    );

    expect(
      await screen.findByText('1 application on 1 cluster of 1 hub'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'eks-spoke-us' })).toHaveAttribute(
      'href',
      '/hub-spoke?cluster=eks-mgmt-hub/eks-spoke-us',
    );
  });

  it('provides the cluster card as a component extension', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[hubSpokeApiRef, api]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'eks-spoke-us',
              annotations: {
                'hub-spoke/cluster': 'eks-spoke-us',
                'hub-spoke/hub': 'eks-mgmt-hub',
              },
            },
            spec: { type: 'kubernetes-cluster' },
          }}
        >
          <EntityHubSpokeClusterCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/hub-spoke': rootRouteRef } },
    );

    expect(await screen.findByText('Applications (1)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View in fleet topology/ }),
    ).toHaveAttribute('href', '/hub-spoke?cluster=eks-mgmt-hub/eks-spoke-us');
  });
});
