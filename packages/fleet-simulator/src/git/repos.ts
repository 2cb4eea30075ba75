/**
 * In-memory Git hosting for the simulated GitHub: repositories with real Git object ids (SHA-1 of blobs, trees and
 * commits as Git computes them), branches and pull requests. The REST API (handler.ts) and the simulated Argo CD
 * (argocd/gitSync.ts) both read it; every change of a branch is announced to the listeners (Argo CD re-syncs).
 */
import { createHash } from 'node:crypto';
import { isoSeconds } from '../util';

export const FILE_MODE = '100644';
export const EXEC_MODE = '100755';
export const LINK_MODE = '120000';
export const TREE_MODE = '040000';

export interface GitBlob {
  type: 'blob';
  sha: string;
  content: Buffer;
}
export interface GitTreeEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
}
export interface GitTree {
  type: 'tree';
  sha: string;
  entries: GitTreeEntry[];
}
export interface GitSignature {
  name: string;
  email: string;
  date: string;
}
export interface GitCommit {
  type: 'commit';
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}
export type GitObject = GitBlob | GitTree | GitCommit;

/** A file of a flattened tree. */
export interface FlatEntry {
  mode: string;
  sha: string;
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  /** Branch name in the same repository. */
  head: string;
  base: string;
  /** The base branch's commit when the pull request was opened (the merge base). */
  baseSha: string;
  /** The head branch's commit when it was opened, or merged. */
  headSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  mergeCommitSha?: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  mergedAt?: string;
  user: string;
}

export interface Repository {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  createdAt: string;
  /** Branch name → commit id. */
  branches: Map<string, string>;
  objects: Map<string, GitObject>;
  pulls: PullRequest[];
}

export class GitError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Array<Record<string, unknown>>,
  ) {
    super(message);
  }
}

function gitSha(type: string, body: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

/** Git's tree entry order: by name, a tree compared as if its name ended with '/'. */
function entryKey(e: GitTreeEntry): string {
  return e.type === 'tree' ? `${e.name}/` : e.name;
}

function signatureLine(s: GitSignature): string {
  return `${s.name} <${s.email}> ${Math.floor(
    Date.parse(s.date) / 1000,
  )} +0000`;
}

export const isSha = (v: string) => /^[0-9a-f]{40}$/.test(v);

export interface GitHostOptions {
  /** The host repositories are addressed by (https://<host>/<owner>/<repo>). */
  host: string;
  /** Merge every pull request as soon as it is opened (a reviewer who approves everything). */
  autoMerge: boolean;
  /** Time of the initial commits (ms). */
  now: number;
  /** Clock for new commits, pull requests and merges (ms). */
  clock?: () => number;
}

export const BOT: Omit<GitSignature, 'date'> = {
  name: 'Fleet Simulator',
  email: 'fleet-simulator@users.noreply.example.com',
};

export class GitHost {
  readonly host: string;
  readonly autoMerge: boolean;
  private readonly repos = new Map<string, Repository>();
  private readonly listeners: Array<(repo: Repository) => void> = [];
  private readonly clock: () => number;
  private readonly startedAt: number;
  /** Bumped on every branch change; lets readers cache what they derived from the repositories. */
  version = 0;

  constructor(options: GitHostOptions) {
    this.host = options.host;
    this.autoMerge = options.autoMerge;
    this.startedAt = options.now;
    this.clock = options.clock ?? Date.now;
  }

  /** Called after any branch of a repository moved (push, new branch, merge). */
  onChange(listener: (repo: Repository) => void): void {
    this.listeners.push(listener);
  }

  private changed(repo: Repository): void {
    this.version++;
    for (const l of this.listeners) l(repo);
  }

  list(): Repository[] {
    return [...this.repos.values()];
  }

  get(owner: string, name: string): Repository | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The repository, or a 404 as GitHub answers. */
  require(owner: string, name: string): Repository {
    const r = this.get(owner, name);
    if (!r) throw new GitError(404, 'Not Found');
    return r;
  }

  /** Creates a repository with one commit (a README) on its default branch. */
  create(owner: string, name: string, defaultBranch = 'main'): Repository {
    const key = `${owner}/${name}`.toLowerCase();
    const existing = this.repos.get(key);
    if (existing) return existing;
    const repo: Repository = {
      id: 700_000 + this.repos.size + 1,
      owner,
      name,
      defaultBranch,
      createdAt: isoSeconds(this.startedAt),
      branches: new Map(),
      objects: new Map(),
      pulls: [],
    };
    const readme = this.putBlob(
      repo,
      Buffer.from(`# ${name}\n\nA repository of the simulated Git host.\n`),
    );
    const tree = this.writeTree(
      repo,
      new Map([['README.md', { mode: FILE_MODE, sha: readme }]]),
    );
    const date = isoSeconds(this.startedAt);
    const commit = this.putCommit(repo, {
      tree,
      parents: [],
      author: { ...BOT, date },
      committer: { ...BOT, date },
      message: 'Initial commit',
    });
    repo.branches.set(defaultBranch, commit);
    this.repos.set(key, repo);
    return repo;
  }

  /** Finds the repository a repoURL names (https://<host>/<owner>/<repo>[.git]), if it is one of ours. */
  resolveUrl(repoURL: string): Repository | undefined {
    const m = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(
      repoURL.trim(),
    );
    if (!m || m[1].toLowerCase() !== this.host.toLowerCase()) return undefined;
    return this.get(m[2], m[3]);
  }

  // Objects.

  putBlob(repo: Repository, content: Buffer): string {
    const sha = gitSha('blob', content);
    if (!repo.objects.has(sha))
      repo.objects.set(sha, { type: 'blob', sha, content });
    return sha;
  }

  private putTree(repo: Repository, entries: GitTreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => {
      const [ka, kb] = [entryKey(a), entryKey(b)];
      if (ka === kb) return 0;
      return ka < kb ? -1 : 1;
    });
    const body = Buffer.concat(
      sorted.map(e =>
        Buffer.concat([
          Buffer.from(`${e.type === 'tree' ? '40000' : e.mode} ${e.name}\0`),
          Buffer.from(e.sha, 'hex'),
        ]),
      ),
    );
    const sha = gitSha('tree', body);
    if (!repo.objects.has(sha))
      repo.objects.set(sha, { type: 'tree', sha, entries: sorted });
    return sha;
  }

  putCommit(repo: Repository, c: Omit<GitCommit, 'type' | 'sha'>): string {
    const text = [
      `tree ${c.tree}`,
      ...c.parents.map(p => `parent ${p}`),
      `author ${signatureLine(c.author)}`,
      `committer ${signatureLine(c.committer)}`,
      '',
      c.message,
    ].join('\n');
    const sha = gitSha('commit', Buffer.from(text));
    if (!repo.objects.has(sha))
      repo.objects.set(sha, { type: 'commit', sha, ...c });
    return sha;
  }

  object<T extends GitObject['type']>(
    repo: Repository,
    sha: string,
    type: T,
  ): Extract<GitObject, { type: T }> | undefined {
    const o = repo.objects.get(sha);
    return o && o.type === type
      ? (o as Extract<GitObject, { type: T }>)
      : undefined;
  }

  /** Every file of a tree by path. */
  flatten(
    repo: Repository,
    treeSha: string,
    prefix = '',
  ): Map<string, FlatEntry> {
    const out = new Map<string, FlatEntry>();
    const tree = this.object(repo, treeSha, 'tree');
    if (!tree) return out;
    for (const e of tree.entries) {
      const p = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.type === 'tree') {
        for (const [k, v] of this.flatten(repo, e.sha, p)) out.set(k, v);
      } else out.set(p, { mode: e.mode, sha: e.sha });
    }
    return out;
  }

  /** Writes the trees of a set of files; returns the root tree's id. */
  writeTree(repo: Repository, files: Map<string, FlatEntry>): string {
    type Dir = { files: GitTreeEntry[]; dirs: Map<string, Dir> };
    const root: Dir = { files: [], dirs: new Map() };
    for (const [p, f] of files) {
      const parts = p.split('/');
      let d = root;
      for (const part of parts.slice(0, -1)) {
        let next = d.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          d.dirs.set(part, next);
        }
        d = next;
      }
      d.files.push({
        name: parts[parts.length - 1],
        mode: f.mode,
        type: 'blob',
        sha: f.sha,
      });
    }
    const write = (d: Dir): string =>
      this.putTree(repo, [
        ...d.files,
        ...[...d.dirs.entries()].map(([name, sub]) => ({
          name,
          mode: TREE_MODE,
          type: 'tree' as const,
          sha: write(sub),
        })),
      ]);
    return write(root);
  }

  /** A commit id from a branch name, `HEAD`, a full commit id or `heads/<branch>`. */
  resolveRef(repo: Repository, ref: string | undefined): string | undefined {
    const r = (ref ?? '').replace(/^refs\//, '').replace(/^heads\//, '');
    if (r === '' || r === 'HEAD') return repo.branches.get(repo.defaultBranch);
    const branch = repo.branches.get(r);
    if (branch) return branch;
    if (isSha(r) && this.object(repo, r, 'commit')) return r;
    return undefined;
  }

  /** Files below a folder at a commit: path relative to the folder → content. undefined when it is no folder. */
  readFolder(
    repo: Repository,
    commitSha: string,
    folder: string,
    recurse: boolean,
  ): Map<string, Buffer> | undefined {
    const commit = this.object(repo, commitSha, 'commit');
    if (!commit) return undefined;
    const clean = folder.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const prefix = clean === '' || clean === '.' ? '' : `${clean}/`;
    const out = new Map<string, Buffer>();
    let found = prefix === '';
    for (const [p, f] of this.flatten(repo, commit.tree)) {
      if (!p.startsWith(prefix)) continue;
      found = true;
      const rel = p.slice(prefix.length);
      if (!recurse && rel.includes('/')) continue;
      const blob = this.object(repo, f.sha, 'blob');
      if (blob) out.set(rel, blob.content);
    }
    return found ? out : undefined;
  }

  // Branches.

  setBranch(repo: Repository, branch: string, sha: string): void {
    repo.branches.set(branch, sha);
    this.changed(repo);
  }

  deleteBranch(repo: Repository, branch: string): boolean {
    const had = repo.branches.delete(branch);
    if (had) this.changed(repo);
    return had;
  }

  /** True when `ancestor` is `sha` or one of its ancestors. */
  isAncestor(repo: Repository, ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const s = queue.pop()!;
      if (s === ancestor) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      const c = this.object(repo, s, 'commit');
      if (c) queue.push(...c.parents);
    }
    return false;
  }

  // Pull requests.

  openPull(
    repo: Repository,
    input: {
      head: string;
      base: string;
      title: string;
      body: string;
      draft: boolean;
      user: string;
    },
  ): PullRequest {
    const headSha = repo.branches.get(input.head);
    const baseSha = repo.branches.get(input.base);
    if (!headSha || !baseSha) {
      throw new GitError(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          field: headSha ? 'base' : 'head',
          code: 'invalid',
        },
      ]);
    }
    if (
      repo.pulls.some(
        p =>
          p.state === 'open' && p.head === input.head && p.base === input.base,
      )
    ) {
      throw new GitError(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner}:${input.head}.`,
        },
      ]);
    }
    if (this.isAncestor(repo, headSha, baseSha)) {
      throw new GitError(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${input.base} and ${input.head}`,
        },
      ]);
    }
    const at = isoSeconds(this.clock());
    const pr: PullRequest = {
      number: repo.pulls.length + 1,
      title: input.title,
      body: input.body,
      head: input.head,
      base: input.base,
      baseSha,
      headSha,
      draft: input.draft,
      state: 'open',
      merged: false,
      createdAt: at,
      updatedAt: at,
      user: input.user,
    };
    repo.pulls.push(pr);
    if (this.autoMerge && !pr.draft) this.merge(repo, pr.number);
    return pr;
  }

  /** Edits an open or closed pull request (title, body, base, state); a merged one cannot be reopened or rebased. */
  updatePull(
    repo: Repository,
    n: number,
    changes: {
      title?: string;
      body?: string;
      base?: string;
      state?: 'open' | 'closed';
    },
  ): PullRequest {
    const pr = this.pull(repo, n);
    if (changes.base !== undefined && changes.base !== pr.base) {
      if (pr.merged || !repo.branches.has(changes.base))
        throw new GitError(422, 'Validation Failed', [
          { resource: 'PullRequest', field: 'base', code: 'invalid' },
        ]);
      pr.base = changes.base;
    }
    if (changes.state !== undefined && changes.state !== pr.state) {
      if (pr.merged)
        throw new GitError(422, 'Validation Failed', [
          {
            resource: 'PullRequest',
            code: 'custom',
            message:
              'state cannot be changed. The pull request has been merged.',
          },
        ]);
      pr.state = changes.state;
      if (changes.state === 'closed') pr.closedAt = isoSeconds(this.clock());
      else delete pr.closedAt;
    }
    if (changes.title !== undefined) pr.title = changes.title;
    if (changes.body !== undefined) pr.body = changes.body;
    pr.updatedAt = isoSeconds(this.clock());
    return pr;
  }

  /** The nearest common ancestor of two commits (breadth first from `a`), or undefined. */
  mergeBase(repo: Repository, a: string, b: string): string | undefined {
    const ofB = new Set<string>();
    const stack = [b];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (ofB.has(s)) continue;
      ofB.add(s);
      const c = this.object(repo, s, 'commit');
      if (c) stack.push(...c.parents);
    }
    const seen = new Set<string>();
    const queue = [a];
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (ofB.has(s)) return s;
      if (seen.has(s)) continue;
      seen.add(s);
      const c = this.object(repo, s, 'commit');
      if (c) queue.push(...c.parents);
    }
    return undefined;
  }

  pull(repo: Repository, n: number): PullRequest {
    const pr = repo.pulls.find(p => p.number === n);
    if (!pr) throw new GitError(404, 'Not Found');
    return pr;
  }

  /**
   * Merges a pull request with a merge commit (GitHub's default): the head's changes since the merge base are
   * applied to the base branch as it is now. 405 when it is not open or a file changed on both sides.
   */
  merge(
    repo: Repository,
    n: number,
    options: { commitTitle?: string; commitMessage?: string } = {},
  ): PullRequest {
    const pr = this.pull(repo, n);
    if (pr.state !== 'open')
      throw new GitError(405, 'Pull Request is not mergeable');
    const headSha = repo.branches.get(pr.head);
    const baseSha = repo.branches.get(pr.base);
    if (!headSha || !baseSha)
      throw new GitError(405, 'Pull Request is not mergeable');
    const tree = (sha: string) =>
      this.flatten(repo, this.object(repo, sha, 'commit')!.tree);
    // The merge base as Git computes it now (the head may have been force-pushed onto a newer base).
    const mergeBase = tree(
      this.mergeBase(repo, headSha, baseSha) ?? pr.baseSha,
    );
    const head = tree(headSha);
    const files = tree(baseSha);
    const paths = new Set([...mergeBase.keys(), ...head.keys()]);
    const same = (a?: FlatEntry, b?: FlatEntry) =>
      a?.sha === b?.sha && a?.mode === b?.mode;
    for (const p of paths) {
      const was = mergeBase.get(p);
      const now = head.get(p);
      if (same(was, now)) continue;
      const theirs = files.get(p);
      if (!same(theirs, was) && !same(theirs, now))
        throw new GitError(405, 'Pull Request is not mergeable');
      if (now) files.set(p, now);
      else files.delete(p);
    }
    const date = isoSeconds(this.clock());
    const title =
      options.commitTitle ??
      `Merge pull request #${pr.number} from ${repo.owner}/${pr.head}`;
    const sha = this.putCommit(repo, {
      tree: this.writeTree(repo, files),
      parents: [baseSha, headSha],
      author: { ...BOT, date },
      committer: { ...BOT, date },
      message: `${title}\n\n${options.commitMessage ?? pr.title}`,
    });
    pr.state = 'closed';
    pr.merged = true;
    pr.headSha = headSha;
    pr.mergeCommitSha = sha;
    pr.mergedAt = date;
    pr.closedAt = date;
    pr.updatedAt = date;
    this.setBranch(repo, pr.base, sha);
    return pr;
  }
}
