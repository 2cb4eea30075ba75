import { PermissionsService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import {
  ScaffolderPolicies,
  readScaffolderPolicies,
} from '../policy/readPolicy';

/** What the hub-spoke actions need from the backend. @public */
export interface HubSpokeActionOptions {
  config: Config;
  /** The hub-spoke backend's API (hubSpokeApiServiceRef): the live topology and applications the checks read. */
  hubSpokeApi: HubSpokeApiService;
  /**
   * The permission service (coreServices.permissions): each run asks it, with the task initiator's credentials, for
   * hub-spoke.spoke.onboard / hub-spoke.spoke.offboard / hub-spoke.app.publish on the clusters it touches and, in apply
   * mode, hub-spoke.apply, before reading or writing anything.
   */
  permissions: PermissionsService;
  /**
   * The platform's policy (`hubSpoke.scaffolder`, `hubSpoke.hubs[].scaffolder`), as the module reads it once at
   * start; when omitted, each action reads it from `config` on its first run.
   */
  policy?: ScaffolderPolicies;
}

/**
 * The policy of the options, for an action to call in its handler: the given one, or the one read from their config on
 * the first call (and kept).
 */
export function policySource(
  options: HubSpokeActionOptions,
): () => ScaffolderPolicies {
  let policy = options.policy;
  return () => (policy ??= readScaffolderPolicies(options.config));
}
