/**
 * Keeps a hub's Argo CD view in step with its own Kubernetes API, as Argo CD's controllers do: cluster Secrets
 * (label argocd.argoproj.io/secret-type=cluster) in Argo CD's namespace are the clusters of /api/v1/clusters, and
 * Applications there are the applications of /api/v1/applications.
 *
 * The fleet's own clusters and applications keep their simulated state; only what a write changed is derived
 * again:
 * - a new cluster Secret gives a cluster whose connection is `Unknown` ("not being monitored") until an Application
 *   targets it; then `Successful` when its server is one of the simulator's listeners (with that cluster's
 *   version), else `Failed` (the host cannot be resolved);
 * - a changed Secret of a fleet spoke changes its name, server, labels, annotations and config;
 * - a deleted Secret removes the cluster;
 * - a new Application is `OutOfSync`/`Missing` (Argo CD has not synced it) when its destination is a known
 *   cluster, else `Unknown`/`Unknown` with an InvalidSpecError condition;
 * - a changed fleet Application takes its metadata and spec from the object and keeps its simulated status;
 * - a deleted Application disappears;
 * - every cluster's application count follows the Applications;
 * - with a simulated Git host, an Application with a source there is synced from it to its destination
 *   (gitSync.ts) on every refresh: after a write to the hub and after every change of a repository.
 */
import { ArgoCluster, ArgoClusterInput, buildCluster } from './cluster';
import { ArgoApplication } from './application';
import { GitOpsSync, SyncCluster, withSyncStatus } from './gitSync';
import {
  ClusterSecretData,
  MANAGED_BY_ANNOTATION,
  SECRET_TYPE_LABEL,
} from '../kubernetes/objects';
import { RESOURCE_TYPES } from '../kubernetes/resources';
import { ObjectStore } from '../kubernetes/store';
import { KubeObject } from '../types';
import { isoSeconds } from '../util';

const SECRET_TYPE = RESOURCE_TYPES.find(t => t.kind === 'Secret')!;
const APPLICATION_TYPE = RESOURCE_TYPES.find(t => t.kind === 'Application')!;

/** Labels and annotations Argo CD does not copy from the Secret onto the Cluster. */
const DROPPED_LABELS = new Set([SECRET_TYPE_LABEL]);
const DROPPED_ANNOTATIONS = new Set([
  MANAGED_BY_ANNOTATION,
  'kubectl.kubernetes.io/last-applied-configuration',
]);

const NOT_MONITORED = {
  status: 'Unknown' as const,
  message: 'Cluster has no applications and is not being monitored.',
};

/** A cluster of the fleet file as first served. */
export interface BaseCluster {
  /** Name of its Secret in Argo CD's namespace (in-cluster has none). */
  secretName?: string;
  /** resourceVersion of that Secret at start: another one means it was written since. */
  secretResourceVersion?: string;
  input: ArgoClusterInput;
  /** The fleet file fixes the connection; otherwise it follows the application count. */
  fixedConnection: boolean;
}

/** What the live view needs to know about the served clusters (for Secrets naming one of their URLs). */
export interface ServedCluster {
  kubernetesVersion: string;
  resourcesCount: () => number;
  apiVersions: string[];
}

export interface LiveHubState {
  applications: ArgoApplication[];
  applicationsByName: Map<string, ArgoApplication>;
  applicationsResourceVersion: string;
  clusters: ArgoCluster[];
}

const decode = (v: unknown): string | undefined =>
  typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;

/** Reads an Argo CD cluster Secret as Argo CD does (util/db/cluster.go); undefined when it names no server. */
export function clusterFromSecret(
  secret: KubeObject,
): ClusterSecretData | undefined {
  const data = (secret.data ?? {}) as Record<string, unknown>;
  const server = decode(data.server)?.trim().replace(/\/+$/, '');
  if (!server) return undefined;
  let config: Record<string, unknown> = {};
  const configText = decode(data.config);
  if (configText) {
    try {
      const parsed = JSON.parse(configText);
      if (parsed && typeof parsed === 'object') config = parsed;
    } catch {
      // Argo CD fails this cluster's config; the simulator keeps it listed without one.
    }
  }
  const filter = (m: unknown, dropped: Set<string>) =>
    Object.fromEntries(
      Object.entries((m ?? {}) as Record<string, string>).filter(
        ([k]) => !dropped.has(k),
      ),
    );
  const namespaces = decode(data.namespaces)
    ?.split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const project = decode(data.project);
  return {
    name: decode(data.name) || server,
    server,
    labels: filter(secret.metadata.labels, DROPPED_LABELS),
    annotations: filter(secret.metadata.annotations, DROPPED_ANNOTATIONS),
    config,
    ...(project ? { project } : {}),
    ...(namespaces && namespaces.length > 0 ? { namespaces } : {}),
  };
}

/** An Application as the REST API serves it, from a Kubernetes object Argo CD has not synced yet. */
export function appliedApplication(
  cr: KubeObject,
  destinationProblem: string | undefined,
  now: number,
): ArgoApplication {
  const spec = (cr.spec ?? {}) as ArgoApplication['spec'] &
    Record<string, unknown>;
  const m = cr.metadata;
  const at = isoSeconds(now);
  const source = (spec.source ?? {}) as Record<string, unknown>;
  return {
    metadata: {
      name: m.name,
      namespace: m.namespace ?? '',
      ...(m.uid ? { uid: m.uid } : {}),
      ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.generation !== undefined ? { generation: m.generation } : {}),
      creationTimestamp: m.creationTimestamp ?? at,
      ...(m.labels && Object.keys(m.labels).length > 0
        ? { labels: m.labels }
        : {}),
      ...(m.annotations && Object.keys(m.annotations).length > 0
        ? { annotations: m.annotations }
        : {}),
      ...(Array.isArray(m.finalizers) ? { finalizers: m.finalizers } : {}),
    },
    spec,
    status: {
      sync: {
        status: destinationProblem ? 'Unknown' : 'OutOfSync',
        comparedTo: { source, destination: spec.destination },
      },
      health: {
        status: destinationProblem ? 'Unknown' : 'Missing',
        lastTransitionTime: at,
      },
      ...(destinationProblem
        ? {
            conditions: [
              {
                type: 'InvalidSpecError',
                message: destinationProblem,
                lastTransitionTime: at,
              },
            ],
          }
        : {}),
      reconciledAt: at,
      sourceType: source.chart ? 'Helm' : 'Directory',
      summary: {},
      controllerNamespace: m.namespace ?? '',
    },
  };
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export class LiveHub {
  /** Derived Applications by name, with the resourceVersion and destination state they were derived from. */
  private readonly derived = new Map<
    string,
    { key: string; app: ArgoApplication }
  >();

  constructor(
    private readonly options: {
      store: ObjectStore;
      namespace: string;
      startedAt: number;
      baseClusters: BaseCluster[];
      baseApplications: Map<string, ArgoApplication>;
      /** The served cluster whose listener URL is this server, if any. */
      servedAt: (server: string) => ServedCluster | undefined;
      /** Receives the new view. */
      publish: (state: LiveHubState) => void;
      /** The hub's name (identifies its Applications in the Git sync). */
      hub?: string;
      /** Sync from the simulated Git host, when the fleet has one. */
      gitSync?: GitOpsSync;
      /** The served cluster a destination server URL is, for the Git sync. */
      clusterAt?: (server: string) => SyncCluster | undefined;
    },
  ) {}

  /** Derives the Argo CD view again from the hub's objects (after a write). */
  refresh(): void {
    const { store, namespace, startedAt, baseClusters, servedAt } =
      this.options;
    const secrets = store
      .list(SECRET_TYPE)
      .filter(
        s =>
          s.metadata.namespace === namespace &&
          s.metadata.labels?.[SECRET_TYPE_LABEL] === 'cluster',
      );
    const baseSecretNames = new Set(
      baseClusters.map(b => b.secretName).filter(Boolean),
    );

    // Clusters (without counts yet): the fleet's in their order, then new Secrets, then in-cluster.
    type Entry = { input: ArgoClusterInput; fixed: boolean; served?: boolean };
    const entries: Entry[] = [];
    let inCluster: Entry | undefined;
    for (const b of baseClusters) {
      if (!b.secretName) {
        inCluster = { input: { ...b.input }, fixed: b.fixedConnection };
        continue;
      }
      const secret = secrets.find(s => s.metadata.name === b.secretName);
      if (!secret) continue;
      const input = { ...b.input };
      if (secret.metadata.resourceVersion !== b.secretResourceVersion) {
        const c = clusterFromSecret(secret);
        if (!c) continue;
        Object.assign(input, c);
        if (!c.project) delete input.project;
        if (!c.namespaces) delete input.namespaces;
      }
      entries.push({ input, fixed: b.fixedConnection });
    }
    for (const secret of secrets) {
      if (baseSecretNames.has(secret.metadata.name)) continue;
      const c = clusterFromSecret(secret);
      if (!c) continue;
      const served = servedAt(c.server);
      entries.push({
        input: {
          ...c,
          connection: NOT_MONITORED,
          kubernetesVersion: served?.kubernetesVersion ?? '',
          applicationsCount: 0,
          resourcesCount: served ? served.resourcesCount() : 0,
          apiVersions: served?.apiVersions ?? [],
        },
        fixed: false,
        served: served !== undefined,
      });
    }
    if (inCluster) entries.push(inCluster);

    const byName = new Map(entries.map(e => [e.input.name, e]));
    const byServer = new Map(entries.map(e => [e.input.server, e]));
    const resolve = (d: { name?: string; server?: string } | undefined) => {
      if (!d) return undefined;
      if (d.name) return byName.get(d.name);
      if (d.server) return byServer.get(d.server.replace(/\/+$/, ''));
      return undefined;
    };
    const problemOf = (d: { name?: string; server?: string } | undefined) => {
      if (resolve(d)) return undefined;
      return d?.name
        ? `Unable to get destination cluster: there are no clusters with this name: ${d.name}`
        : `Unable to get destination cluster: cluster '${
            d?.server ?? ''
          }' has not been configured`;
    };

    // Applications.
    const crs = store
      .list(APPLICATION_TYPE)
      .filter(a => a.metadata.namespace === namespace);
    const now = Date.now();
    const applications: ArgoApplication[] = [];
    const seen = new Set<string>();
    const { gitSync, clusterAt, hub = '' } = this.options;
    const synced = new Set<string>();
    for (const cr of crs) {
      const name = cr.metadata.name;
      seen.add(name);
      const base = this.options.baseApplications.get(name);
      const fromGit = gitSync?.handles(cr.spec as Record<string, unknown>);
      if (
        !fromGit &&
        base &&
        base.metadata.resourceVersion === cr.metadata.resourceVersion
      ) {
        applications.push(base);
        continue;
      }
      const spec = (cr.spec ?? {}) as ArgoApplication['spec'];
      const problem = problemOf(spec.destination);
      if (fromGit) synced.add(`${hub}/${name}`);
      const key = `${cr.metadata.resourceVersion}|${problem ?? ''}|${
        fromGit ? gitSync!.git.version : ''
      }`;
      const cached = this.derived.get(name);
      if (cached && cached.key === key) {
        applications.push(cached.app);
        continue;
      }
      let app: ArgoApplication = base
        ? {
            ...base,
            metadata: {
              ...base.metadata,
              resourceVersion: cr.metadata.resourceVersion,
              ...(cr.metadata.generation !== undefined
                ? { generation: cr.metadata.generation }
                : {}),
              labels: cr.metadata.labels,
              annotations: cr.metadata.annotations,
            },
            spec,
          }
        : appliedApplication(cr, problem, now);
      if (!app.metadata.labels) delete app.metadata.labels;
      if (!app.metadata.annotations) delete app.metadata.annotations;
      if (fromGit && !problem) {
        // Argo CD syncs only to clusters it reaches; the fleet fixes which ones it does not.
        const e = resolve(spec.destination)!;
        const reachable = !(e.fixed && e.input.connection.status === 'Failed');
        const cluster = reachable ? clusterAt?.(e.input.server) : undefined;
        if (cluster) {
          const outcome = gitSync!.sync(
            `${hub}/${name}`,
            spec as unknown as Record<string, unknown>,
            cluster,
          );
          app = withSyncStatus(app, outcome, now);
        } else synced.delete(`${hub}/${name}`);
      } else if (fromGit) synced.delete(`${hub}/${name}`);
      this.derived.set(name, { key, app });
      applications.push(app);
    }
    for (const name of [...this.derived.keys()])
      if (!seen.has(name)) this.derived.delete(name);
    gitSync?.retain(hub, synced);
    applications.sort((a, b) => compareNames(a.metadata.name, b.metadata.name));

    // Application counts, then the clusters.
    const counts = new Map<Entry, number>();
    for (const app of applications) {
      const e = resolve(app.spec.destination);
      if (e) counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    const clusters = entries.map(e => {
      const count = counts.get(e) ?? 0;
      let connection = e.input.connection;
      if (!e.fixed) {
        if (count === 0) connection = NOT_MONITORED;
        else if (e.served === false) {
          const host = e.input.server
            .replace(/^https?:\/\//, '')
            .replace(/[:/].*$/, '');
          connection = {
            status: 'Failed',
            message: `Get "${e.input.server}/version?timeout=32s": dial tcp: lookup ${host}: no such host`,
          };
        } else connection = { status: 'Successful' };
      }
      return buildCluster(
        { ...e.input, connection, applicationsCount: count },
        startedAt,
      );
    });

    this.options.publish({
      applications,
      applicationsByName: new Map(applications.map(a => [a.metadata.name, a])),
      applicationsResourceVersion: store.resourceVersion,
      clusters,
    });
  }
}
