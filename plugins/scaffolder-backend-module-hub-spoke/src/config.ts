/**
 * What the actions read from the app config: the hub names (`hubSpoke.hubs[].name`, as the hub-spoke backend reads
 * them) and, for apply mode, how to reach a hub's own Kubernetes API (the `kubernetes.clusterLocatorMethods` entry of
 * `type: config` named like the hub, read by readClusterAccess as every hub-spoke package reads it).
 */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ClusterAccess,
  readClusterAccess,
} from '@hub-spoke/plugin-hub-spoke-node';

/**
 * How to reach a hub cluster's Kubernetes API: the part of its ClusterAccess the action uses, with the token (it
 * needs get, list, patch and delete on Secrets in Argo CD's namespace). Never log it.
 */
export type HubKubernetesAccess = Pick<
  ClusterAccess,
  'name' | 'url' | 'ca' | 'skipTLSVerify'
> & { token: string };

/** The configured hub names, in config order. */
export function readHubNames(config: Config): string[] {
  return (config.getOptionalConfigArray('hubSpoke.hubs') ?? []).map(h =>
    h.getString('name'),
  );
}

/**
 * The hub's own cluster entry in `kubernetes.clusterLocatorMethods` (type config, same name as the hub; the first
 * one when the name repeats). Only that entry matters here: the others are read leniently. Throws an InputError
 * naming what is missing or invalid: apply mode cannot work without it.
 */
export function readHubKubernetesAccess(
  config: Config,
  hub: string,
): HubKubernetesAccess {
  const entry = readClusterAccess(config, { lenient: true }).find(
    c => c.name === hub,
  );
  const what = `the kubernetes.clusterLocatorMethods entry of hub ${hub}`;
  if (!entry) {
    throw new InputError(
      `mode apply needs hub ${hub}'s own Kubernetes API: add a kubernetes.clusterLocatorMethods entry of type config ` +
        `named "${hub}" with url, caData and serviceAccountToken, or use mode pull-request`,
    );
  }
  if (entry.problems.length > 0) {
    throw new InputError(
      `mode apply: ${what} is invalid: ${entry.problems.join('; ')}`,
    );
  }
  const { name, url, ca, skipTLSVerify, token } = entry;
  if (!url) {
    throw new InputError(`mode apply: ${what} has no url`);
  }
  if (!token) {
    throw new InputError(
      `mode apply: ${what} has no serviceAccountToken; ` +
        'the action applies the cluster Secret with that token (it needs get, list, patch and delete on Secrets ' +
        "in Argo CD's namespace)",
    );
  }
  return { name, url, ...(ca ? { ca } : {}), skipTLSVerify, token };
}
