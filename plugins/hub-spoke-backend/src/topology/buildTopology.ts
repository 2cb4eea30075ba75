import {
  ANNOTATION_CIDR,
  ANNOTATION_INGRESS_DOMAIN,
  ApplicationCounts,
  ApplicationSummary,
  ARGOCD_IN_CLUSTER_NAME,
  ARGOCD_IN_CLUSTER_SERVER,
  Cluster,
  clusterId,
  CONNECTION_STATUSES,
  ConnectionStatus,
  findOverlaps,
  HEALTH_STATUSES,
  HealthStatus,
  Hub,
  parseCidrList,
  SYNC_STATUSES,
  SyncStatus,
  Topology,
  TopologyEdge,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ArgoApplication, ArgoCluster } from '../argocd/types';
import { ClusterState } from './clusterState';
import { deriveRoutes, SpokeTarget } from './routes';
import { HubState } from './hubState';

function normalizeServer(server: string | undefined): string {
  return (server ?? '').replace(/\/+$/, '');
}

function asHealth(value: string | undefined): HealthStatus {
  return (HEALTH_STATUSES as readonly string[]).includes(value ?? '')
    ? (value as HealthStatus)
    : 'Unknown';
}

function asSync(value: string | undefined): SyncStatus {
  return (SYNC_STATUSES as readonly string[]).includes(value ?? '')
    ? (value as SyncStatus)
    : 'Unknown';
}

function isInCluster(cluster: ArgoCluster): boolean {
  return (
    normalizeServer(cluster.server) === ARGOCD_IN_CLUSTER_SERVER ||
    cluster.name === ARGOCD_IN_CLUSTER_NAME
  );
}

function emptyCounts(): ApplicationCounts {
  return { total: 0, health: {}, sync: {} };
}

/**
 * Resolves Application destinations to the hub's clusters: by `spec.destination.server`, else by `.name`.
 * Never by naming conventions.
 */
class DestinationIndex {
  private readonly byServer = new Map<string, Cluster>();
  private readonly byName = new Map<string, Cluster>();
  private readonly unregistered = new Map<string, Cluster>();

  constructor(
    private readonly hub: string,
    private readonly stale: boolean,
    private readonly lastSuccessAt?: string,
  ) {}

  add(cluster: Cluster, argoName: string) {
    if (cluster.server)
      this.byServer.set(normalizeServer(cluster.server), cluster);
    this.byName.set(argoName, cluster);
  }

  resolve(
    destination: { server?: string; name?: string } | undefined,
  ): Cluster {
    const server = normalizeServer(destination?.server);
    const name = destination?.name;
    const found =
      (server && this.byServer.get(server)) ||
      (name && this.byName.get(name)) ||
      undefined;
    if (found) return found;

    // A destination Applications name but Argo CD has no cluster for: it must still appear, with its apps.
    const displayName = name || server || '(no destination)';
    const existing = this.unregistered.get(displayName);
    if (existing) return existing;
    const cluster: Cluster = {
      id: clusterId(this.hub, displayName),
      name: displayName,
      hub: this.hub,
      role: 'spoke',
      server,
      registered: false,
      connection: {
        status: 'Unknown',
        message: `No cluster ${
          name ? `named "${name}"` : `with server ${server}`
        } is registered with Argo CD of hub ${
          this.hub
        }: its Applications cannot sync until the cluster Secret exists`,
      },
      labels: {},
      annotations: {},
      applications: emptyCounts(),
      api: { status: 'not-configured' },
      cidrs: [],
      cidrOverlaps: [],
      stale: this.stale,
      lastSuccessAt: this.lastSuccessAt,
    };
    this.unregistered.set(displayName, cluster);
    return cluster;
  }

  unregisteredClusters(): Cluster[] {
    return [...this.unregistered.values()];
  }
}

function toCluster(hub: HubState, argo: ArgoCluster, stale: boolean): Cluster {
  const inCluster = isInCluster(argo);
  const name = inCluster ? hub.name : argo.name || normalizeServer(argo.server);
  const state = argo.info?.connectionState ?? argo.connectionState;
  const status = CONNECTION_STATUSES.includes(state?.status as ConnectionStatus)
    ? (state!.status as ConnectionStatus)
    : 'Unknown';
  return {
    id: clusterId(hub.name, name),
    name,
    hub: hub.name,
    role: inCluster ? 'hub' : 'spoke',
    server: normalizeServer(argo.server),
    registered: true,
    connection: {
      status,
      ...(state?.message ? { message: state.message } : {}),
    },
    version: argo.info?.serverVersion || argo.serverVersion || undefined,
    labels: argo.labels ?? {},
    annotations: argo.annotations ?? {},
    applications: emptyCounts(),
    api: { status: 'not-configured' },
    cidrs: parseCidrList(argo.annotations?.[ANNOTATION_CIDR]).valid.map(
      c => c.input,
    ),
    cidrOverlaps: [],
    stale,
    lastSuccessAt: hub.lastSuccessAt,
  };
}

export function toApplicationSummary(
  hub: string,
  cluster: Cluster,
  app: ArgoApplication,
): ApplicationSummary {
  const source = app.spec?.source ?? app.spec?.sources?.[0];
  const status = app.status;
  return {
    name: app.metadata?.name ?? '',
    hub,
    cluster: cluster.name,
    clusterId: cluster.id,
    namespace: app.spec?.destination?.namespace,
    project: app.spec?.project ?? 'default',
    sync: asSync(status?.sync?.status),
    health: asHealth(status?.health?.status),
    revision: status?.sync?.revision,
    repoURL: source?.repoURL,
    path: source?.path,
    chart: source?.chart,
    targetRevision: source?.targetRevision,
    operationPhase: status?.operationState?.phase,
    operationFinishedAt: status?.operationState?.finishedAt,
    externalURLs: status?.summary?.externalURLs ?? [],
    labels: app.metadata?.labels ?? {},
  };
}

/** The fleet model of one hub: its clusters (with app counts) and its applications. */
export interface HubModel {
  hub: Hub;
  clusters: Cluster[];
  applications: ApplicationSummary[];
}

export function buildHubModel(state: HubState): HubModel {
  const hub: Hub = {
    name: state.name,
    url: state.url,
    status: state.status,
    ...(state.message ? { message: state.message } : {}),
    ...(state.reading?.version ? { argocdVersion: state.reading.version } : {}),
    ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(state.lastAttemptAt ? { lastAttemptAt: state.lastAttemptAt } : {}),
  };
  if (!state.reading) {
    return { hub, clusters: [], applications: [] };
  }

  const stale = state.status !== 'ok';
  const index = new DestinationIndex(state.name, stale, state.lastSuccessAt);
  const clusters: Cluster[] = [];
  for (const argo of state.reading.clusters) {
    const cluster = toCluster(state, argo, stale);
    clusters.push(cluster);
    index.add(
      cluster,
      isInCluster(argo) ? ARGOCD_IN_CLUSTER_NAME : argo.name ?? '',
    );
  }

  const applications: ApplicationSummary[] = [];
  for (const app of state.reading.applications) {
    const cluster = index.resolve(app.spec?.destination);
    const summary = toApplicationSummary(state.name, cluster, app);
    applications.push(summary);
    const counts = cluster.applications;
    counts.total += 1;
    counts.health[summary.health] = (counts.health[summary.health] ?? 0) + 1;
    counts.sync[summary.sync] = (counts.sync[summary.sync] ?? 0) + 1;
  }
  clusters.push(...index.unregisteredClusters());
  return { hub, clusters, applications };
}

/** Flags every pair of clusters, of any hub, whose networks overlap. */
export function markCidrOverlaps(clusters: Cluster[]) {
  const byId = new Map(clusters.map(c => [c.id, c]));
  const overlaps = findOverlaps(
    clusters.map(c => ({
      id: c.id,
      cidrs: c.cidrs.flatMap(cidr => parseCidrList(cidr).valid),
    })),
  );
  for (const overlap of overlaps) {
    byId.get(overlap.a)!.cidrOverlaps.push({
      clusterId: overlap.b,
      cidr: overlap.aCidr,
      otherCidr: overlap.bCidr,
    });
    byId.get(overlap.b)!.cidrOverlaps.push({
      clusterId: overlap.a,
      cidr: overlap.bCidr,
      otherCidr: overlap.aCidr,
    });
  }
}

/** Inputs besides the hubs' Argo CD readings. */
export interface TopologyExtras {
  /** Direct API reads, by kubernetes.clusterLocatorMethods entry name. */
  clusterStates?: Map<string, ClusterState>;
  /** CIDRs from config, by cluster name; override the annotation. */
  cidrOverrides?: Map<string, string[]>;
}

/** Merges a cluster's direct API reading (or the reason there is none) into its Argo CD view. */
export function applyClusterState(
  cluster: Cluster,
  state: ClusterState | undefined,
  now: Date,
): Cluster {
  if (!state) return cluster;
  const api: Cluster['api'] = {
    status: state.status,
    ...(state.message ? { message: state.message } : {}),
    ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(state.reading && state.status !== 'ok' ? { stale: true } : {}),
    ...(state.openUntil && state.openUntil > now.getTime()
      ? { backoffUntil: new Date(state.openUntil).toISOString() }
      : {}),
    ...(state.reading?.missingGroups.length
      ? { missingGroups: state.reading.missingGroups }
      : {}),
  };
  if (!state.reading) return { ...cluster, api };
  const { reading } = state;
  return {
    ...cluster,
    api,
    ...(reading.apiVersion ? { apiVersion: reading.apiVersion } : {}),
    nodes: reading.nodes,
    ingress: reading.ingress,
    certificates: reading.certificates,
  };
}

/**
 * Assembles the whole fleet: hubs in config order, clusters hub first then by name, a `manages` edge per spoke,
 * `routes` edges from hub gateways, and CIDR overlaps across all hubs.
 */
export function buildTopology(
  models: HubModel[],
  now: Date,
  extras: TopologyExtras = {},
): Topology {
  const clusters: Cluster[] = [];
  const edges: TopologyEdge[] = [];
  for (const model of models) {
    const sorted = [...model.clusters].sort((a, b) => {
      if (a.role !== b.role) return a.role === 'hub' ? -1 : 1;
      return a.name.localeCompare(b.name);
    });
    for (const argoView of sorted) {
      let cluster = argoView.registered
        ? applyClusterState(
            argoView,
            extras.clusterStates?.get(argoView.name),
            now,
          )
        : argoView;
      const override = extras.cidrOverrides?.get(cluster.name);
      if (override) cluster = { ...cluster, cidrs: override };
      clusters.push(cluster);
      if (cluster.role === 'spoke') {
        edges.push({ kind: 'manages', from: model.hub.name, to: cluster.id });
      }
    }
  }

  const spokes: SpokeTarget[] = clusters
    .filter(c => c.role === 'spoke' && c.registered)
    .map(c => ({
      clusterId: c.id,
      ingressDomain: c.annotations[ANNOTATION_INGRESS_DOMAIN],
      hosts: c.ingress?.hosts.map(h => h.host) ?? [],
    }));
  for (const model of models) {
    const routing = extras.clusterStates?.get(model.hub.name)?.reading?.routing;
    if (routing)
      edges.push(...deriveRoutes({ hub: model.hub.name, ...routing, spokes }));
  }

  markCidrOverlaps(clusters);
  return {
    generatedAt: now.toISOString(),
    hubs: models.map(m => m.hub),
    clusters,
    edges,
  };
}
