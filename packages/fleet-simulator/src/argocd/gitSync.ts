/**
 * Simulated Argo CD sync from the simulated Git host: an Application with a source in one of its repositories
 * (repoURL https://<host>/<owner>/<repo>[.git]) gets the YAML objects found at that source's path (files *.yaml,
 * *.yml, *.json; subfolders with `directory.recurse: true`) on its targetRevision (a branch, HEAD = the default
 * branch, or a commit id) applied to its destination cluster's object store, as Argo CD's automated sync does:
 *
 * - all sources resolve and the sync policy is automated: the objects are applied (namespaced objects without a
 *   namespace go to the destination namespace, which is created with CreateNamespace=true), objects it applied
 *   before and no longer finds are pruned, and the Application is Synced/Healthy with the commit ids as revisions;
 * - a source whose revision or path does not exist: nothing is applied, OutOfSync/Missing with a ComparisonError
 *   condition ("app path does not exist");
 * - an object of a kind the destination does not serve (CRD not installed) or in a namespace that does not exist:
 *   nothing is applied, OutOfSync/Missing with operation phase Failed and a SyncError condition;
 * - no automated sync policy: OutOfSync/Missing until synced (the simulator has no manual sync).
 *
 * Sources outside the simulated Git host are not modelled: they count as delivered. Deleting the Application
 * removes what it applied (resources-finalizer). Deterministic: object ids derive from names, times from the clock.
 */
import { parseAllDocuments } from 'yaml';
import { GitHost } from '../git/repos';
import {
  ResourceType,
  splitApiVersion,
  typeForObject,
} from '../kubernetes/resources';
import { ObjectStore, objectKey } from '../kubernetes/store';
import { ApiGroupsSpec, KubeObject } from '../types';
import { canonicalJson, isoSeconds, uuidOf } from '../util';
import { ArgoApplication } from './application';

/** What the sync needs of a destination cluster (a ClusterWorld). */
export interface SyncCluster {
  name: string;
  role: 'hub' | 'spoke';
  groups: ApiGroupsSpec;
  store: ObjectStore;
}

type Json = Record<string, unknown>;

interface Source {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  directory?: { recurse?: boolean };
}

interface AppliedObject {
  type: ResourceType;
  namespace?: string;
  name: string;
  hash: string;
}

interface AppliedState {
  cluster: SyncCluster;
  objects: Map<string, AppliedObject>;
  /** Revisions and object set of the last successful sync, and when it happened. */
  syncKey: string;
  syncedAt: number;
}

export interface SyncOutcome {
  sync: 'Synced' | 'OutOfSync';
  health: 'Healthy' | 'Missing';
  /** Set when a sync ran (or was refused by the API server). */
  phase?: 'Succeeded' | 'Failed';
  message?: string;
  condition?: { type: 'ComparisonError' | 'SyncError'; message: string };
  /** Commit id per source (sources outside the Git host: their targetRevision). */
  revisions: string[];
  resources: Array<{
    group: string;
    version: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
  syncedAt?: number;
}

const MANIFEST = /\.(ya?ml|json)$/i;

export function sourcesOf(spec: Json): Source[] {
  if (Array.isArray(spec.sources)) return spec.sources as Source[];
  return spec.source ? [spec.source as Source] : [];
}

export class GitOpsSync {
  private readonly applied = new Map<string, AppliedState>();

  constructor(
    readonly git: GitHost,
    private readonly clock: () => number = Date.now,
  ) {}

  /** True when one of the Application's sources is a repository of the simulated Git host. */
  handles(spec: Json | undefined): boolean {
    if (!spec) return false;
    return sourcesOf(spec).some(
      s =>
        !s.chart &&
        typeof s.repoURL === 'string' &&
        this.git.resolveUrl(s.repoURL) !== undefined,
    );
  }

  /** Syncs one Application (`<hub>/<name>` identifies it) to its destination cluster; returns its new state. */
  sync(id: string, spec: Json, cluster: SyncCluster): SyncOutcome {
    const sources = sourcesOf(spec);
    const destination = (spec.destination ?? {}) as { namespace?: string };
    const destNs = destination.namespace ?? '';
    const previous = this.applied.get(id);
    const kept = (): SyncOutcome['resources'] =>
      previous && previous.cluster === cluster ? resourcesOf(previous) : [];

    // Manifests of every source (ComparisonError when one cannot be generated).
    const revisions: string[] = [];
    const files: Array<{ file: string; text: string }> = [];
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      const repo = s.chart ? undefined : this.git.resolveUrl(s.repoURL ?? '');
      if (!repo) {
        revisions.push(s.targetRevision ?? 'HEAD');
        continue;
      }
      const prefix = `Failed to load target state: failed to generate manifest for source ${
        i + 1
      } of ${sources.length}: rpc error: code = Unknown desc = `;
      const sha = this.git.resolveRef(repo, s.targetRevision);
      if (!sha) {
        return missing(revisions, kept(), {
          type: 'ComparisonError',
          message: `${prefix}unable to resolve '${
            s.targetRevision ?? 'HEAD'
          }' to a commit SHA`,
        });
      }
      revisions.push(sha);
      const folder = this.git.readFolder(
        repo,
        sha,
        s.path ?? '',
        s.directory?.recurse === true,
      );
      if (!folder) {
        return missing(revisions, kept(), {
          type: 'ComparisonError',
          message: `${prefix}${s.path}: app path does not exist`,
        });
      }
      for (const [rel, content] of [...folder.entries()].sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
        if (MANIFEST.test(rel))
          files.push({
            file: `${s.path ?? ''}/${rel}`,
            text: content.toString('utf8'),
          });
      }
    }

    // Objects.
    const desired: Array<{ type: ResourceType; obj: KubeObject }> = [];
    for (const { file, text } of files) {
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) {
          return missing(revisions, kept(), {
            type: 'ComparisonError',
            message: `Failed to load target state: failed to unmarshal "${file}": ${
              doc.errors[0].message.split('\n')[0]
            }`,
          });
        }
        const value = doc.toJS() as unknown;
        if (value === null || value === undefined) continue;
        const obj = value as KubeObject;
        if (
          typeof obj !== 'object' ||
          typeof obj.apiVersion !== 'string' ||
          typeof obj.kind !== 'string' ||
          typeof obj.metadata?.name !== 'string'
        ) {
          return missing(revisions, kept(), {
            type: 'ComparisonError',
            message: `Failed to load target state: "${file}": an object without apiVersion, kind or metadata.name`,
          });
        }
        const type = typeForObject(obj.apiVersion, obj.kind);
        const served =
          type &&
          !(type.optional && !cluster.groups[type.optional]) &&
          !(type.hubOnly && cluster.role !== 'hub');
        if (!type || !served) {
          const { group } = splitApiVersion(obj.apiVersion);
          return failed(
            revisions,
            kept(),
            `The Kubernetes API could not find ${group || 'core'}/${
              obj.kind
            } for requested resource ${obj.metadata.namespace ?? destNs}/${
              obj.metadata.name
            }. Make sure the "${
              obj.kind
            }" CRD is installed on the destination cluster.`,
          );
        }
        const copy = structuredClone(obj);
        if (type.namespaced)
          copy.metadata.namespace = copy.metadata.namespace ?? destNs;
        else delete copy.metadata.namespace;
        desired.push({ type, obj: copy });
      }
    }

    if (!automated(spec)) return missing(revisions, kept());

    // Namespaces: the destination's may be created; any other has to exist.
    const have = new Set(cluster.store.namespaces());
    const createNs = syncOptions(spec).includes('CreateNamespace=true');
    for (const { type, obj } of desired) {
      const ns = obj.metadata.namespace;
      if (!type.namespaced || !ns || have.has(ns)) continue;
      if (!(ns === destNs && createNs))
        return failed(revisions, kept(), `namespaces "${ns}" not found`);
    }
    const nsType = typeForObject('v1', 'Namespace')!;
    if (
      destNs &&
      createNs &&
      !have.has(destNs) &&
      desired.some(d => d.obj.metadata.namespace === destNs)
    ) {
      this.write(
        cluster,
        nsType,
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: destNs },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        },
        id,
      );
    }

    // Apply what changed, prune what is gone.
    const appName = id.split('/').slice(1).join('/');
    const next = new Map<string, AppliedObject>();
    for (const { type, obj } of desired) {
      const { group } = splitApiVersion(obj.apiVersion);
      const ns = obj.metadata.namespace;
      obj.metadata.annotations = {
        ...(obj.metadata.annotations ?? {}),
        'argocd.argoproj.io/tracking-id': `${appName}:${group}/${obj.kind}:${
          ns ?? ''
        }/${obj.metadata.name}`,
      };
      const key = `${type.resource}.${type.group}|${objectKey(obj)}`;
      const hash = canonicalJson(obj);
      const before =
        previous?.cluster === cluster ? previous.objects.get(key) : undefined;
      const stored = cluster.store.get(type, ns, obj.metadata.name);
      if (!before || before.hash !== hash || !stored)
        this.write(cluster, type, obj, id);
      next.set(key, { type, namespace: ns, name: obj.metadata.name, hash });
    }
    if (previous) {
      for (const [key, o] of previous.objects) {
        if (previous.cluster === cluster && next.has(key)) continue;
        if (previous.cluster.store.remove(o.type, o.namespace, o.name))
          previous.cluster.store.nextResourceVersion();
      }
    }
    const syncKey = canonicalJson({
      revisions,
      objects: [...next.entries()].map(([k, o]) => [k, o.hash]),
    });
    const syncedAt =
      previous && previous.syncKey === syncKey
        ? previous.syncedAt
        : this.clock();
    const state: AppliedState = { cluster, objects: next, syncKey, syncedAt };
    this.applied.set(id, state);
    return {
      sync: 'Synced',
      health: 'Healthy',
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      revisions,
      resources: resourcesOf(state),
      syncedAt,
    };
  }

  /** Removes what Applications no longer listed applied (ids `<hub>/<name>` of this hub not in `keep`). */
  retain(hub: string, keep: Set<string>): void {
    for (const [id, state] of [...this.applied.entries()]) {
      if (!id.startsWith(`${hub}/`) || keep.has(id)) continue;
      for (const o of state.objects.values()) {
        if (state.cluster.store.remove(o.type, o.namespace, o.name))
          state.cluster.store.nextResourceVersion();
      }
      this.applied.delete(id);
    }
  }

  private write(
    cluster: SyncCluster,
    type: ResourceType,
    obj: KubeObject,
    id: string,
  ): void {
    const existing = cluster.store.get(
      type,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    const rv = cluster.store.nextResourceVersion();
    const m = obj.metadata;
    const custom = type.optional !== undefined || type.crd === true;
    const metadata: KubeObject['metadata'] = {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid:
        existing?.metadata.uid ??
        uuidOf(`${cluster.name}:${type.kind}:${objectKey(obj)}:${id}`),
      resourceVersion: rv,
      ...(custom
        ? { generation: existing ? (existing.metadata.generation ?? 1) + 1 : 1 }
        : {}),
      creationTimestamp:
        existing?.metadata.creationTimestamp ?? isoSeconds(this.clock()),
    };
    for (const [k, v] of Object.entries(m)) {
      if (
        !(k in metadata) &&
        v !== undefined &&
        ![
          'uid',
          'resourceVersion',
          'generation',
          'creationTimestamp',
          'managedFields',
        ].includes(k)
      )
        metadata[k] = v;
    }
    cluster.store.put(type, { ...obj, metadata });
  }
}

function resourcesOf(state: AppliedState): SyncOutcome['resources'] {
  return [...state.objects.values()].map(o => {
    const stored = state.cluster.store.get(o.type, o.namespace, o.name);
    const version = stored
      ? splitApiVersion(stored.apiVersion).version
      : o.type.versions[0];
    return {
      group: o.type.group,
      version,
      kind: o.type.kind,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      name: o.name,
    };
  });
}

function missing(
  revisions: string[],
  resources: SyncOutcome['resources'],
  condition?: SyncOutcome['condition'],
): SyncOutcome {
  return {
    sync: 'OutOfSync',
    health: 'Missing',
    revisions,
    resources,
    ...(condition ? { condition } : {}),
  };
}

function failed(
  revisions: string[],
  resources: SyncOutcome['resources'],
  message: string,
): SyncOutcome {
  return {
    sync: 'OutOfSync',
    health: 'Missing',
    phase: 'Failed',
    message: `one or more objects failed to apply, reason: ${message}`,
    condition: {
      type: 'SyncError',
      message: `Failed sync attempt: ${message}`,
    },
    revisions,
    resources,
  };
}

function automated(spec: Json): boolean {
  const policy = spec.syncPolicy as Json | undefined;
  return (
    !!policy &&
    typeof policy.automated === 'object' &&
    policy.automated !== null
  );
}

function syncOptions(spec: Json): string[] {
  const policy = spec.syncPolicy as Json | undefined;
  return Array.isArray(policy?.syncOptions)
    ? (policy!.syncOptions as string[])
    : [];
}

/** The Application as the REST API serves it after a sync outcome (its spec and metadata unchanged). */
export function withSyncStatus(
  app: ArgoApplication,
  outcome: SyncOutcome,
  now: number,
): ArgoApplication {
  const spec = app.spec as unknown as Json;
  const multi = Array.isArray(spec.sources);
  const sources = sourcesOf(spec);
  const revisionField = multi
    ? { revisions: outcome.revisions }
    : { revision: outcome.revisions[0] };
  const sourceField = multi ? { sources } : { source: sources[0] ?? {} };
  const at = isoSeconds(outcome.syncedAt ?? now);
  const finished = isoSeconds((outcome.syncedAt ?? now) + 2_000);
  const resources = outcome.resources.map(r => ({
    ...(r.group ? { group: r.group } : {}),
    version: r.version,
    kind: r.kind,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name,
    status: outcome.sync,
    ...(outcome.health === 'Missing' ? { health: { status: 'Missing' } } : {}),
  }));
  const operation = {
    sync: { ...revisionField, syncStrategy: { hook: {} }, prune: true },
    initiatedBy: { automated: true },
    retry: {},
  };
  const status: ArgoApplication['status'] = {
    ...(resources.length > 0 ? { resources } : {}),
    sync: {
      status: outcome.sync,
      comparedTo: { ...sourceField, destination: app.spec.destination },
      ...revisionField,
    },
    health: {
      status: outcome.health,
      lastTransitionTime:
        outcome.phase === 'Succeeded' ? finished : isoSeconds(now),
    },
    ...(outcome.phase === 'Succeeded'
      ? {
          history: [
            {
              ...revisionField,
              deployedAt: finished,
              id: 0,
              ...sourceField,
              deployStartedAt: at,
              initiatedBy: { automated: true },
            },
          ],
        }
      : {}),
    ...(outcome.condition
      ? {
          conditions: [
            { ...outcome.condition, lastTransitionTime: isoSeconds(now) },
          ],
        }
      : {}),
    reconciledAt: isoSeconds(now),
    ...(outcome.phase
      ? {
          operationState: {
            operation,
            phase: outcome.phase,
            message: outcome.message ?? '',
            ...(outcome.phase === 'Succeeded'
              ? {
                  syncResult: {
                    resources: resources.map(r => ({
                      ...r,
                      group: r.group ?? '',
                      status: 'Synced',
                      message: `${r.kind.toLowerCase()}${
                        r.group ? `.${r.group}` : ''
                      }/${r.name} configured`,
                      hookPhase: 'Running',
                      syncPhase: 'Sync',
                    })),
                    // SyncOperationResult.Revision has no omitempty: a multi-source result says "".
                    ...(multi ? { revision: '' } : {}),
                    ...revisionField,
                    ...sourceField,
                  },
                }
              : {}),
            startedAt: at,
            finishedAt: finished,
          },
        }
      : {}),
    ...(multi
      ? { sourceTypes: sources.map(() => 'Directory') }
      : { sourceType: 'Directory' }),
    summary: {},
    controllerNamespace: app.metadata.namespace,
  };
  return { ...app, status };
}
