/**
 * The part of GitHub's REST API (v3, JSON) that Backstage's `publish:github:pull-request` action uses through
 * octokit-plugin-create-pull-request, plus what a reviewer and Backstage's URL reader need:
 *
 *   GET  /repos/{o}/{r}                               repository (permissions, default_branch)
 *   GET  /repos/{o}/{r}/commits?sha=&per_page=        latest commits of a branch or commit
 *   GET  /repos/{o}/{r}/commits/{ref}                 one commit
 *   POST /repos/{o}/{r}/git/blobs                     content (utf-8 or base64)
 *   GET  /repos/{o}/{r}/git/blobs/{sha}
 *   POST /repos/{o}/{r}/git/trees                     base_tree + entries by path (content, sha, or sha null = delete)
 *   GET  /repos/{o}/{r}/git/trees/{sha|ref}[?recursive=1]
 *   POST /repos/{o}/{r}/git/commits                   message, tree, parents[, author, committer]
 *   GET  /repos/{o}/{r}/git/commits/{sha}
 *   GET  /repos/{o}/{r}/git/ref/heads/{branch}
 *   POST /repos/{o}/{r}/git/refs                      { ref: refs/heads/x, sha }
 *   PATCH /repos/{o}/{r}/git/refs/heads/{branch}      { sha, force }
 *   DELETE /repos/{o}/{r}/git/refs/heads/{branch}
 *   GET|HEAD /repos/{o}/{r}/contents/{path}?ref=      file (JSON, base64; raw with Accept application/vnd.github.raw) or folder
 *   GET  /repos/{o}/{r}/pulls[?state=open|closed|all], GET /repos/{o}/{r}/pulls/{n}
 *   POST /repos/{o}/{r}/pulls                         { head, base, title, body, draft }
 *   PUT  /repos/{o}/{r}/pulls/{n}/merge
 *   POST /repos/{o}/{r}/pulls/{n}/requested_reviewers (accepted, no reviewers recorded)
 *   PATCH /repos/{o}/{r}/pulls/{n}                   { title, body, base, state } (octokit-plugin-create-pull-request's update)
 *   POST /repos/{o}/{r}/issues/{n}/assignees         (accepted, not recorded)
 *   GET  /user
 *   POST /graphql (or /api/graphql)                   the queries octokit-plugin-create-pull-request makes (graphql.ts)
 *
 * Every request needs `Authorization: token <t>` or `Bearer <t>` with the configured token (401 "Bad credentials"
 * otherwise). Errors are GitHub's bodies: { message, documentation_url, status } (+ errors for 422). A `/api/v3`
 * prefix (GitHub Enterprise style) is accepted too. Request bodies are validated only as far as octokit needs.
 */
import { Reply, SimRequest, json, splitPath } from '../http';
import { isoSeconds } from '../util';
import { handleGraphql } from './graphql';
import {
  EXEC_MODE,
  FILE_MODE,
  FlatEntry,
  GitCommit,
  GitError,
  GitHost,
  LINK_MODE,
  PullRequest,
  Repository,
  isSha,
} from './repos';

const DOCS = 'https://docs.github.com/rest';
export const SIMULATED_USER = 'fleet-simulator';

export interface GitApi {
  git: GitHost;
  /** The token clients must send. */
  token: string;
  /** Base URL of this API as clients reach it (URLs in answers). */
  apiBaseUrl: string;
}

type Json = Record<string, unknown>;

export function githubError(
  status: number,
  message: string,
  errors?: Array<Record<string, unknown>>,
): Reply {
  return json(status, {
    message,
    ...(errors ? { errors } : {}),
    documentation_url: DOCS,
    status: String(status),
  });
}

function parseJson(req: SimRequest): Json {
  const text = req.body ?? '';
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new GitError(400, 'Problems parsing JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new GitError(400, 'Problems parsing JSON');
  return v as Json;
}

const invalid = (resource: string, field: string, code = 'missing_field') =>
  new GitError(422, 'Invalid request.', [{ resource, field, code }]);

function str(body: Json, key: string, resource: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw invalid(resource, key);
  return v;
}

function authorized(req: SimRequest, token: string): boolean {
  const h = req.headers.authorization;
  const v = (Array.isArray(h) ? h[0] : h)?.trim() ?? '';
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(v);
  return m !== null && m[1].trim() === token;
}

/** Builds the URLs and JSON shapes of one repository's answers. */
class Urls {
  private readonly base: string;
  private readonly html: string;
  constructor(
    private readonly gitApi: GitApi,
    private readonly repo: Repository,
  ) {
    this.base = `${gitApi.apiBaseUrl}/repos/${repo.owner}/${repo.name}`;
    this.html = `https://${gitApi.git.host}/${repo.owner}/${repo.name}`;
  }

  api(path: string): string {
    return `${this.base}/${path}`;
  }

  commitListItem(c: GitCommit): Json {
    return {
      sha: c.sha,
      node_id: nodeId('Commit', c.sha),
      commit: {
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: c.tree, url: this.api(`git/trees/${c.tree}`) },
        url: this.api(`git/commits/${c.sha}`),
      },
      url: this.api(`commits/${c.sha}`),
      html_url: `${this.html}/commit/${c.sha}`,
      parents: c.parents.map(p => ({
        sha: p,
        url: this.api(`commits/${p}`),
        html_url: `${this.html}/commit/${p}`,
      })),
    };
  }

  gitCommitJson(c: GitCommit): Json {
    return {
      sha: c.sha,
      node_id: nodeId('Commit', c.sha),
      url: this.api(`git/commits/${c.sha}`),
      html_url: `${this.html}/commit/${c.sha}`,
      author: c.author,
      committer: c.committer,
      tree: { sha: c.tree, url: this.api(`git/trees/${c.tree}`) },
      message: c.message,
      parents: c.parents.map(p => ({
        sha: p,
        url: this.api(`git/commits/${p}`),
        html_url: `${this.html}/commit/${p}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
      },
    };
  }

  treeJson(sha: string, recursive: boolean): Json {
    const git = this.gitApi.git;
    const entries: Json[] = [];
    const walk = (treeSha: string, prefix: string) => {
      for (const e of git.object(this.repo, treeSha, 'tree')!.entries) {
        const path = prefix ? `${prefix}/${e.name}` : e.name;
        entries.push({
          path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(e.type === 'blob'
            ? { size: git.object(this.repo, e.sha, 'blob')!.content.length }
            : {}),
          url: this.api(`git/${e.type}s/${e.sha}`),
        });
        if (recursive && e.type === 'tree') walk(e.sha, path);
      }
    };
    walk(sha, '');
    return {
      sha,
      url: this.api(`git/trees/${sha}`),
      tree: entries,
      truncated: false,
    };
  }

  refJson(branch: string, sha: string): Json {
    return {
      ref: `refs/heads/${branch}`,
      node_id: nodeId('Ref', `${this.repo.id}:${branch}`),
      url: this.api(`git/refs/heads/${branch}`),
      object: { sha, type: 'commit', url: this.api(`git/commits/${sha}`) },
    };
  }

  contentJson(path: string, file: FlatEntry, content: Buffer): Json {
    const name = path.split('/').pop()!;
    return {
      type: 'file',
      encoding: 'base64',
      size: content.length,
      name,
      path,
      content: (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
      sha: file.sha,
      url: this.api(`contents/${path}`),
      html_url: `${this.html}/blob/${this.repo.defaultBranch}/${path}`,
      git_url: this.api(`git/blobs/${file.sha}`),
      download_url: null,
    };
  }

  pullJson(p: PullRequest): Json {
    const repoJson = repositoryJson(this.gitApi, this.repo);
    const branchRef = (ref: string, sha: string) => ({
      label: `${this.repo.owner}:${ref}`,
      ref,
      sha,
      user: repoJson.owner,
      repo: repoJson,
    });
    return {
      url: this.api(`pulls/${p.number}`),
      id: this.repo.id * 1000 + p.number,
      node_id: nodeId('PullRequest', `${this.repo.id}:${p.number}`),
      html_url: `${this.html}/pull/${p.number}`,
      diff_url: `${this.html}/pull/${p.number}.diff`,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: { login: p.user, type: 'User' },
      body: p.body,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt ?? null,
      merged_at: p.mergedAt ?? null,
      merge_commit_sha: p.mergeCommitSha ?? null,
      draft: p.draft,
      head: branchRef(p.head, this.repo.branches.get(p.head) ?? p.headSha),
      base: branchRef(p.base, this.repo.branches.get(p.base) ?? p.baseSha),
      merged: p.merged,
      mergeable: p.state === 'open' ? true : null,
      requested_reviewers: [],
      requested_teams: [],
    };
  }
}

export function handleGitHub(api: GitApi, req: SimRequest): Reply {
  try {
    return route(api, req);
  } catch (e) {
    if (e instanceof GitError)
      return githubError(e.status, e.message, e.errors);
    throw e;
  }
}

function route(api: GitApi, req: SimRequest): Reply {
  const { git } = api;
  let parts = splitPath(req.path);
  if (parts[0] === 'api' && parts[1] === 'v3') parts = parts.slice(2);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (!authorized(req, api.token)) return githubError(401, 'Bad credentials');

  // GraphQL: /graphql, or /api/graphql (what @octokit/graphql derives from an apiBaseUrl ending in /api/v3).
  if (
    (parts.length === 1 && parts[0] === 'graphql') ||
    (parts.length === 2 && parts[0] === 'api' && parts[1] === 'graphql')
  ) {
    if (method !== 'POST') throw new GitError(404, 'Not Found');
    return handleGraphql(git, SIMULATED_USER, req);
  }

  if (method === 'GET' && parts.length === 1 && parts[0] === 'user') {
    return json(200, {
      login: SIMULATED_USER,
      id: 1,
      type: 'User',
      name: 'Fleet Simulator',
    });
  }
  if (parts[0] !== 'repos' || parts.length < 3)
    throw new GitError(404, 'Not Found');
  const repo = git.require(parts[1], parts[2]);
  const rest = parts.slice(3);
  const urls = new Urls(api, repo);
  const at: RepoRoute = { git, repo, urls, req, method };
  const p0 = rest[0];

  if (rest.length === 0 && method === 'GET')
    return json(200, repositoryJson(api, repo));

  if (p0 === 'commits' && method === 'GET') {
    if (rest.length === 1) {
      const ref = req.query.get('sha') ?? undefined;
      const start = git.resolveRef(repo, ref);
      if (!start) throw new GitError(404, `No commit found for SHA: ${ref}`);
      const perPage = Math.min(
        100,
        Math.max(1, Number(req.query.get('per_page') ?? 30) || 30),
      );
      const out: Json[] = [];
      let sha: string | undefined = start;
      while (sha && out.length < perPage) {
        const c: GitCommit = git.object(repo, sha, 'commit')!;
        out.push(urls.commitListItem(c));
        sha = c.parents[0];
      }
      return json(200, out);
    }
    const sha = git.resolveRef(repo, rest.slice(1).join('/'));
    if (!sha)
      throw new GitError(
        422,
        `No commit found for SHA: ${rest.slice(1).join('/')}`,
      );
    return json(200, urls.commitListItem(git.object(repo, sha, 'commit')!));
  }

  if (p0 === 'git') return gitData(at, rest.slice(1));
  if (p0 === 'contents' && method === 'GET')
    return contents(at, rest.slice(1).join('/'));
  if (p0 === 'pulls') return pulls(at, rest.slice(1));
  if (
    p0 === 'issues' &&
    rest.length === 3 &&
    rest[2] === 'assignees' &&
    method === 'POST'
  ) {
    // Pull requests are issues: assignees are accepted (and answered) but not recorded.
    const pr = git.pull(repo, Number(rest[1]));
    const body = parseJson(req);
    const assignees = Array.isArray(body.assignees)
      ? body.assignees.map(String)
      : [];
    return json(201, {
      ...urls.pullJson(pr),
      url: urls.api(`issues/${pr.number}`),
      assignees: assignees.map(login => ({ login, type: 'User' })),
      assignee: assignees[0] ? { login: assignees[0], type: 'User' } : null,
    });
  }
  throw new GitError(404, 'Not Found');
}

/** What the routes of one repository read: the host, the repository, its URLs, the request and its method. */
interface RepoRoute {
  git: GitHost;
  repo: Repository;
  urls: Urls;
  req: SimRequest;
  /** HEAD as GET. */
  method: string;
}

function gitData(at: RepoRoute, rest: string[]): Reply {
  const { git, repo, urls, req, method } = at;
  const [kind, ...rawTail] = rest;
  // octokit sends a ref parameter percent-encoded as one segment (PATCH .../git/refs/heads%2Fbranch, the route
  // `/git/refs/{ref}` with ref `heads/branch`): split what decoding joined.
  const tail =
    kind === 'ref' || kind === 'refs'
      ? rawTail
          .join('/')
          .split('/')
          .filter(s => s !== '')
      : rawTail;
  if (kind === 'blobs') {
    if (method === 'POST' && tail.length === 0) {
      const body = parseJson(req);
      if (typeof body.content !== 'string') throw invalid('Blob', 'content');
      const encoding = body.encoding ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64')
        throw new GitError(422, `encoding must be "utf-8" or "base64"`);
      const content = Buffer.from(
        body.content,
        encoding === 'base64' ? 'base64' : 'utf8',
      );
      const sha = git.putBlob(repo, content);
      return json(201, { sha, url: urls.api(`git/blobs/${sha}`) });
    }
    if (method === 'GET' && tail.length === 1) {
      const blob = git.object(repo, tail[0], 'blob');
      if (!blob) throw new GitError(404, 'Not Found');
      return json(200, {
        sha: blob.sha,
        node_id: nodeId('Blob', blob.sha),
        size: blob.content.length,
        url: urls.api(`git/blobs/${blob.sha}`),
        content: blob.content.toString('base64'),
        encoding: 'base64',
      });
    }
  }
  if (kind === 'trees') {
    if (method === 'POST' && tail.length === 0) {
      const body = parseJson(req);
      if (!Array.isArray(body.tree)) throw invalid('Tree', 'tree');
      let files = new Map<string, FlatEntry>();
      if (body.base_tree !== undefined && body.base_tree !== null) {
        const base = String(body.base_tree);
        if (!git.object(repo, base, 'tree'))
          throw new GitError(422, 'Invalid tree info', [
            { resource: 'Tree', field: 'base_tree', code: 'invalid' },
          ]);
        files = git.flatten(repo, base);
      }
      for (const item of body.tree as Json[]) {
        const path = typeof item?.path === 'string' ? item.path : '';
        if (!path || path.startsWith('/') || path.split('/').includes('..'))
          throw new GitError(422, 'Invalid tree info', [
            { resource: 'Tree', field: 'path', code: 'invalid' },
          ]);
        const mode = String(item.mode ?? FILE_MODE);
        if (item.type === 'tree' || mode === '040000') {
          // A whole folder by tree id (or its removal).
          for (const k of [...files.keys()])
            if (k.startsWith(`${path}/`)) files.delete(k);
          if (typeof item.sha === 'string') {
            if (!git.object(repo, item.sha, 'tree'))
              throw new GitError(422, 'Invalid tree info');
            for (const [k, v] of git.flatten(repo, item.sha, path))
              files.set(k, v);
          }
          continue;
        }
        if (![FILE_MODE, EXEC_MODE, LINK_MODE].includes(mode))
          throw new GitError(422, 'Invalid tree info', [
            { resource: 'Tree', field: 'mode', code: 'invalid' },
          ]);
        if (item.sha === null) {
          files.delete(path);
        } else if (typeof item.content === 'string') {
          files.set(path, {
            mode,
            sha: git.putBlob(repo, Buffer.from(item.content, 'utf8')),
          });
        } else if (typeof item.sha === 'string') {
          if (!git.object(repo, item.sha, 'blob'))
            throw new GitError(422, 'Invalid tree info', [
              { resource: 'Tree', field: 'sha', code: 'invalid' },
            ]);
          files.set(path, { mode, sha: item.sha });
        } else {
          throw new GitError(
            422,
            'Must supply either tree.sha or tree.content',
          );
        }
      }
      const sha = git.writeTree(repo, files);
      return json(201, urls.treeJson(sha, false));
    }
    if (method === 'GET' && tail.length >= 1) {
      // A tree id, or (as GitHub accepts) a commit id or branch name whose tree is meant.
      const id = tail.join('/');
      let sha: string | undefined = git.object(repo, id, 'tree')
        ? id
        : undefined;
      if (!sha) {
        const commit = git.resolveRef(repo, id);
        if (commit) sha = git.object(repo, commit, 'commit')?.tree;
      }
      if (!sha) throw new GitError(404, 'Not Found');
      return json(200, urls.treeJson(sha, req.query.has('recursive')));
    }
  }
  if (kind === 'commits') {
    if (method === 'POST' && tail.length === 0) {
      const body = parseJson(req);
      const message = str(body, 'message', 'Commit');
      const tree = str(body, 'tree', 'Commit');
      if (!git.object(repo, tree, 'tree'))
        throw new GitError(422, 'Tree SHA does not exist');
      const parents = Array.isArray(body.parents)
        ? body.parents.map(String)
        : [];
      for (const p of parents)
        if (!git.object(repo, p, 'commit'))
          throw new GitError(
            422,
            'Parent SHA does not exist or is not a commit object',
          );
      const date = isoSeconds(Date.now());
      const sig = (v: unknown) => {
        const s = (v ?? {}) as Json;
        return {
          name: typeof s.name === 'string' ? s.name : SIMULATED_USER,
          email:
            typeof s.email === 'string'
              ? s.email
              : `${SIMULATED_USER}@users.noreply.example.com`,
          date:
            typeof s.date === 'string' && !isNaN(Date.parse(s.date))
              ? s.date
              : date,
        };
      };
      const author = sig(body.author);
      const committer = body.committer ? sig(body.committer) : author;
      const sha = git.putCommit(repo, {
        tree,
        parents,
        author,
        committer,
        message,
      });
      return json(201, urls.gitCommitJson(git.object(repo, sha, 'commit')!));
    }
    if (method === 'GET' && tail.length === 1) {
      const c = git.object(repo, tail[0], 'commit');
      if (!c) throw new GitError(404, 'Not Found');
      return json(200, urls.gitCommitJson(c));
    }
  }
  if (
    kind === 'ref' &&
    method === 'GET' &&
    tail[0] === 'heads' &&
    tail.length >= 2
  ) {
    const branch = tail.slice(1).join('/');
    const sha = repo.branches.get(branch);
    if (!sha) throw new GitError(404, 'Not Found');
    return json(200, urls.refJson(branch, sha));
  }
  if (kind === 'refs') {
    if (method === 'POST' && tail.length === 0) {
      const body = parseJson(req);
      const ref = str(body, 'ref', 'Reference');
      const sha = str(body, 'sha', 'Reference');
      const m = /^refs\/heads\/(.+)$/.exec(ref);
      if (!m || m[1].split('/').some(s => s === '' || s.startsWith('.')))
        throw new GitError(422, 'Reference name is invalid');
      if (!isSha(sha) || !git.object(repo, sha, 'commit'))
        throw new GitError(422, 'Object does not exist');
      if (repo.branches.has(m[1]))
        throw new GitError(422, 'Reference already exists');
      git.setBranch(repo, m[1], sha);
      return json(201, urls.refJson(m[1], sha));
    }
    if (tail[0] === 'heads' && tail.length >= 2) {
      const branch = tail.slice(1).join('/');
      const current = repo.branches.get(branch);
      if (method === 'GET') {
        if (!current) throw new GitError(404, 'Not Found');
        return json(200, urls.refJson(branch, current));
      }
      if (method === 'PATCH') {
        if (!current) throw new GitError(422, 'Reference does not exist');
        const body = parseJson(req);
        const sha = str(body, 'sha', 'Reference');
        if (!git.object(repo, sha, 'commit'))
          throw new GitError(422, 'Object does not exist');
        if (body.force !== true && !git.isAncestor(repo, current, sha))
          throw new GitError(422, 'Update is not a fast forward');
        git.setBranch(repo, branch, sha);
        return json(200, urls.refJson(branch, sha));
      }
      if (method === 'DELETE') {
        if (branch === repo.defaultBranch || !git.deleteBranch(repo, branch))
          throw new GitError(422, 'Reference does not exist');
        return { status: 204, body: '' };
      }
    }
  }
  throw new GitError(404, 'Not Found');
}

function contents(at: RepoRoute, path: string): Reply {
  const { git, repo, urls, req } = at;
  const ref = req.query.get('ref') ?? undefined;
  const sha = git.resolveRef(repo, ref);
  if (!sha) throw new GitError(404, `No commit found for the ref ${ref}`);
  const files = git.flatten(repo, git.object(repo, sha, 'commit')!.tree);
  const clean = path.replace(/^\/+|\/+$/g, '');
  const file = files.get(clean);
  const accept = String(req.headers.accept ?? '');
  if (file) {
    const blob = git.object(repo, file.sha, 'blob')!;
    if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
      return {
        status: 200,
        body: blob.content.toString('utf8'),
        headers: {
          'content-type': 'application/vnd.github.raw; charset=utf-8',
          etag: `"${blob.sha}"`,
        },
      };
    }
    return json(200, urls.contentJson(clean, file, blob.content));
  }
  const prefix = clean === '' ? '' : `${clean}/`;
  const children = new Map<string, Json>();
  for (const [p, f] of files) {
    if (!p.startsWith(prefix)) continue;
    const rel = p.slice(prefix.length);
    const name = rel.split('/')[0];
    if (children.has(name)) continue;
    children.set(
      name,
      rel.includes('/')
        ? { type: 'dir', name, path: `${prefix}${name}`, sha: '', size: 0 }
        : {
            type: 'file',
            name,
            path: p,
            sha: f.sha,
            size: git.object(repo, f.sha, 'blob')!.content.length,
          },
    );
  }
  if (children.size === 0) throw new GitError(404, 'Not Found');
  return json(200, [...children.values()]);
}

function pulls(at: RepoRoute, rest: string[]): Reply {
  const { git, repo, urls, req, method } = at;
  if (rest.length === 0 && method === 'GET') {
    const state = req.query.get('state') ?? 'open';
    return json(
      200,
      repo.pulls
        .filter(p => state === 'all' || p.state === state)
        .sort((a, b) => b.number - a.number)
        .map(p => urls.pullJson(p)),
    );
  }
  if (rest.length === 0 && method === 'POST') {
    const body = parseJson(req);
    const headRaw = str(body, 'head', 'PullRequest');
    const base = str(body, 'base', 'PullRequest');
    const title = str(body, 'title', 'PullRequest');
    const [headOwner, head] = headRaw.includes(':')
      ? headRaw.split(/:(.*)/s)
      : [repo.owner, headRaw];
    if (headOwner.toLowerCase() !== repo.owner.toLowerCase())
      throw new GitError(422, 'Validation Failed', [
        { resource: 'PullRequest', field: 'head', code: 'invalid' },
      ]);
    const pr = git.openPull(repo, {
      head,
      base,
      title,
      body: typeof body.body === 'string' ? body.body : '',
      draft: body.draft === true,
      user: SIMULATED_USER,
    });
    return json(201, urls.pullJson(pr));
  }
  const n = Number(rest[0]);
  if (!Number.isInteger(n) || n < 1) throw new GitError(404, 'Not Found');
  const pr = git.pull(repo, n);
  if (rest.length === 1 && method === 'GET')
    return json(200, urls.pullJson(pr));
  if (rest.length === 1 && method === 'PATCH') {
    // What octokit-plugin-create-pull-request sends with update: true (title, body, base; head is ignored).
    const body = parseJson(req);
    git.updatePull(repo, n, {
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(typeof body.body === 'string' ? { body: body.body } : {}),
      ...(typeof body.base === 'string' ? { base: body.base } : {}),
      ...(body.state === 'open' || body.state === 'closed'
        ? { state: body.state }
        : {}),
    });
    return json(200, urls.pullJson(pr));
  }
  if (rest.length === 2 && rest[1] === 'merge') {
    if (method === 'GET') {
      if (!pr.merged) throw new GitError(404, 'Not Found');
      return { status: 204, body: '' };
    }
    if (method === 'PUT') {
      const body = parseJson(req);
      git.merge(repo, n, {
        ...(typeof body.commit_title === 'string'
          ? { commitTitle: body.commit_title }
          : {}),
        ...(typeof body.commit_message === 'string'
          ? { commitMessage: body.commit_message }
          : {}),
      });
      return json(200, {
        sha: pr.mergeCommitSha,
        merged: true,
        message: 'Pull Request successfully merged',
      });
    }
  }
  if (
    rest.length === 2 &&
    rest[1] === 'requested_reviewers' &&
    method === 'POST'
  )
    return json(201, urls.pullJson(pr));
  throw new GitError(404, 'Not Found');
}

function nodeId(kind: string, id: string | number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

export function repositoryJson(api: GitApi, repo: Repository): Json {
  const html = `https://${api.git.host}/${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: false,
    owner: {
      login: repo.owner,
      id: 100 + repo.id,
      type: 'Organization',
      url: `${api.apiBaseUrl}/users/${repo.owner}`,
    },
    html_url: html,
    description: null,
    fork: false,
    url: `${api.apiBaseUrl}/repos/${repo.owner}/${repo.name}`,
    clone_url: `${html}.git`,
    created_at: repo.createdAt,
    default_branch: repo.defaultBranch,
    visibility: 'public',
    archived: false,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
  };
}
