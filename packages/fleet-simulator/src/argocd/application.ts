/**
 * Builds Argo CD Application objects exactly as the v3.5 REST API returns them (no apiVersion/kind,
 * Go field order, omitempty fields dropped).
 */
import { HealthStatus, SyncStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { ApplicationSpec, OperationPhase } from '../types';
import { DAY, MINUTE, hexOf, isoSeconds, pick, uuidOf } from '../util';

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

/** An Application as served (JSON object). */
export type ArgoApplication = {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp: string;
    [k: string]: unknown;
  };
  spec: {
    source: Record<string, unknown>;
    destination: { server?: string; name?: string; namespace: string };
    project: string;
    syncPolicy?: Record<string, unknown>;
  };
  status: ArgoApplicationStatus;
  operation?: Record<string, unknown>;
};

export interface ArgoApplicationStatus {
  resources?: Array<Record<string, unknown>>;
  sync: {
    status: SyncStatus;
    comparedTo?: Record<string, unknown>;
    revision?: string;
  };
  health: { status: HealthStatus; lastTransitionTime?: string };
  history?: Array<Record<string, unknown>>;
  conditions?: Array<{
    type: string;
    message: string;
    lastTransitionTime: string;
  }>;
  reconciledAt?: string;
  operationState?: {
    operation: Record<string, unknown>;
    phase: OperationPhase;
    message?: string;
    syncResult?: Record<string, unknown>;
    startedAt: string;
    finishedAt?: string;
  };
  sourceType?: string;
  summary: { externalURLs?: string[]; images?: string[] };
  controllerNamespace?: string;
  [k: string]: unknown;
}

/** A child resource an Application manages on its destination. */
export interface ManagedResource {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

/** An Application together with where it landed, resolved against the hub's clusters. */
export interface ResolvedApplication {
  spec: ApplicationSpec;
  /** Argo CD's namespace on the hub (metadata.namespace). */
  argocdNamespace: string;
  /** spec.destination as served. */
  destination: { server?: string; name?: string; namespace: string };
  /** Set when the destination is not a cluster Argo CD knows (InvalidSpecError) or cannot reach (ComparisonError). */
  problem?: { type: 'InvalidSpecError' | 'ComparisonError'; message: string };
  /** The objects it manages (empty when unresolved). */
  resources: ManagedResource[];
  workload: string;
  externalURLs: string[];
  images: string[];
  revision: string;
}

export function defaultRevision(appName: string): string {
  return hexOf(`revision:${appName}`);
}

function operationMessage(
  phase: OperationPhase,
  r: ResolvedApplication,
): string {
  if (r.spec.operationMessage) return r.spec.operationMessage;
  const ns = r.destination.namespace;
  switch (phase) {
    case 'Succeeded':
      return 'successfully synced (all tasks run)';
    case 'Running':
      return `waiting for healthy state of apps/Deployment/${r.workload}`;
    case 'Terminating':
      return 'Operation is terminating';
    case 'Failed':
      return `one or more objects failed to apply, reason: Deployment.apps "${r.workload}" is invalid: spec.template.spec.containers[0].image: Required value (retried 5 times).`;
    case 'Error':
    default:
      return `ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = Manifest generation error (cached): kustomize build apps/${r.workload}/overlays/${ns} failed exit status 1: Error: accumulating resources: accumulation err='accumulating resources from '../../base': evalsymlink failure'`;
  }
}

/** Sync status of one child resource: the Deployment carries the drift of an OutOfSync app. */
function resourceSync(a: ApplicationSpec, kind: string): SyncStatus {
  if (a.health === 'Missing') return 'OutOfSync';
  if (a.sync === 'OutOfSync')
    return kind === 'Deployment' ? 'OutOfSync' : 'Synced';
  return a.sync;
}

function resourceHealth(
  health: HealthStatus,
  kind: string,
): HealthStatus | undefined {
  if (health === 'Missing') return 'Missing';
  if (kind === 'Deployment') return health === 'Unknown' ? undefined : health;
  if (kind === 'Service') return health === 'Unknown' ? undefined : 'Healthy';
  return undefined;
}

/** Builds the Application object. `now` is the simulator's start time (ms). */
export function buildApplication(
  r: ResolvedApplication,
  now: number,
): ArgoApplication {
  const a = r.spec;
  const created =
    now -
    (30 + pick(`created:${a.name}`, 400)) * DAY -
    pick(`c2:${a.name}`, 86_400) * 1000;
  const syncedAgo =
    (a.syncedMinutesAgo ?? 5 + pick(`synced:${a.name}`, 2_000)) * MINUTE;
  const startedAt = now - syncedAgo;
  const finishedAt = startedAt + (4 + pick(`dur:${a.name}`, 50)) * 1000;
  const reconciledAt = now - pick(`rec:${a.name}`, 170) * 1000 - 5_000;
  const source = sourceOf(a);
  const unresolved = r.problem !== undefined;
  const sync: SyncStatus = unresolved ? 'Unknown' : a.sync;
  const health: HealthStatus = unresolved ? 'Unknown' : a.health;
  const phase: OperationPhase | undefined =
    r.problem?.type === 'InvalidSpecError'
      ? undefined
      : a.operationPhase ?? 'Succeeded';
  const running = phase === 'Running' || phase === 'Terminating';

  const resourcesStatus =
    unresolved && r.problem?.type === 'InvalidSpecError'
      ? undefined
      : r.resources.map(res => {
          const h = unresolved ? undefined : resourceHealth(a.health, res.kind);
          return {
            ...(res.group ? { group: res.group } : {}),
            version: res.version,
            kind: res.kind,
            namespace: res.namespace,
            name: res.name,
            status: unresolved ? 'Unknown' : resourceSync(a, res.kind),
            ...(h ? { health: { status: h } } : {}),
          };
        });

  // Argo CD keeps up to 10 (revisionHistoryLimit)
  const historyCount = 1 + pick(`hist:${a.name}`, 10);
  const history =
    phase === undefined
      ? undefined
      : Array.from({ length: historyCount }, (_, i) => {
          const back = historyCount - 1 - i;
          const deployedAt =
            (running ? startedAt - 3 * DAY : finishedAt) -
            back * (2 * DAY + pick(`h${i}:${a.name}`, DAY / 1000) * 1000);
          return {
            revision: back === 0 ? r.revision : hexOf(`rev${back}:${a.name}`),
            deployedAt: isoSeconds(deployedAt),
            id: pick(`hid:${a.name}`, 40) + i,
            source,
            deployStartedAt: isoSeconds(deployedAt - 3_000),
            initiatedBy: a.autoSync
              ? { automated: true }
              : { username: 'admin' },
          };
        });

  const conditions: ArgoApplicationStatus['conditions'] = [];
  if (r.problem) {
    conditions.push({
      type: r.problem.type,
      message: r.problem.message,
      lastTransitionTime: isoSeconds(reconciledAt - 3 * MINUTE),
    });
  }
  if (!r.problem && (phase === 'Failed' || phase === 'Error')) {
    conditions.push({
      type: 'SyncError',
      message: `Failed sync attempt to ${r.revision}: ${operationMessage(
        phase,
        r,
      )}`,
      lastTransitionTime: isoSeconds(finishedAt),
    });
  }

  const status: ArgoApplicationStatus = {
    ...(resourcesStatus && resourcesStatus.length > 0
      ? { resources: resourcesStatus }
      : {}),
    sync: {
      status: sync,
      comparedTo: { source, destination: r.destination },
      ...(r.problem?.type === 'InvalidSpecError'
        ? {}
        : { revision: r.revision }),
    },
    health: {
      status: health,
      lastTransitionTime: isoSeconds(
        unresolved ? reconciledAt - 3 * MINUTE : finishedAt + 20_000,
      ),
    },
    ...(history ? { history } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
    reconciledAt: isoSeconds(reconciledAt),
    ...(phase
      ? {
          operationState: {
            operation: {
              sync: {
                revision: r.revision,
                syncStrategy: { hook: {} },
                ...(a.autoSync ? { prune: true } : {}),
              },
              initiatedBy: a.autoSync
                ? { automated: true }
                : { username: 'admin' },
              retry: phase === 'Failed' ? { limit: 5 } : {},
            },
            phase,
            message: operationMessage(phase, r),
            ...(phase === 'Succeeded' || phase === 'Failed'
              ? {
                  syncResult: {
                    resources: r.resources.map(res => ({
                      group: res.group,
                      version: res.version,
                      kind: res.kind,
                      namespace: res.namespace,
                      name: res.name,
                      status:
                        phase === 'Failed' && res.kind === 'Deployment'
                          ? 'SyncFailed'
                          : 'Synced',
                      message:
                        phase === 'Failed' && res.kind === 'Deployment'
                          ? `Deployment.apps "${res.name}" is invalid`
                          : `${res.kind.toLowerCase()}${
                              res.group ? `.${res.group}` : ''
                            }/${res.name} configured`,
                      hookPhase:
                        phase === 'Failed' && res.kind === 'Deployment'
                          ? 'Failed'
                          : 'Running',
                      syncPhase: 'Sync',
                    })),
                    revision: r.revision,
                    source,
                  },
                }
              : {}),
            startedAt: isoSeconds(startedAt),
            ...(running ? {} : { finishedAt: isoSeconds(finishedAt) }),
            ...(phase === 'Failed' ? { retryCount: 5 } : {}),
          },
        }
      : {}),
    sourceType: a.source.chart ? 'Helm' : 'Kustomize',
    summary: {
      ...(r.externalURLs.length > 0 ? { externalURLs: r.externalURLs } : {}),
      ...(r.images.length > 0 && !unresolved ? { images: r.images } : {}),
    },
    controllerNamespace: r.argocdNamespace,
  };

  const app: ArgoApplication = {
    metadata: {
      name: a.name,
      namespace: r.argocdNamespace,
      uid: uuidOf(`app:${r.argocdNamespace}:${a.name}`),
      resourceVersion: String(100_000 + pick(`rv:${a.name}`, 900_000)),
      generation: 2 + pick(`gen:${a.name}`, 300),
      creationTimestamp: isoSeconds(created),
      ...(Object.keys(a.labels).length > 0 ? { labels: a.labels } : {}),
      ...(Object.keys(a.annotations).length > 0
        ? { annotations: a.annotations }
        : {}),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      managedFields: managedFieldsOf(created, reconciledAt, a.autoSync),
    },
    spec: {
      source,
      destination: r.destination,
      project: a.project,
      ...(a.autoSync
        ? {
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=true'],
            },
          }
        : { syncPolicy: { syncOptions: ['CreateNamespace=true'] } }),
    },
    status,
  };
  if (phase === 'Running') {
    app.operation = {
      sync: { revision: r.revision, syncStrategy: { hook: {} } },
      initiatedBy: a.autoSync ? { automated: true } : { username: 'admin' },
      retry: {},
    };
  }
  return app;
}

/** The managedFields the API server keeps on an Application (argocd-server for spec, the controller for status). */
function managedFieldsOf(
  created: number,
  reconciledAt: number,
  autoSync: boolean,
) {
  const leaf = {};
  const node = (...keys: string[]) =>
    Object.fromEntries([['.', {}], ...keys.map(k => [`f:${k}`, leaf])]);
  return [
    {
      manager: 'argocd-server',
      operation: 'Update',
      apiVersion: 'argoproj.io/v1alpha1',
      time: isoSeconds(created),
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:finalizers': {
            '.': {},
            'v:"resources-finalizer.argocd.argoproj.io"': {},
          },
        },
        'f:spec': {
          '.': {},
          'f:destination': node('name', 'namespace', 'server'),
          'f:project': {},
          'f:source': node('path', 'repoURL', 'targetRevision'),
          'f:syncPolicy': {
            '.': {},
            ...(autoSync ? { 'f:automated': node('prune', 'selfHeal') } : {}),
            'f:syncOptions': {},
          },
        },
      },
    },
    {
      manager: 'argocd-application-controller',
      operation: 'Update',
      apiVersion: 'argoproj.io/v1alpha1',
      time: isoSeconds(reconciledAt),
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:status': {
          '.': {},
          'f:controllerNamespace': {},
          'f:health': node('lastTransitionTime', 'status'),
          'f:history': {},
          'f:operationState': {
            '.': {},
            'f:finishedAt': {},
            'f:message': {},
            'f:operation': {
              '.': {},
              'f:initiatedBy': node(autoSync ? 'automated' : 'username'),
              'f:retry': {},
              'f:sync': {
                '.': {},
                'f:revision': {},
                'f:syncStrategy': node('hook'),
              },
            },
            'f:phase': {},
            'f:startedAt': {},
            'f:syncResult': {
              '.': {},
              'f:resources': {},
              'f:revision': {},
              'f:source': node('path', 'repoURL', 'targetRevision'),
            },
          },
          'f:reconciledAt': {},
          'f:resources': {},
          'f:sourceType': {},
          'f:summary': node('externalURLs', 'images'),
          'f:sync': {
            '.': {},
            'f:comparedTo': {
              '.': {},
              'f:destination': node('name', 'namespace', 'server'),
              'f:source': node('path', 'repoURL', 'targetRevision'),
            },
            'f:revision': {},
            'f:status': {},
          },
        },
      },
    },
  ];
}

export function sourceOf(a: ApplicationSpec): Record<string, unknown> {
  return {
    repoURL: a.source.repoURL,
    ...(a.source.path !== undefined ? { path: a.source.path } : {}),
    targetRevision: a.source.targetRevision,
    ...(a.source.chart !== undefined ? { chart: a.source.chart } : {}),
  };
}
