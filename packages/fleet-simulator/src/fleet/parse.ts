import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONNECTION_STATUSES,
  HEALTH_STATUSES,
  isDns1123Label,
  isDns1123Subdomain,
  isHostname,
  parseCidr,
  SYNC_STATUSES,
} from '@hub-spoke/plugin-hub-spoke-common';
import { parseDocument } from 'yaml';
import { FleetSpecError, Reader, describe, isObj } from './reader';
import {
  ApiGroupsSpec,
  ApplicationSpec,
  ArgoCdSpec,
  ClusterSpecBase,
  Fault,
  FleetSpec,
  GitSpec,
  HubClusterSpec,
  HubSpec,
  IngressSpec,
  KubeObject,
  Latency,
  OPERATION_PHASES,
  SpokeSpec,
  WeightedRouteSpec,
} from '../types';
import { supportedKinds, typeForObject } from '../kubernetes/resources';

/** Absolute path of fleets/default.yaml. */
export const defaultFleetPath: string = path.resolve(
  // The package runs from source (tsx, jest), never from a bundle, so __dirname is src/fleet.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '..',
  '..',
  'fleets',
  'default.yaml',
);

const FAULT_KINDS = [
  'down',
  'hang',
  'unauthorized',
  'malformed',
  'crd-absent',
  'reject-apply',
] as const;

/** Parses and validates a fleet YAML document. Throws a FleetSpecError naming the bad field's path. */
export function parseFleet(yamlText: string, source = 'fleet'): FleetSpec {
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new FleetSpecError(source, '', `invalid YAML: ${e.message}`);
  }
  return validateFleet(doc.toJS({ maxAliasCount: 1000 }), source);
}

/** Reads and parses a fleet file. */
export function loadFleetFile(file: string): FleetSpec {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new Error(`cannot read fleet file ${abs}: ${(e as Error).message}`);
  }
  return parseFleet(text, abs);
}

/** Validates an already-parsed fleet value (e.g. built in code) and fills in defaults. */
export function validateFleet(value: unknown, source = 'fleet'): FleetSpec {
  const root = Reader.root(source, value);
  root.allowOnly(['seed', 'hubs', 'git']);
  const seed = root.int('seed', 1);
  const hubReaders = root.objList('hubs');
  if (hubReaders.length === 0) root.fail('hubs', 'needs at least one hub');
  const hubs = hubReaders.map(readHub);
  checkUnique(root, hubs);
  const gitReader = root.obj('git');
  return { seed, hubs, ...(gitReader ? { git: readGit(gitReader) } : {}) };
}

const REPO_PART = /^[A-Za-z0-9_.-]+$/;

function readGit(r: Reader): GitSpec {
  r.allowOnly(['host', 'token', 'autoMerge', 'repositories']);
  const host = r.str('host', 'github.com');
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(host))
    r.fail('host', `"${host}" is not a host name`);
  const repositories = r.list('repositories').map(item => {
    const value =
      typeof item.value === 'string' ? { name: item.value } : item.value;
    if (!isObj(value))
      throw new FleetSpecError(
        r.source,
        item.path,
        `expected "<owner>/<repository>" or a mapping, got ${describe(value)}`,
      );
    const rr = new Reader(r.source, item.path, value);
    // `owner` separately: the normalised form (validateFleet is also given parsed fleets).
    rr.allowOnly(['name', 'owner', 'defaultBranch', 'files']);
    const owned = rr.str('owner', undefined);
    const full = owned ? `${owned}/${rr.str('name')}` : rr.str('name');
    const [owner, repoName, extra] = full.split('/');
    if (
      !owner ||
      !repoName ||
      extra !== undefined ||
      !REPO_PART.test(owner) ||
      !REPO_PART.test(repoName)
    )
      rr.fail('name', `expected <owner>/<repository>, got "${full}"`);
    return {
      owner,
      name: repoName.replace(/\.git$/, ''),
      defaultBranch: rr.str('defaultBranch', 'main'),
      files: rr.strMap('files'),
    };
  });
  const seen = new Set<string>();
  repositories.forEach((repo, i) => {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    if (seen.has(key))
      r.fail(
        `repositories[${i}]`,
        `repository ${repo.owner}/${repo.name} is declared twice`,
      );
    seen.add(key);
  });
  return {
    host,
    token: r.str('token', 'git-token'),
    autoMerge: r.bool('autoMerge', false),
    repositories,
  };
}

function checkUnique(root: Reader, hubs: HubSpec[]): void {
  const clusterNames = new Map<string, string>();
  hubs.forEach((hub, h) => {
    const hubPath = `hubs[${h}]`;
    if (clusterNames.has(hub.name)) {
      throw new FleetSpecError(
        root.source,
        `${hubPath}.name`,
        `"${hub.name}" is already used by ${clusterNames.get(hub.name)}`,
      );
    }
    clusterNames.set(hub.name, hubPath);
    hub.spokes.forEach((spoke, s) => {
      const p = `${hubPath}.spokes[${s}]`;
      const key = spoke.serve ? spoke.name : `${hub.name}/${spoke.name}`;
      if (clusterNames.has(key)) {
        throw new FleetSpecError(
          root.source,
          `${p}.name`,
          `"${spoke.name}" is already used by ${clusterNames.get(
            key,
          )} (cluster names must be unique in the fleet)`,
        );
      }
      clusterNames.set(key, p);
    });
    const apps = new Set<string>();
    hub.applications.forEach((app, a) => {
      if (apps.has(app.name)) {
        throw new FleetSpecError(
          root.source,
          `${hubPath}.applications[${a}].name`,
          `duplicate application name "${app.name}" in hub ${hub.name}`,
        );
      }
      apps.add(app.name);
      const ref = app.destination.serverOf;
      if (ref !== undefined && !hub.spokes.some(s => s.name === ref)) {
        throw new FleetSpecError(
          root.source,
          `${hubPath}.applications[${a}].destination.serverOf`,
          `no spoke named "${ref}" in hub ${hub.name}`,
        );
      }
    });
    hub.cluster.weightedRoutes.forEach((route, r) =>
      route.backends.forEach((b, i) => {
        if (
          !hub.spokes.some(s => s.name === b.spoke) &&
          !hubs.some(o => o.spokes.some(s => s.name === b.spoke))
        ) {
          throw new FleetSpecError(
            root.source,
            `${hubPath}.cluster.weightedRoutes[${r}].backends[${i}].spoke`,
            `no spoke named "${b.spoke}"`,
          );
        }
      }),
    );
  });
}

function name(r: Reader, key = 'name'): string {
  const v = r.str(key);
  if (!isDns1123Label(v)) {
    r.fail(
      key,
      `"${v}" is not a valid name (lowercase letters, digits and '-', at most 63 characters)`,
    );
  }
  return v;
}

function readHub(r: Reader): HubSpec {
  r.allowOnly([
    'name',
    'region',
    'argocd',
    'cluster',
    'spokes',
    'applications',
  ]);
  const hubName = name(r);
  const spokes = r.objList('spokes').map(readSpoke);
  return {
    name: hubName,
    region: r.str('region', undefined),
    argocd: readArgoCd(
      r.obj('argocd') ?? new Reader(r.source, r.at('argocd'), {}),
      hubName,
    ),
    cluster: readHubCluster(
      r.obj('cluster') ?? new Reader(r.source, r.at('cluster'), {}),
      hubName,
      r.str('region', undefined),
    ),
    spokes,
    applications: r.objList('applications').map(readApplication),
  };
}

function readArgoCd(r: Reader, hubName: string): ArgoCdSpec {
  r.allowOnly([
    'version',
    'token',
    'namespace',
    'inClusterEnabled',
    'fault',
    'latencyMs',
  ]);
  const version = r.str('version', 'v3.5.1');
  if (!/^v\d+\.\d+\.\d+/.test(version)) {
    r.fail(
      'version',
      `expected an Argo CD version such as v3.5.1, got "${version}"`,
    );
  }
  return {
    version,
    token: r.str('token', `argocd-token-${hubName}`),
    namespace: r.str('namespace', 'argocd'),
    inClusterEnabled: r.bool('inClusterEnabled', true),
    fault: readFault(r, 'fault'),
    latencyMs: readLatency(r, 'latencyMs'),
  };
}

const CLUSTER_KEYS = [
  'kubernetesVersion',
  'token',
  'nodes',
  'region',
  'apis',
  'ingress',
  'workloads',
  'objects',
  'fault',
  'latencyMs',
];

function readClusterBase(
  r: Reader,
  clusterName: string,
  region: string | undefined,
): ClusterSpecBase {
  const kubernetesVersion = r.str('kubernetesVersion', 'v1.34.2');
  if (!/^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/.test(kubernetesVersion)) {
    r.fail(
      'kubernetesVersion',
      `expected a version such as v1.34.2, got "${kubernetesVersion}"`,
    );
  }
  const nodesR = r.obj('nodes');
  let nodes = { ready: 3, total: 3 };
  if (nodesR) {
    nodesR.allowOnly(['ready', 'total']);
    const total = nodesR.int('total', 3);
    const ready = nodesR.int('ready', total);
    if (ready > total)
      nodesR.fail('ready', `is ${ready} but total is ${total}`);
    nodes = { ready, total };
  }
  const ingress = r.obj('ingress') ? readIngress(r.req('ingress')) : undefined;
  const objects = r
    .list('objects')
    .map(({ path: p, value }) => readObject(r.source, p, value));
  const apis = readApis(r, ingress, objects);
  return {
    kubernetesVersion,
    token: r.str('token', `kube-token-${clusterName}`),
    nodes,
    region: r.str('region', region),
    apis,
    ingress,
    workloads: r.bool('workloads', true),
    objects,
    fault: readFault(r, 'fault'),
    latencyMs: readLatency(r, 'latencyMs'),
  };
}

function readHubCluster(
  r: Reader,
  hubName: string,
  region: string | undefined,
): HubClusterSpec {
  r.allowOnly([...CLUSTER_KEYS, 'weightedRoutes', 'applyToken']);
  const base = readClusterBase(r, hubName, region);
  const applyToken = r.str('applyToken', `kube-apply-token-${hubName}`)!;
  if (applyToken === base.token) {
    r.fail(
      'applyToken',
      'must differ from token (the scaffolder apply service account is not the cluster admin)',
    );
  }
  const weightedRoutes = r.objList('weightedRoutes').map(readWeightedRoute);
  if (weightedRoutes.length > 0 && !base.apis.gatewayApi) {
    r.fail(
      'weightedRoutes',
      'needs the Gateway API group (apis.gatewayApi: true or a gateway-api ingress)',
    );
  }
  return { ...base, weightedRoutes, applyToken };
}

function readSpoke(r: Reader): SpokeSpec {
  r.allowOnly([
    ...CLUSTER_KEYS,
    'name',
    'registered',
    'serve',
    'server',
    'connection',
    'labels',
    'annotations',
    'clusterConfig',
    'project',
    'namespaces',
  ]);
  const spokeName = name(r);
  const base = readClusterBase(r, spokeName, undefined);
  const registered = r.bool('registered', true);
  const connR = r.obj('connection');
  let connection: SpokeSpec['connection'];
  if (connR) {
    connR.allowOnly(['status', 'message']);
    connection = {
      status: connR.oneOf('status', CONNECTION_STATUSES),
      message: connR.str('message', undefined),
    };
  }
  const server = r.str('server', undefined);
  if (server !== undefined && !/^https?:\/\/[^\s]+$/.test(server)) {
    r.fail('server', `expected an https:// URL, got "${server}"`);
  }
  const clusterConfig = r.obj('clusterConfig')?.value ?? {};
  const annotations = r.strMap('annotations');
  if (base.ingress && annotations['hub-spoke/ingress-domain'] === undefined) {
    annotations['hub-spoke/ingress-domain'] = base.ingress.domain;
  }
  if (annotations['hub-spoke/cidr'] !== undefined) {
    for (const cidr of annotations['hub-spoke/cidr'].split(',')) {
      if (parseCidr(cidr)?.family !== 4) {
        r.obj('annotations')!.fail(
          'hub-spoke/cidr',
          `"${cidr}" is not an IPv4 CIDR such as 10.20.0.0/16`,
        );
      }
    }
  }
  return {
    ...base,
    name: spokeName,
    registered,
    serve: r.bool('serve', registered),
    server: server?.replace(/\/+$/, ''),
    connection,
    labels: r.strMap('labels'),
    annotations,
    clusterConfig,
    project: r.str('project', undefined),
    namespaces: r.has('namespaces') ? r.strList('namespaces') : undefined,
  };
}

function readApis(
  r: Reader,
  ingress: IngressSpec | undefined,
  objects: KubeObject[],
): ApiGroupsSpec {
  const has = (group: string) =>
    objects.some(o => o.apiVersion.startsWith(`${group}/`));
  const derived: ApiGroupsSpec = {
    istio: ingress?.kind === 'istio' || has('networking.istio.io'),
    gatewayApi:
      ingress?.kind === 'gateway-api' || has('gateway.networking.k8s.io'),
    certManager: ingress?.certificate !== undefined || has('cert-manager.io'),
  };
  const a = r.obj('apis');
  if (!a) return derived;
  a.allowOnly(['istio', 'gatewayApi', 'certManager']);
  return {
    istio: a.bool('istio', derived.istio),
    gatewayApi: a.bool('gatewayApi', derived.gatewayApi),
    certManager: a.bool('certManager', derived.certManager),
  };
}

function readIngress(r: Reader): IngressSpec {
  r.allowOnly(['kind', 'domain', 'addresses', 'certificate', 'routes']);
  const domain = r.str('domain');
  if (!isHostname(domain)) r.fail('domain', `"${domain}" is not a DNS name`);
  const c = r.obj('certificate');
  let certificate: IngressSpec['certificate'];
  if (c) {
    c.allowOnly(['notAfterDays', 'issuer', 'ready']);
    certificate = {
      notAfterDays: c.num('notAfterDays', 60),
      issuer: c.str('issuer', 'letsencrypt-prod'),
      ready: c.bool('ready', true),
    };
  }
  const addresses = r.strList('addresses');
  return {
    kind: r.oneOf('kind', ['istio', 'gateway-api'] as const),
    domain,
    addresses: addresses.length > 0 ? addresses : ['203.0.113.10'],
    certificate,
    routes: r.bool('routes', true),
  };
}

function readWeightedRoute(r: Reader): WeightedRouteSpec {
  r.allowOnly(['name', 'namespace', 'hostname', 'backends']);
  const backends = r.objList('backends').map(b => {
    b.allowOnly(['spoke', 'host', 'weight']);
    const host = b.str('host');
    if (!isHostname(host)) b.fail('host', `"${host}" is not a DNS name`);
    return { spoke: b.str('spoke'), host, weight: b.int('weight', 1) };
  });
  if (backends.length === 0) r.fail('backends', 'needs at least one backend');
  return {
    name: name(r),
    namespace: r.str('namespace', 'global-ingress'),
    hostname: r.str('hostname'),
    backends,
  };
}

function readApplication(r: Reader): ApplicationSpec {
  r.allowOnly([
    'name',
    'project',
    'labels',
    'annotations',
    'destination',
    'source',
    'sync',
    'health',
    'revision',
    'operationPhase',
    'operationMessage',
    'externalURLs',
    'images',
    'replicas',
    'autoSync',
    'syncedMinutesAgo',
  ]);
  const appName = r.str('name');
  if (!isDns1123Subdomain(appName)) {
    r.fail('name', `"${appName}" is not a valid Kubernetes object name`);
  }
  const d = r.req('destination');
  d.allowOnly(['name', 'server', 'serverOf', 'namespace']);
  const given = ['name', 'server', 'serverOf'].filter(k => d.has(k));
  if (given.length !== 1) {
    d.fail(
      undefined,
      `needs exactly one of name, server or serverOf (got ${
        given.length === 0 ? 'none' : given.join(' and ')
      })`,
    );
  }
  const s = r.obj('source');
  let source = {
    repoURL: `https://git.example.com/platform/deployments.git`,
    path: `apps/${appName}`,
    targetRevision: 'main',
  } as ApplicationSpec['source'];
  if (s) {
    s.allowOnly(['repoURL', 'path', 'chart', 'targetRevision']);
    source = {
      repoURL: s.str('repoURL'),
      path: s.str('path', undefined),
      chart: s.str('chart', undefined),
      targetRevision: s.str('targetRevision', 'HEAD'),
    };
    if (source.path === undefined && source.chart === undefined)
      source.path = '.';
  }
  const revision = r.str('revision', undefined);
  if (
    revision !== undefined &&
    !/^[0-9a-f]{7,40}$|^\d+\.\d+\.\d+/.test(revision)
  ) {
    r.fail(
      'revision',
      `expected a git SHA or a chart version, got "${revision}"`,
    );
  }
  return {
    name: appName,
    project: r.str('project', 'default'),
    labels: r.strMap('labels'),
    annotations: r.strMap('annotations'),
    destination: {
      name: d.str('name', undefined),
      server: d.str('server', undefined)?.replace(/\/+$/, ''),
      serverOf: d.str('serverOf', undefined),
      namespace: d.str('namespace', 'default'),
    },
    source,
    sync: r.oneOf('sync', SYNC_STATUSES, 'Synced'),
    health: r.oneOf('health', HEALTH_STATUSES, 'Healthy'),
    revision,
    operationPhase: r.has('operationPhase')
      ? r.oneOf('operationPhase', OPERATION_PHASES)
      : undefined,
    operationMessage: r.str('operationMessage', undefined),
    externalURLs: r.has('externalURLs') ? r.strList('externalURLs') : undefined,
    images: r.strList('images'),
    replicas: r.int('replicas', 2),
    autoSync: r.bool('autoSync', true),
    syncedMinutesAgo: r.has('syncedMinutesAgo')
      ? r.num('syncedMinutesAgo')
      : undefined,
  };
}

/** Reads an optional fault: `down`, `unauthorized`, `malformed`, or a mapping { kind, ms | groups }. */
export function readFault(r: Reader, key: string): Fault | null {
  const v = r.raw(key);
  if (v === undefined || v === null) return null;
  return parseFault(v, r.source, r.at(key));
}

/** Validates a Fault value (fleet file, admin API). */
export function parseFault(v: unknown, source: string, at: string): Fault {
  const value = typeof v === 'string' ? { kind: v } : v;
  if (!isObj(value)) {
    throw new FleetSpecError(
      source,
      at,
      `expected a fault such as { kind: down }, got ${describe(v)}`,
    );
  }
  const f: Reader = new Reader(source, at, value);
  const kind = f.oneOf('kind', FAULT_KINDS);
  switch (kind) {
    case 'hang':
      f.allowOnly(['kind', 'ms']);
      return { kind, ms: f.int('ms', 30000) };
    case 'reject-apply': {
      f.allowOnly(['kind', 'objectKind', 'name', 'message', 'dryRun']);
      const pattern = f.str('name')!;
      if (pattern.trim() === '')
        f.fail('name', 'needs a name or a pattern such as shop-fail-*');
      const objectKind = f.str('objectKind', undefined);
      const message = f.str('message', undefined);
      const dryRun = f.bool('dryRun', true);
      return {
        kind,
        name: pattern,
        ...(objectKind ? { objectKind } : {}),
        ...(message ? { message } : {}),
        ...(dryRun ? {} : { dryRun }),
      };
    }
    case 'crd-absent': {
      f.allowOnly(['kind', 'groups']);
      const groups = f.strList('groups');
      if (groups.length === 0)
        f.fail(
          'groups',
          'needs at least one API group, e.g. networking.istio.io',
        );
      return { kind, groups };
    }
    default:
      f.allowOnly(['kind']);
      return { kind };
  }
}

/** Reads a latency: a number of ms or [min, max]. */
export function readLatency(r: Reader, key: string): Latency | undefined {
  const v = r.raw(key);
  if (v === undefined || v === null) return undefined;
  return parseLatency(v, r.source, r.at(key));
}

export function parseLatency(v: unknown, source: string, at: string): Latency {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every(x => typeof x === 'number' && Number.isFinite(x) && x >= 0) &&
    v[0] <= v[1]
  ) {
    return [v[0], v[1]];
  }
  throw new FleetSpecError(
    source,
    at,
    `expected milliseconds or [min, max] with min <= max, got ${JSON.stringify(
      v,
    )}`,
  );
}

function readObject(source: string, at: string, value: unknown): KubeObject {
  if (!isObj(value))
    throw new FleetSpecError(
      source,
      at,
      `expected a Kubernetes object, got ${describe(value)}`,
    );
  const r: Reader = new Reader(source, at, value);
  const apiVersion = r.str('apiVersion');
  const kind = r.str('kind');
  const type = typeForObject(apiVersion, kind);
  if (!type) {
    r.fail(
      'kind',
      `${apiVersion} ${kind} is not served by the simulator (served: ${supportedKinds().join(
        ', ',
      )})`,
    );
  }
  const m: Reader = r.req('metadata');
  const objName = m.str('name');
  if (!isDns1123Subdomain(objName))
    m.fail('name', `"${objName}" is not a valid Kubernetes object name`);
  const ns = m.str('namespace', undefined);
  if (type.namespaced && ns === undefined)
    m.fail('namespace', `is required for ${kind}`);
  if (!type.namespaced && ns !== undefined)
    m.fail('namespace', `${kind} is cluster-scoped and has no namespace`);
  m.strMap('labels');
  m.strMap('annotations');
  return structuredClone(value) as KubeObject;
}
