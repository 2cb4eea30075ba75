export { hubSpokeApiRef } from './HubSpokeApi';
export type { HubSpokeApi } from './HubSpokeApi';
export { HubSpokeClient } from './HubSpokeClient';
