/**
 * Resolves a FleetSpec into what the listeners serve: per hub the Argo CD Applications and Clusters, per
 * cluster the Kubernetes object store. Pure apart from the inputs (URLs, CA, start time).
 */
import {
  ArgoApplication,
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  ManagedResource,
  ResolvedApplication,
  buildApplication,
  defaultRevision,
} from '../argocd/application';
import { ArgoCluster, ArgoClusterInput, buildCluster } from '../argocd/cluster';
import { GitOpsSync } from '../argocd/gitSync';
import { BaseCluster, LiveHub } from '../argocd/live';
import { GitHost } from '../git/repos';
import {
  IngressRefs,
  appRoute,
  argoClusterSecret,
  argoServerService,
  clusterIpService,
  ingressObjects,
  ingressRefs,
  namespace,
  nodes,
  trackingAnnotation,
  workloadLabels,
  weightedRouteObjects,
  workloadObjects,
} from '../kubernetes/objects';
import {
  RESOURCE_TYPES,
  ResourceType,
  groupVersion,
} from '../kubernetes/resources';
import { ObjectStore } from '../kubernetes/store';
import {
  ApiGroupsSpec,
  ApplicationSpec,
  ClusterSpecBase,
  FleetSpec,
  HubSpec,
  KubeObject,
  SpokeSpec,
} from '../types';
import { ConnectionStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { fnv32a, pick } from '../util';

export type TargetKind = 'hub' | 'cluster';

/** One listener: a hub's Argo CD or a cluster's Kubernetes API. */
export interface TargetInfo {
  kind: TargetKind;
  name: string;
  hub: string;
  role?: 'hub' | 'spoke';
  registered: boolean;
  token: string;
}

/** Listeners in port order: every hub's Argo CD first, then the clusters (each hub's own, then its served spokes). */
export function listTargets(fleet: FleetSpec): TargetInfo[] {
  const hubs: TargetInfo[] = fleet.hubs.map(h => ({
    kind: 'hub',
    name: h.name,
    hub: h.name,
    registered: true,
    token: h.argocd.token,
  }));
  const clusters: TargetInfo[] = [];
  for (const h of fleet.hubs) {
    clusters.push({
      kind: 'cluster',
      name: h.name,
      hub: h.name,
      role: 'hub',
      registered: true,
      token: h.cluster.token,
    });
    for (const s of h.spokes) {
      if (s.serve)
        clusters.push({
          kind: 'cluster',
          name: s.name,
          hub: h.name,
          role: 'spoke',
          registered: s.registered,
          token: s.token,
        });
    }
  }
  return [...hubs, ...clusters];
}

export interface HubWorld {
  name: string;
  spec: HubSpec;
  /** Applications sorted by name. */
  applications: ArgoApplication[];
  applicationsByName: Map<string, ArgoApplication>;
  applicationsResourceVersion: string;
  clusters: ArgoCluster[];
}

export interface ClusterWorld {
  name: string;
  hub: string;
  role: 'hub' | 'spoke';
  token: string;
  /**
   * Hub clusters: the "scaffolder apply" service account, whose token may only do what its Role in Argo CD's
   * namespace grants (kubernetes/access.ts).
   */
  apply?: { token: string; namespace: string };
  kubernetesVersion: string;
  groups: ApiGroupsSpec;
  store: ObjectStore;
  /** Called after every stored write (hub clusters: keeps the hub's Argo CD view in step). */
  onWrite?: (type: ResourceType) => void;
}

export interface World {
  startedAt: number;
  hubs: Map<string, HubWorld>;
  clusters: Map<string, ClusterWorld>;
  /** The simulated Git host, when the fleet has one. */
  git?: GitHost;
}

export interface WorldInput {
  fleet: FleetSpec;
  /** Kubernetes API base URL of each served cluster, by name. */
  clusterUrls: Record<string, string>;
  caPem: string;
  now: number;
  /** The simulated Git host the hubs' Argo CD syncs from (fleet `git`). */
  git?: GitHost;
}

interface HubDestinations {
  byServer: Map<string, Destination>;
  connectionOf: (d: Destination) => {
    status: ConnectionStatus;
    message?: string;
  };
  appCount: Map<string, number>;
}

interface Destination {
  name: string;
  server: string;
  /** The cluster's name in the simulator (the hub's name for in-cluster). */
  cluster: string;
  role: 'hub' | 'spoke';
  spoke?: SpokeSpec;
  spec: ClusterSpecBase;
}

/** The server URL Argo CD knows a spoke by. */
export function spokeServer(
  spoke: SpokeSpec,
  clusterUrls: Record<string, string>,
): string {
  return (
    spoke.server ??
    clusterUrls[spoke.name] ??
    `https://${spoke.name}.k8s.internal.example.com:6443`
  );
}

function workloadOf(app: ApplicationSpec): string {
  return app.labels['app.kubernetes.io/name'] ?? app.name;
}

function imagesOf(
  app: ApplicationSpec,
  workload: string,
  revision: string,
): string[] {
  if (app.images.length > 0) return app.images;
  const team = app.labels['app.kubernetes.io/part-of'] ?? 'apps';
  return [
    `registry.example.com/${team}/${workload}:1.${pick(
      `minor:${revision}`,
      40,
    )}.${pick(`patch:${revision}`, 12)}`,
  ];
}

function routeHost(
  workload: string,
  externalURLs: string[],
  domain: string,
): string {
  for (const u of externalURLs) {
    try {
      const host = new URL(u).hostname;
      if (host.endsWith(`.${domain}`)) return host;
    } catch {
      // not a URL: ignore
    }
  }
  return `${workload}.${domain}`;
}

export function buildWorld(input: WorldInput): World {
  const { fleet, clusterUrls, caPem, now, git } = input;
  const gitSync = git ? new GitOpsSync(git) : undefined;
  const caData = Buffer.from(caPem).toString('base64');
  const hubs = new Map<string, HubWorld>();
  const clusters = new Map<string, ClusterWorld>();
  /** Objects destined to each served cluster. */
  const objectsFor = new Map<string, KubeObject[]>();
  const push = (cluster: string, ...objs: KubeObject[]) => {
    const list = objectsFor.get(cluster);
    if (list) list.push(...objs);
  };
  const hubDestinations = new Map<string, HubDestinations>();
  /** `<hub>|<spoke>` → name of the spoke's cluster Secret on the hub. */
  const secretNames = new Map<string, string>();
  const readyNodes = new Map<string, Array<{ name: string; ip: string }>>();
  const specs = new Map<
    string,
    { hub: string; role: 'hub' | 'spoke'; spec: ClusterSpecBase; cidr?: string }
  >();
  for (const hub of fleet.hubs) {
    specs.set(hub.name, { hub: hub.name, role: 'hub', spec: hub.cluster });
    objectsFor.set(hub.name, []);
    for (const s of hub.spokes) {
      if (!s.serve) continue;
      specs.set(s.name, {
        hub: hub.name,
        role: 'spoke',
        spec: s,
        cidr: s.annotations['hub-spoke/cidr'],
      });
      objectsFor.set(s.name, []);
    }
  }

  // Base objects of every served cluster.
  for (const [name, c] of specs) {
    const base: KubeObject[] = [
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ].map(n => namespace(n));
    if (c.spec.apis.istio) base.push(namespace('istio-system'));
    if (c.spec.apis.certManager) base.push(namespace('cert-manager'));
    const nodeObjects = nodes({
      cluster: name,
      kubernetesVersion: c.spec.kubernetesVersion,
      ready: c.spec.nodes.ready,
      total: c.spec.nodes.total,
      region: c.spec.region,
      cidr: c.cidr,
      now,
    });
    readyNodes.set(
      name,
      nodeObjects
        .filter((_, i) => i < c.spec.nodes.ready)
        .map(n => ({
          name: n.metadata.name,
          ip: (n.status as { addresses: Array<{ address: string }> })
            .addresses[0].address,
        })),
    );
    base.push(...nodeObjects);
    if (c.spec.ingress)
      base.push(
        ...ingressObjects(c.spec.ingress, c.spec.apis.certManager, now),
      );
    push(name, ...base);
  }

  for (const hub of fleet.hubs) {
    const ns = hub.argocd.namespace;
    const byName = new Map<string, Destination>();
    const byServer = new Map<string, Destination>();
    if (hub.argocd.inClusterEnabled) {
      const d: Destination = {
        name: IN_CLUSTER_NAME,
        server: IN_CLUSTER_SERVER,
        cluster: hub.name,
        role: 'hub',
        spec: hub.cluster,
      };
      byName.set(d.name, d);
      byServer.set(d.server, d);
    }
    for (const s of hub.spokes) {
      if (!s.registered) continue;
      const d: Destination = {
        name: s.name,
        server: spokeServer(s, clusterUrls),
        cluster: s.name,
        role: 'spoke',
        spoke: s,
        spec: s,
      };
      byName.set(d.name, d);
      byServer.set(d.server, d);
    }

    // Applications.
    const appCount = new Map<string, number>();
    const resolvedApps: Array<{ r: ResolvedApplication; dest?: Destination }> =
      hub.applications.map(app => {
        const destination = {
          ...(app.destination.server || app.destination.serverOf
            ? {
                server:
                  app.destination.server ??
                  spokeServer(
                    hub.spokes.find(s => s.name === app.destination.serverOf)!,
                    clusterUrls,
                  ),
              }
            : {}),
          namespace: app.destination.namespace,
          ...(app.destination.name ? { name: app.destination.name } : {}),
        };
        const dest =
          destination.name !== undefined
            ? byName.get(destination.name)
            : byServer.get(destination.server!);
        const revision = app.revision ?? defaultRevision(app.name);
        const workload = workloadOf(app);
        const externalURLs = app.externalURLs ?? [];
        const r: ResolvedApplication = {
          spec: app,
          argocdNamespace: ns,
          destination,
          resources: [],
          workload,
          externalURLs,
          images: imagesOf(app, workload, revision),
          revision,
        };
        if (!dest) {
          r.problem = {
            type: 'InvalidSpecError',
            message:
              destination.name !== undefined
                ? `Unable to get destination cluster: there are no clusters with this name: ${destination.name}`
                : `Unable to get destination cluster: cluster '${destination.server}' has not been configured`,
          };
        } else {
          appCount.set(dest.server, (appCount.get(dest.server) ?? 0) + 1);
          const resources: ManagedResource[] = [
            {
              group: '',
              version: 'v1',
              kind: 'Service',
              namespace: app.destination.namespace,
              name: workload,
            },
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: app.destination.namespace,
              name: workload,
            },
          ];
          // What a service's chart usually renders besides them (so status.resources and syncResult have the
          // size real Applications have; the spoke's API serves only the Service, Deployment and routes).
          const appNs = app.destination.namespace;
          resources.push(
            {
              group: '',
              version: 'v1',
              kind: 'ServiceAccount',
              namespace: appNs,
              name: workload,
            },
            {
              group: '',
              version: 'v1',
              kind: 'ConfigMap',
              namespace: appNs,
              name: `${workload}-config`,
            },
            {
              group: 'autoscaling',
              version: 'v2',
              kind: 'HorizontalPodAutoscaler',
              namespace: appNs,
              name: workload,
            },
            {
              group: 'policy',
              version: 'v1',
              kind: 'PodDisruptionBudget',
              namespace: appNs,
              name: workload,
            },
            {
              group: 'networking.k8s.io',
              version: 'v1',
              kind: 'NetworkPolicy',
              namespace: appNs,
              name: workload,
            },
            {
              group: 'monitoring.coreos.com',
              version: 'v1',
              kind: 'ServiceMonitor',
              namespace: appNs,
              name: workload,
            },
          );
          const ingress = dest.spec.ingress;
          if (ingress && ingress.routes) {
            resources.push(
              ingress.kind === 'istio'
                ? {
                    group: 'networking.istio.io',
                    version: 'v1',
                    kind: 'VirtualService',
                    namespace: app.destination.namespace,
                    name: workload,
                  }
                : {
                    group: 'gateway.networking.k8s.io',
                    version: 'v1',
                    kind: 'HTTPRoute',
                    namespace: app.destination.namespace,
                    name: workload,
                  },
            );
          }
          r.resources = resources;
        }
        return { r, dest };
      });

    const connectionOf = (
      d: Destination,
    ): { status: ConnectionStatus; message?: string } => {
      const given = d.spoke?.connection;
      if (given) {
        if (given.status === 'Failed' && !given.message) {
          return {
            status: 'Failed',
            message: `Get "${d.server}/version?timeout=32s": dial tcp 10.${pick(
              d.name,
              200,
            )}.0.1:443: i/o timeout`,
          };
        }
        return given;
      }
      if ((appCount.get(d.server) ?? 0) === 0) {
        return {
          status: 'Unknown',
          message: 'Cluster has no applications and is not being monitored.',
        };
      }
      return { status: 'Successful' };
    };

    for (const { r, dest } of resolvedApps) {
      if (!dest) continue;
      const conn = connectionOf(dest);
      if (conn.status === 'Failed') {
        r.problem = {
          type: 'ComparisonError',
          message: `Failed to load live state: failed to get cluster info for "${
            dest.server
          }": error synchronizing cache state : failed to sync cluster ${
            dest.server
          }: failed to load initial state of resource Deployment.apps: ${
            conn.message ?? 'connection failed'
          }`,
        };
      }
      // Objects on the destination cluster.
      if (!objectsFor.has(dest.cluster)) continue;
      const app = r.spec;
      const labels = workloadLabels(app.name, r.workload, app.labels);
      const dns = app.destination.namespace;
      push(dest.cluster, namespace(dns));
      if (dest.spec.workloads) {
        push(
          dest.cluster,
          ...workloadObjects({
            app: app.name,
            workload: r.workload,
            namespace: dns,
            labels: app.labels,
            health: app.health,
            replicas: app.replicas,
            images: r.images,
            revision: r.revision,
            nodes: readyNodes.get(dest.cluster) ?? [],
            now,
          }),
        );
      }
      if (app.health !== 'Missing') {
        push(
          dest.cluster,
          clusterIpService(
            r.workload,
            dns,
            {
              'app.kubernetes.io/name': r.workload,
              'app.kubernetes.io/instance': app.name,
            },
            labels,
            trackingAnnotation(app.name, '', 'Service', dns, r.workload),
          ),
        );
        const ingress = dest.spec.ingress;
        if (ingress && ingress.routes) {
          const refs: IngressRefs = ingressRefs(ingress);
          const host = routeHost(r.workload, r.externalURLs, ingress.domain);
          const ext = r.externalURLs.find(u => u.includes(host));
          push(
            dest.cluster,
            appRoute(refs, app.name, r.workload, dns, host, labels, ext, now),
          );
        }
      }
    }

    const applications = resolvedApps
      .map(({ r }) => buildApplication(r, now))
      .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));

    // Hub-side objects: Argo CD's namespace, server Service, cluster Secrets, weighted routes.
    push(hub.name, namespace(ns), argoServerService(ns));
    for (const s of hub.spokes) {
      if (!s.registered) continue;
      const server = spokeServer(s, clusterUrls);
      const secret = argoClusterSecret(
        ns,
        {
          name: s.name,
          server,
          labels: s.labels,
          annotations: s.annotations,
          config: storedConfig(s, caData),
          project: s.project,
          namespaces: s.namespaces,
        },
        String(fnv32a(server)),
      );
      secretNames.set(`${hub.name}|${s.name}`, secret.metadata.name);
      push(hub.name, secret);
    }
    // Argo CD's Applications are objects of the hub's own Kubernetes API too.
    push(hub.name, ...applications.map(applicationObject));
    const hubIngress = hub.cluster.ingress;
    for (const route of hub.cluster.weightedRoutes) {
      const ref =
        hubIngress?.kind === 'gateway-api'
          ? ingressRefs(hubIngress)
          : undefined;
      const gw = ref
        ? {
            name: ref.gatewayName,
            namespace: ref.gatewayNamespace,
            sectionName: 'https',
          }
        : undefined;
      push(
        hub.name,
        ...weightedRouteObjects(route, gw, hub.cluster.apis.istio, now),
      );
    }

    hubs.set(hub.name, {
      name: hub.name,
      spec: hub,
      applications,
      applicationsByName: new Map(applications.map(a => [a.metadata.name, a])),
      applicationsResourceVersion: String(
        2_000_000 + pick(`apprv:${hub.name}`, 1_000_000),
      ),
      clusters: [], // filled once stores exist (resource counts)
    });
    hubDestinations.set(hub.name, { byServer, connectionOf, appCount });
  }

  // Raw objects last (they replace generated ones), then the stores.
  for (const [name, c] of specs) {
    push(name, ...c.spec.objects.map(o => structuredClone(o)));
    const objs = objectsFor.get(name)!;
    const have = new Set(
      objs.filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
    );
    for (const o of objs) {
      const n = o.metadata.namespace;
      if (n && !have.has(n)) {
        have.add(n);
        objs.push(namespace(n));
      }
    }
    const hubSpec = fleet.hubs.find(h => h.name === name);
    clusters.set(name, {
      name,
      hub: c.hub,
      role: c.role,
      token: c.spec.token,
      ...(c.role === 'hub' && hubSpec
        ? {
            apply: {
              token: hubSpec.cluster.applyToken,
              namespace: hubSpec.argocd.namespace,
            },
          }
        : {}),
      kubernetesVersion: c.spec.kubernetesVersion,
      groups: c.spec.apis,
      store: new ObjectStore(name, objs, now),
    });
  }

  // Argo CD cluster lists.
  const secretType = RESOURCE_TYPES.find(t => t.kind === 'Secret')!;
  const servedAt = new Map<string, ClusterWorld>();
  for (const [name, url] of Object.entries(clusterUrls)) {
    const cw = clusters.get(name);
    if (cw) servedAt.set(url.replace(/\/+$/, ''), cw);
  }
  for (const hub of fleet.hubs) {
    const h = hubs.get(hub.name)!;
    const d = hubDestinations.get(hub.name)!;
    const hubCluster = clusters.get(hub.name)!;
    const base: BaseCluster[] = [];
    const add = (
      dest: Destination,
      labels: Record<string, string>,
      annotations: Record<string, string>,
      config: Record<string, unknown>,
    ) => {
      const cw = clusters.get(dest.cluster);
      const clusterInput: ArgoClusterInput = {
        name: dest.name,
        server: dest.server,
        labels,
        annotations,
        config,
        connection: d.connectionOf(dest),
        kubernetesVersion: dest.spec.kubernetesVersion,
        applicationsCount: d.appCount.get(dest.server) ?? 0,
        resourcesCount: cw
          ? cw.store.count()
          : 80 + pick(`rc:${dest.name}`, 400),
        apiVersions: apiVersionsOf(dest.spec.apis),
        project: dest.spoke?.project,
        namespaces: dest.spoke?.namespaces,
      };
      const secretName = dest.spoke
        ? secretNames.get(`${hub.name}|${dest.spoke.name}`)
        : undefined;
      base.push({
        input: clusterInput,
        fixedConnection: dest.spoke?.connection !== undefined,
        ...(secretName
          ? {
              secretName,
              secretResourceVersion: hubCluster.store.get(
                secretType,
                hub.argocd.namespace,
                secretName,
              )?.metadata.resourceVersion,
            }
          : {}),
      });
    };
    for (const s of hub.spokes) {
      if (!s.registered) continue;
      add(
        d.byServer.get(spokeServer(s, clusterUrls))!,
        s.labels,
        s.annotations,
        storedConfig(s, caData),
      );
    }
    const inCluster = d.byServer.get(IN_CLUSTER_SERVER);
    if (inCluster)
      add(inCluster, {}, {}, { tlsClientConfig: { insecure: false } });
    h.clusters = base.map(b => buildCluster(b.input, now));

    const live = new LiveHub({
      store: hubCluster.store,
      namespace: hub.argocd.namespace,
      startedAt: now,
      baseClusters: base,
      baseApplications: new Map(h.applications.map(a => [a.metadata.name, a])),
      servedAt: server => {
        const cw = servedAt.get(server);
        return cw
          ? {
              kubernetesVersion: cw.kubernetesVersion,
              resourcesCount: () => cw.store.count(),
              apiVersions: apiVersionsOf(cw.groups),
            }
          : undefined;
      },
      publish: state => Object.assign(h, state),
      hub: hub.name,
      gitSync,
      clusterAt: server => {
        const s = server.replace(/\/+$/, '');
        const dest = d.byServer.get(s);
        return (
          (dest ? clusters.get(dest.cluster) : undefined) ?? servedAt.get(s)
        );
      },
    });
    hubCluster.onWrite = type => {
      if (type.kind === 'Secret' || type.kind === 'Application') live.refresh();
    };
    if (git) {
      git.onChange(() => live.refresh());
      // Fleet Applications that already name a simulated repository are synced from the start.
      if (
        h.applications.some(a =>
          gitSync!.handles(a.spec as unknown as Record<string, unknown>),
        )
      )
        live.refresh();
    }
  }
  return { startedAt: now, hubs, clusters, ...(git ? { git } : {}) };
}

/** An Application as an object of the hub's Kubernetes API (the REST API leaves out apiVersion and kind). */
function applicationObject(app: ArgoApplication): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    ...structuredClone(app),
  } as KubeObject;
}

/** The ClusterConfig as stored in the Secret: the fleet's clusterConfig over bearer token and CA. */
function storedConfig(s: SpokeSpec, caData: string): Record<string, unknown> {
  const given = s.clusterConfig;
  const tls = (given.tlsClientConfig ?? {}) as Record<string, unknown>;
  const usesExec =
    given.execProviderConfig !== undefined || given.awsAuthConfig !== undefined;
  return {
    ...(usesExec ? {} : { bearerToken: s.token }),
    ...given,
    tlsClientConfig: { insecure: false, caData, ...tls },
  };
}

/** Group versions a cluster serves (Argo CD's info.apiVersions). */
export function apiVersionsOf(groups: ApiGroupsSpec): string[] {
  const out = new Set<string>();
  for (const t of RESOURCE_TYPES) {
    if (t.hubOnly) continue;
    if (t.optional && !groups[t.optional]) continue;
    for (const v of t.versions) out.add(groupVersion(t.group, v));
  }
  return [...out];
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
