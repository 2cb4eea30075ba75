export { HubSpokeApiClient } from './HubSpokeApiClient';
export type {
  HubSpokeDiscovery,
  HubSpokeFetch,
  HubSpokeRequestOptions,
} from './HubSpokeApiClient';
