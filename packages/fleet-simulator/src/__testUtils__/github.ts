/**
 * A GitHub REST client for tests (fetch), the call sequence of octokit-plugin-create-pull-request, and a fleet with
 * the simulated GitHub.
 */
import { parseFleet } from '../fleet/parse';
import type { FleetSimulator } from '../server';

/* eslint-disable @typescript-eslint/no-explicit-any */

export type Gh = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: any; text: string }>;

export function githubClient(sim: FleetSimulator, token?: string): Gh {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${sim.git!.apiBaseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github.v3+json',
        authorization: `token ${token ?? sim.git!.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // raw content or empty
    }
    return { status: res.status, body: parsed, text };
  };
}

export const expectOk = (
  res: { status: number; text: string },
  status: number,
) => {
  if (res.status !== status)
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
};

/**
 * A fleet with the simulated GitHub (token gh-test-token): platform/gitops (default branch main) and platform/seeded
 * (default branch trunk, holding these files), one hub with one spoke.
 */
export const githubFleet = (
  autoMerge: boolean,
  seededFiles: Record<string, string>,
) =>
  parseFleet(`
seed: 3
git:
  host: github.com
  token: gh-test-token
  autoMerge: ${autoMerge}
  repositories:
    - platform/gitops
    - { name: platform/seeded, defaultBranch: trunk, files: ${JSON.stringify(
      seededFiles,
    )} }
hubs:
  - name: hub-a
    spokes:
      - name: spoke-a
`);

/** Merges a pull request through the REST API (PUT .../pulls/<number>/merge). */
export const mergePullRequest = (
  gh: Gh,
  number: number,
  repository = 'platform/gitops',
) => gh('PUT', `/repos/${repository}/pulls/${number}/merge`, {});

/**
 * What octokit-plugin-create-pull-request does for Backstage's publish:github:pull-request (files base64-encoded):
 * GET repo, GET commits?sha=<base>&per_page=1, POST a blob per file, POST a tree on the base tree, POST a commit,
 * POST the branch ref, POST the pull request. The repository is platform/gitops and the title the head branch
 * unless given.
 */
export async function createPullRequestAsOctokitPlugin(
  gh: Gh,
  options: {
    owner?: string;
    repo?: string;
    base?: string;
    head: string;
    title?: string;
    body?: string;
    files: Record<string, string | null>;
  },
) {
  const o = {
    owner: 'platform',
    repo: 'gitops',
    title: options.head,
    ...options,
  };
  const repository = await gh('GET', `/repos/${o.owner}/${o.repo}`);
  if (repository.status !== 200) return repository;
  if (!repository.body.permissions) throw new Error('Missing authentication');
  const base = o.base ?? repository.body.default_branch;
  const commits = await gh(
    'GET',
    `/repos/${o.owner}/${o.repo}/commits?sha=${encodeURIComponent(
      base,
    )}&per_page=1`,
  );
  if (commits.status !== 200) return commits;
  const [latest] = commits.body;
  const tree = [];
  for (const [path, content] of Object.entries(o.files)) {
    if (content === null) {
      tree.push({ path, mode: '100644', sha: null });
      continue;
    }
    const blob = await gh('POST', `/repos/${o.owner}/${o.repo}/git/blobs`, {
      mode: '100644',
      encoding: 'base64',
      content: Buffer.from(content).toString('base64'),
    });
    expectOk(blob, 201);
    tree.push({ path, mode: '100644', sha: blob.body.sha });
  }
  const newTree = await gh('POST', `/repos/${o.owner}/${o.repo}/git/trees`, {
    base_tree: latest.commit.tree.sha,
    tree,
  });
  expectOk(newTree, 201);
  const commit = await gh('POST', `/repos/${o.owner}/${o.repo}/git/commits`, {
    message: o.title,
    tree: newTree.body.sha,
    parents: [latest.sha],
  });
  expectOk(commit, 201);
  const ref = await gh('POST', `/repos/${o.owner}/${o.repo}/git/refs`, {
    owner: o.owner,
    repo: o.repo,
    sha: commit.body.sha,
    ref: `refs/heads/${o.head}`,
  });
  if (ref.status !== 201) return ref;
  return gh('POST', `/repos/${o.owner}/${o.repo}/pulls`, {
    head: `${o.owner}:${o.head}`,
    base,
    title: o.title,
    body: o.body ?? '',
    draft: false,
  });
}
