/**
 * hub-spoke:app:publish, step 1: the input validated as a whole, without I/O (the live topology is ./resolve's).
 */
import { InputError } from '@backstage/errors';
import {
  ACTION_APP_PUBLISH,
  dns1035LabelProblem,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  DEFAULT_CIRCUIT_BREAKING,
  PublishSpec,
  applicationName,
  backendServiceName,
  dedicatedSecretName,
  hubApplicationName,
} from '../manifests';
import { checkNoTemplateMarkers, checkRepoUrl } from '../input/hygiene';
import { checkComposedName, domainProblem } from '../validation/names';
import { findCredentials } from '../validation/tokens';
import { objectOf, parseInput } from '../input/fields';
import {
  Mode,
  checkEntityRef,
  checkLabel,
  checkNamespace,
  checkSubdomain,
  given,
  resolveTargetPath,
} from '../input/rules';
import { publishInputFields } from './inputs';

const inputSchema = objectOf(publishInputFields);

/** A target as asked for, before the topology is read. @public */
export interface RequestedTarget {
  cluster: string;
  hub?: string;
  weight: number;
}

/** Everything checked without I/O; the targets are resolved against the topology by resolvePublish. @public */
export interface PublishRequest {
  spec: Omit<PublishSpec, 'targets' | 'pinnedPaths'>;
  targets: RequestedTarget[];
  pinnedPaths: Array<{ path: string; cluster?: string }>;
  allowUnregistered: boolean;
  allowAnyDomain: boolean;
  mode: Mode;
}

/** The FQDN the app is served at. */
function checkHost(host: string): string {
  const problem = domainProblem(host);
  if (problem)
    throw new InputError(
      `host "${host}" ${problem}; give the FQDN the app is served at`,
    );
  return host;
}

/** A URL path prefix, named by its field in the error. */
function checkPath(field: string, p: string): string {
  if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(p) || p.includes('//')) {
    throw new InputError(
      `${field} "${p}" is not a URL path prefix: it must start with "/" and hold no spaces, "?", "#" or "//"`,
    );
  }
  return p;
}

/** The Service port (default 80). */
function checkPort(port: number | undefined): number {
  const value = port ?? 80;
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new InputError(
      `service.port ${value} is not a port (an integer 1–65535)`,
    );
  return value;
}

/** Weights: integers 0–100 summing to 100; a single target takes 100; none given → an even split. */
export function resolveWeights(
  targets: Array<{ cluster: string; weight?: number }>,
): number[] {
  const given_ = targets.filter(t => t.weight !== undefined);
  for (const t of given_) {
    if (!Number.isInteger(t.weight) || t.weight! < 0 || t.weight! > 100)
      throw new InputError(
        `weight ${t.weight} of target ${t.cluster} must be an integer from 0 to 100`,
      );
  }
  if (targets.length === 1) {
    const w = targets[0].weight ?? 100;
    if (w !== 100)
      throw new InputError(
        `a single target takes all the traffic: its weight must be 100 (or left out), not ${w}`,
      );
    return [100];
  }
  if (given_.length === 0) {
    const even = Math.floor(100 / targets.length);
    return targets.map((_, i) =>
      i === 0 ? 100 - even * (targets.length - 1) : even,
    );
  }
  if (given_.length !== targets.length)
    throw new InputError(
      `give a weight to every target or to none (missing on ${targets
        .filter(t => t.weight === undefined)
        .map(t => t.cluster)
        .join(', ')})`,
    );
  const sum = targets.reduce((s, t) => s + t.weight!, 0);
  if (sum !== 100)
    throw new InputError(
      `target weights must sum to 100 (${targets
        .map(t => `${t.cluster} ${t.weight}`)
        .join(' + ')} = ${sum})`,
    );
  return targets.map(t => t.weight!);
}

/**
 * Validates the whole input (no I/O): credentials (any, or one of the task's `secrets`) and template markers are
 * refused anywhere; the platform's policy is checked once the targets are resolved (checkPublishPolicy). @public
 */
export function validatePublishInput(
  rawInput: unknown,
  secrets: Record<string, string> = {},
): PublishRequest {
  const credentials = findCredentials(rawInput, Object.values(secrets));
  if (credentials.length > 0) {
    throw new InputError(
      `tokens go in secrets, not inputs: remove ${credentials.join(
        ', ',
      )}. The scaffolder keeps inputs with the task and prints them in its logs, and the files land in Git; ` +
        'Argo CD reads repositories with the credentials of its own repository Secrets, never from the URL',
    );
  }
  checkNoTemplateMarkers(rawInput);
  const input = parseInput(
    inputSchema,
    withoutBlanks(rawInput),
    ACTION_APP_PUBLISH,
  );
  const name = checkLabel('name', input.name.trim());
  const namespace = checkLabel('namespace', given(input.namespace) ?? name);
  const host = checkHost(input.host.trim());
  const paths = (input.paths?.length ? input.paths : ['/']).map((p, i) =>
    checkPath(`paths[${i}]`, p.trim()),
  );
  const exposure = input.exposure ?? 'spoke';
  const tls = input.tls ?? 'wildcard';
  const ingress = input.ingress ?? 'istio';
  const mode: Mode = input.mode ?? 'pull-request';
  const seen = new Set<string>();
  const clusters = input.targets.map((t, i) => {
    const cluster = checkLabel(`targets[${i}].cluster`, t.cluster.trim());
    const hub = given(t.hub);
    const key = `${hub ?? ''}/${cluster}`;
    if (seen.has(key))
      throw new InputError(`target ${cluster} is listed twice`);
    seen.add(key);
    return { cluster, ...(hub ? { hub } : {}), weight: t.weight };
  });
  const weights = resolveWeights(clusters);
  const targets = clusters.map((t, i) => ({ ...t, weight: weights[i] }));
  if (tls === 'dedicated' && ingress === 'gateway-api') {
    throw new InputError(
      "tls dedicated needs ingress istio: with gateway-api the spoke's shared Gateway owns the listeners and " +
        'certificates (use tls wildcard, which its HTTPS listener serves)',
    );
  }
  const pinned = (input.pinnedPaths ?? []).map((p, i) =>
    typeof p === 'string'
      ? { path: checkPath(`pinnedPaths[${i}]`, p.trim()) }
      : {
          path: checkPath(`pinnedPaths[${i}].path`, p.path.trim()),
          cluster: p.cluster.trim(),
        },
  );
  const cbFields =
    input.circuitBreaking &&
    Object.keys(stripUndefined(input.circuitBreaking)).length > 0;
  if (exposure === 'spoke' && (pinned.length > 0 || cbFields)) {
    throw new InputError(
      'pinnedPaths and circuitBreaking apply to exposure hub only (with exposure spoke each spoke serves its own host)',
    );
  }
  for (const p of pinned) {
    if (p.cluster && !targets.some(t => t.cluster === p.cluster))
      throw new InputError(
        `pinnedPaths ${p.path} names ${
          p.cluster
        }, which is not a target (${targets.map(t => t.cluster).join(', ')})`,
      );
  }
  const cbInput = input.circuitBreaking;
  const circuitBreaking =
    cbInput === false
      ? (false as const)
      : { ...DEFAULT_CIRCUIT_BREAKING, ...stripUndefined(cbInput ?? {}) };
  if (circuitBreaking) {
    for (const k of [
      'consecutive5xxErrors',
      'maxEjectionPercent',
      'maxConnections',
      'maxRequestsPerConnection',
    ] as const) {
      const v = circuitBreaking[k];
      if (
        !Number.isInteger(v) ||
        v < 0 ||
        (k === 'maxEjectionPercent' && v > 100)
      )
        throw new InputError(
          `circuitBreaking.${k} ${v} must be a non-negative integer${
            k === 'maxEjectionPercent' ? ' up to 100' : ''
          }`,
        );
    }
    for (const k of ['interval', 'baseEjectionTime'] as const) {
      if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(circuitBreaking[k]))
        throw new InputError(
          `circuitBreaking.${k} "${circuitBreaking[k]}" must be a duration such as 10s`,
        );
    }
  }
  const targetPath = resolveTargetPath(input.targetPath, name, 'apps');
  // A Service name: a DNS-1035 label (it starts with a letter).
  const serviceName = checkDns1035(
    'service.name',
    given(input.service?.name) ?? name,
  );
  const repoURL = given(input.source.repoURL);
  const gitopsURL = given(input.gitops.repoURL);
  if (!repoURL) throw new InputError('source.repoURL is required');
  if (!gitopsURL) throw new InputError('gitops.repoURL is required');
  checkRepoUrl('source.repoURL', repoURL);
  checkRepoUrl('gitops.repoURL', gitopsURL);
  checkComposedNames(
    name,
    targets.map(t => t.cluster),
    exposure,
    tls,
  );
  return {
    spec: {
      name,
      namespace,
      source: {
        repoURL,
        path: given(input.source.path) ?? '.',
        targetRevision: given(input.source.targetRevision) ?? 'HEAD',
      },
      gitops: {
        repoURL: gitopsURL,
        targetRevision: given(input.gitops.targetRevision) ?? 'HEAD',
      },
      targetPath,
      host,
      paths,
      service: { name: serviceName, port: checkPort(input.service?.port) },
      ingress,
      exposure,
      tls,
      issuer: checkSubdomain(
        'issuer',
        given(input.issuer) ?? 'letsencrypt-prod',
      ),
      circuitBreaking,
      hubGateway: {
        name: checkLabel(
          'hubGateway.name',
          given(input.hubGateway?.name) ?? 'public-gateway',
        ),
        namespace: checkLabel(
          'hubGateway.namespace',
          given(input.hubGateway?.namespace) ?? 'global-ingress',
        ),
      },
      hubNamespace: checkLabel(
        'hubGateway.namespace',
        given(input.hubGateway?.namespace) ?? 'global-ingress',
      ),
      argocdNamespace: checkNamespace(input.argocdNamespace),
      project: checkSubdomain('project', given(input.project) ?? 'default'),
      owner: checkEntityRef(
        'owner',
        given(input.owner) ?? 'group:default/guests',
      ),
    },
    targets,
    pinnedPaths: pinned,
    allowUnregistered: input.allowUnregistered ?? false,
    allowAnyDomain: input.allowAnyDomain ?? false,
    mode,
  };
}

/** A name that must be a DNS-1035 label (a Service's), named by its field in the error. */
function checkDns1035(field: string, value: string): string {
  const problem = dns1035LabelProblem(value);
  if (problem) throw new InputError(`${field} "${value}" ${problem}`);
  return value;
}

/**
 * The names made from the app's name and its targets, as the objects they name: an Application per target (a label
 * value too: at most 63), the hub's Application and an ExternalName Service per target for exposure hub, the
 * dedicated Certificate.
 */
function checkComposedNames(
  name: string,
  clusters: string[],
  exposure: 'spoke' | 'hub',
  tls: 'wildcard' | 'dedicated' | 'none',
): void {
  const fix = 'choose a shorter name';
  for (const cluster of clusters) {
    const from = `name and target ${cluster}`;
    checkComposedName(
      applicationName({ name }, cluster),
      'label',
      'Application',
      from,
      fix,
    );
    if (exposure === 'hub')
      checkComposedName(
        backendServiceName({ name }, cluster),
        'dns1035',
        'Service',
        from,
        'choose a name that starts with a letter and is short enough',
      );
  }
  if (exposure === 'hub')
    checkComposedName(
      hubApplicationName({ name }),
      'label',
      'Application',
      'name',
      fix,
    );
  if (tls === 'dedicated')
    checkComposedName(
      dedicatedSecretName({ name }),
      'subdomain',
      'Certificate',
      'name',
      fix,
    );
}

/** Drops '', null and undefined values (what a template renders for a field left empty), at any depth of objects. */
function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== '' && v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutBlanks(v)]),
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
