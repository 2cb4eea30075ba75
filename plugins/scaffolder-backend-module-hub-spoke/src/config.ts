/**
 * What the actions read from the app config: the hub names (`hubSpoke.hubs[].name`, as the hub-spoke backend reads
 * them) and, for apply mode, how to reach a hub's own Kubernetes API (the `kubernetes.clusterLocatorMethods` entry of
 * `type: config` named like the hub, as Backstage's Kubernetes plugin reads it).
 */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How to reach a hub cluster's Kubernetes API. Never log it: it holds the token. */
export interface HubKubernetesAccess {
  name: string;
  url: string;
  /** Base64 PEM of the CA to trust (kubeconfig style). */
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** The service account token (needs get, list, patch and delete on Secrets in Argo CD's namespace). */
  token: string;
}

/** The configured hub names, in config order. */
export function readHubNames(config: Config): string[] {
  return (config.getOptionalConfigArray('hubSpoke.hubs') ?? []).map(h =>
    h.getString('name'),
  );
}

/** Base64 of a CA given as PEM text or as base64 PEM. */
function caDataOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  return trimmed.startsWith('-----BEGIN')
    ? Buffer.from(trimmed, 'utf8').toString('base64')
    : trimmed;
}

/**
 * The hub's own cluster entry in `kubernetes.clusterLocatorMethods` (type config, same name as the hub). Throws an
 * InputError naming what is missing: apply mode cannot work without it.
 */
export function readHubKubernetesAccess(
  config: Config,
  hub: string,
): HubKubernetesAccess {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getOptionalString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      if (cluster.getOptionalString('name') !== hub) continue;
      const url = cluster.getOptionalString('url')?.trim().replace(/\/+$/, '');
      const token = cluster.getOptionalString('serviceAccountToken');
      if (!url) {
        throw new InputError(
          `mode apply: the kubernetes.clusterLocatorMethods entry of hub ${hub} has no url`,
        );
      }
      if (!token) {
        throw new InputError(
          `mode apply: the kubernetes.clusterLocatorMethods entry of hub ${hub} has no serviceAccountToken; ` +
            'the action applies the cluster Secret with that token (it needs get, list, patch and delete on Secrets ' +
            "in Argo CD's namespace)",
        );
      }
      const caData = caDataOf(cluster.getOptionalString('caData'));
      const caFile = cluster.getOptionalString('caFile');
      return {
        name: hub,
        url,
        ...(caData ? { caData } : {}),
        ...(caFile ? { caFile } : {}),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        token,
      };
    }
  }
  throw new InputError(
    `mode apply needs hub ${hub}'s own Kubernetes API: add a kubernetes.clusterLocatorMethods entry of type config ` +
      `named "${hub}" with url, caData and serviceAccountToken, or use mode pull-request`,
  );
}
