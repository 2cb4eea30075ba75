import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import { decodeCaData } from './decodeCaData';
import {
  ClusterAccess,
  LenientClusterAccess,
  ReadClusterAccessOptions,
} from './types';

/**
 * The only auth provider whose credentials the hub-spoke backend can use itself.
 *
 * @public
 */
export const SUPPORTED_AUTH_PROVIDER = 'serviceAccount';

const AUTH_PROVIDER_ANNOTATION = 'kubernetes.io/auth-provider';
const LOCATOR_METHODS = 'kubernetes.clusterLocatorMethods';

/** Non-secret string keys of an entry, copied as they are. */
const STRING_FIELDS = [
  'oidcTokenProvider',
  'assumeRole',
  'externalId',
  'dashboardUrl',
  'dashboardApp',
] as const;

/** Strict reading throws the problem; lenient reading collects it and goes on without the value. */
type Report = (problem: InputError) => void;

interface EntryOptions {
  lenient: boolean;
  credentials: boolean;
  /** Names read so far (strict reading refuses a name used twice). */
  seen: Set<string>;
}

/** Reads a config value, turning a wrong type into an InputError that names the key. */
function optional<T>(
  report: Report,
  where: string,
  key: string,
  read: () => T | undefined,
): T | undefined {
  try {
    return read();
  } catch (e) {
    report(
      new InputError(`${where}.${key} is invalid: ${(e as Error).message}`),
    );
    return undefined;
  }
}

function readAuthMetadata(
  cluster: Config,
  where: string,
  report: Report,
): Record<string, unknown> {
  // read raw: its keys contain dots (kubernetes.io/…), which config paths would split on
  const block = optional(report, where, 'authMetadata', () =>
    cluster.getOptional('authMetadata'),
  );
  if (block === undefined || block === null) return {};
  if (typeof block !== 'object' || Array.isArray(block)) {
    report(new InputError(`${where}.authMetadata must be an object`));
    return {};
  }
  return block as Record<string, unknown>;
}

function metadataString(
  metadata: Record<string, unknown>,
  key: string,
  where: string,
  report: Report,
): string | undefined {
  const value = metadata[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    report(new InputError(`${where}.authMetadata["${key}"] must be a string`));
    return undefined;
  }
  return value;
}

/** The `kubernetes.io/…` string values of authMetadata (what Backstage's catalog cluster locator reads). */
function kubernetesAuthMetadata(
  metadata: Record<string, unknown>,
): Record<string, string> | undefined {
  const entries = Object.entries(metadata).filter(
    (e): e is [string, string] =>
      e[0].startsWith('kubernetes.io/') && typeof e[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function readUrl(
  cluster: Config,
  where: string,
  report: Report,
  lenient: boolean,
): string | undefined {
  const raw = optional(report, where, 'url', () =>
    cluster.getOptionalString('url'),
  )?.trim();
  if (!raw) {
    if (!lenient) report(new InputError(`${where}.url is required`));
    return undefined;
  }
  const url = raw.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    report(new InputError(`${where}.url "${url}" is not a URL`));
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    report(
      new InputError(`${where}.url must be http(s), got ${parsed.protocol}`),
    );
    return undefined;
  }
  return url;
}

function readCa(
  cluster: Config,
  where: string,
  report: Report,
): string | undefined {
  const caData = optional(report, where, 'caData', () =>
    cluster.getOptionalString('caData'),
  );
  if (caData) {
    try {
      return decodeCaData(caData, `${where}.caData`);
    } catch (e) {
      report(e as InputError);
      return undefined;
    }
  }
  const caFile = optional(report, where, 'caFile', () =>
    cluster.getOptionalString('caFile'),
  );
  if (caFile) {
    try {
      return fs.readFileSync(caFile, 'utf8');
    } catch (e) {
      report(
        new InputError(
          `${where}.caFile cannot be read: ${(e as Error).message}`,
        ),
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

/** One cluster entry; undefined for a lenient entry without a name. */
function readEntry(
  cluster: Config,
  where: string,
  options: EntryOptions,
): (LenientClusterAccess & { unsupported?: string }) | undefined {
  const { lenient } = options;
  const problems: string[] = [];
  const report: Report = problem => {
    if (!lenient) throw problem;
    problems.push(problem.message);
  };

  const name = optional(report, where, 'name', () =>
    cluster.getOptionalString('name'),
  )?.trim();
  if (!name) {
    report(new InputError(`${where}.name is required`));
    return undefined;
  }
  if (!lenient && options.seen.has(name)) {
    report(
      new InputError(`${where}.name "${name}" is used by another cluster`),
    );
  }
  options.seen.add(name);

  const url = readUrl(cluster, where, report, lenient);
  const metadata = readAuthMetadata(cluster, where, report);
  const authProvider =
    metadataString(metadata, AUTH_PROVIDER_ANNOTATION, where, report) ??
    optional(report, where, 'authProvider', () =>
      cluster.getOptionalString('authProvider'),
    );
  if (!authProvider && !lenient) {
    report(
      new InputError(
        `${where}.authProvider is required (the hub-spoke backend supports "${SUPPORTED_AUTH_PROVIDER}")`,
      ),
    );
  }
  const token = options.credentials
    ? optional(report, where, 'serviceAccountToken', () =>
        cluster.getOptionalString('serviceAccountToken'),
      ) || metadataString(metadata, 'serviceAccountToken', where, report)
    : undefined;
  const skipTLSVerify =
    optional(report, where, 'skipTLSVerify', () =>
      cluster.getOptionalBoolean('skipTLSVerify'),
    ) ?? false;

  const fields: Partial<ClusterAccess> = {};
  for (const key of STRING_FIELDS) {
    const value = optional(report, where, key, () =>
      cluster.getOptionalString(key),
    );
    if (value) fields[key] = value;
  }
  const skipMetricsLookup = optional(report, where, 'skipMetricsLookup', () =>
    cluster.getOptionalBoolean('skipMetricsLookup'),
  );
  if (skipMetricsLookup !== undefined)
    fields.skipMetricsLookup = skipMetricsLookup;
  const authMetadata = kubernetesAuthMetadata(metadata);
  if (authMetadata) fields.authMetadata = authMetadata;

  const unsupported =
    !lenient && authProvider
      ? unsupportedMessage(name, authProvider, Boolean(token), where)
      : undefined;
  // An unsupported cluster's CA is never used: a missing caFile must not stop the backend for a cluster it cannot
  // read anyway.
  const ca = unsupported ? undefined : readCa(cluster, where, report);
  return {
    name,
    ...(url ? { url } : {}),
    ...(authProvider ? { authProvider } : {}),
    ...(ca ? { ca } : {}),
    skipTLSVerify,
    ...(token ? { token } : {}),
    ...(unsupported ? { unsupported } : {}),
    ...fields,
    problems,
  };
}

function readEntries(
  clusters: Config[],
  where: string,
  options: EntryOptions,
): Array<LenientClusterAccess | ClusterAccess> {
  const entries: Array<LenientClusterAccess | ClusterAccess> = [];
  clusters.forEach((cluster, index) => {
    const entry = readEntry(cluster, `${where}[${index}]`, options);
    if (!entry) return;
    if (options.lenient) {
      entries.push(entry);
      return;
    }
    // Strict reading threw for anything missing: url and authProvider are set, there are no problems.
    const { problems: _none, ...access } = entry;
    entries.push(access as ClusterAccess);
  });
  return entries;
}

function entryOptions(options: ReadClusterAccessOptions): EntryOptions {
  return {
    lenient: options.lenient ?? false,
    credentials: options.credentials ?? true,
    seen: new Set(),
  };
}

/**
 * Reads a list of cluster entries shaped like those of `kubernetes.clusterLocatorMethods` (e.g. a module's own
 * list of clusters), as {@link (readClusterAccess:1)} reads each entry. `where` is the config key of the list, for
 * messages.
 *
 * @public
 */
export function readClusterEntries(
  clusters: Config[],
  where: string,
  options?: ReadClusterAccessOptions & { lenient?: false },
): ClusterAccess[];
/** @public */
export function readClusterEntries(
  clusters: Config[],
  where: string,
  options: ReadClusterAccessOptions & { lenient: true },
): LenientClusterAccess[];
export function readClusterEntries(
  clusters: Config[],
  where: string,
  options: ReadClusterAccessOptions = {},
): Array<LenientClusterAccess | ClusterAccess> {
  return readEntries(clusters, where, entryOptions(options));
}

/**
 * The one reader of the clusters of Backstage's `kubernetes.clusterLocatorMethods` entries of `type: config`, in
 * config order; other locator types are ignored.
 *
 * Strict (the default): an invalid entry throws an InputError naming the key (a name used twice included); a cluster
 * the hub-spoke backend cannot read with its credentials (an auth provider other than serviceAccount, or no token)
 * is returned with `unsupported` set, and its CA is not read. With `lenient: true` no entry ever throws: see
 * {@link ReadClusterAccessOptions.lenient}. Tokens never appear in messages.
 *
 * @public
 */
export function readClusterAccess(
  config: Config,
  options?: ReadClusterAccessOptions & { lenient?: false },
): ClusterAccess[];
/** @public */
export function readClusterAccess(
  config: Config,
  options: ReadClusterAccessOptions & { lenient: true },
): LenientClusterAccess[];
export function readClusterAccess(
  config: Config,
  options: ReadClusterAccessOptions = {},
): Array<LenientClusterAccess | ClusterAccess> {
  const throwIt: Report = problem => {
    throw problem;
  };
  const methods = optional(throwIt, 'kubernetes', 'clusterLocatorMethods', () =>
    config.getOptionalConfigArray(LOCATOR_METHODS),
  );
  const entry = entryOptions(options);
  const clusters: Array<LenientClusterAccess | ClusterAccess> = [];
  (methods ?? []).forEach((method, methodIndex) => {
    const where = `${LOCATOR_METHODS}[${methodIndex}]`;
    const type = optional(throwIt, where, 'type', () =>
      method.getOptionalString('type'),
    );
    if (type !== 'config') return;
    const entries =
      optional(throwIt, where, 'clusters', () =>
        method.getOptionalConfigArray('clusters'),
      ) ?? [];
    clusters.push(...readEntries(entries, `${where}.clusters`, entry));
  });
  return clusters;
}
