import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
// Test helpers, not a plugin: the frontend ones are on a React-only subpath of the (node-library) package.
import {
  describeFetchStates,
  hubSpokeClientApis,
  hubSpokeHandlers,
  renderEntityCard,
  setupHubSpokeServer,
} from '@hub-spoke/test-utils/frontend';
import { ApplicationSummary } from '@hub-spoke/plugin-hub-spoke-common';
import { hubSpokeApiRef, HubSpokeClient } from '../../api';
import { rootRouteRef } from '../../routes';
import { makeApplication } from '../../testUtils/fixtures';
import { EntityDeploymentsCard } from './EntityDeploymentsCard';

const sha = '4f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
    spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
  };
}

const applications: ApplicationSummary[] = [
  makeApplication({
    name: 'checkout',
    hub: 'aks-mgmt-hub',
    cluster: 'aks-spoke-eu',
    namespace: 'shop',
    sync: 'OutOfSync',
    health: 'Degraded',
    revision: sha,
    externalURLs: ['https://checkout.eu.example.com/'],
    labels: { 'app.kubernetes.io/part-of': 'checkout', env: 'prod' },
  }),
  makeApplication({
    name: 'checkout',
    hub: 'eks-mgmt-hub',
    cluster: 'eks-spoke-us',
    namespace: 'shop',
    revision: 'v1.4.2',
    externalURLs: [],
    labels: { 'app.kubernetes.io/part-of': 'checkout', env: 'prod' },
  }),
  makeApplication({
    name: 'checkout-worker',
    hub: 'aks-mgmt-hub',
    cluster: 'aks-spoke-eu',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/part-of': 'checkout', env: 'dev' },
  }),
  makeApplication({
    name: 'payments',
    hub: 'aks-mgmt-hub',
    cluster: 'aks-spoke-eu',
    labels: { 'app.kubernetes.io/part-of': 'payments' },
  }),
];

describe('EntityDeploymentsCard', () => {
  const server = setupHubSpokeServer();

  function serve(items: ApplicationSummary[] = applications) {
    server.use(...hubSpokeHandlers({ applications: items }));
  }

  async function renderCard(entity: Entity) {
    await renderEntityCard(<EntityDeploymentsCard />, {
      entity,
      apis: [[hubSpokeApiRef, new HubSpokeClient(hubSpokeClientApis())]],
      mountedRoutes: { '/hub-spoke': rootRouteRef },
    });
  }

  /** The row of the application deployed to a spoke, found by the spoke's link. */
  const rowOf = (spoke: string) =>
    screen.getByRole('link', { name: spoke }).closest('tr')!;

  it('lists the application named by argocd/app-name on every hub', async () => {
    serve();
    await renderCard(component({ 'argocd/app-name': 'checkout' }));

    expect(
      await screen.findByText('2 applications on 2 clusters of 2 hubs'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Applications named checkout, on every hub'),
    ).toBeInTheDocument();
    expect(screen.queryByText('checkout-worker')).not.toBeInTheDocument();
    expect(screen.queryByText('payments')).not.toBeInTheDocument();

    const eu = rowOf('aks-spoke-eu');
    expect(
      within(eu).getByRole('link', { name: 'aks-spoke-eu' }),
    ).toHaveAttribute('href', '/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu');
    expect(within(eu).getByText('aks-mgmt-hub · shop')).toBeInTheDocument();
    expect(eu).toHaveTextContent('OutOfSync');
    expect(eu).toHaveTextContent('Degraded');
    expect(within(eu).getByText('4f1e2d3')).toBeInTheDocument();
    expect(
      within(eu).getByRole('link', { name: /^checkout\.eu\.example\.com/ }),
    ).toHaveAttribute('href', 'https://checkout.eu.example.com/');

    const us = rowOf('eks-spoke-us');
    expect(
      within(us).getByRole('link', { name: 'eks-spoke-us' }),
    ).toHaveAttribute('href', '/hub-spoke?cluster=eks-mgmt-hub/eks-spoke-us');
    expect(within(us).getByText('eks-mgmt-hub · shop')).toBeInTheDocument();
    expect(us).toHaveTextContent('Synced');
    expect(us).toHaveTextContent('Healthy');
    expect(us).toHaveTextContent('v1.4.2');
  });

  it('lists the applications matching the label selector of argocd/app-selector', async () => {
    serve();
    await renderCard(
      component({
        'argocd/app-selector':
          'app.kubernetes.io/part-of=checkout, env in (prod,staging)',
      }),
    );

    expect(
      await screen.findByText('2 applications on 2 clusters of 2 hubs'),
    ).toBeInTheDocument();
    expect(screen.queryByText('checkout-worker')).not.toBeInTheDocument();
    expect(screen.queryByText('payments')).not.toBeInTheDocument();
  });

  it('matches negative selectors against labels too', async () => {
    serve();
    await renderCard(
      component({
        'argocd/app-selector': 'app.kubernetes.io/part-of, env!=prod',
      }),
    );

    expect(
      await screen.findByText('2 applications on 1 cluster of 1 hub'),
    ).toBeInTheDocument();
    expect(screen.getByText('checkout-worker')).toBeInTheDocument();
    expect(screen.getByText('payments')).toBeInTheDocument();
    expect(screen.queryByText('checkout')).not.toBeInTheDocument();
  });

  it('says so when no hub has an application of that name', async () => {
    serve([applications[3]]);
    await renderCard(component({ 'argocd/app-name': 'checkout' }));

    expect(
      await screen.findByText(
        'No Argo CD application named checkout on any hub.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when no application matches the selector', async () => {
    serve();
    await renderCard(
      component({ 'argocd/app-selector': 'app.kubernetes.io/part-of=search' }),
    );

    expect(
      await screen.findByText(
        'No Argo CD application matching app.kubernetes.io/part-of=search on any hub.',
      ),
    ).toBeInTheDocument();
  });

  it('explains an invalid selector instead of listing anything', async () => {
    serve();
    await renderCard(component({ 'argocd/app-selector': 'tier in (web' }));

    expect(
      await screen.findByText(
        'Invalid label selector "tier in (web": unbalanced parentheses',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  describeFetchStates({
    server,
    path: 'applications',
    errorPrefix: 'Error: Could not load the Argo CD applications',
    render: () => renderCard(component({ 'argocd/app-name': 'checkout' })),
  });
});
