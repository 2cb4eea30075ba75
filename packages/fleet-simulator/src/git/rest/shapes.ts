/**
 * The JSON shapes of the REST answers: commits, trees, refs, contents, pull requests and repositories, with the
 * API and web URLs GitHub puts in them.
 */
import { FlatEntry, GitCommit, PullRequest, Repository } from '../repos';
import { nodeId, repositoryHtmlUrl } from '../ids';
import type { GitApi, Json } from './context';

/** Builds the URLs and JSON shapes of one repository's answers. */
export class Urls {
  private readonly base: string;
  private readonly html: string;
  constructor(
    private readonly gitApi: GitApi,
    private readonly repo: Repository,
  ) {
    this.base = `${gitApi.apiBaseUrl}/repos/${repo.owner}/${repo.name}`;
    this.html = repositoryHtmlUrl(gitApi.git.host, repo);
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

/** A repository as GET /repos/{o}/{r} answers it (the token's user may do everything). */
export function repositoryJson(api: GitApi, repo: Repository): Json {
  const html = repositoryHtmlUrl(api.git.host, repo);
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
