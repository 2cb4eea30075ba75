/**
 * Optional plain-HTTP admin API on 127.0.0.1 for the CLI:
 *   GET  /targets                          every listener: url, up, fault, latency, request counts
 *   PUT  /faults/hub/<name>                body: a Fault as JSON, or null to clear
 *   PUT  /faults/cluster/<name>            body: a Fault as JSON, or null to clear (e.g. a hub refusing objects:
 *                                          {"kind":"reject-apply","objectKind":"Application","name":"shop-*"})
 *   PUT  /latency/hub/<name>, /latency/cluster/<name>   body: ms, [min, max], or null
 *   GET  /stats, POST /stats/reset
 *   GET  /backstage-config                 backstageConfig() as JSON
 *   GET  /git                              the simulated Git host: repositories, branches, pull requests
 *   GET  /git/pulls?state=open|closed|all  pull requests of every repository (default open)
 *   POST /git/repos                        body: {"name":"<owner>/<repo>","defaultBranch":"main"} creates one
 *   POST /git/repos/<owner>/<repo>/pulls/<n>/merge   merges a pull request (a reviewer)
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FleetSpecError } from './fleet/reader';
import { GitError, PullRequest, Repository } from './git/repos';
import type { FleetSimulator } from './server';
import type { Fault, Latency } from './types';

function send(res: http.ServerResponse, status: number, value: unknown): void {
  const body = value === undefined ? '' : JSON.stringify(value, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAdminServer(
  sim: FleetSimulator,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    handle(sim, req, res).catch(err => send(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  sim: FleetSimulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/targets')
    return send(res, 200, sim.targets());
  if (method === 'GET' && url.pathname === '/stats')
    return send(res, 200, sim.stats());
  if (method === 'POST' && url.pathname === '/stats/reset') {
    sim.resetStats();
    return send(res, 200, sim.stats());
  }
  if (method === 'GET' && url.pathname === '/backstage-config')
    return send(res, 200, sim.backstageConfig());
  if (parts[0] === 'git') return handleGit(sim, req, res, method, parts, url);
  if (
    (parts[0] === 'faults' || parts[0] === 'latency') &&
    parts.length === 3 &&
    (parts[1] === 'hub' || parts[1] === 'cluster')
  ) {
    if (method !== 'PUT')
      return send(res, 405, {
        error: `use PUT /${parts[0]}/${parts[1]}/<name>`,
      });
    const target =
      parts[1] === 'hub' ? { hub: parts[2] } : { cluster: parts[2] };
    const id = `${parts[1]}/${parts[2]}`;
    if (!sim.targets().some(t => t.id === id))
      return send(res, 404, { error: `no ${parts[1]} named "${parts[2]}"` });
    const text = (await readBody(req)).trim();
    let value: unknown;
    try {
      value = text === '' ? null : JSON.parse(text);
    } catch {
      return send(res, 400, {
        error: `the body must be JSON (a ${
          parts[0] === 'faults'
            ? 'Fault such as {"kind":"down"}'
            : 'number or [min, max]'
        }, or null)`,
      });
    }
    try {
      if (parts[0] === 'faults')
        await sim.setFault(target, value as Fault | null);
      else sim.setLatency(target, value as Latency | null);
    } catch (e) {
      return send(res, e instanceof FleetSpecError ? 400 : 500, {
        error: (e as Error).message,
      });
    }
    return send(
      res,
      200,
      sim.targets().find(t => t.id === id),
    );
  }
  return send(res, 404, {
    error: 'not found',
    routes: [
      'GET /targets',
      'PUT /faults/hub/<name>',
      'PUT /faults/cluster/<name>',
      'PUT /latency/hub/<name>',
      'PUT /latency/cluster/<name>',
      'GET /stats',
      'POST /stats/reset',
      'GET /backstage-config',
      'GET /git',
      'GET /git/pulls',
      'POST /git/repos',
      'POST /git/repos/<owner>/<repo>/pulls/<n>/merge',
    ],
  });
}

function pullSummary(sim: FleetSimulator, repo: Repository, p: PullRequest) {
  return {
    repository: `${repo.owner}/${repo.name}`,
    number: p.number,
    title: p.title,
    head: p.head,
    base: p.base,
    state: p.state,
    merged: p.merged,
    ...(p.mergeCommitSha ? { mergeCommitSha: p.mergeCommitSha } : {}),
    htmlUrl: `https://${sim.git!.host}/${repo.owner}/${repo.name}/pull/${
      p.number
    }`,
  };
}

async function handleGit(
  sim: FleetSimulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  parts: string[],
  url: URL,
): Promise<void> {
  const git = sim.git;
  if (!git)
    return send(res, 404, {
      error: 'this fleet has no simulated Git host (fleet file: git)',
    });
  const repos = git.repos;
  if (method === 'GET' && parts.length === 1) {
    return send(res, 200, {
      host: git.host,
      apiBaseUrl: git.apiBaseUrl,
      autoMerge: repos.autoMerge,
      repositories: repos.list().map(r => ({
        name: `${r.owner}/${r.name}`,
        url: `https://${git.host}/${r.owner}/${r.name}.git`,
        defaultBranch: r.defaultBranch,
        branches: Object.fromEntries(r.branches),
        pulls: r.pulls.map(p => pullSummary(sim, r, p)),
      })),
    });
  }
  if (method === 'GET' && parts.length === 2 && parts[1] === 'pulls') {
    const state = url.searchParams.get('state') ?? 'open';
    return send(
      res,
      200,
      repos
        .list()
        .flatMap(r =>
          r.pulls
            .filter(p => state === 'all' || p.state === state)
            .map(p => pullSummary(sim, r, p)),
        ),
    );
  }
  if (method === 'POST' && parts.length === 2 && parts[1] === 'repos') {
    let body: { name?: unknown; defaultBranch?: unknown };
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      return send(res, 400, {
        error: 'the body must be JSON: {"name":"<owner>/<repo>"}',
      });
    }
    const [owner, name, extra] = String(body.name ?? '').split('/');
    if (!owner || !name || extra !== undefined)
      return send(res, 400, { error: 'name must be "<owner>/<repo>"' });
    if (repos.get(owner, name))
      return send(res, 409, { error: `repository ${owner}/${name} exists` });
    const r = repos.create(
      owner,
      name,
      typeof body.defaultBranch === 'string' ? body.defaultBranch : 'main',
    );
    return send(res, 201, {
      name: `${r.owner}/${r.name}`,
      url: `https://${git.host}/${r.owner}/${r.name}.git`,
      defaultBranch: r.defaultBranch,
    });
  }
  if (
    parts.length === 7 &&
    parts[1] === 'repos' &&
    parts[4] === 'pulls' &&
    parts[6] === 'merge'
  ) {
    if (method !== 'POST')
      return send(res, 405, {
        error: 'use POST /git/repos/<owner>/<repo>/pulls/<n>/merge',
      });
    const r = repos.get(parts[2], parts[3]);
    if (!r)
      return send(res, 404, { error: `no repository ${parts[2]}/${parts[3]}` });
    try {
      const p = repos.merge(r, Number(parts[5]));
      return send(res, 200, pullSummary(sim, r, p));
    } catch (e) {
      if (e instanceof GitError)
        return send(res, e.status, {
          error: e.status === 404 ? `no pull request #${parts[5]}` : e.message,
        });
      throw e;
    }
  }
  return send(res, 404, { error: 'not found' });
}
