import { ConflictError, InputError } from '@backstage/errors';
import {
  ACTION_APP_PUBLISH,
  ANNOTATION_INGRESS_DOMAIN,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { HubKubernetesClient } from '../clients/HubKubernetesClient';
import { HubSpokeClient } from '../clients/HubSpokeClient';
import { readHubKubernetesAccess } from '../config';
import {
  DEFAULT_CIRCUIT_BREAKING,
  PART_OF_LABEL,
  PublishSpec,
  PublishTarget,
  applicationName,
  buildAppCatalogInfo,
  buildHubApplication,
  buildHubRoutes,
  buildSpokeRoutes,
  buildTargetApplication,
  hubApplicationName,
  hubFolder,
  targetFolder,
  toYaml,
} from '../manifests';
import { dns1123LabelProblem, domainProblem } from '../validation/names';
import type { HubSpokeActionOptions } from './onboardSpoke';
import { objectOf, parseInput } from './inputs';
import { publishInputFields, publishOutputFields } from './publishInputs';
import { examples } from './publishApp.examples';
import {
  Mode,
  checkEntityRef,
  checkNamespace,
  checkSubdomain,
  given,
  resolveTargetPath,
} from './request';

const inputSchema = objectOf(publishInputFields);

/** A target as asked for, before the topology is read. */
export interface RequestedTarget {
  cluster: string;
  hub?: string;
  weight: number;
}

/** Everything checked without I/O; the targets are resolved against the topology by resolvePublish. */
export interface PublishRequest {
  spec: Omit<PublishSpec, 'targets' | 'pinnedPaths'>;
  targets: RequestedTarget[];
  pinnedPaths: Array<{ path: string; cluster?: string }>;
  allowUnregistered: boolean;
  allowAnyDomain: boolean;
  mode: Mode;
}

const label = (field: string, value: string) => {
  const p = dns1123LabelProblem(value);
  if (p) throw new InputError(`${field} "${value}" ${p}`);
  return value;
};

function checkHost(host: string): string {
  const problem = domainProblem(host);
  if (problem)
    throw new InputError(
      `host "${host}" ${problem}; give the FQDN the app is served at`,
    );
  return host;
}

function checkPath(field: string, p: string): string {
  if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/.test(p) || p.includes('//')) {
    throw new InputError(
      `${field} "${p}" is not a URL path prefix: it must start with "/" and hold no spaces, "?", "#" or "//"`,
    );
  }
  return p;
}

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

/** Validates the whole input (no I/O). */
export function validatePublishInput(rawInput: unknown): PublishRequest {
  const input = parseInput(
    inputSchema,
    withoutBlanks(rawInput),
    ACTION_APP_PUBLISH,
  );
  const name = label('name', input.name.trim());
  const namespace = label('namespace', given(input.namespace) ?? name);
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
    const cluster = label(`targets[${i}].cluster`, t.cluster.trim());
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
  const serviceName = label('service.name', given(input.service?.name) ?? name);
  const repoURL = given(input.source.repoURL);
  const gitopsURL = given(input.gitops.repoURL);
  if (!repoURL) throw new InputError('source.repoURL is required');
  if (!gitopsURL) throw new InputError('gitops.repoURL is required');
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
        name: label(
          'hubGateway.name',
          given(input.hubGateway?.name) ?? 'public-gateway',
        ),
        namespace: label(
          'hubGateway.namespace',
          given(input.hubGateway?.namespace) ?? 'global-ingress',
        ),
      },
      hubNamespace: label(
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

const under = (host: string, domain: string) => host.endsWith(`.${domain}`);

/** A re-run of the same app (its own route, same name and namespace) is not a conflict. */
const ownedBy = (
  sources: Array<{ namespace: string; name: string }>,
  name: string,
  namespace: string,
) =>
  sources.length > 0 &&
  sources.every(s => s.name === name && s.namespace === namespace);

/**
 * The Secret of the spoke's wildcard certificate for `*.<domain>` as the live topology shows it (a ready cert-manager
 * Certificate; the first by namespace/name when there are several), so tls wildcard reuses what the spoke really has.
 */
export function wildcardSecretOf(
  cluster: Cluster | undefined,
  domain: string,
): string | undefined {
  const wildcard = `*.${domain}`;
  return (cluster?.certificates ?? [])
    .filter(
      cert => cert.ready && cert.secretName && cert.dnsNames.includes(wildcard),
    )
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    )[0]?.secretName;
}

/**
 * The targets resolved against the live topology: registered spokes with their ingress domains, the host under the
 * domain (exposure spoke), no host published already, one hub for exposure hub.
 */
export function resolvePublish(
  req: PublishRequest,
  topology: Topology,
): PublishSpec {
  const { spec } = req;
  const spokes = topology.clusters.filter(c => c.role === 'spoke');
  const known = () =>
    spokes
      .filter(c => c.registered)
      .map(c => c.name)
      .sort()
      .join(', ');
  const targets: PublishTarget[] = req.targets.map(t => {
    const matches = spokes.filter(
      c => c.name === t.cluster && (!t.hub || c.hub === t.hub),
    );
    if (matches.length > 1)
      throw new InputError(
        `target ${t.cluster} is a spoke of several hubs (${matches
          .map(c => c.hub)
          .join(', ')}): give its hub`,
      );
    const c = matches[0];
    if (!c && !req.allowUnregistered)
      throw new InputError(
        `target ${t.hub ? `${t.hub}/` : ''}${
          t.cluster
        } is not a spoke of the live topology; known spokes: ${known()}`,
      );
    if (c && !c.registered && !req.allowUnregistered)
      throw new InputError(
        `target ${t.cluster} is named by Applications on hub ${c.hub} but not registered with its Argo CD: ` +
          `onboard it first (hub-spoke:spoke:onboard); registered spokes: ${known()}`,
      );
    const hub = c?.hub ?? t.hub;
    if (!hub)
      throw new InputError(
        `target ${t.cluster} is not in the topology: give its hub`,
      );
    const domain = given(c?.annotations?.[ANNOTATION_INGRESS_DOMAIN]);
    let spokeHost: string;
    if (spec.exposure === 'spoke') {
      if (domain && !under(spec.host, domain) && !req.allowAnyDomain)
        throw new InputError(
          `host ${spec.host} is not under ${t.cluster}'s ingress domain ${domain}: use e.g. ${spec.name}.${domain}, ` +
            'or set allowAnyDomain (then DNS and the certificate are yours to provide)',
        );
      if (!domain && !req.allowAnyDomain)
        throw new InputError(
          `target ${t.cluster} has no ingress domain (annotation ${ANNOTATION_INGRESS_DOMAIN}): set allowAnyDomain to publish ${spec.host} there anyway`,
        );
      if (
        spec.tls === 'wildcard' &&
        (!domain || spec.host.slice(0, -(domain.length + 1)).includes('.'))
      )
        throw new InputError(
          `tls wildcard: ${t.cluster}'s certificate covers *.${
            domain ?? '<no domain>'
          } only, not ${spec.host}; ` +
            'use tls dedicated or a host one label under the domain',
        );
      spokeHost = spec.host;
    } else {
      if (!domain)
        throw new InputError(
          `exposure hub needs ${t.cluster}'s ingress domain (annotation ${ANNOTATION_INGRESS_DOMAIN}) for the spoke-local host`,
        );
      spokeHost = `${spec.name}.${domain}`;
    }
    const wildcardSecret = domain ? wildcardSecretOf(c, domain) : undefined;
    return {
      cluster: t.cluster,
      hub,
      weight: t.weight,
      ...(domain ? { ingressDomain: domain } : {}),
      ...(wildcardSecret ? { wildcardSecret } : {}),
      spokeHost,
    };
  });
  const hubs = [...new Set(targets.map(t => t.hub))];
  if (spec.exposure === 'hub' && hubs.length > 1)
    throw new InputError(
      `exposure hub splits traffic from one hub's gateway, but the targets belong to ${hubs.join(
        ' and ',
      )}`,
    );
  if (spec.exposure === 'spoke' && targets.length > 1) {
    const domains = new Set(targets.map(t => t.ingressDomain));
    if (domains.size > 1 && !req.allowAnyDomain)
      throw new InputError(
        `with exposure spoke one host cannot be under the ingress domains of ${targets
          .map(t => t.cluster)
          .join(
            ' and ',
          )}: use exposure hub to serve one host from several spokes`,
      );
  }
  // The host already published?
  for (const t of targets) {
    const c = spokes.find(x => x.name === t.cluster && x.hub === t.hub);
    const existing = c?.ingress?.hosts.find(h => h.host === t.spokeHost);
    if (existing && !ownedBy(existing.sources, spec.name, spec.namespace))
      throw new ConflictError(
        `host ${t.spokeHost} is already published on ${t.hub}/${
          t.cluster
        } by ${existing.sources
          .map(s => `${s.kind} ${s.namespace}/${s.name}`)
          .join(', ')}; choose another host or remove that route first`,
      );
  }
  if (spec.exposure === 'hub') {
    const hubCluster = topology.clusters.find(
      c => c.name === hubs[0] && c.role === 'hub',
    );
    const existing = hubCluster?.ingress?.hosts.find(h => h.host === spec.host);
    if (existing && !ownedBy(existing.sources, spec.name, spec.hubNamespace))
      throw new ConflictError(
        `host ${spec.host} is already published on hub ${
          hubs[0]
        } by ${existing.sources
          .map(s => `${s.kind} ${s.namespace}/${s.name}`)
          .join(', ')}; choose another host or remove that route first`,
      );
  }
  const pinnedPaths = req.pinnedPaths.map(p => ({
    path: p.path,
    cluster: p.cluster ?? targets[0].cluster,
  }));
  return { ...spec, targets, pinnedPaths };
}

interface PlannedFile {
  path: string;
  content: string;
}

/** Every file of the app, built as objects and serialized with yaml; and the Applications for apply mode. */
export function planPublish(spec: PublishSpec): {
  files: PlannedFile[];
  applications: KubernetesObject[];
  catalogInfoPath: string;
} {
  const files: PlannedFile[] = [];
  const applications: KubernetesObject[] = [];
  for (const t of spec.targets) {
    const folder = targetFolder(spec, t.cluster);
    const app = buildTargetApplication(spec, t);
    applications.push(app);
    files.push({ path: `${folder}/application.yaml`, content: toYaml(app) });
    for (const [file, doc] of Object.entries(buildSpokeRoutes(spec, t)))
      files.push({ path: `${folder}/routes/${file}`, content: toYaml(doc) });
  }
  if (spec.exposure === 'hub') {
    const folder = hubFolder(spec);
    const app = buildHubApplication(spec);
    applications.push(app);
    files.push({ path: `${folder}/application.yaml`, content: toYaml(app) });
    for (const [file, doc] of Object.entries(buildHubRoutes(spec)))
      files.push({ path: `${folder}/routes/${file}`, content: toYaml(doc) });
  }
  const catalogInfoPath = `${spec.targetPath}/catalog-info.yaml`;
  files.push({
    path: catalogInfoPath,
    content: toYaml(buildAppCatalogInfo(spec)),
  });
  return { files, applications, catalogInfoPath };
}

/** The names of the Applications of a spec: one per target, and the hub's for exposure hub. */
export function applicationNames(spec: PublishSpec): string[] {
  return [
    ...spec.targets.map(t => applicationName(spec, t.cluster)),
    ...(spec.exposure === 'hub' ? [hubApplicationName(spec)] : []),
  ];
}

/**
 * Files of an earlier run under targetPath that this input no longer produces (another ingress, tls or exposure, a
 * target removed): only YAML objects labelled as this app's (app.kubernetes.io/part-of=<name>) are considered.
 */
async function staleFiles(
  workspacePath: string,
  spec: PublishSpec,
  produced: string[],
): Promise<string[]> {
  const keep = new Set(produced);
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(workspacePath, rel), {
        withFileTypes: true,
      });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) await walk(child);
      else if (!keep.has(child) && child.endsWith('.yaml')) {
        try {
          const doc = parse(
            await fs.readFile(path.join(workspacePath, child), 'utf8'),
          );
          if (doc?.metadata?.labels?.[PART_OF_LABEL] === spec.name)
            out.push(child);
        } catch {
          // Not YAML of ours: left alone.
        }
      }
    }
  };
  await walk(spec.targetPath);
  return out.sort();
}

/**
 * `hub-spoke:app:publish`: publishes an app on spokes' ingress, optionally behind a hub gateway that splits traffic.
 *
 * @public
 */
export function createPublishAppAction(options: HubSpokeActionOptions) {
  const hubSpoke = new HubSpokeClient(options.discovery, options.auth);
  return createTemplateAction({
    id: ACTION_APP_PUBLISH,
    description:
      'Publishes an app to one or more spokes: an Argo CD Application per spoke (the app and its routes: Istio ' +
      'Gateway + VirtualService or a Gateway API HTTPRoute), and for exposure hub a hub HTTPRoute that splits traffic ' +
      'by weight over ExternalName Services with ServiceEntries and circuit-breaking DestinationRules, plus a catalog ' +
      'Component. Checks the live topology first: registered spokes, ingress domains, hosts already published.',
    examples,
    supportsDryRun: true,
    schema: { input: publishInputFields, output: publishOutputFields },
    async handler(ctx) {
      const req = validatePublishInput(ctx.input);
      const topology = await hubSpoke.topology(
        'to check the targets, their ingress domains and the hosts they already publish',
      );
      const spec = resolvePublish(req, topology);
      const plan = planPublish(spec);
      const hub = spec.targets[0].hub;
      if (req.mode === 'apply') {
        const hubs = new Set(spec.targets.map(t => t.hub));
        const clients = new Map(
          [...hubs].map(h => [
            h,
            new HubKubernetesClient(readHubKubernetesAccess(options.config, h)),
          ]),
        );
        for (const app of plan.applications) {
          const target = spec.targets.find(
            t => app.metadata?.labels?.['hub-spoke/cluster'] === t.cluster,
          );
          await clients
            .get(target?.hub ?? hub)!
            .apply(app, { dryRun: ctx.isDryRun });
          ctx.logger.info(
            `Applied Application ${app.metadata?.namespace}/${
              app.metadata?.name
            } to hub ${target?.hub ?? hub}${ctx.isDryRun ? ' (dry run)' : ''}`,
          );
        }
      }
      const written: string[] = [];
      for (const f of plan.files) {
        const abs = path.join(ctx.workspacePath, f.path);
        await fs.mkdir(path.dirname(abs), { recursive: true });
        await fs.writeFile(abs, f.content, 'utf8');
        written.push(f.path);
      }
      for (const f of await staleFiles(ctx.workspacePath, spec, written)) {
        await fs.rm(path.join(ctx.workspacePath, f));
        ctx.logger.info(`Removed ${f}, which this input no longer produces`);
      }
      written.sort();
      const url = `${spec.tls === 'none' ? 'http' : 'https'}://${spec.host}`;
      ctx.logger.info(
        `Published ${spec.name} at ${url} from ${spec.targets
          .map(t => t.cluster)
          .join(', ')} (${spec.exposure} exposure, ${req.mode}): ${
          written.length
        } files`,
      );
      ctx.output('files', written);
      ctx.output('applications', applicationNames(spec));
      ctx.output('url', url);
      ctx.output('catalogInfoPath', plan.catalogInfoPath);
    },
  });
}
