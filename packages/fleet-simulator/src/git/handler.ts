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
 *   POST /graphql (or /api/graphql)                   the queries octokit-plugin-create-pull-request makes (graphql/)
 *
 * Every request needs `Authorization: token <t>` or `Bearer <t>` with the configured token (401 "Bad credentials"
 * otherwise). Errors are GitHub's bodies: { message, documentation_url, status } (+ errors for 422). A `/api/v3`
 * prefix (GitHub Enterprise style) is accepted too. Request bodies are validated only as far as octokit needs.
 */
import { Reply, SimRequest, json, splitPath } from '../http';
import { handleGraphql } from './graphql';
import { GitCommit, GitError } from './repos';
import { contents } from './rest/contents';
import {
  GitApi,
  Json,
  RepoRoute,
  SIMULATED_USER,
  parseJson,
} from './rest/context';
import { gitData } from './rest/gitData';
import { pulls } from './rest/pulls';
import { Urls, repositoryJson } from './rest/shapes';

const DOCS = 'https://docs.github.com/rest';

/** A GitHub REST error body: { message, errors?, documentation_url, status }. */
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

/** `Authorization: token <t>` or `Bearer <t>` with the configured token. */
function authorized(req: SimRequest, token: string): boolean {
  const h = req.headers.authorization;
  const v = (Array.isArray(h) ? h[0] : h)?.trim() ?? '';
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(v);
  return m !== null && m[1].trim() === token;
}

/** Answers one request to the simulated GitHub (REST or GraphQL), GitError as GitHub's error bodies. */
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
