import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  TOPOLOGY_SIGNAL_CHANNEL,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HubSpokeApi, hubSpokeApiRef } from '../../api';
import { formatExactTime } from '../FleetStatus';
import {
  makeCluster,
  makeHub,
  makeTopology,
  minutesAgo,
} from '../../testUtils/fixtures';
import { TopologyPage } from './TopologyPage';

function mockApi(
  getTopology: HubSpokeApi['getTopology'],
): jest.Mocked<HubSpokeApi> {
  return {
    getTopology: jest.fn(getTopology),
    getApplications: jest.fn(async () => ({ items: [] })),
  };
}

async function renderPage(api: HubSpokeApi, extraApis: any[] = []) {
  return renderInTestApp(
    <TestApiProvider apis={[[hubSpokeApiRef, api], ...extraApis] as any}>
      <TopologyPage />
    </TestApiProvider>,
  );
}

/** The table row of a cluster. */
function rowOf(clusterName: string): HTMLElement {
  return screen.getByText(clusterName, { selector: 'strong' }).closest('tr')!;
}

function hubSection(hubName: string): HTMLElement {
  return screen.getByRole('region', { name: `Hub ${hubName}` });
}

async function responseError(
  status: number,
  statusText: string,
  name: string,
  message: string,
) {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/hub-spoke/topology' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText,
    url: 'http://localhost:7007/api/hub-spoke/topology',
    headers: new Headers({ 'content-type': 'application/json' }),
    redirected: false,
    type: 'basic',
    text: async () => body,
  } as any);
}

describe('TopologyPage', () => {
  it('shows each hub with its state, the unreachable one with the backend message', async () => {
    await renderPage(mockApi(async () => makeTopology()));

    expect(
      await screen.findByRole('heading', { name: 'aks-mgmt-hub' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'eks-mgmt-hub' }),
    ).toBeInTheDocument();

    const aks = hubSection('aks-mgmt-hub');
    expect(within(aks).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(aks).getByText('ok')).toBeInTheDocument();
    expect(within(aks).getByText('v3.1.8+becb020')).toBeInTheDocument();
    expect(within(aks).getByText('3 minutes ago')).toBeInTheDocument();

    const eks = hubSection('eks-mgmt-hub');
    const alert = within(eks).getByRole('alert');
    expect(
      within(alert).getByText(
        'eks-mgmt-hub — unreachable: connect ECONNREFUSED 10.20.0.5:443',
      ),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(/Showing last-known data from/),
    ).toHaveTextContent('Showing last-known data from 42 minutes ago.');
    expect(within(eks).getByText('unreachable')).toBeInTheDocument();
    expect(within(eks).getByText('v2.14.2')).toBeInTheDocument();
    expect(
      within(eks).getByRole('link', {
        name: /^https:\/\/argocd\.eks-mgmt-hub\.example\.com/,
      }),
    ).toHaveAttribute('href', 'https://argocd.eks-mgmt-hub.example.com');
    expect(screen.getByText(/^2 hubs, 4 clusters/)).toHaveTextContent(
      '2 hubs, 4 clusters · snapshot from just now',
    );
    expect(screen.queryByText(/updates live/)).not.toBeInTheDocument();
  });

  it('shows the exact time of the last poll on hover', async () => {
    const topology = makeTopology();
    await renderPage(mockApi(async () => topology));

    await userEvent.hover(await screen.findByText('3 minutes ago'));

    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      formatExactTime(topology.hubs[0].lastSuccessAt!),
    );
  });

  it('lists each hub’s clusters with role, connection, version and application counts', async () => {
    await renderPage(mockApi(async () => makeTopology()));
    await screen.findByText('aks-spoke-eu', { selector: 'strong' });

    const hubRow = rowOf('aks-mgmt-hub');
    expect(within(hubRow).getByText('hub')).toBeInTheDocument();
    expect(within(hubRow).getByText('Successful')).toBeInTheDocument();
    expect(within(hubRow).getByText('v1.33.2')).toBeInTheDocument();
    expect(
      within(hubRow).getByRole('list', { name: 'Application health' }),
    ).toHaveTextContent('3 Healthy');
    expect(
      within(hubRow).getByRole('list', { name: 'Application sync' }),
    ).toHaveTextContent('3 Synced');

    const spokeRow = rowOf('aks-spoke-eu');
    expect(within(spokeRow).getByText('spoke')).toBeInTheDocument();
    expect(within(spokeRow).getByText('Failed')).toBeInTheDocument();
    expect(
      within(spokeRow).getByText('dial tcp 10.1.2.3:443: i/o timeout'),
    ).toBeInTheDocument();
    expect(within(spokeRow).getByText('5')).toBeInTheDocument();
    const health = within(spokeRow).getByRole('list', {
      name: 'Application health',
    });
    expect(
      within(health)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['2 Healthy', '2 Progressing', '1 Degraded']);
    const sync = within(spokeRow).getByRole('list', {
      name: 'Application sync',
    });
    expect(
      within(sync)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['4 Synced', '1 OutOfSync']);
    expect(
      within(spokeRow).queryByText('not registered'),
    ).not.toBeInTheDocument();
    expect(within(spokeRow).queryByText('stale')).not.toBeInTheDocument();
  });

  it('marks unregistered destinations and stale clusters with the age of their data', async () => {
    await renderPage(mockApi(async () => makeTopology()));
    await screen.findByText('aks-spoke-ghost', { selector: 'strong' });

    const ghostRow = rowOf('aks-spoke-ghost');
    expect(within(ghostRow).getByText('not registered')).toBeInTheDocument();
    expect(within(ghostRow).getByText('Unknown')).toBeInTheDocument();
    expect(within(ghostRow).getByText('—')).toBeInTheDocument();
    expect(within(ghostRow).getByText('1 Missing')).toBeInTheDocument();

    const staleRow = rowOf('eks-spoke-us');
    expect(within(staleRow).getByText('stale')).toBeInTheDocument();
    expect(within(staleRow).getByText(/data from/)).toHaveTextContent(
      'data from 42 minutes ago',
    );
    expect(
      within(staleRow).queryByText('not registered'),
    ).not.toBeInTheDocument();
  });

  it('says so when a hub has not been read yet and has no clusters', async () => {
    await renderPage(
      mockApi(async () => ({
        generatedAt: minutesAgo(0),
        hubs: [
          makeHub({
            name: 'gke-mgmt-hub',
            status: 'pending',
            argocdVersion: undefined,
            lastSuccessAt: undefined,
          }),
        ],
        clusters: [],
        edges: [],
      })),
    );

    expect(
      await screen.findByText('gke-mgmt-hub — pending'),
    ).toBeInTheDocument();
    const gke = hubSection('gke-mgmt-hub');
    expect(
      within(gke).getByText('No clusters known for this hub yet.'),
    ).toBeInTheDocument();
    expect(within(gke).getByText('never')).toBeInTheDocument();
    expect(within(gke).getByText('unknown')).toBeInTheDocument();
  });

  it('says when a failing hub has never been read', async () => {
    await renderPage(
      mockApi(async () => ({
        generatedAt: minutesAgo(0),
        hubs: [
          makeHub({
            name: 'gke-mgmt-hub',
            status: 'unauthorized',
            message: 'Argo CD answered 401: invalid session token',
            argocdVersion: undefined,
            lastSuccessAt: undefined,
          }),
        ],
        clusters: [],
        edges: [],
      })),
    );

    await screen.findByRole('heading', { name: 'gke-mgmt-hub' });
    const gke = hubSection('gke-mgmt-hub');
    const alert = within(gke).getByRole('alert');
    expect(alert).toHaveTextContent(
      'gke-mgmt-hub — unauthorized: Argo CD answered 401: invalid session token',
    );
    expect(alert).toHaveTextContent('No data has been read from this hub yet.');
    expect(within(gke).getByText('unauthorized')).toBeInTheDocument();
    // the only hub failing: the page says no hub could be read
    expect(
      screen.getByText('No hub could be read').closest('[role="alert"]'),
    ).toHaveTextContent(
      'gke-mgmt-hub (unauthorized: Argo CD answered 401: invalid session token)',
    );
  });

  it('shows a progress bar while the topology loads', async () => {
    await renderPage(mockApi(() => new Promise<Topology>(() => {})));

    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('No hubs configured')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled();
  });

  it('says plainly that the user has no access when the backend answers 403', async () => {
    const error = await responseError(
      403,
      'Forbidden',
      'NotAllowedError',
      'You are not allowed to read the fleet topology',
    );
    await renderPage(
      mockApi(async () => {
        throw error;
      }),
    );

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText("You don't have access to the fleet topology"),
    ).toBeInTheDocument();
    expect(alert).toHaveTextContent(
      'The hub-spoke backend refused the request: You are not allowed to read the fleet topology.',
    );
    expect(alert).toHaveTextContent('hub-spoke.topology.read');
    expect(
      screen.queryByRole('group', { name: 'Fleet topology graph' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'aks-mgmt-hub' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('No hubs configured')).not.toBeInTheDocument();
  });

  it('tells the user how to configure a hub when there is none', async () => {
    await renderPage(
      mockApi(async () => ({
        generatedAt: minutesAgo(0),
        hubs: [],
        clusters: [],
        edges: [],
      })),
    );

    expect(await screen.findByText('No hubs configured')).toBeInTheDocument();
    expect(screen.getByText(/Add an entry under/)).toHaveTextContent(
      'Add an entry under hubSpoke.hubs in app-config.yaml',
    );
    const snippet = screen.getByLabelText('Example hub configuration');
    expect(snippet.textContent).toContain(
      'hubSpoke:\n  hubs:\n    - name: my-mgmt-hub\n      argocd:\n        url: https://argocd.example.com\n        token: ${ARGOCD_TOKEN}',
    );
  });

  it('fetches the topology again on refresh and shows the new state', async () => {
    const down = makeTopology();
    const up: Topology = {
      ...down,
      hubs: down.hubs.map(h => ({
        ...h,
        status: 'ok',
        message: undefined,
        lastSuccessAt: minutesAgo(0),
      })),
      clusters: down.clusters.map(c => ({ ...c, stale: false })),
    };
    const api = mockApi(async () => down);
    api.getTopology.mockResolvedValueOnce(down).mockResolvedValueOnce(up);
    await renderPage(api);
    expect(
      await screen.findByText(/eks-mgmt-hub — unreachable/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    await waitFor(() =>
      expect(
        screen.queryByText(/eks-mgmt-hub — unreachable/),
      ).not.toBeInTheDocument(),
    );
    expect(api.getTopology).toHaveBeenCalledTimes(2);
    expect(
      within(hubSection('eks-mgmt-hub')).queryByText('stale'),
    ).not.toBeInTheDocument();
    expect(
      within(hubSection('eks-mgmt-hub')).queryByRole('alert'),
    ).not.toBeInTheDocument();
    // only aks-spoke-eu, which Argo CD cannot reach, is still reported
    expect(
      screen
        .getByText('Part of the fleet could not be read')
        .closest('[role="alert"]'),
    ).toHaveTextContent(
      '2 of 4 clusters could not be read; last-known data is shown where there is some, everything else is current.',
    );
  });

  it('recovers from an error on refresh', async () => {
    const error = await responseError(
      500,
      'Internal Server Error',
      'Error',
      'snapshot store is not ready',
    );
    const api = mockApi(async () => makeTopology());
    api.getTopology.mockRejectedValueOnce(error);
    await renderPage(api);
    expect(
      await screen.findByText(
        'Error: Could not load the fleet topology: snapshot store is not ready',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(
      await screen.findByText('aks-spoke-eu', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/snapshot store is not ready/),
    ).not.toBeInTheDocument();
  });

  it('fetches the topology again when the backend announces a new snapshot', async () => {
    let announce: (message: any) => void = () => {};
    const signalApi = {
      subscribe: jest.fn((channel: string, onMessage: (m: any) => void) => {
        if (channel === TOPOLOGY_SIGNAL_CHANNEL) announce = onMessage;
        return { unsubscribe: jest.fn() };
      }),
    };
    const first = makeTopology();
    const second: Topology = {
      ...first,
      clusters: [
        ...first.clusters,
        makeCluster({ name: 'aks-spoke-new', hub: 'aks-mgmt-hub' }),
      ],
    };
    const api = mockApi(async () => second);
    api.getTopology.mockResolvedValueOnce(first);
    await renderPage(api, [[signalApiRef, signalApi]]);
    expect(await screen.findByText(/· updates live/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Cluster aks-spoke-new/ }),
    ).not.toBeInTheDocument();

    act(() => announce({ generatedAt: minutesAgo(0) }));

    expect(
      await screen.findByText('aks-spoke-new', { selector: 'strong' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /^Cluster aks-spoke-new/ }),
    ).toBeInTheDocument();
    expect(api.getTopology).toHaveBeenCalledTimes(2);
  });
});
