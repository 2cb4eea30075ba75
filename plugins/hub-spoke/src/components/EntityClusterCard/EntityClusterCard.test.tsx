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
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { hubSpokeApiRef, HubSpokeClient } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  makeApplication,
  makeCluster,
  makeTopology,
} from '../../testUtils/fixtures';
import { EntityClusterCard, findCluster } from './EntityClusterCard';

function clusterResource(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'aks-spoke-eu', annotations },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
  };
}

describe('EntityClusterCard', () => {
  const server = setupHubSpokeServer();
  let clusterQueries: Array<string | null>;

  function serve(topology: Topology = makeTopology()) {
    clusterQueries = [];
    server.use(
      ...hubSpokeHandlers({
        topology,
        applications: query => {
          clusterQueries.push(query.get('cluster'));
          return [
            makeApplication({
              name: 'checkout',
              hub: 'aks-mgmt-hub',
              cluster: 'aks-spoke-eu',
              health: 'Degraded',
              sync: 'OutOfSync',
            }),
            makeApplication({
              name: 'cart',
              hub: 'aks-mgmt-hub',
              cluster: 'aks-spoke-eu',
            }),
          ];
        },
      }),
    );
  }

  async function renderCard(entity: Entity, mounted = true) {
    await renderEntityCard(<EntityClusterCard />, {
      entity,
      apis: [[hubSpokeApiRef, new HubSpokeClient(hubSpokeClientApis())]],
      mountedRoutes: mounted ? { '/hub-spoke': rootRouteRef } : undefined,
    });
  }

  it('shows the cluster’s status, published hosts and applications, and links to the topology focused on it', async () => {
    serve();
    await renderCard(
      clusterResource({
        'hub-spoke/cluster': 'aks-spoke-eu',
        'hub-spoke/hub': 'aks-mgmt-hub',
      }),
    );

    expect(await screen.findByText('Applications (2)')).toBeInTheDocument();
    expect(screen.getByText('Cluster aks-spoke-eu')).toBeInTheDocument();
    expect(screen.getByText('spoke of hub aks-mgmt-hub')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Attention' })).toHaveTextContent(
      'Argo CD cannot connect: dial tcp 10.1.2.3:443: i/o timeout',
    );
    expect(screen.getByRole('group', { name: 'Condition' })).toHaveTextContent(
      'error',
    );
    expect(screen.getByRole('group', { name: 'Nodes' })).toHaveTextContent(
      '2/3 ready',
    );
    const host = within(screen.getByRole('table', { name: 'Published hosts' }))
      .getByText('checkout.eu.example.com')
      .closest('tr')!;
    expect(host).toHaveTextContent('expires in 10 days (expiring soon)');
    expect(screen.getByText('checkout')).toBeInTheDocument();
    expect(screen.getByText('cart')).toBeInTheDocument();
    expect(clusterQueries).toEqual(['aks-mgmt-hub/aks-spoke-eu']);
    expect(
      screen.getByRole('link', { name: /View in fleet topology/ }),
    ).toHaveAttribute('href', '/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu');
  });

  it('finds a cluster by name alone when only one hub has it', async () => {
    serve();
    await renderCard(clusterResource({ 'hub-spoke/cluster': 'eks-spoke-us' }));

    expect(
      await screen.findByText('spoke of hub eks-mgmt-hub'),
    ).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Attention' })).toHaveTextContent(
      'Stale Argo CD data, last seen 42 minutes ago',
    );
  });

  it('says so when the hub has no such cluster', async () => {
    serve();
    await renderCard(
      clusterResource({
        'hub-spoke/cluster': 'aks-spoke-ap',
        'hub-spoke/hub': 'aks-mgmt-hub',
      }),
    );

    expect(
      await screen.findByText(
        'No cluster named aks-spoke-ap on hub aks-mgmt-hub.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /View in fleet topology/ }),
    ).not.toBeInTheDocument();
  });

  it('says so when no hub has such a cluster', async () => {
    serve();
    await renderCard(clusterResource({ 'hub-spoke/cluster': 'gke-spoke' }));

    expect(
      await screen.findByText('No cluster named gke-spoke on any hub.'),
    ).toBeInTheDocument();
  });

  describeFetchStates({
    server,
    path: 'topology',
    errorPrefix: 'Error: Could not load the cluster',
    render: () =>
      renderCard(clusterResource({ 'hub-spoke/cluster': 'aks-spoke-eu' })),
  });

  it('works without a topology page in the app, just without the link', async () => {
    serve();
    await renderCard(
      clusterResource({
        'hub-spoke/cluster': 'aks-spoke-eu',
        'hub-spoke/hub': 'aks-mgmt-hub',
      }),
      false,
    );

    expect(await screen.findByText('Applications (2)')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /View in fleet topology/ }),
    ).not.toBeInTheDocument();
  });
});

describe('findCluster', () => {
  const topology = {
    clusters: [
      makeCluster({ name: 'shared', hub: 'a' }),
      makeCluster({ name: 'shared', hub: 'b' }),
      makeCluster({ name: 'only', hub: 'b' }),
    ],
  };

  it('finds by hub and name, by id, or by a name only one hub has', () => {
    expect(findCluster(topology, 'shared', 'b')).toEqual({
      found: topology.clusters[1],
    });
    expect(findCluster(topology, 'a/shared')).toEqual({
      found: topology.clusters[0],
    });
    expect(findCluster(topology, 'only')).toEqual({
      found: topology.clusters[2],
    });
  });

  it('asks for the hub when several hubs have a cluster of that name', () => {
    expect(findCluster(topology, 'shared')).toEqual({
      ambiguous: [topology.clusters[0], topology.clusters[1]],
      name: 'shared',
    });
  });

  it('says what is missing', () => {
    expect(findCluster(topology, 'only', 'a')).toEqual({
      missing: 'No cluster named only on hub a.',
    });
    expect(findCluster(topology, 'none')).toEqual({
      missing: 'No cluster named none on any hub.',
    });
  });
});
