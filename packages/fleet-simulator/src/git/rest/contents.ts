/**
 * GET /repos/{o}/{r}/contents/{path}?ref=: a file (JSON with base64 content, or raw with Accept
 * application/vnd.github.raw) or a folder's listing.
 */
import { Reply, json } from '../../http';
import { GitError } from '../repos';
import { Json, RepoRoute } from './context';

export function contents(at: RepoRoute, path: string): Reply {
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
