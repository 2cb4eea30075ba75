import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

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
   * `kubernetes.clusterLocatorMethods`. The module's own entries win.
   */
  kubernetesClusters: Map<string, KubernetesClusterConfig>;
}

/**
 * What the provider takes from a cluster entry (the keys of a `kubernetes.clusterLocatorMethods` config cluster).
 * Credentials (`serviceAccountToken`, …) are never read. @public
 */
export interface KubernetesClusterConfig {
  name: string;
  url?: string;
  authProvider?: string;
  caData?: string;
  /** For `authProvider: oidc`: the key under `auth.oidc` the frontend sends the user's token in. */
  oidcTokenProvider?: string;
  /** For `authProvider: aws`. */
  assumeRole?: string;
  /** For `authProvider: aws`. */
  externalId?: string;
  skipMetricsLookup?: boolean;
  dashboardUrl?: string;
  dashboardApp?: string;
  /** `kubernetes.io/…` keys of the entry's `authMetadata` block (other keys are dropped). */
  authMetadata?: Record<string, string>;
}

/** The default schedule: every minute, 30 s timeout. @public */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { seconds: 30 },
};

function readClusterEntry(c: Config): KubernetesClusterConfig | undefined {
  const name = c.getOptionalString('name');
  if (!name) return undefined;
  const authMetadata: Record<string, string> = {};
  // read raw: its keys contain dots (kubernetes.io/…), which config paths would split on
  const block = c.getOptional('authMetadata');
  if (block && typeof block === 'object' && !Array.isArray(block)) {
    for (const [key, value] of Object.entries(block)) {
      if (key.startsWith('kubernetes.io/') && typeof value === 'string') {
        authMetadata[key] = value;
      }
    }
  }
  return {
    name,
    url: c.getOptionalString('url'),
    authProvider: c.getOptionalString('authProvider'),
    caData: c.getOptionalString('caData'),
    oidcTokenProvider: c.getOptionalString('oidcTokenProvider'),
    assumeRole: c.getOptionalString('assumeRole'),
    externalId: c.getOptionalString('externalId'),
    skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup'),
    dashboardUrl: c.getOptionalString('dashboardUrl'),
    dashboardApp: c.getOptionalString('dashboardApp'),
    ...(Object.keys(authMetadata).length > 0 ? { authMetadata } : {}),
  };
}

/** Reads `catalog.providers.hubSpoke` and the cluster entries the locator annotations are made from. @public */
export function readHubSpokeCatalogConfig(
  config: Config,
): HubSpokeCatalogConfig {
  const provider = config.getOptionalConfig('catalog.providers.hubSpoke');
  const scheduleConfig = provider?.getOptionalConfig('schedule');
  const kubernetesClusters = new Map<string, KubernetesClusterConfig>();
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const catalogLocator = methods.some(
    m => m.getOptionalString('type') === 'catalog',
  );
  if (!catalogLocator) {
    for (const method of methods) {
      if (method.getOptionalString('type') !== 'config') continue;
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const entry = readClusterEntry(c);
        if (entry) kubernetesClusters.set(entry.name, entry);
      }
    }
  }
  for (const c of provider?.getOptionalConfigArray('kubernetes.clusters') ??
    []) {
    const entry = readClusterEntry(c);
    if (entry) kubernetesClusters.set(entry.name, entry);
  }
  return {
    owner: provider?.getOptionalString('owner') ?? 'platform-team',
    system: provider?.getOptionalString('system'),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    kubernetesClusters,
  };
}
