import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import fs from 'node:fs';
import { isDns1123Label, parseCidr } from '@hub-spoke/plugin-hub-spoke-common';
import { decodeCaData } from '@hub-spoke/plugin-hub-spoke-node';

/** One hub's Argo CD connection, parsed from config. */
export interface HubConfig {
  name: string;
  argocd: {
    url: string;
    token: string;
    /** PEM text. */
    ca?: string;
    skipTLSVerify: boolean;
    projects: string[];
    selector?: string;
  };
}

/** Per-cluster settings that Argo CD doesn't hold. */
export interface ClusterOverride {
  name: string;
  /** CIDRs, overriding the `hub-spoke/cidr` annotation. */
  cidrs?: string[];
}

/** The plugin's typed configuration. */
export interface HubSpokeConfig {
  refreshIntervalMs: number;
  requestTimeoutMs: number;
  /** Most hub and cluster reads in flight at once. */
  concurrency: number;
  /** Certificates expiring within this many days are flagged. */
  certificateExpiryWarningDays: number;
  /** How long a caller's permission decisions are reused for the same token; 0 asks the policy on every request. */
  permissionCacheTtlMs: number;
  hubs: HubConfig[];
  clusters: ClusterOverride[];
}

const DEFAULT_REFRESH: HumanDuration = { seconds: 30 };
const DEFAULT_TIMEOUT: HumanDuration = { seconds: 5 };
const DEFAULT_CONCURRENCY = 64;
const DEFAULT_PERMISSION_CACHE_TTL: HumanDuration = { seconds: 5 };
const DEFAULT_EXPIRY_WARNING_DAYS = 30;

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): number {
  if (!config.has(key)) {
    return durationToMilliseconds(fallback);
  }
  try {
    return durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new InputError(`Invalid hubSpoke.${key}: ${(e as Error).message}`);
  }
}

/**
 * Reads and validates `hubSpoke` once. Errors name the offending key; credentials never appear in them.
 */
export function readHubSpokeConfig(root: Config): HubSpokeConfig {
  const config = root.getOptionalConfig('hubSpoke');
  if (!config) {
    return {
      refreshIntervalMs: durationToMilliseconds(DEFAULT_REFRESH),
      requestTimeoutMs: durationToMilliseconds(DEFAULT_TIMEOUT),
      concurrency: DEFAULT_CONCURRENCY,
      certificateExpiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
      permissionCacheTtlMs: durationToMilliseconds(
        DEFAULT_PERMISSION_CACHE_TTL,
      ),
      hubs: [],
      clusters: [],
    };
  }
  const refreshIntervalMs = readDuration(
    config,
    'refreshInterval',
    DEFAULT_REFRESH,
  );
  const requestTimeoutMs = readDuration(
    config,
    'requestTimeout',
    DEFAULT_TIMEOUT,
  );
  if (requestTimeoutMs <= 0 || refreshIntervalMs <= 0) {
    throw new InputError(
      'hubSpoke.refreshInterval and hubSpoke.requestTimeout must be positive',
    );
  }
  const permissionCacheTtlMs = readDuration(
    config,
    'permissionCacheTtl',
    DEFAULT_PERMISSION_CACHE_TTL,
  );
  if (permissionCacheTtlMs < 0 || permissionCacheTtlMs > 60_000) {
    throw new InputError(
      'hubSpoke.permissionCacheTtl must be between 0 and 60 seconds',
    );
  }

  const seen = new Set<string>();
  const hubs = (config.getOptionalConfigArray('hubs') ?? []).map(
    (hub, index) => {
      const where = `hubSpoke.hubs[${index}]`;
      const name = hub.getString('name');
      if (!isDns1123Label(name)) {
        throw new InputError(
          `${where}.name "${name}" must be a DNS-1123 label (lowercase letters, digits and '-')`,
        );
      }
      if (seen.has(name)) {
        throw new InputError(`${where}.name "${name}" is used by another hub`);
      }
      seen.add(name);

      const url = hub.getString('argocd.url').replace(/\/+$/, '');
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new InputError(`${where}.argocd.url "${url}" is not a URL`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new InputError(
          `${where}.argocd.url must be http(s), got ${parsed.protocol}`,
        );
      }
      const token = hub.getString('argocd.token');

      let ca: string | undefined;
      const caData = hub.getOptionalString('argocd.caData');
      const caFile = hub.getOptionalString('argocd.caFile');
      if (caData) {
        ca = decodeCaData(caData, `${where}.argocd.caData`);
      } else if (caFile) {
        try {
          ca = fs.readFileSync(caFile, 'utf8');
        } catch (e) {
          throw new InputError(
            `${where}.argocd.caFile cannot be read: ${(e as Error).message}`,
          );
        }
      }

      return {
        name,
        argocd: {
          url,
          token,
          ca,
          skipTLSVerify:
            hub.getOptionalBoolean('argocd.skipTLSVerify') ?? false,
          projects: hub.getOptionalStringArray('argocd.projects') ?? [],
          selector: hub.getOptionalString('argocd.selector'),
        },
      };
    },
  );

  const concurrency =
    config.getOptionalNumber('concurrency') ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InputError(
      `hubSpoke.concurrency must be a positive integer, got ${concurrency}`,
    );
  }
  const certificateExpiryWarningDays =
    config.getOptionalNumber('certificateExpiryWarningDays') ??
    DEFAULT_EXPIRY_WARNING_DAYS;
  if (!(certificateExpiryWarningDays >= 0)) {
    throw new InputError(
      'hubSpoke.certificateExpiryWarningDays must be zero or more',
    );
  }

  const clusters = (config.getOptionalConfigArray('clusters') ?? []).map(
    (cluster, index) => {
      const where = `hubSpoke.clusters[${index}]`;
      const name = cluster.getString('name');
      const cidr = cluster.getOptional('cidr');
      let cidrs: string[] | undefined;
      if (typeof cidr === 'string')
        cidrs = cidr.split(/[\s,]+/).filter(Boolean);
      else if (Array.isArray(cidr)) cidrs = cluster.getStringArray('cidr');
      else if (cidr !== undefined)
        throw new InputError(
          `${where}.cidr must be a CIDR string or a list of them`,
        );
      for (const entry of cidrs ?? []) {
        if (!parseCidr(entry))
          throw new InputError(`${where}.cidr "${entry}" is not a valid CIDR`);
      }
      return { name, ...(cidrs ? { cidrs } : {}) };
    },
  );

  return {
    refreshIntervalMs,
    requestTimeoutMs,
    concurrency,
    certificateExpiryWarningDays,
    permissionCacheTtlMs,
    hubs,
    clusters,
  };
}
