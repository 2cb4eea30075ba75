import { makeCluster, makeHub } from '../../testUtils/fixtures';
import { clusterMarkers, hubMarkers, markerText } from './clusterMarkers';

const now = Date.parse('2025-06-01T12:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('clusterMarkers', () => {
  it('has none for a healthy, registered, fresh cluster', () => {
    expect(clusterMarkers(makeCluster({ name: 'a', hub: 'h' }), now)).toEqual(
      [],
    );
  });

  it('says why a cluster is unreachable, from Argo CD and from its API, in one marker', () => {
    const markers = clusterMarkers(
      makeCluster({
        name: 'a',
        hub: 'h',
        connection: { status: 'Failed', message: 'dial tcp: i/o timeout' },
        api: {
          status: 'timeout',
          message: 'GET /version timed out after 5s',
          backoffUntil: new Date(now + 5 * 60_000).toISOString(),
        },
      }),
      now,
    );
    expect(markers).toEqual([
      {
        kind: 'unreachable',
        reason:
          'Argo CD cannot connect: dial tcp: i/o timeout\nKubernetes API timeout: GET /version timed out after 5s (next attempt in 5 minutes)',
      },
    ]);
  });

  it('marks a refused API token as unauthorized', () => {
    expect(
      clusterMarkers(
        makeCluster({
          name: 'a',
          hub: 'h',
          api: { status: 'unauthorized', message: '401 Unauthorized' },
        }),
        now,
      ),
    ).toEqual([
      {
        kind: 'unauthorized',
        reason:
          "Kubernetes API refused the backend's credentials: 401 Unauthorized",
      },
    ]);
  });

  it('marks unregistered destinations and stale data with the time last seen', () => {
    const markers = clusterMarkers(
      makeCluster({
        name: 'a',
        hub: 'h',
        registered: false,
        stale: true,
        lastSuccessAt: ago(12),
        api: { status: 'ok', stale: true, lastSuccessAt: ago(120) },
      }),
      now,
    );
    expect(markers.map(m => m.kind)).toEqual(['unregistered', 'stale']);
    expect(markers[0].reason).toMatch(/^Not registered in Argo CD/);
    expect(markers[1].reason).toBe(
      'Stale Argo CD data, last seen 12 minutes ago\nStale Kubernetes API data, last seen 2 hours ago',
    );
  });

  it('does not mark clusters whose API is merely not configured or pending', () => {
    for (const status of ['not-configured', 'pending'] as const) {
      expect(
        clusterMarkers(
          makeCluster({ name: 'a', hub: 'h', api: { status } }),
          now,
        ),
      ).toEqual([]);
    }
  });
});

describe('hubMarkers', () => {
  it('marks an unreachable hub and its last-known data', () => {
    const markers = hubMarkers(
      makeHub({
        name: 'h',
        status: 'unreachable',
        message: 'connect ECONNREFUSED',
        lastSuccessAt: ago(42),
      }),
      now,
    );
    expect(markerText(markers)).toBe(
      'Argo CD unreachable: connect ECONNREFUSED\nShowing last-known data, last seen 42 minutes ago',
    );
  });

  it('marks a hub whose token is refused as unauthorized, and nothing for ok or pending hubs', () => {
    expect(
      hubMarkers(
        makeHub({
          name: 'h',
          status: 'unauthorized',
          lastSuccessAt: undefined,
        }),
        now,
      ),
    ).toEqual([{ kind: 'unauthorized', reason: 'Argo CD unauthorized' }]);
    expect(hubMarkers(makeHub({ name: 'h' }), now)).toEqual([]);
    expect(hubMarkers(makeHub({ name: 'h', status: 'pending' }), now)).toEqual(
      [],
    );
  });
});
