import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import { decodeCaData } from '../config';

/** How the backend reaches one cluster's Kubernetes API, from Backstage's own `kubernetes` config. */
export interface KubernetesClusterConfig {
  name: string;
  /** API server URL, without a trailing slash. */
  url: string;
  /** PEM text of the CA to trust (from caData or caFile). */
  ca?: string;
  skipTLSVerify: boolean;
  /** Bearer token (serviceAccountToken). Never put it in a message. */
  token?: string;
  authProvider: string;
  /** Set when the backend cannot read this cluster with its configuration: why, for the user. */
  unsupported?: string;
}

/** The only auth provider whose credentials the backend can use itself. */
export const SUPPORTED_AUTH_PROVIDER = 'serviceAccount';
const AUTH_PROVIDER_ANNOTATION = 'kubernetes.io/auth-provider';

/** Reads a config value, turning a wrong type into an InputError that names the key. */
function optional<T>(
  where: string,
  key: string,
  read: () => T | undefined,
): T | undefined {
  try {
    return read();
  } catch (e) {
    throw new InputError(`${where}.${key} is invalid: ${(e as Error).message}`);
  }
}

function readAuthMetadata(
  cluster: Config,
  where: string,
): Record<string, unknown> {
  const block = optional(where, 'authMetadata', () =>
    cluster.getOptional('authMetadata'),
  );
  if (block === undefined || block === null) return {};
  if (typeof block !== 'object' || Array.isArray(block)) {
    throw new InputError(`${where}.authMetadata must be an object`);
  }
  return block as Record<string, unknown>;
}

function metadataString(
  metadata: Record<string, unknown>,
  key: string,
  where: string,
): string | undefined {
  const value = metadata[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${where}.authMetadata["${key}"] must be a string`);
  }
  return value;
}

function readCa(cluster: Config, where: string): string | undefined {
  const caData = optional(where, 'caData', () =>
    cluster.getOptionalString('caData'),
  );
  if (caData) {
    return decodeCaData(caData, `${where}.caData`);
  }
  const caFile = optional(where, 'caFile', () =>
    cluster.getOptionalString('caFile'),
  );
  if (caFile) {
    try {
      return fs.readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new InputError(
        `${where}.caFile cannot be read: ${(e as Error).message}`,
      );
    }
  }
  return undefined;
}

function unsupportedMessage(
  name: string,
  authProvider: string,
  hasToken: boolean,
  where: string,
): string | undefined {
  if (authProvider !== SUPPORTED_AUTH_PROVIDER) {
    return (
      `Cluster ${name} uses authProvider "${authProvider}", which the hub-spoke backend cannot use to read its ` +
      `Kubernetes API: only "${SUPPORTED_AUTH_PROVIDER}" with a serviceAccountToken is supported`
    );
  }
  if (!hasToken) {
    return (
      `Cluster ${name} uses authProvider "${SUPPORTED_AUTH_PROVIDER}" without a token: set ` +
      `${where}.serviceAccountToken (the backend's own in-cluster service account is not used)`
    );
  }
  return undefined;
}

/**
 * Reads the clusters of Backstage's `kubernetes.clusterLocatorMethods` entries of `type: config`; other locator types
 * are ignored. A cluster whose credentials the backend cannot use is returned with `unsupported` set (it is shown with
 * that message instead of failing startup). Invalid entries throw an InputError naming the key; tokens never appear
 * in messages.
 */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterConfig[] {
  const methods = optional('kubernetes', 'clusterLocatorMethods', () =>
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods'),
  );
  const clusters: KubernetesClusterConfig[] = [];
  const seen = new Set<string>();

  (methods ?? []).forEach((method, methodIndex) => {
    const methodWhere = `kubernetes.clusterLocatorMethods[${methodIndex}]`;
    const type = optional(methodWhere, 'type', () =>
      method.getOptionalString('type'),
    );
    if (type !== 'config') return;
    const entries =
      optional(methodWhere, 'clusters', () =>
        method.getOptionalConfigArray('clusters'),
      ) ?? [];

    entries.forEach((cluster, index) => {
      const where = `${methodWhere}.clusters[${index}]`;
      const name = optional(where, 'name', () =>
        cluster.getOptionalString('name'),
      )?.trim();
      if (!name) {
        throw new InputError(`${where}.name is required`);
      }
      if (seen.has(name)) {
        throw new InputError(
          `${where}.name "${name}" is used by another cluster`,
        );
      }
      seen.add(name);

      const rawUrl = optional(where, 'url', () =>
        cluster.getOptionalString('url'),
      )?.trim();
      if (!rawUrl) {
        throw new InputError(`${where}.url is required`);
      }
      const url = rawUrl.replace(/\/+$/, '');
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new InputError(`${where}.url "${url}" is not a URL`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new InputError(
          `${where}.url must be http(s), got ${parsed.protocol}`,
        );
      }

      const metadata = readAuthMetadata(cluster, where);
      const authProvider =
        metadataString(metadata, AUTH_PROVIDER_ANNOTATION, where) ??
        optional(where, 'authProvider', () =>
          cluster.getOptionalString('authProvider'),
        );
      if (!authProvider) {
        throw new InputError(
          `${where}.authProvider is required (the hub-spoke backend supports "${SUPPORTED_AUTH_PROVIDER}")`,
        );
      }
      const token =
        optional(where, 'serviceAccountToken', () =>
          cluster.getOptionalString('serviceAccountToken'),
        ) || metadataString(metadata, 'serviceAccountToken', where);
      const skipTLSVerify =
        optional(where, 'skipTLSVerify', () =>
          cluster.getOptionalBoolean('skipTLSVerify'),
        ) ?? false;

      const unsupported = unsupportedMessage(
        name,
        authProvider,
        Boolean(token),
        where,
      );
      if (unsupported) {
        // Its CA is never used: a missing caFile must not stop the backend for a cluster it cannot read anyway.
        clusters.push({ name, url, skipTLSVerify, authProvider, unsupported });
        return;
      }
      const ca = readCa(cluster, where);
      clusters.push({
        name,
        url,
        ...(ca ? { ca } : {}),
        skipTLSVerify,
        token,
        authProvider,
      });
    });
  });

  return clusters;
}
