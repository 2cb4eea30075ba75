import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { createHubSpokeApiService } from './createHubSpokeApiService';
import { HubSpokeApiService } from './types';

/**
 * Options of {@link createHubSpokeApiServiceFactory}.
 *
 * @public
 */
export interface HubSpokeApiServiceFactoryOptions {
  /** Deadline of one call in milliseconds (default 10 s). */
  timeoutMs?: number;
}

function factoryOf(
  service: ServiceRef<HubSpokeApiService, 'plugin'>,
  options: HubSpokeApiServiceFactoryOptions,
): ServiceFactory<HubSpokeApiService, 'plugin', 'singleton'> {
  return createServiceFactory({
    service,
    deps: { discovery: coreServices.discovery, auth: coreServices.auth },
    factory: ({ discovery, auth }) =>
      createHubSpokeApiService({
        discovery,
        auth,
        timeoutMs: options.timeoutMs,
      }),
  });
}

/**
 * The hub-spoke backend's HTTP API for backend modules (plugin scoped: calls carry the using plugin's own service
 * credentials unless a call passes others). Defaults to {@link createHubSpokeApiService} over coreServices.discovery
 * and coreServices.auth; replace it with {@link createHubSpokeApiServiceFactory} to change the timeout, or with any
 * factory of your own.
 *
 * @public
 */
export const hubSpokeApiServiceRef = createServiceRef<HubSpokeApiService>({
  id: 'hub-spoke.api-client',
  scope: 'plugin',
  defaultFactory: async service => factoryOf(service, {}),
});

/**
 * A factory of {@link hubSpokeApiServiceRef} with options, to add to the backend:
 * `backend.add(createHubSpokeApiServiceFactory({ timeoutMs: 30_000 }))`.
 *
 * @public
 */
export function createHubSpokeApiServiceFactory(
  options: HubSpokeApiServiceFactoryOptions = {},
): ServiceFactory<HubSpokeApiService, 'plugin', 'singleton'> {
  return factoryOf(hubSpokeApiServiceRef, options);
}
