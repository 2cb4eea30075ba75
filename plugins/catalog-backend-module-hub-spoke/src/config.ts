import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  LenientClusterAccess,
  readClusterAccess,
  readClusterEntries,
} from '@hub-spoke/plugin-hub-spoke-node';

/** The catalog module's settings, read once from `catalog.providers.hubSpoke`. @public */
export interface HubSpokeCatalogConfig {
  /** Owner of every emitted entity (default `platform-team`). */
  owner: string;
  /** System every cluster Resource is part of; when absent, one System per hub is emitted and used. */
  system?: string;
  /** How often the provider reads the fleet (default every minute, 30 s timeout). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /**
   * Cluster entries by cluster name, from which the annotations of Backstage's kubernetes `catalog` cluster locator
   * are made: `catalog.providers.hubSpoke.kubernetes.clusters`, and (unless `kubernetes.clusterLocatorMethods` also
   * has a `type: catalog` method, which would then list those clusters twice) the `type: config` clusters of
   * `kubernetes.clusterLocatorMethods`. The module's own entries win. They are read leniently (an entry the module
   * cannot use never stops the catalog; a value it cannot read is left out) and without credentials.
   */
  kubernetesClusters: Map<string, LenientClusterAccess>;
  /**
   * Whether cluster Resources carry the clusters' API server URLs (`kubernetes.io/api-server`) and the other
   * annotations of Backstage's kubernetes `catalog` cluster locator (CA, auth provider…). Default false: every
   * catalog reader would see every cluster's server.
   */
  exportServerUrls: boolean;
  /** Whether cluster Resources carry the clusters' Argo CD labels. Default false. */
  exportLabels: boolean;
}

/** The default schedule: every minute, 30 s timeout. @public */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { seconds: 30 },
};

/** Never fail startup for a cluster entry, and never read a credential: annotations are public. */
const LENIENT = { lenient: true, credentials: false } as const;
const OWN_CLUSTERS = 'kubernetes.clusters';

/** Reads `catalog.providers.hubSpoke` and the cluster entries the locator annotations are made from. @public */
export function readHubSpokeCatalogConfig(
  config: Config,
): HubSpokeCatalogConfig {
  const provider = config.getOptionalConfig('catalog.providers.hubSpoke');
  const scheduleConfig = provider?.getOptionalConfig('schedule');
  const kubernetesClusters = new Map<string, LenientClusterAccess>();
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const catalogLocator = methods.some(
    m => m.getOptionalString('type') === 'catalog',
  );
  const entries = [
    ...(catalogLocator ? [] : readClusterAccess(config, LENIENT)),
    ...readClusterEntries(
      provider?.getOptionalConfigArray(OWN_CLUSTERS) ?? [],
      `catalog.providers.hubSpoke.${OWN_CLUSTERS}`,
      LENIENT,
    ),
  ];
  for (const entry of entries) kubernetesClusters.set(entry.name, entry);
  return {
    owner: provider?.getOptionalString('owner') ?? 'platform-team',
    system: provider?.getOptionalString('system'),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    kubernetesClusters,
    exportServerUrls: provider?.getOptionalBoolean('exportServerUrls') ?? false,
    exportLabels: provider?.getOptionalBoolean('exportLabels') ?? false,
  };
}
