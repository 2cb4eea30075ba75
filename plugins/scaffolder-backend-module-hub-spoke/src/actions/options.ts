import { Config } from '@backstage/config';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';

/** What the hub-spoke actions need from the backend. @public */
export interface HubSpokeActionOptions {
  config: Config;
  /** The hub-spoke backend's API (hubSpokeApiServiceRef): the live topology and applications the checks read. */
  hubSpokeApi: HubSpokeApiService;
}
