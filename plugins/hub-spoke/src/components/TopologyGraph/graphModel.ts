import {
  Cluster,
  ClusterCondition,
  clusterCondition,
  HEALTH_STATUSES,
  Hub,
  RoutesEdge,
  SYNC_STATUSES,
  TopologyEdge,
  worstHealth,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  clusterMarkers,
  hubMarkers,
  Marker,
} from '../FleetStatus/clusterMarkers';
import { plural } from '../../text';
import {
  DEFAULT_LAYOUT,
  layoutTopology,
  Point,
  routeCurve,
  RouteCurve,
  TopologyLayout,
} from './layout';

/** A spoke as the graph draws it. */
export interface SpokeNodeModel extends Point {
  cluster: Cluster;
  condition: ClusterCondition;
  markers: Marker[];
  hover: string;
}

/** A hub as the graph draws it: the hub's Argo CD and, when known, its own cluster. */
export interface HubNodeModel extends Point {
  hub: Hub;
  cluster?: Cluster;
  condition: ClusterCondition;
  markers: Marker[];
  hover: string;
  /** Clusters of the hub that are shown (its own cluster included). */
  clusterCount: number;
  applicationCount: number;
  rings: number[];
  gateway?: Point;
}

export interface ManagesEdgeModel {
  key: string;
  hub: string;
  to: string;
  from: Point;
  end: Point;
}

export interface RouteEdgeModel extends RouteCurve {
  key: string;
  edge: RoutesEdge;
  hover: string;
}

export interface GraphModel {
  layout: TopologyLayout;
  hubs: HubNodeModel[];
  spokes: SpokeNodeModel[];
  manages: ManagesEdgeModel[];
  routes: RouteEdgeModel[];
}

function counts<K extends string>(
  order: readonly K[],
  values: Partial<Record<K, number>>,
): string {
  return order
    .filter(k => (values[k] ?? 0) > 0)
    .map(k => `${values[k]} ${k}`)
    .join(', ');
}

/** The Kubernetes version to show: the API's own, else Argo CD's. */
export function kubernetesVersion(cluster?: Cluster): string | undefined {
  return cluster?.apiVersion ?? cluster?.version;
}

/** The hover text of a cluster node: what it is, its state and why it is marked. */
export function clusterHoverText(cluster: Cluster, markers: Marker[]): string {
  const apps = cluster.applications;
  const lines = [
    `${cluster.name} (${cluster.role} of ${cluster.hub})`,
    `Condition: ${clusterCondition(cluster)}${
      worstHealth(apps)
        ? ` — worst application health ${worstHealth(apps)}`
        : ''
    }`,
    [
      kubernetesVersion(cluster)
        ? `Kubernetes ${kubernetesVersion(cluster)}`
        : 'Kubernetes version unknown',
      cluster.nodes
        ? `nodes ${cluster.nodes.ready}/${cluster.nodes.total} ready`
        : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    `${plural(apps.total, 'application')}${
      apps.total
        ? `: ${counts(HEALTH_STATUSES, apps.health)}; ${counts(
            SYNC_STATUSES,
            apps.sync,
          )}`
        : ''
    }`,
    ...markers.map(m => m.reason),
  ];
  return lines.join('\n');
}

/** The overall condition of a hub: its Argo CD's state, then its own cluster's condition. */
export function hubCondition(hub: Hub, cluster?: Cluster): ClusterCondition {
  if (hub.status === 'pending') return 'unknown';
  if (hub.status !== 'ok') return 'error';
  return cluster ? clusterCondition(cluster) : 'ok';
}

/** The hover text of a routes edge: route, hosts, match, weight, backend and traffic policy. */
export function routeHoverText(edge: RoutesEdge, target: string): string {
  const backend = edge.backend;
  const lines = [
    `Route ${edge.route.namespace}/${edge.route.name} on ${edge.from}'s gateway`,
    `${edge.hostnames.join(', ') || '(any host)'} ${edge.match}`.trim(),
    edge.idle
      ? `Idle: weight 0, no traffic to ${target}`
      : `${edge.weight}% of the traffic to ${target}`,
    `Backend ${backend.namespace}/${backend.service} → ${backend.externalName}${
      backend.port ? `:${backend.port}` : ''
    }`,
  ];
  if (edge.hostRewrite) {
    lines.push(`Host header rewritten to ${edge.hostRewrite}`);
  }
  const od = edge.outlierDetection;
  if (od) {
    const parts = [
      od.consecutive5xxErrors !== undefined
        ? `${od.consecutive5xxErrors} consecutive 5xx`
        : undefined,
      od.interval ? `every ${od.interval}` : undefined,
      od.baseEjectionTime ? `eject for ${od.baseEjectionTime}` : undefined,
      od.maxEjectionPercent !== undefined
        ? `at most ${od.maxEjectionPercent}%`
        : undefined,
    ].filter(Boolean);
    lines.push(`Outlier detection: ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * Everything the graph draws, positioned: hub and spoke nodes with their condition, markers and hover text,
 * `manages` edges (hub → spoke) and `routes` edges (hub gateway → spoke, parallel routes bent apart).
 * Clusters of hubs that are not shown, and edges with an end that is not shown, are left out.
 */
export function buildGraphModel(
  hubs: Hub[],
  clusters: Cluster[],
  edges: TopologyEdge[],
  now: number = Date.now(),
): GraphModel {
  const hubNames = new Set(hubs.map(h => h.name));
  const hubCluster = new Map<string, Cluster>();
  const spokesByHub = new Map<string, Cluster[]>();
  for (const cluster of clusters) {
    if (!hubNames.has(cluster.hub)) continue;
    if (cluster.role === 'hub' && !hubCluster.has(cluster.hub)) {
      hubCluster.set(cluster.hub, cluster);
    } else {
      const list = spokesByHub.get(cluster.hub);
      if (list) list.push(cluster);
      else spokesByHub.set(cluster.hub, [cluster]);
    }
  }
  const layout = layoutTopology(
    hubs.map(h => ({
      hub: h.name,
      spokes: (spokesByHub.get(h.name) ?? []).map(c => c.id),
    })),
  );
  const byId = new Map(clusters.map(c => [c.id, c]));

  const spokes: SpokeNodeModel[] = layout.spokes.map(p => {
    const cluster = byId.get(p.id)!;
    const markers = clusterMarkers(cluster, now);
    return {
      x: p.x,
      y: p.y,
      cluster,
      condition: clusterCondition(cluster),
      markers,
      hover: clusterHoverText(cluster, markers),
    };
  });

  const routeEdges = edges.filter(
    (e): e is RoutesEdge =>
      e.kind === 'routes' &&
      layout.positions.has(e.from) &&
      (layout.positions.has(e.to) ||
        hubCluster.get(e.to.split('/')[0])?.id === e.to),
  );
  const gatewayHubs = new Set(routeEdges.map(e => e.from));

  const hubModels: HubNodeModel[] = layout.hubs.map(p => {
    const hub = hubs.find(h => h.name === p.hub)!;
    const cluster = hubCluster.get(hub.name);
    const markers = [
      ...hubMarkers(hub, now),
      ...(cluster ? clusterMarkers(cluster, now) : []),
    ];
    const own = spokesByHub.get(hub.name) ?? [];
    const applicationCount =
      (cluster?.applications.total ?? 0) +
      own.reduce((sum, c) => sum + c.applications.total, 0);
    const header = `${hub.name} (hub, Argo CD ${hub.status}${
      hub.argocdVersion ? ` ${hub.argocdVersion}` : ''
    })`;
    return {
      x: p.x,
      y: p.y,
      hub,
      cluster,
      condition: hubCondition(hub, cluster),
      markers,
      hover: cluster
        ? `${header}\n${clusterHoverText(cluster, markers)
            .split('\n')
            .slice(1)
            .join('\n')}`
        : [header, ...markers.map(m => m.reason)].join('\n'),
      clusterCount: own.length + (cluster ? 1 : 0),
      applicationCount,
      rings: p.rings,
      gateway: gatewayHubs.has(hub.name) ? p.gateway : undefined,
    };
  });

  const manages: ManagesEdgeModel[] = [];
  for (const edge of edges) {
    if (edge.kind !== 'manages') continue;
    const from = layout.positions.get(edge.from);
    const end = layout.positions.get(edge.to);
    if (!from || !end || !hubNames.has(edge.from)) continue;
    manages.push({
      key: `${edge.from}->${edge.to}`,
      hub: edge.from,
      to: edge.to,
      from: { x: from.x, y: from.y },
      end: { x: end.x, y: end.y },
    });
  }

  const parallel = new Map<string, RoutesEdge[]>();
  for (const edge of routeEdges) {
    const key = `${edge.from}->${edge.to}`;
    const list = parallel.get(key);
    if (list) list.push(edge);
    else parallel.set(key, [edge]);
  }
  const routes: RouteEdgeModel[] = [];
  for (const [key, group] of parallel) {
    group.forEach((edge, index) => {
      const hub = layout.hubs.find(h => h.hub === edge.from)!;
      const target =
        layout.positions.get(edge.to) ??
        layout.positions.get(edge.to.split('/')[0])!;
      const targetCluster = byId.get(edge.to);
      const isHub = !layout.positions.has(edge.to);
      routes.push({
        key: `${key}#${index}`,
        edge,
        hover: routeHoverText(edge, targetCluster?.name ?? edge.to),
        ...routeCurve(
          hub.gateway,
          target,
          index,
          group.length,
          (isHub ? DEFAULT_LAYOUT.hubRadius : DEFAULT_LAYOUT.spokeRadius) + 3,
          // the hub's circle and its label below it
          isHub
            ? undefined
            : {
                center: { x: hub.x, y: hub.y + 25 },
                radius: DEFAULT_LAYOUT.hubRadius + 35,
              },
        ),
      });
    });
  }

  return { layout, hubs: hubModels, spokes, manages, routes };
}
