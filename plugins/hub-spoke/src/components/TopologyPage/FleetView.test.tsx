import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
// Test helpers, not a plugin: the frontend ones are on a React-only subpath of the (node-library) package.
import {
  hubSpokeClientApis,
  hubSpokeErrorHandler,
  hubSpokeHandlers,
  renderWithApis,
  setupHubSpokeServer,
} from '@hub-spoke/test-utils/frontend';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { hubSpokeApiRef, HubSpokeClient } from '../../api';
import {
  makeApplications,
  makeLargeTopology,
  makeTopology,
} from '../../testUtils/fixtures';
import { TopologyPage } from './TopologyPage';

function LocationProbe() {
  const location = useLocation();
  return (
    <output aria-label="Current URL">{`${location.pathname}${location.search}`}</output>
  );
}

/** The query string of the page's URL, decoded. */
function currentParams(): URLSearchParams {
  const url = screen.getByLabelText('Current URL').textContent ?? '';
  return new URLSearchParams(url.split('?')[1] ?? '');
}

function graph(): HTMLElement {
  return screen.getByRole('group', { name: 'Fleet topology graph' });
}

/** The graph node of a cluster (or, with `hub`, of a hub). */
function node(name: string, kind: 'Cluster' | 'Hub' = 'Cluster'): HTMLElement {
  return within(graph()).getByRole('button', {
    name: new RegExp(`^${kind} ${name}:`),
  });
}

function spokeNames(): string[] {
  return within(graph())
    .queryAllByRole('button', { name: /^Cluster / })
    .map(n =>
      n.getAttribute('aria-label')!.replace(/^Cluster (\S+):.*$/, '$1'),
    );
}

/** What a user reads when hovering a graph element: its SVG <title>. */
function hoverText(el: HTMLElement): string {
  return el.querySelector(':scope > title')?.textContent ?? '';
}

function filterBar(): HTMLElement {
  return screen.getByRole('search', { name: 'Fleet filters' });
}

function summary(): HTMLElement {
  return screen.getByRole('region', { name: 'Fleet summary' });
}

function drawer(name: string): HTMLElement {
  return screen.getByRole('complementary', { name: `Cluster ${name}` });
}

describe('fleet view of the topology page', () => {
  const server = setupHubSpokeServer();

  let applicationRequests: URLSearchParams[];

  function serve(topology: Topology = makeTopology(), appCount = 25) {
    applicationRequests = [];
    server.use(
      ...hubSpokeHandlers({
        topology,
        applications: params => {
          applicationRequests.push(params);
          const [hub, cluster] = (params.get('cluster') ?? 'h/c').split('/');
          return makeApplications(appCount, hub, cluster).reverse();
        },
      }),
    );
  }

  async function renderFleet(route = '/hub-spoke') {
    await renderWithApis(
      <>
        <TopologyPage />
        <LocationProbe />
      </>,
      {
        apis: [[hubSpokeApiRef, new HubSpokeClient(hubSpokeClientApis())]],
        routeEntries: [route],
      },
    );
    await screen.findByRole('group', { name: 'Fleet topology graph' });
  }

  describe('graph', () => {
    it('draws each hub with its spokes, labelled with name, Kubernetes version and application counts', async () => {
      serve();
      await renderFleet();

      expect(node('aks-mgmt-hub', 'Hub')).toHaveAccessibleName(
        'Hub aks-mgmt-hub: ok',
      );
      expect(node('eks-mgmt-hub', 'Hub')).toHaveAccessibleName(
        'Hub eks-mgmt-hub: error, unreachable, stale',
      );
      const hub = node('aks-mgmt-hub', 'Hub');
      expect(within(hub).getByText('aks-mgmt-hub')).toBeInTheDocument();
      expect(
        within(hub).getByText('Argo CD v3.1.8 · v1.33.2'),
      ).toBeInTheDocument();
      expect(within(hub).getByText('3 clusters')).toBeInTheDocument();
      expect(within(hub).getByText('9 apps')).toBeInTheDocument();

      expect(spokeNames()).toEqual([
        'aks-spoke-eu',
        'aks-spoke-ghost',
        'eks-spoke-us',
      ]);
      const eu = node('aks-spoke-eu');
      expect(within(eu).getByText('aks-spoke-eu')).toBeInTheDocument();
      expect(within(eu).getByText('v1.34.1 · 5 apps')).toBeInTheDocument();
      expect(within(eu).getByText('1 Degraded')).toBeInTheDocument();
      expect(eu).toHaveAttribute('data-condition', 'error');
      expect(node('eks-spoke-us')).toHaveAttribute('data-condition', 'unknown');
      expect(node('aks-spoke-ghost')).toHaveAttribute(
        'data-condition',
        'warning',
      );
      expect(
        within(node('aks-spoke-ghost')).getByText('version unknown · 1 apps'),
      ).toBeInTheDocument();
    });

    it('draws manages edges from hub to spoke and routes edges from the hub gateway with their weights', async () => {
      serve();
      await renderFleet();

      const manages = within(graph()).getByRole('list', {
        name: 'manages edges',
      });
      expect(
        within(manages)
          .getAllByRole('listitem')
          .map(e => e.getAttribute('aria-label')),
      ).toEqual([
        'aks-mgmt-hub manages aks-mgmt-hub/aks-spoke-eu',
        'aks-mgmt-hub manages aks-mgmt-hub/aks-spoke-ghost',
        'eks-mgmt-hub manages eks-mgmt-hub/eks-spoke-us',
      ]);

      expect(
        within(graph()).getByRole('img', { name: 'Gateway of aks-mgmt-hub' }),
      ).toBeInTheDocument();
      expect(
        within(graph()).queryByRole('img', { name: 'Gateway of eks-mgmt-hub' }),
      ).not.toBeInTheDocument();

      const routes = within(graph()).getByRole('list', {
        name: 'routes edges',
      });
      const items = within(routes).getAllByRole('listitem');
      expect(items.map(e => e.getAttribute('aria-label'))).toEqual([
        'Route shop/checkout to aks-mgmt-hub/aks-spoke-eu: 80%',
        'Route shop/legacy to aks-mgmt-hub/aks-spoke-eu: 0% idle',
        'Route shop/checkout to eks-mgmt-hub/eks-spoke-us: 20%',
      ]);
      expect(within(items[0]).getByText('80%')).toBeInTheDocument();
      expect(within(items[2]).getByText('20%')).toBeInTheDocument();
      expect(within(items[1]).getByText('0% idle')).toBeInTheDocument();
      // the idle route is dashed, the others are not
      expect(items[1].querySelector('path')).toHaveAttribute(
        'stroke-dasharray',
        '6 5',
      );
      expect(items[0].querySelector('path')).not.toHaveAttribute(
        'stroke-dasharray',
      );
      // hovering a route tells where its traffic goes
      expect(hoverText(items[0])).toMatch(
        /80% of the traffic to aks-spoke-eu\nBackend shop\/checkout-eu → checkout\.eu\.example\.com:443\nHost header rewritten to checkout\.eu\.example\.com\nOutlier detection: 5 consecutive 5xx, every 10s, eject for 30s, at most 50%/,
      );
      expect(hoverText(items[1])).toContain(
        'Idle: weight 0, no traffic to aks-spoke-eu',
      );
    });

    it('marks unreachable, unauthorized, unregistered and stale clusters differently, with the reason on hover', async () => {
      serve();
      await renderFleet();

      const markerNames = (el: HTMLElement) =>
        within(el)
          .queryAllByRole('img')
          .map(i => i.textContent);
      const border = (el: HTMLElement) =>
        el.querySelectorAll('circle')[1]?.getAttribute('stroke-dasharray');

      const eu = node('aks-spoke-eu');
      expect(markerNames(eu)).toEqual(['unreachable', 'stale']);
      expect(hoverText(eu)).toMatch(
        /Argo CD cannot connect: dial tcp 10\.1\.2\.3:443: i\/o timeout\nKubernetes API unreachable: connect ETIMEDOUT 10\.1\.2\.3:6443\nStale Kubernetes API data, last seen 12 minutes ago/,
      );

      const ghost = node('aks-spoke-ghost');
      expect(markerNames(ghost)).toEqual(['unregistered']);
      expect(hoverText(ghost)).toMatch(/Not registered in Argo CD/);

      const us = node('eks-spoke-us');
      expect(markerNames(us)).toEqual(['unauthorized', 'stale']);
      expect(hoverText(us)).toMatch(
        /Kubernetes API refused the backend's credentials: Unauthorized: token expired\nStale Argo CD data, last seen 42 minutes ago/,
      );
      expect(us).toHaveAttribute('opacity', '0.6');

      const hub = node('eks-mgmt-hub', 'Hub');
      expect(hoverText(hub)).toMatch(
        /Argo CD unreachable: connect ECONNREFUSED 10\.20\.0\.5:443\nShowing last-known data, last seen 42 minutes ago/,
      );

      const healthy = node('aks-mgmt-hub', 'Hub');
      expect(markerNames(healthy)).toEqual([]);
      // four different borders: plain, dashed (unreachable), dotted (unauthorized), dash-dot (unregistered)
      expect(
        new Set([border(healthy), border(eu), border(us), border(ghost)]).size,
      ).toBe(4);
      expect(border(healthy)).toBeNull();
    });
  });

  describe('summary', () => {
    it('counts hubs, clusters, applications by health and sync, expiring certificates and CIDR overlaps', async () => {
      serve();
      await renderFleet();

      const bar = summary();
      expect(
        within(bar).getByRole('group', { name: 'Hubs' }),
      ).toHaveTextContent('1/2ok');
      expect(
        within(bar).getByRole('group', { name: 'Clusters' }),
      ).toHaveTextContent('43 with problems');
      expect(
        within(bar).getByRole('group', { name: 'Applications' }),
      ).toHaveTextContent('11');
      expect(
        within(bar)
          .getAllByRole('listitem')
          .map(i => i.textContent),
      ).toEqual([
        '7 Healthy',
        '2 Progressing',
        '1 Degraded',
        '1 Missing',
        '9 Synced',
        '2 OutOfSync',
      ]);
      expect(
        within(bar).getByRole('button', {
          name: '1 certificate expiring soon: show their clusters',
        }),
      ).toHaveTextContent('1');

      await userEvent.hover(within(bar).getByLabelText('1 CIDR overlap'));
      expect(await screen.findByRole('tooltip')).toHaveTextContent(
        'aks-mgmt-hub/aks-spoke-eu 10.1.0.0/16 ↔ eks-mgmt-hub/eks-spoke-us 10.1.128.0/17',
      );
    });

    it('filters to the clusters of expiring certificates when their count is clicked', async () => {
      serve();
      await renderFleet();

      await userEvent.click(
        within(summary()).getByRole('button', {
          name: /certificate expiring soon/,
        }),
      );

      await waitFor(() => expect(spokeNames()).toEqual(['aks-spoke-eu']));
      expect(currentParams().get('cert')).toBe('expiring');
      expect(
        within(filterBar()).getByText('Showing 1 of 4 clusters'),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('region', { name: 'Hub eks-mgmt-hub' }),
      ).not.toBeInTheDocument();
    });
  });

  describe('filters', () => {
    it('narrows graph and tables by health from a summary chip, and writes it to the URL', async () => {
      serve();
      await renderFleet();

      await userEvent.click(
        within(summary()).getByRole('button', { name: '1 Degraded' }),
      );

      await waitFor(() => expect(spokeNames()).toEqual(['aks-spoke-eu']));
      expect(currentParams().getAll('health')).toEqual(['Degraded']);
      const aks = screen.getByRole('region', { name: 'Hub aks-mgmt-hub' });
      expect(
        within(aks).getByText('aks-spoke-eu', { selector: 'strong' }),
      ).toBeInTheDocument();
      expect(
        within(aks).queryByText('aks-spoke-ghost', { selector: 'strong' }),
      ).not.toBeInTheDocument();
      expect(
        within(summary()).getByRole('button', { name: '1 Degraded' }),
      ).toHaveAttribute('aria-pressed', 'true');
    });

    it('picks a hub, searches by name and clears the filters', async () => {
      serve();
      await renderFleet();

      await userEvent.click(
        within(filterBar()).getByRole('button', { name: /^Hub/ }),
      );
      await userEvent.click(
        within(screen.getByRole('listbox')).getByRole('option', {
          name: 'aks-mgmt-hub',
        }),
      );
      await userEvent.keyboard('{Escape}');

      await waitFor(() =>
        expect(currentParams().getAll('hub')).toEqual(['aks-mgmt-hub']),
      );
      expect(
        within(graph()).queryByRole('button', { name: /^Hub eks-mgmt-hub/ }),
      ).not.toBeInTheDocument();
      expect(spokeNames()).toEqual(['aks-spoke-eu', 'aks-spoke-ghost']);

      await userEvent.type(
        within(filterBar()).getByRole('textbox', { name: 'Search clusters' }),
        'GHOST',
      );
      await waitFor(() => expect(currentParams().get('q')).toBe('GHOST'));
      await waitFor(() => expect(spokeNames()).toEqual(['aks-spoke-ghost']));

      await userEvent.clear(
        within(filterBar()).getByRole('textbox', { name: 'Search clusters' }),
      );
      await userEvent.type(
        within(filterBar()).getByRole('textbox', { name: 'Search clusters' }),
        'nothing-like-this',
      );
      expect(
        await screen.findByText('No cluster matches the filters.'),
      ).toBeInTheDocument();

      await userEvent.click(
        within(filterBar()).getByRole('button', { name: 'Clear filters' }),
      );

      await waitFor(() => expect(currentParams().toString()).toBe(''));
      expect(
        await screen.findByRole('group', { name: 'Fleet topology graph' }),
      ).toBeInTheDocument();
      expect(spokeNames()).toHaveLength(3);
      expect(
        within(filterBar()).getByRole('textbox', { name: 'Search clusters' }),
      ).toHaveValue('');
    });

    it('starts from the filters in a shared link', async () => {
      serve();
      await renderFleet('/hub-spoke?sync=OutOfSync');

      expect(spokeNames()).toEqual(['aks-spoke-eu', 'aks-spoke-ghost']);
      expect(
        within(filterBar()).getByRole('button', { name: /^Sync/ }),
      ).toHaveTextContent('OutOfSync');
      expect(
        screen.queryByRole('region', { name: 'Hub eks-mgmt-hub' }),
      ).not.toBeInTheDocument();
    });
  });

  describe('cluster details', () => {
    it('opens on a node click with status, hosts, certificate expiry, networks, labels and routes', async () => {
      serve();
      await renderFleet();

      await userEvent.click(node('aks-spoke-eu'));

      const details = await screen.findByRole('complementary', {
        name: 'Cluster aks-spoke-eu',
      });
      expect(currentParams().get('cluster')).toBe('aks-mgmt-hub/aks-spoke-eu');
      expect(node('aks-spoke-eu')).toHaveAttribute('aria-pressed', 'true');

      const fact = (label: string) =>
        within(details).getByRole('group', { name: label });
      expect(fact('Attention')).toHaveTextContent(
        'Argo CD cannot connect: dial tcp 10.1.2.3:443: i/o timeout',
      );
      expect(fact('Argo CD connection')).toHaveTextContent(
        'Faileddial tcp 10.1.2.3:443: i/o timeout',
      );
      expect(fact('Kubernetes API')).toHaveTextContent(
        'unreachableconnect ETIMEDOUT 10.1.2.3:6443last read 12 minutes ago (stale)',
      );
      expect(fact('Nodes')).toHaveTextContent('2/3 ready');
      expect(fact('Kubernetes version')).toHaveTextContent(
        'v1.34.1Argo CD reports 1.34',
      );
      expect(
        within(details).getByRole('list', { name: 'Ingress addresses' }),
      ).toHaveTextContent('20.50.2.20aks-spoke-eu.ingress.example.com');

      const hosts = within(details).getByRole('table', {
        name: 'Published hosts',
      });
      const row = within(hosts)
        .getByText('checkout.eu.example.com')
        .closest('tr')!;
      expect(row).toHaveTextContent('SIMPLEsecret checkout-eu-tls');
      expect(row).toHaveTextContent(
        'istio-system/checkout-euexpires in 10 days (expiring soon)',
      );
      expect(row).toHaveTextContent('VirtualService shop/checkout');

      expect(
        within(details).getByRole('list', { name: 'CIDRs' }),
      ).toHaveTextContent('10.1.0.0/16');
      expect(
        within(details).getByRole('list', { name: 'CIDR overlaps' }),
      ).toHaveTextContent(
        '10.1.0.0/16 overlaps 10.1.128.0/17 of eks-mgmt-hub/eks-spoke-us',
      );
      expect(
        within(details).getByRole('list', { name: 'Labels' }),
      ).toHaveTextContent('env=prodregion=eu');
      const routes = within(details).getByRole('list', {
        name: 'Routes to this cluster',
      });
      expect(routes).toHaveTextContent(
        "80% of checkout.example.com PathPrefix / from aks-mgmt-hub's gateway",
      );
      expect(routes).toHaveTextContent('idle (0%) of legacy.example.com');
    });

    it('says a network overlaps a cluster the user cannot see, naming nothing of it, in the details and the summary', async () => {
      // as the backend serves it to a user who may not see the eks hub
      const full = makeTopology();
      const visible = full.clusters.filter(c => c.hub === 'aks-mgmt-hub');
      serve({
        ...full,
        hubs: full.hubs.filter(h => h.name === 'aks-mgmt-hub'),
        clusters: visible.map(c =>
          c.name === 'aks-spoke-eu'
            ? {
                ...c,
                cidrOverlaps: [
                  {
                    hidden: true,
                    cidr: '10.1.0.0/16',
                    message: 'overlaps a cluster you cannot see',
                  },
                ],
              }
            : c,
        ),
        edges: full.edges.filter(e => e.from === 'aks-mgmt-hub'),
      });
      await renderFleet('/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu');

      const overlaps = within(drawer('aks-spoke-eu')).getByRole('list', {
        name: 'CIDR overlaps',
      });
      expect(overlaps).toHaveTextContent(
        /^10\.1\.0\.0\/16 overlaps a cluster you cannot see$/,
      );
      // nothing to open: the other cluster is not named
      expect(within(overlaps).queryByRole('button')).not.toBeInTheDocument();

      const bar = summary();
      await userEvent.hover(within(bar).getByLabelText('1 CIDR overlap'));
      expect(await screen.findByRole('tooltip')).toHaveTextContent(
        'aks-mgmt-hub/aks-spoke-eu 10.1.0.0/16 ↔ a cluster you cannot see',
      );
    });

    it('lists the cluster’s applications in pages of 20, sortable', async () => {
      serve(makeTopology(), 25);
      await renderFleet('/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu');

      const details = drawer('aks-spoke-eu');
      expect(
        await within(details).findByText('Applications (25)'),
      ).toBeInTheDocument();
      expect(applicationRequests.map(p => p.get('cluster'))).toEqual([
        'aks-mgmt-hub/aks-spoke-eu',
      ]);
      const firstColumn = () =>
        within(details)
          .getAllByRole('row')
          .slice(1)
          .map(r => r.querySelector('td')?.textContent ?? '')
          .filter(text => text.startsWith('app-'));
      // the backend's order (newest first) until sorted
      expect(firstColumn()).toHaveLength(20);
      expect(firstColumn()[0]).toBe('app-00024');

      const row = within(details).getByText('app-00024').closest('tr')!;
      expect(row).toHaveTextContent('team-3');
      expect(row).toHaveTextContent('Healthy');
      expect(row).toHaveTextContent('Succeeded');
      const revision = within(row).getByText(/^[0-9a-f]{7}$/);
      expect(revision.closest('[title]')).toHaveAttribute(
        'title',
        expect.stringMatching(/^[0-9a-f]{40}$/),
      );

      await userEvent.click(
        within(details).getByRole('button', { name: 'Next Page' }),
      );
      expect(firstColumn()).toEqual([
        'app-00004',
        'app-00003',
        'app-00002',
        'app-00001',
        'app-00000',
      ]);

      await userEvent.click(
        within(details).getByRole('button', { name: 'Application' }),
      );
      await waitFor(() => expect(firstColumn()[0]).toBe('app-00000'));
      expect(firstColumn()).toHaveLength(20);
      expect(firstColumn()[19]).toBe('app-00019');
    });

    it('opens from a table row and closes again, leaving the URL without the cluster', async () => {
      serve();
      await renderFleet();

      const eks = screen.getByRole('region', { name: 'Hub eks-mgmt-hub' });
      await userEvent.click(
        within(eks).getByText('eks-spoke-us', { selector: 'strong' }),
      );
      const details = await screen.findByRole('complementary', {
        name: 'Cluster eks-spoke-us',
      });
      expect(
        within(details).getByRole('group', { name: 'Attention' }),
      ).toHaveTextContent(
        "Kubernetes API refused the backend's credentials: Unauthorized: token expired",
      );

      await userEvent.click(
        within(details).getByRole('button', { name: 'Close details' }),
      );
      await waitFor(() =>
        expect(
          screen.queryByRole('complementary', { name: /^Cluster / }),
        ).not.toBeInTheDocument(),
      );
      expect(currentParams().has('cluster')).toBe(false);
    });

    it('says plainly when the user may not read the cluster’s applications', async () => {
      serve();
      server.use(
        hubSpokeErrorHandler('applications', 403, {
          name: 'NotAllowedError',
          message: 'You may not read applications of aks-mgmt-hub',
        }),
      );
      await renderFleet('/hub-spoke?cluster=aks-mgmt-hub/aks-spoke-eu');

      const details = drawer('aks-spoke-eu');
      expect(
        await within(details).findByText(
          "You don't have access to the fleet topology",
        ),
      ).toBeInTheDocument();
      expect(
        within(details).getByText(
          /You may not read applications of aks-mgmt-hub/,
        ),
      ).toBeInTheDocument();
    });
  });

  describe('partial failure', () => {
    it('says which hubs and clusters could not be read, and opens a failing cluster from the banner', async () => {
      serve();
      await renderFleet();

      const banner = screen
        .getByText('Part of the fleet could not be read')
        .closest('[role="alert"]') as HTMLElement;
      expect(banner).toHaveTextContent(
        '1 of 2 hubs and 2 of 4 clusters could not be read; last-known data is shown where there is some, everything else is current.',
      );
      expect(banner).toHaveTextContent(
        'Hubs: eks-mgmt-hub (unreachable: connect ECONNREFUSED 10.20.0.5:443)',
      );

      await userEvent.click(
        within(banner).getByRole('button', {
          name: 'aks-mgmt-hub/aks-spoke-eu',
        }),
      );
      expect(
        await screen.findByRole('complementary', {
          name: 'Cluster aks-spoke-eu',
        }),
      ).toBeInTheDocument();
    });
  });

  describe('at scale', () => {
    it('renders 200 spokes with 10,000 applications and opens a spoke with 10,000 applications, one page at a time', async () => {
      const topology = makeLargeTopology({
        hubs: 1,
        spokesPerHub: 200,
        applications: 10_000,
      });
      serve(topology, 10_000);

      const started = performance.now();
      await renderFleet();
      const pageMs = performance.now() - started;

      expect(spokeNames()).toHaveLength(200);
      expect(
        within(summary()).getByRole('group', { name: 'Applications' }),
      ).toHaveTextContent('10000');
      expect(
        within(graph()).getAllByRole('listitem', { name: /^Route / }),
      ).toHaveLength(3);

      const opened = performance.now();
      await userEvent.click(node('spoke-042'));
      const details = drawer('spoke-042');
      expect(
        await within(details).findByText('Applications (10000)', undefined, {
          timeout: 10_000,
        }),
      ).toBeInTheDocument();
      const detailsMs = performance.now() - opened;
      expect(
        within(details)
          .getAllByRole('row')
          .filter(r => r.querySelector('td code')),
      ).toHaveLength(20);
      expect(
        within(details).getAllByText('1-20 of 10000').length,
      ).toBeGreaterThan(0);

      // Information for the report, not an assertion on time.
      // eslint-disable-next-line no-console
      console.info(
        `200 spokes × 10,000 applications: page with graph rendered in ${Math.round(
          pageMs,
        )} ms; details with 10,000 applications in ${Math.round(detailsMs)} ms`,
      );
    }, 60_000);
  });
});
