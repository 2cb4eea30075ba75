export {
  createHubSpokeApiService,
  DEFAULT_HUB_SPOKE_API_TIMEOUT_MS,
} from './createHubSpokeApiService';
export type { HubSpokeApiServiceOptions } from './createHubSpokeApiService';
export {
  createHubSpokeApiServiceFactory,
  hubSpokeApiServiceRef,
} from './hubSpokeApiServiceRef';
export type { HubSpokeApiServiceFactoryOptions } from './hubSpokeApiServiceRef';
export type { HubSpokeApiCallOptions, HubSpokeApiService } from './types';
