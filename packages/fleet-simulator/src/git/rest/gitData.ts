/**
 * The Git database API: blobs, trees, commits and refs of a repository (POST to create, GET to read; refs also
 * PATCH and DELETE).
 */
import { Reply, json } from '../../http';
import { isoSeconds } from '../../util';
import {
  EXEC_MODE,
  FILE_MODE,
  FlatEntry,
  GitError,
  LINK_MODE,
  isSha,
} from '../repos';
import { nodeId } from '../ids';
import {
  Json,
  RepoRoute,
  SIMULATED_USER,
  invalid,
  parseJson,
  str,
} from './context';

/** Blobs: POST content (utf-8 or base64), GET one by id. */
function blobs(at: RepoRoute, tail: string[]): Reply | undefined {
  const { git, repo, urls, req, method } = at;
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
  return undefined;
}

/** Trees: POST entries by path over a base tree, GET one (by tree id, or the tree of a commit or branch). */
function trees(at: RepoRoute, tail: string[]): Reply | undefined {
  const { git, repo, urls, req, method } = at;
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
        throw new GitError(422, 'Must supply either tree.sha or tree.content');
      }
    }
    const sha = git.writeTree(repo, files);
    return json(201, urls.treeJson(sha, false));
  }
  if (method === 'GET' && tail.length >= 1) {
    // A tree id, or (as GitHub accepts) a commit id or branch name whose tree is meant.
    const id = tail.join('/');
    let sha: string | undefined = git.object(repo, id, 'tree') ? id : undefined;
    if (!sha) {
      const commit = git.resolveRef(repo, id);
      if (commit) sha = git.object(repo, commit, 'commit')?.tree;
    }
    if (!sha) throw new GitError(404, 'Not Found');
    return json(200, urls.treeJson(sha, req.query.has('recursive')));
  }
  return undefined;
}

/** Commits: POST one (message, tree, parents, signatures), GET one by id. */
function commits(at: RepoRoute, tail: string[]): Reply | undefined {
  const { git, repo, urls, req, method } = at;
  if (method === 'POST' && tail.length === 0) {
    const body = parseJson(req);
    const message = str(body, 'message', 'Commit');
    const tree = str(body, 'tree', 'Commit');
    if (!git.object(repo, tree, 'tree'))
      throw new GitError(422, 'Tree SHA does not exist');
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
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
  return undefined;
}

/** GET ref/heads/{branch}: one branch. */
function branchRef(at: RepoRoute, tail: string[]): Reply | undefined {
  const { repo, urls, method } = at;
  if (!(method === 'GET' && tail[0] === 'heads' && tail.length >= 2))
    return undefined;
  const branch = tail.slice(1).join('/');
  const sha = repo.branches.get(branch);
  if (!sha) throw new GitError(404, 'Not Found');
  return json(200, urls.refJson(branch, sha));
}

/** refs: POST a branch, GET, PATCH (fast-forward unless forced) or DELETE refs/heads/{branch}. */
function refs(at: RepoRoute, tail: string[]): Reply | undefined {
  const { git, repo, urls, req, method } = at;
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
  return undefined;
}

/** The routes below git/, by their first segment. */
const ROUTES = new Map<
  string,
  (at: RepoRoute, tail: string[]) => Reply | undefined
>([
  ['blobs', blobs],
  ['trees', trees],
  ['commits', commits],
  ['ref', branchRef],
  ['refs', refs],
]);

/** /repos/{o}/{r}/git/{kind}/…: `rest` is the path after git/. */
export function gitData(at: RepoRoute, rest: string[]): Reply {
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
  const reply = ROUTES.get(kind)?.(at, tail);
  if (!reply) throw new GitError(404, 'Not Found');
  return reply;
}
