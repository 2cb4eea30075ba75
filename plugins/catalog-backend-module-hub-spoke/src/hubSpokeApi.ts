import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createHubSpokeApiService,
  HubSpokeApiService,
  HubSpokeApiServiceOptions,
} from '@hub-spoke/plugin-hub-spoke-node';

/**
 * What the entity provider and the applications processor need to read the hub-spoke backend.
 *
 * @public
 */
export interface HubSpokeApiOptions
  extends Pick<HubSpokeApiServiceOptions, 'discovery' | 'auth'> {
  logger: LoggerService;
  /** The hub-spoke API (hubSpokeApiServiceRef); made from discovery and auth when absent. */
  hubSpokeApi?: HubSpokeApiService;
}

/** The hub-spoke API given in the options, or one made from their discovery and auth. */
export function hubSpokeApiOf(options: HubSpokeApiOptions): HubSpokeApiService {
  return (
    options.hubSpokeApi ??
    createHubSpokeApiService({
      discovery: options.discovery,
      auth: options.auth,
    })
  );
}
