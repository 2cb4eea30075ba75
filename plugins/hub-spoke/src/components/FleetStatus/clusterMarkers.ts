import { Cluster, Hub } from '@hub-spoke/plugin-hub-spoke-common';
import { formatAge } from './time';

/** What sets a cluster (or hub) apart at a glance in the graph and the tables. */
export type MarkerKind =
  | 'unreachable'
  | 'unauthorized'
  | 'unregistered'
  | 'stale';

/** One marker and the reason a person reads on hover. */
export interface Marker {
  kind: MarkerKind;
  reason: string;
}

/** Order in which markers are shown: the most serious first. */
const MARKER_ORDER: MarkerKind[] = [
  'unauthorized',
  'unreachable',
  'unregistered',
  'stale',
];

function lastSeen(iso: string | undefined, now: number): string {
  return iso ? `last seen ${formatAge(iso, now)}` : 'never read successfully';
}

function merge(markers: Marker[]): Marker[] {
  const byKind = new Map<MarkerKind, string[]>();
  for (const marker of markers) {
    byKind.set(marker.kind, [
      ...(byKind.get(marker.kind) ?? []),
      marker.reason,
    ]);
  }
  return MARKER_ORDER.filter(kind => byKind.has(kind)).map(kind => ({
    kind,
    reason: byKind.get(kind)!.join('\n'),
  }));
}

/**
 * The markers of a cluster: Argo CD cannot connect to it or the backend cannot read its Kubernetes API
 * (`unreachable`), the API refuses the backend's credentials (`unauthorized`), Applications name a destination Argo
 * CD has no cluster for (`unregistered`), or the data shown is last-known (`stale`), each with the reason.
 */
export function clusterMarkers(
  cluster: Pick<
    Cluster,
    'registered' | 'connection' | 'api' | 'stale' | 'lastSuccessAt'
  >,
  now: number = Date.now(),
): Marker[] {
  const markers: Marker[] = [];
  if (!cluster.registered) {
    markers.push({
      kind: 'unregistered',
      reason:
        'Not registered in Argo CD: Applications deploy to this destination, but Argo CD has no cluster for it',
    });
  }
  if (cluster.connection.status === 'Failed') {
    markers.push({
      kind: 'unreachable',
      reason: `Argo CD cannot connect: ${
        cluster.connection.message ?? 'connection failed'
      }`,
    });
  }
  const api = cluster.api;
  if (api) {
    const backoff =
      api.backoffUntil && Date.parse(api.backoffUntil) > now
        ? ` (next attempt ${formatAge(api.backoffUntil, now)})`
        : '';
    if (api.status === 'unauthorized') {
      markers.push({
        kind: 'unauthorized',
        reason: `Kubernetes API refused the backend's credentials${
          api.message ? `: ${api.message}` : ''
        }${backoff}`,
      });
    } else if (
      api.status === 'unreachable' ||
      api.status === 'timeout' ||
      api.status === 'error'
    ) {
      markers.push({
        kind: 'unreachable',
        reason: `Kubernetes API ${api.status}${
          api.message ? `: ${api.message}` : ''
        }${backoff}`,
      });
    }
  }
  if (cluster.stale) {
    markers.push({
      kind: 'stale',
      reason: `Stale Argo CD data, ${lastSeen(cluster.lastSuccessAt, now)}`,
    });
  }
  if (api?.stale) {
    markers.push({
      kind: 'stale',
      reason: `Stale Kubernetes API data, ${lastSeen(api.lastSuccessAt, now)}`,
    });
  }
  return merge(markers);
}

/**
 * The markers of a hub: its Argo CD cannot be read (`unreachable`, or `unauthorized` when the token is refused),
 * and the data shown is then last-known (`stale`).
 */
export function hubMarkers(hub: Hub, now: number = Date.now()): Marker[] {
  if (hub.status === 'ok' || hub.status === 'pending') {
    return [];
  }
  const markers: Marker[] = [
    {
      kind: hub.status === 'unauthorized' ? 'unauthorized' : 'unreachable',
      reason: `Argo CD ${hub.status}${hub.message ? `: ${hub.message}` : ''}`,
    },
  ];
  if (hub.lastSuccessAt) {
    markers.push({
      kind: 'stale',
      reason: `Showing last-known data, ${lastSeen(hub.lastSuccessAt, now)}`,
    });
  }
  return markers;
}

/** The reasons of markers as one hover text, one per line. */
export function markerText(markers: Marker[]): string {
  return markers.map(m => m.reason).join('\n');
}
