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
  /** `kubernetes.clusterLocatorMethods` (type config) entries by cluster name. */
  kubernetesClusters: Map<string, KubernetesClusterConfig>;
}

/** What the provider takes from a `kubernetes.clusterLocatorMethods` config entry. @public */
export interface KubernetesClusterConfig {
  name: string;
  url?: string;
  authProvider?: string;
  caData?: string;
}

/** The default schedule: every minute, 30 s timeout. @public */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { seconds: 30 },
};

/** Reads `catalog.providers.hubSpoke` and the config cluster locator entries. @public */
export function readHubSpokeCatalogConfig(
  config: Config,
): HubSpokeCatalogConfig {
  const provider = config.getOptionalConfig('catalog.providers.hubSpoke');
  const scheduleConfig = provider?.getOptionalConfig('schedule');
  const kubernetesClusters = new Map<string, KubernetesClusterConfig>();
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getOptionalString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getOptionalString('name');
      if (!name) continue;
      kubernetesClusters.set(name, {
        name,
        url: c.getOptionalString('url'),
        authProvider: c.getOptionalString('authProvider'),
        caData: c.getOptionalString('caData'),
      });
    }
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
