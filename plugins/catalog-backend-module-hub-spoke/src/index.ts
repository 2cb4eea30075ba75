/**
 * Catalog module for hub-spoke fleets: clusters as Resources, one System per hub, Component → cluster relations.
 *
 * @packageDocumentation
 */
export { catalogModuleHubSpoke as default } from './module';
export * from './HubSpokeEntityProvider';
export * from './HubSpokeApplicationsProcessor';
export type { HubSpokeApiOptions } from './hubSpokeApi';
export {
  readHubSpokeCatalogConfig,
  DEFAULT_SCHEDULE,
  type HubSpokeCatalogConfig,
} from './config';
export {
  clusterEntityNames,
  hubSystemName,
  topologyToEntities,
  validLabels,
  CLUSTER_RESOURCE_TYPE,
} from './entities';
