import {
  Entity,
  getCompoundEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ApplicationSummary,
} from '@hub-spoke/plugin-hub-spoke-common';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import { clusterEntityNames } from './entities';
import { HubSpokeApiOptions, hubSpokeApiOf } from './hubSpokeApi';
import { appSelectorMatcher } from './selector';

/** Options of {@link HubSpokeApplicationsProcessor}. @public */
export interface HubSpokeApplicationsProcessorOptions
  extends HubSpokeApiOptions {
  /** How long one read of /applications and /topology serves the processing loop (default 30 s). */
  cacheTtlMs?: number;
  /** For tests. */
  now?: () => number;
}

interface Snapshot {
  applications: ApplicationSummary[];
  /** Cluster id → catalog entity name, named as the entity provider names them. */
  names: Map<string, string>;
}

/**
 * For Components annotated `argocd/app-name` or `argocd/app-selector`, emits `dependsOn` (Component → cluster
 * Resource) and `dependencyOf` (Resource → Component) relations to the clusters their Argo CD Applications run on.
 *
 * @public
 */
export class HubSpokeApplicationsProcessor implements CatalogProcessor {
  private readonly api: HubSpokeApiService;
  private cached?: { at: number; snapshot: Promise<Snapshot> };

  constructor(private readonly options: HubSpokeApplicationsProcessorOptions) {
    this.api = hubSpokeApiOf(options);
  }

  getProcessorName(): string {
    return 'HubSpokeApplicationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return entity;
    const annotations = entity.metadata.annotations ?? {};
    const appName = annotations[ANNOTATION_ARGOCD_APP_NAME];
    const appSelector = annotations[ANNOTATION_ARGOCD_APP_SELECTOR];
    if (!appName && !appSelector) return entity;

    let snapshot: Snapshot;
    try {
      snapshot = await this.snapshot();
    } catch (error) {
      this.options.logger.warn('Could not read hub-spoke applications', {
        entity: entity.metadata.name,
        error: stringifyError(error),
      });
      return entity;
    }
    let matches: (app: ApplicationSummary) => boolean;
    if (appName) {
      matches = app => app.name === appName;
    } else {
      try {
        const selector = appSelectorMatcher(appSelector!);
        matches = app => selector(app.labels ?? {});
      } catch (error) {
        this.options.logger.warn('Invalid argocd/app-selector', {
          entity: entity.metadata.name,
          error: stringifyError(error),
        });
        return entity;
      }
    }

    const clusters = new Set<string>();
    for (const app of snapshot.applications) {
      const name = snapshot.names.get(app.clusterId);
      if (name && matches(app)) clusters.add(name);
    }
    const self = getCompoundEntityRef(entity);
    for (const name of [...clusters].sort()) {
      const cluster = { kind: 'resource', namespace: 'default', name };
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target: cluster,
        }),
      );
      emit(
        processingResult.relation({
          source: cluster,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );
    }
    return entity;
  }

  private snapshot(): Promise<Snapshot> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.cacheTtlMs ?? 30_000;
    if (!this.cached || now - this.cached.at >= ttl) {
      const snapshot = Promise.all([
        this.api.getApplications(),
        this.api.getTopology(),
      ]).then(([{ items }, topology]) => ({
        applications: items,
        names: clusterEntityNames(topology.clusters),
      }));
      // A failed read is not cached: the next entity tries again.
      snapshot.catch(() => {
        if (this.cached?.snapshot === snapshot) this.cached = undefined;
      });
      this.cached = { at: now, snapshot };
    }
    return this.cached.snapshot;
  }
}
