/**
 * One HTTPS listener per target (each hub's Argo CD, each cluster's Kubernetes API), with faults,
 * latency and request accounting.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleArgoCd } from './argocd/handler';
import { GitListener, GitRequestLogEntry } from './git/listener';
import { GitHost, Repository } from './git/repos';
import { parseFault, parseLatency, validateFleet } from './fleet/parse';
import { TargetInfo, World, buildWorld, listTargets } from './fleet/world';
import { FaultView, Reply } from './http';
import { handleKubernetes } from './kubernetes/handler';
import { status as kubeStatus } from './kubernetes/status';
import { generateTls } from './tls';
import { Fault, FleetSpec, Latency } from './types';
import { createRandom, fnv32a } from './util';
import {
  closeServer,
  listenOn,
  readBody,
  simRequest,
  trackConnections,
} from './serve';

export interface TargetStats {
  requests: number;
  bytesSent: number;
}

export interface FleetSimulator {
  /** PEM of the certificate every listener uses; trust it as the CA. */
  caPem: string;
  /**
   * Each hub's Argo CD (url, token) and its scaffolder apply service account: the hub cluster's Kubernetes API with
   * a second token that may only get, list, create, patch and delete Secrets and Applications in Argo CD's namespace.
   */
  hubs: Array<{
    name: string;
    url: string;
    token: string;
    apply: { url: string; token: string; namespace: string };
  }>;
  clusters: Array<{
    name: string;
    hub: string;
    role: 'hub' | 'spoke';
    url: string;
    token: string;
    registered: boolean;
  }>;
  setFault(
    target: { hub: string } | { cluster: string },
    fault: Fault | null,
  ): Promise<void>;
  stats(): {
    requests: number;
    bytesSent: number;
    byTarget: Record<string, TargetStats>;
  };
  resetStats(): void;
  backstageConfig(): BackstageConfig;
  close(): Promise<void>;
  /** Extra: sets a response delay (ms or [min, max]) on one target; null removes it. */
  setLatency(
    target: { hub: string } | { cluster: string },
    latencyMs: Latency | null,
  ): void;
  /** Extra: the state of every listener (used by the admin API). */
  targets(): TargetState[];
  /** Extra: the normalised fleet being served. */
  fleet: FleetSpec;
  /**
   * The simulated GitHub (fleet `git`): its REST API on a plain-HTTP listener (`apiBaseUrl`), the host its
   * repository URLs use, the token clients send, the repositories themselves (GitHost), and the last requests
   * it answered (method, path, status; oldest first).
   */
  git?: {
    host: string;
    apiBaseUrl: string;
    token: string;
    repos: GitHost;
    requestLog: GitRequestLogEntry[];
  };
}

export interface TargetState {
  /** `hub/<name>` or `cluster/<name>` (also the key in stats().byTarget). */
  id: string;
  kind: 'hub' | 'cluster';
  name: string;
  hub: string;
  role?: 'hub' | 'spoke';
  url: string;
  up: boolean;
  fault: Fault | null;
  latencyMs: Latency | null;
  stats: TargetStats;
}

export interface BackstageConfig {
  /** With a simulated Git host: a GitHub integration for its host pointing at the simulator. */
  integrations?: {
    github: Array<{ host: string; apiBaseUrl: string; token: string }>;
  };
  hubSpoke: {
    hubs: Array<{
      name: string;
      argocd: { url: string; token: string; caData: string };
      /** The scaffolder's apply-mode credential (the hub's scaffolder apply service account). */
      apply: { url: string; token: string; caData: string; namespace: string };
    }>;
  };
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' };
    clusterLocatorMethods: Array<{
      type: 'config';
      clusters: Array<{
        name: string;
        url: string;
        authProvider: 'serviceAccount';
        serviceAccountToken: string;
        caData: string;
        skipTLSVerify: false;
      }>;
    }>;
  };
}

export interface StartOptions {
  fleet: FleetSpec;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * 0 (default): ephemeral ports; N: ports N, N+1, ... in fleet order (hubs' Argo CD first, then clusters, then the
   * simulated Git host when the fleet has one).
   */
  basePort?: number;
}

const sleep = (ms: number, timers: Set<NodeJS.Timeout>) =>
  new Promise<void>(resolve => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

/** Largest request body read (writes of Secrets and Applications are small). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Host as it appears in URLs. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

class Listener {
  readonly id: string;
  readonly server: https.Server;
  port = 0;
  up = false;
  fault: Fault | null = null;
  latency: Latency | null = null;
  stats: TargetStats = { requests: 0, bytesSent: 0 };
  private readonly sockets: Set<Socket>;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  world?: World;

  constructor(
    readonly target: TargetInfo,
    private readonly host: string,
    tls: { key: string; cert: string },
    seed: number,
  ) {
    this.id = `${target.kind}/${target.name}`;
    this.random = createRandom((seed ^ fnv32a(this.id)) >>> 0);
    this.server = https.createServer(
      { key: tls.key, cert: tls.cert },
      (req, res) => {
        this.handle(req, res).catch(err => {
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                error: String(err),
                code: 13,
                message: String(err),
              }),
            );
          }
        });
      },
    );
    this.sockets = trackConnections(this.server);
    // Drop failed handshakes quietly (clients that do not trust the CA, port scanners).
    this.server.on('tlsClientError', () => undefined);
  }

  get url(): string {
    return `https://${urlHost(this.host)}:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    this.port = await listenOn(this.server, port, this.host, this.id);
    this.up = true;
  }

  /** Closes the listener and every open connection: new connections get ECONNREFUSED. */
  stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.up) return Promise.resolve();
    this.up = false;
    return closeServer(this.server, this.sockets);
  }

  private delay(): number {
    const l = this.latency;
    if (l === null) return 0;
    if (typeof l === 'number') return l;
    return l[0] + Math.floor(this.random() * (l[1] - l[0] + 1));
  }

  private faultView(): FaultView {
    const f = this.fault;
    return {
      unauthorized: f?.kind === 'unauthorized',
      hiddenGroups: f?.kind === 'crd-absent' ? f.groups : [],
      ...(f?.kind === 'reject-apply' ? { rejectApply: f } : {}),
    };
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.stats.requests++;
    const requestBody = await readBody(req, MAX_BODY_BYTES);
    const hang = this.fault?.kind === 'hang' ? this.fault.ms : 0;
    if (hang > 0) {
      await sleep(hang, this.timers);
      if (res.destroyed || !this.up) return;
    }
    const d = this.delay();
    if (d > 0) {
      await sleep(d, this.timers);
      if (res.destroyed || !this.up) return;
    }
    const simReq = simRequest(
      req,
      requestBody,
      `${urlHost(this.host)}:${this.port}`,
    );
    let reply: Reply;
    const world = this.world;
    if (!world) {
      reply = kubeStatus(
        503,
        'ServiceUnavailable',
        'the simulator is starting',
      );
    } else if (this.target.kind === 'hub') {
      reply = handleArgoCd(
        world.hubs.get(this.target.name)!,
        simReq,
        this.faultView(),
      );
    } else {
      reply = handleKubernetes(
        world.clusters.get(this.target.name)!,
        simReq,
        this.faultView(),
      );
    }
    let statusCode = reply.status;
    let body = Buffer.from(reply.body);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      ...(reply.headers ?? {}),
    };
    if (this.fault?.kind === 'malformed') {
      // A 200 whose JSON is cut in the middle (a proper prefix of a JSON object is never valid JSON).
      statusCode = 200;
      headers['content-type'] = 'application/json';
      body = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
    }
    headers['content-length'] = body.length;
    res.writeHead(statusCode, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    this.stats.bytesSent += body.length;
    res.end(body);
  }
}

export async function startFleetSimulator(
  options: StartOptions,
): Promise<FleetSimulator> {
  const fleet = validateFleet(options.fleet, 'fleet');
  const host = options.host ?? '127.0.0.1';
  const basePort = options.basePort ?? 0;
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535) {
    throw new Error(
      `basePort must be an integer between 0 and 65535, got ${basePort}`,
    );
  }
  const tls = generateTls([host]);
  const targets = listTargets(fleet);
  if (basePort > 0 && basePort + targets.length - 1 > 65535) {
    throw new Error(
      `basePort ${basePort} leaves no room for ${targets.length} listeners`,
    );
  }
  const listeners = targets.map(
    t =>
      new Listener(t, host, { key: tls.keyPem, cert: tls.certPem }, fleet.seed),
  );
  try {
    for (let i = 0; i < listeners.length; i++) {
      await listeners[i].listen(basePort === 0 ? 0 : basePort + i);
    }
  } catch (e) {
    await Promise.all(listeners.map(l => l.stop()));
    throw e;
  }
  let gitHost: GitHost | undefined;
  let gitListener: GitListener | undefined;
  if (fleet.git) {
    const spec = fleet.git;
    gitHost = new GitHost({
      host: spec.host,
      autoMerge: spec.autoMerge,
      now: Date.now(),
    });
    for (const r of spec.repositories) seedRepository(gitHost, r);
    gitListener = new GitListener(gitHost, spec.token, host, urlHost(host));
    try {
      await gitListener.listen(
        basePort === 0 ? 0 : basePort + listeners.length,
      );
    } catch (e) {
      await Promise.all(listeners.map(l => l.stop()));
      throw e;
    }
  }
  const clusterUrls: Record<string, string> = {};
  for (const l of listeners)
    if (l.target.kind === 'cluster') clusterUrls[l.target.name] = l.url;
  const world = buildWorld({
    fleet,
    clusterUrls,
    caPem: tls.caPem,
    now: Date.now(),
    ...(gitHost ? { git: gitHost } : {}),
  });
  for (const l of listeners) l.world = world;

  const byId = new Map(listeners.map(l => [l.id, l]));
  const find = (target: { hub: string } | { cluster: string }): Listener => {
    const id =
      'hub' in target
        ? `hub/${target.hub}`
        : `cluster/${(target as { cluster: string }).cluster}`;
    const l = byId.get(id);
    if (!l) {
      const known = listeners
        .filter(x => x.id.startsWith(id.split('/')[0]))
        .map(x => x.target.name);
      throw new Error(
        `no ${id.split('/')[0]} named "${id
          .split('/')
          .slice(1)
          .join('/')}" (known: ${known.join(', ')})`,
      );
    }
    return l;
  };
  const applyFault = async (l: Listener, fault: Fault | null) => {
    l.fault = fault;
    if (fault?.kind === 'down') await l.stop();
    else if (!l.up) await l.listen(l.port);
  };

  // Faults and latency from the fleet file.
  for (const hub of fleet.hubs) {
    const h = byId.get(`hub/${hub.name}`)!;
    h.latency = hub.argocd.latencyMs ?? null;
    await applyFault(h, hub.argocd.fault);
    const c = byId.get(`cluster/${hub.name}`)!;
    c.latency = hub.cluster.latencyMs ?? null;
    await applyFault(c, hub.cluster.fault);
    for (const s of hub.spokes) {
      const l = byId.get(`cluster/${s.name}`);
      if (!l) continue;
      l.latency = s.latencyMs ?? null;
      await applyFault(l, s.fault);
    }
  }

  const caData = Buffer.from(tls.caPem).toString('base64');
  const hubs = listeners
    .filter(l => l.target.kind === 'hub')
    .map(l => {
      const spec = fleet.hubs.find(h => h.name === l.target.name)!;
      return {
        name: l.target.name,
        url: l.url,
        token: l.target.token,
        apply: {
          url: byId.get(`cluster/${l.target.name}`)!.url,
          token: spec.cluster.applyToken,
          namespace: spec.argocd.namespace,
        },
      };
    });
  const clusters = listeners
    .filter(l => l.target.kind === 'cluster')
    .map(l => ({
      name: l.target.name,
      hub: l.target.hub,
      role: l.target.role!,
      url: l.url,
      token: l.target.token,
      registered: l.target.registered,
    }));

  let closed = false;
  return {
    caPem: tls.caPem,
    hubs,
    clusters,
    fleet,
    ...(gitHost && gitListener && fleet.git
      ? {
          git: {
            host: fleet.git.host,
            apiBaseUrl: gitListener.url,
            token: fleet.git.token,
            repos: gitHost,
            requestLog: gitListener.log,
          },
        }
      : {}),
    async setFault(target, fault) {
      const l = find(target);
      const parsed =
        fault === null ? null : parseFault(fault, 'setFault', l.id);
      if (closed) throw new Error('the simulator is closed');
      await applyFault(l, parsed);
    },
    setLatency(target, latencyMs) {
      const l = find(target);
      l.latency =
        latencyMs === null ? null : parseLatency(latencyMs, 'setLatency', l.id);
    },
    stats() {
      const byTarget: Record<string, TargetStats> = {};
      let requests = 0;
      let bytesSent = 0;
      for (const l of listeners) {
        byTarget[l.id] = { ...l.stats };
        requests += l.stats.requests;
        bytesSent += l.stats.bytesSent;
      }
      return { requests, bytesSent, byTarget };
    },
    resetStats() {
      for (const l of listeners) l.stats = { requests: 0, bytesSent: 0 };
    },
    targets() {
      return listeners.map(l => ({
        id: l.id,
        kind: l.target.kind,
        name: l.target.name,
        hub: l.target.hub,
        ...(l.target.role ? { role: l.target.role } : {}),
        url: l.url,
        up: l.up,
        fault: l.fault,
        latencyMs: l.latency,
        stats: { ...l.stats },
      }));
    },
    backstageConfig() {
      return {
        ...(gitListener && fleet.git
          ? {
              integrations: {
                github: [
                  {
                    host: fleet.git.host,
                    apiBaseUrl: gitListener.url,
                    token: fleet.git.token,
                  },
                ],
              },
            }
          : {}),
        hubSpoke: {
          hubs: hubs.map(h => ({
            name: h.name,
            argocd: { url: h.url, token: h.token, caData },
            apply: { ...h.apply, caData },
          })),
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' as const },
          clusterLocatorMethods: [
            {
              type: 'config' as const,
              clusters: clusters.map(c => ({
                name: c.name,
                url: c.url,
                authProvider: 'serviceAccount' as const,
                serviceAccountToken: c.token,
                caData,
                skipTLSVerify: false as const,
              })),
            },
          ],
        },
      };
    },
    async close() {
      closed = true;
      await Promise.all([
        ...listeners.map(l => l.stop()),
        ...(gitListener ? [gitListener.close()] : []),
      ]);
    },
  };
}

/** Creates a declared repository, with its files (if any) committed on top of the initial commit. */
function seedRepository(
  git: GitHost,
  spec: NonNullable<FleetSpec['git']>['repositories'][number],
): Repository {
  const repo = git.create(spec.owner, spec.name, spec.defaultBranch);
  const paths = Object.keys(spec.files);
  if (paths.length === 0) return repo;
  const head = repo.branches.get(spec.defaultBranch)!;
  const commit = git.object(repo, head, 'commit')!;
  const files = git.flatten(repo, commit.tree);
  for (const p of paths) {
    files.set(p.replace(/^\/+/, ''), {
      mode: '100644',
      sha: git.putBlob(repo, Buffer.from(spec.files[p], 'utf8')),
    });
  }
  const sha = git.putCommit(repo, {
    tree: git.writeTree(repo, files),
    parents: [head],
    author: commit.author,
    committer: commit.committer,
    message: 'Files of the fleet file',
  });
  repo.branches.set(spec.defaultBranch, sha);
  return repo;
}
