import { registerMswTestHooks } from '@backstage/test-utils';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, ws } from 'msw';
import { setupServer } from 'msw/node';
import { createApp } from '@backstage/frontend-defaults';
import App, { features } from './App';

const backendUrl = 'http://localhost:7007';

/** An unsigned JWT: the frontend only reads its `exp` claim. */
function fakeBackstageToken(
  sub = 'user:development/guest',
  ent: string[] = [sub],
): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none', typ: 'vnd.backstage.user' })}.${encode({
    sub,
    ent,
    exp,
  })}.signature`;
}

/** An app of its own: the sign-in state of an app lives as long as the app. */
const freshApp = () => createApp({ features });

const PLATFORM_ADMIN = 'user:default/platform-admin';
const PLATFORM_OWNERSHIP = [PLATFORM_ADMIN, 'group:default/platform-team'];

const topology = {
  generatedAt: new Date().toISOString(),
  hubs: [
    {
      name: 'aks-mgmt-hub',
      url: 'https://argocd.aks.example.com',
      status: 'ok',
      argocdVersion: 'v3.1.8',
      lastSuccessAt: new Date().toISOString(),
    },
  ],
  clusters: [
    {
      id: 'aks-mgmt-hub/aks-spoke-eu',
      name: 'aks-spoke-eu',
      hub: 'aks-mgmt-hub',
      role: 'spoke',
      server: 'https://aks-spoke-eu.example.com',
      registered: true,
      connection: { status: 'Successful' },
      version: '1.34',
      labels: {},
      annotations: {},
      applications: { total: 2, health: { Healthy: 2 }, sync: { Synced: 2 } },
      api: { status: 'ok' },
      stale: false,
    },
  ],
  edges: [
    { kind: 'manages', from: 'aks-mgmt-hub', to: 'aks-mgmt-hub/aks-spoke-eu' },
  ],
};

describe('App', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const guestRefresh = jest.fn();
  const platformRefresh = jest.fn();

  beforeEach(() => {
    localStorage.clear();
    guestRefresh.mockClear();
    platformRefresh.mockClear();
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Hub & Spoke Portal', baseUrl: 'http://localhost' },
            backend: { baseUrl: backendUrl },
          },
          context: 'test',
        },
      ] as any,
    };
    server.use(
      http.get(`${backendUrl}/api/auth/guest/refresh`, ({ request }) => {
        guestRefresh(request.headers.get('x-requested-with'));
        return HttpResponse.json({
          profile: { displayName: 'Guest' },
          backstageIdentity: {
            token: fakeBackstageToken(),
            identity: {
              type: 'user',
              userEntityRef: 'user:development/guest',
              ownershipEntityRefs: ['user:development/guest'],
            },
          },
        });
      }),
      http.get(
        `${backendUrl}/api/auth/platform-guest/refresh`,
        ({ request }) => {
          platformRefresh(request.headers.get('x-requested-with'));
          return HttpResponse.json({
            profile: { displayName: 'Platform engineer (demo)' },
            backstageIdentity: {
              token: fakeBackstageToken(PLATFORM_ADMIN, PLATFORM_OWNERSHIP),
              expiresInSeconds: 3600,
              identity: {
                type: 'user',
                userEntityRef: PLATFORM_ADMIN,
                ownershipEntityRefs: PLATFORM_OWNERSHIP,
              },
            },
          });
        },
      ),
      http.get(`${backendUrl}/api/hub-spoke/topology`, () =>
        HttpResponse.json(topology),
      ),
      // The signals plugin opens a WebSocket once the hub-spoke page subscribes to topology updates.
      ws
        .link('ws://localhost:7007/api/signals')
        .addEventListener('connection', () => {}),
    );
  });

  it('starts on the guest sign-in page', async () => {
    window.history.replaceState(null, '', '/hub-spoke');
    render(App.createRoot());

    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Hub & Spoke Portal',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('aks-spoke-eu')).not.toBeInTheDocument();
    expect(guestRefresh).not.toHaveBeenCalled();
  });

  it('shows the fleet topology after one click on Enter as guest', async () => {
    window.history.replaceState(null, '', '/hub-spoke');
    render(App.createRoot());

    await userEvent.click(await screen.findByRole('button', { name: 'Enter' }));

    // the cluster's row in its hub's table (the graph draws its name too)
    expect(
      await screen.findByText(
        'aks-spoke-eu',
        { selector: 'strong' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'aks-mgmt-hub' }),
    ).toBeInTheDocument();
    expect(guestRefresh).toHaveBeenCalledWith('XMLHttpRequest');
  });

  it('offers the platform engineer beside the guest, and says who gets what', async () => {
    window.history.replaceState(null, '', '/hub-spoke');
    render(freshApp().createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Platform engineer')).toBeInTheDocument();
    expect(
      screen.getByText(/you may apply changes to the hubs at once/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /a developer of the commerce team, who gets pull requests only/,
      ),
    ).toBeInTheDocument();
    expect(platformRefresh).not.toHaveBeenCalled();
  });

  it('signs in as the platform engineer with one click, and again without a click on the next visit', async () => {
    window.history.replaceState(null, '', '/hub-spoke');
    const first = render(freshApp().createRoot());

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign In' }),
    );
    expect(
      await screen.findByText(
        'aks-spoke-eu',
        { selector: 'strong' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(platformRefresh).toHaveBeenCalledWith('XMLHttpRequest');
    expect(guestRefresh).not.toHaveBeenCalled();
    first.unmount();

    // The next visit: the remembered choice signs in again, without a click.
    render(freshApp().createRoot());
    expect(
      await screen.findByText(
        'aks-spoke-eu',
        { selector: 'strong' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  }, 20_000); // two apps start in turn

  it('a refused platform sign-in (outside development) keeps the sign-in page', async () => {
    server.use(
      http.get(`${backendUrl}/api/auth/platform-guest/refresh`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'The platform-guest sign-in is for local development only',
            },
            request: {
              method: 'GET',
              url: '/api/auth/platform-guest/refresh',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    window.history.replaceState(null, '', '/hub-spoke');
    render(freshApp().createRoot());

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign In' }),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Sign In' }),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByText('aks-spoke-eu')).not.toBeInTheDocument();
    expect(
      localStorage.getItem('@backstage/core:SignInPage:provider'),
    ).toBeNull();
  });

  it('lists Catalog, Create and Hub & Spoke first in the sidebar', async () => {
    window.history.replaceState(null, '', '/hub-spoke');
    render(App.createRoot());
    await userEvent.click(await screen.findByRole('button', { name: 'Enter' }));

    const hubSpoke = await screen.findByRole(
      'link',
      { name: 'Hub & Spoke' },
      { timeout: 5000 },
    );
    expect(hubSpoke).toHaveAttribute('href', '/hub-spoke');

    const nav = hubSpoke.closest('nav')!;
    const labels = within(nav)
      .getAllByRole('link')
      .map(link => link.textContent?.trim())
      .filter(Boolean);
    const catalog = labels.indexOf('Catalog');
    const create = labels.indexOf('Create');
    const hub = labels.indexOf('Hub & Spoke');
    expect(catalog).toBeGreaterThanOrEqual(0);
    expect(create).toBe(catalog + 1);
    expect(hub).toBe(create + 1);
    expect(labels).not.toContain('Search');
    expect(labels).not.toContain('Notifications');
  });

  it('redirects / to the fleet topology', async () => {
    window.history.replaceState(null, '', '/');
    render(App.createRoot());
    await userEvent.click(await screen.findByRole('button', { name: 'Enter' }));

    await waitFor(() => expect(window.location.pathname).toBe('/hub-spoke'), {
      timeout: 5000,
    });
    expect(
      await screen.findByText('aks-spoke-eu', { selector: 'strong' }),
    ).toBeInTheDocument();
  });
});
