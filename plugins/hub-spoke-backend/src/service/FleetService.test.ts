import { mockServices } from '@backstage/backend-test-utils';
import { HubReading } from '../argocd/ArgoCdClient';
import { HubConfig } from '../config';
import { UpstreamError } from '../http/fetchJson';
import { DefaultFleetService, HubReader } from './FleetService';

const hub = (name: string): HubConfig => ({
  name,
  argocd: {
    url: `https://${name}.example.com`,
    token: 'secret-token',
    skipTLSVerify: false,
    projects: [],
  },
});

const reading = (clusterName: string): HubReading => ({
  version: 'v3.5.1',
  clusters: [
    {
      name: clusterName,
      server: `https://${clusterName}`,
      info: { connectionState: { status: 'Successful' } },
    },
  ],
  applications: [
    {
      metadata: { name: `app-${clusterName}` },
      spec: {
        project: 'default',
        destination: { name: clusterName, namespace: 'ns' },
      },
      status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
    },
  ],
  bytes: 100,
  requests: 3,
});

class FakeReader implements HubReader {
  calls = 0;
  constructor(public behaviour: () => Promise<HubReading>) {}
  read() {
    this.calls += 1;
    return this.behaviour();
  }
}

function setup(
  behaviours: Record<string, () => Promise<HubReading>>,
  timeoutMs = 200,
) {
  const readers: Record<string, FakeReader> = {};
  const published: string[] = [];
  const fleet = new DefaultFleetService({
    config: {
      refreshIntervalMs: 60_000,
      requestTimeoutMs: timeoutMs,
      concurrency: 8,
      certificateExpiryWarningDays: 30,
      permissionCacheTtlMs: 0,
      hubs: Object.keys(behaviours).map(hub),
      clusters: [],
    },
    logger: mockServices.logger.mock(),
    publisher: { publish: async m => void published.push(m.generatedAt) },
    readerFactory: h => (readers[h.name] = new FakeReader(behaviours[h.name])),
  });
  return { fleet, readers, published };
}

describe('DefaultFleetService', () => {
  it('serves every hub that answers even when another fails', async () => {
    const { fleet } = setup({
      'hub-a': async () => reading('spoke-a'),
      'hub-b': async () => {
        throw new UpstreamError(
          'unreachable',
          'Argo CD of hub hub-b is unreachable: ECONNREFUSED',
        );
      },
    });
    const topology = await fleet.getTopology();
    expect(topology.hubs.map(h => [h.name, h.status, h.message])).toEqual([
      ['hub-a', 'ok', undefined],
      [
        'hub-b',
        'unreachable',
        'Argo CD of hub hub-b is unreachable: ECONNREFUSED',
      ],
    ]);
    expect(topology.clusters.map(c => c.id)).toEqual(['hub-a/spoke-a']);
  });

  it('keeps last-known clusters of a hub that fails later, marked stale with their age', async () => {
    let fail = false;
    const { fleet } = setup({
      'hub-a': async () => {
        if (fail)
          throw new UpstreamError(
            'timeout',
            'Argo CD of hub hub-a did not answer within 200 ms',
          );
        return reading('spoke-a');
      },
    });
    const first = await fleet.getTopology();
    const firstSuccess = first.hubs[0].lastSuccessAt;
    fail = true;
    await fleet.refresh();
    const topology = await fleet.getTopology();
    expect(topology.hubs[0]).toMatchObject({
      status: 'timeout',
      lastSuccessAt: firstSuccess,
    });
    expect(topology.clusters).toHaveLength(1);
    expect(topology.clusters[0]).toMatchObject({
      id: 'hub-a/spoke-a',
      stale: true,
      lastSuccessAt: firstSuccess,
    });
    const apps = await fleet.getApplications();
    expect(apps.map(a => a.name)).toEqual(['app-spoke-a']);
  });

  it('answers the first request within one request timeout, with pending hubs', async () => {
    const { fleet } = setup(
      {
        'hub-a': async () => reading('spoke-a'),
        'hub-slow': () => new Promise(() => {}),
      },
      150,
    );
    const started = Date.now();
    const topology = await fleet.getTopology();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(topology.hubs.find(h => h.name === 'hub-slow')!.status).toBe(
      'pending',
    );
    expect(topology.hubs.find(h => h.name === 'hub-a')!.status).toBe('ok');
  });

  it('shares one poll between concurrent refreshes', async () => {
    const { fleet, readers } = setup({
      'hub-a': async () => reading('spoke-a'),
    });
    await Promise.all([fleet.refresh(), fleet.refresh(), fleet.refresh()]);
    expect(readers['hub-a'].calls).toBe(1);
  });

  it('announces a snapshot only when something changed', async () => {
    let cluster = 'spoke-a';
    const { fleet, published } = setup({
      'hub-a': async () => reading(cluster),
    });
    await fleet.refresh();
    await fleet.refresh();
    expect(published).toHaveLength(1);
    cluster = 'spoke-b';
    await fleet.refresh();
    expect(published).toHaveLength(2);
  });

  it('filters applications by hub, cluster, health and sync', async () => {
    const { fleet } = setup({
      'hub-a': async () => reading('spoke-a'),
      'hub-b': async () => reading('spoke-b'),
    });
    expect(
      (await fleet.getApplications({ hub: 'hub-b' })).map(a => a.name),
    ).toEqual(['app-spoke-b']);
    expect(
      (await fleet.getApplications({ cluster: 'hub-a/spoke-a' })).map(
        a => a.name,
      ),
    ).toEqual(['app-spoke-a']);
    expect(
      (await fleet.getApplications({ cluster: 'spoke-a' })).map(a => a.name),
    ).toEqual(['app-spoke-a']);
    expect(await fleet.getApplications({ health: 'Degraded' })).toEqual([]);
    expect(await fleet.getApplications({ sync: 'Synced' })).toHaveLength(2);
  });
});
