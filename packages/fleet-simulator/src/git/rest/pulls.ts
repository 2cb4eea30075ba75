/**
 * Pull requests: list, open, read, update (what octokit-plugin-create-pull-request's update sends), merge, and
 * requested reviewers (accepted, not recorded).
 */
import { Reply, json } from '../../http';
import { GitError } from '../repos';
import { RepoRoute, SIMULATED_USER, parseJson, str } from './context';

/** /repos/{o}/{r}/pulls/…: `rest` is the path after pulls/. */
export function pulls(at: RepoRoute, rest: string[]): Reply {
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
