/**
 * The simulated GitHub driven by the REAL client of Backstage's publish:github:pull-request: `octokit` with
 * octokit-plugin-create-pull-request, built as @backstage/plugin-scaffolder-backend-module-github builds it (options
 * from getOctokitOptions: baseUrl = the integration's apiBaseUrl, auth = its token), and the action itself run with a
 * mock context. Every request the simulator answers is in sim.git.requestLog; a test fails on any unexpected 404.
 */
import {
  mkdtempSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createPublishGithubPullRequestAction,
  getOctokitOptions,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from 'octokit';
import { createPullRequest } from 'octokit-plugin-create-pull-request';
import { FleetSimulator, startFleetSimulator } from '../server';
import { githubClient, githubFleet } from '../__testUtils__/github';

/* eslint-disable @typescript-eslint/no-explicit-any */

const fleet = (autoMerge: boolean) =>
  githubFleet(autoMerge, {
    'apps/a.yaml': 'kind: A\n',
    'deploy/old.txt': 'old\n',
  });

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * createPullRequest's options for platform/gitops: one commit (its message the title unless given) of these files,
 * base64-encoded, mode 100644 unless given; other options as they are.
 */
function pullRequest({
  title,
  files,
  commit = title,
  ...options
}: {
  title: string;
  head: string;
  files: Record<string, string | { content: string; mode: string }>;
  commit?: string;
  [option: string]: unknown;
}) {
  const encoded = Object.entries(files).map(([path, file]) => {
    const { content, mode } =
      typeof file === 'string' ? { content: file, mode: '100644' } : file;
    return [path, { content: b64(content), encoding: 'base64', mode }];
  });
  return {
    owner: 'platform',
    repo: 'gitops',
    title,
    ...options,
    changes: [{ files: Object.fromEntries(encoded), commit }],
  };
}

/** A minimal pull request on a repository: the error the client throws for it (or what it answers). */
const failedPullRequest = (client: PrClient, repo: string) =>
  client
    .createPullRequest({
      owner: 'platform',
      repo,
      title: 't',
      head: 'x',
      changes: [{ files: { 'a.txt': 'a' }, commit: 'c' }],
    })
    .catch((e: any) => e);

/** The config Backstage reads (integrations.github from the simulator), optionally with another apiBaseUrl or token. */
function integrationsOf(
  sim: FleetSimulator,
  override: { apiBaseUrl?: string; token?: string } = {},
) {
  const [github] = (sim.backstageConfig().integrations as any).github;
  const config = new ConfigReader({
    integrations: { github: [{ ...github, ...override }] },
  });
  return { config, integrations: ScmIntegrations.fromConfig(config) };
}

/** The client as the action's defaultClientFactory builds it (getOctokitOptions, plugin, throttling off). */
async function backstageClient(
  sim: FleetSimulator,
  override: { apiBaseUrl?: string; token?: string } = {},
  repo = 'gitops',
) {
  const { integrations } = integrationsOf(sim, override);
  const options = await getOctokitOptions({
    integrations,
    host: 'github.com',
    owner: 'platform',
    repo,
  });
  expect(options).toMatchObject({
    baseUrl: override.apiBaseUrl ?? sim.git!.apiBaseUrl,
  });
  // The plugin is typed for @octokit/core 4; octokit 3 carries core 5 (Backstage composes them in plain JS).
  const OctokitPR = Octokit.plugin(createPullRequest as any);
  return new OctokitPR({
    ...options,
    ...{ throttle: { enabled: false } },
  } as any) as unknown as PrClient;
}

type PrClient = Octokit & {
  createPullRequest(options: any): Promise<any>;
};

/** A file of a branch as the simulated GitHub's contents API answers it (raw), or undefined when absent. */
async function readFile(
  sim: FleetSimulator,
  repo: string,
  path: string,
  ref?: string,
): Promise<string | undefined> {
  const res = await githubClient(sim)(
    'GET',
    `/repos/platform/${repo}/contents/${path}${
      ref ? `?ref=${encodeURIComponent(ref)}` : ''
    }`,
    undefined,
    { accept: 'application/vnd.github.raw' },
  );
  if (res.status === 404) return undefined;
  expect(res.status).toBe(200);
  return res.text;
}

/** What run returns, and the requests the simulated GitHub answered meanwhile ("METHOD path status"). */
async function withRequestLog<T>(sim: FleetSimulator, run: () => Promise<T>) {
  const mark = sim.git!.requestLog.length;
  const result = await run();
  const log = sim
    .git!.requestLog.slice(mark)
    .map(r => `${r.method} ${r.path} ${r.status}`);
  return { result, log };
}

/** The real action, built from the simulator's integrations config as the scaffolder builds it. */
function publishAction(sim: FleetSimulator) {
  const { config, integrations } = integrationsOf(sim);
  return createPublishGithubPullRequestAction({ integrations, config });
}

/**
 * Runs fn in a fresh workspace folder holding these files (path: content, or [content, mode]); removes the folder
 * afterwards.
 */
async function inWorkspace(
  files: Record<string, string | [string, number]>,
  fn: (workspacePath: string) => Promise<void>,
) {
  const workspacePath = mkdtempSync(join(tmpdir(), 'fleet-sim-pr-'));
  try {
    for (const [path, file] of Object.entries(files)) {
      const [content, mode] = typeof file === 'string' ? [file] : file;
      const full = join(workspacePath, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (mode !== undefined) chmodSync(full, mode);
    }
    await fn(workspacePath);
  } finally {
    rmSync(workspacePath, { recursive: true, force: true });
  }
}

describe('the real octokit client of publish:github:pull-request (auto-merge)', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: fleet(true) });
  });
  afterAll(() => sim.close());

  it('creates the pull request with createPullRequest; it is merged and its files are on the default branch', async () => {
    const client = await backstageClient(sim);
    const { result: res, log } = await withRequestLog(sim, () =>
      client.createPullRequest(
        pullRequest({
          title: 'Publish shop',
          body: 'Deploys shop',
          head: 'publish-app-shop',
          files: {
            'apps/shop/app.yaml': 'kind: Application\nname: shop\n',
            'apps/shop/run.sh': {
              content: '#!/bin/sh\necho shop\n',
              mode: '100755',
            },
          },
          createWhenEmpty: true,
          forceFork: false,
        }),
      ),
    );
    expect(log.filter(l => / 404$/.test(l))).toEqual([]);
    expect(log).toEqual([
      'GET /repos/platform/gitops 200',
      'GET /repos/platform/gitops/commits 200',
      'POST /repos/platform/gitops/git/blobs 201',
      'POST /repos/platform/gitops/git/blobs 201',
      'POST /repos/platform/gitops/git/trees 201',
      'POST /repos/platform/gitops/git/commits 201',
      'POST /graphql 200',
      'POST /repos/platform/gitops/git/refs 201',
      'POST /repos/platform/gitops/pulls 201',
    ]);
    expect(res!.status).toBe(201);
    expect(res!.data).toMatchObject({
      number: 1,
      html_url: 'https://github.com/platform/gitops/pull/1',
      base: { ref: 'main' },
      head: { ref: 'publish-app-shop' },
      merged: true,
      state: 'closed',
    });
    expect(await readFile(sim, 'gitops', 'apps/shop/app.yaml')).toBe(
      'kind: Application\nname: shop\n',
    );
    const tree = await client.rest.git.getTree({
      owner: 'platform',
      repo: 'gitops',
      tree_sha: 'main',
      recursive: 'true',
    });
    expect(tree.data.tree).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'apps/shop/run.sh', mode: '100755' }),
      ]),
    );
  });

  it('a second pull request from the same branch name (merged before) force-pushes the branch and is merged too', async () => {
    const client = await backstageClient(sim);
    const { result: res, log } = await withRequestLog(sim, () =>
      client.createPullRequest(
        pullRequest({
          title: 'Publish shop again',
          body: '',
          head: 'publish-app-shop',
          files: {
            'apps/shop/app.yaml':
              'kind: Application\nname: shop\nreplicas: 2\n',
          },
          createWhenEmpty: true,
          forceFork: false,
          update: true,
        }),
      ),
    );
    expect(log).toContain('POST /graphql 200');
    // The branch exists (its pull request is merged, none is open): force-pushed, then a new pull request.
    expect(log).toContain(
      // the ref as octokit sends it: one percent-encoded segment
      'PATCH /repos/platform/gitops/git/refs/heads%2Fpublish-app-shop 200',
    );
    expect(log.filter(l => / 4\d\d$/.test(l))).toEqual([]);
    expect(res!.data).toMatchObject({ number: 2, merged: true });
    expect(await readFile(sim, 'gitops', 'apps/shop/app.yaml')).toBe(
      'kind: Application\nname: shop\nreplicas: 2\n',
    );
    const pulls = await client.rest.pulls.list({
      owner: 'platform',
      repo: 'gitops',
      state: 'all',
    });
    expect(pulls.data.map(p => [p.number, p.merged_at !== null])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('with createWhenEmpty false and nothing to change, no pull request is created', async () => {
    const client = await backstageClient(sim);
    const res = await client.createPullRequest(
      pullRequest({
        title: 'Nothing',
        head: 'publish-app-nothing',
        files: {
          'apps/shop/app.yaml': 'kind: Application\nname: shop\nreplicas: 2\n',
        },
        createWhenEmpty: false,
        forceFork: false,
      }),
    );
    expect(res).toBeNull();
  });

  it('runs the real publish:github:pull-request action: target branch, sourcePath/targetPath, deletions, reviewers, assignees', async () => {
    const action = publishAction(sim);
    const files: Record<string, string | [string, number]> = {
      'out/apps/shop/app.yaml': 'kind: Application\nname: shop\n',
      'out/hook.sh': ['#!/bin/sh\n', 0o755],
    };
    await inWorkspace(files, async workspacePath => {
      const ctx = createMockActionContext({
        workspacePath,
        input: {
          repoUrl: 'github.com?owner=platform&repo=seeded',
          branchName: 'publish-app-shop',
          targetBranchName: 'trunk',
          title: 'Publish shop',
          description: 'Deploys shop',
          sourcePath: 'out',
          targetPath: 'deploy',
          filesToDelete: ['old.txt', 'never-existed.txt'],
          reviewers: ['alice'],
          assignees: ['bob'],
        },
      });
      const { log } = await withRequestLog(sim, () =>
        action.handler(ctx as any),
      );
      // HEAD of a file that does not exist is how the plugin skips deleting it: the only 404 expected.
      expect(log.filter(l => / 4\d\d$/.test(l))).toEqual([
        'HEAD /repos/platform/seeded/contents/deploy%2Fnever-existed.txt 404',
      ]);
      expect(log).toEqual(
        expect.arrayContaining([
          'POST /graphql 200',
          'POST /repos/platform/seeded/pulls 201',
          'POST /repos/platform/seeded/pulls/1/requested_reviewers 201',
          'POST /repos/platform/seeded/issues/1/assignees 201',
        ]),
      );
      expect(ctx.output).toHaveBeenCalledWith('targetBranchName', 'trunk');
      expect(ctx.output).toHaveBeenCalledWith(
        'remoteUrl',
        'https://github.com/platform/seeded/pull/1',
      );
      expect(ctx.output).toHaveBeenCalledWith('pullRequestNumber', 1);
    });
    expect(await readFile(sim, 'seeded', 'deploy/apps/shop/app.yaml')).toBe(
      'kind: Application\nname: shop\n',
    );
    expect(await readFile(sim, 'seeded', 'deploy/hook.sh')).toBe('#!/bin/sh\n');
    expect(await readFile(sim, 'seeded', 'deploy/old.txt')).toBeUndefined();
    expect(await readFile(sim, 'seeded', 'apps/a.yaml')).toBe('kind: A\n');
  });

  it('a repository that does not exist: the client gets 404, the action fails with it as the cause', async () => {
    const client = await backstageClient(sim, {}, 'missing');
    const err = await failedPullRequest(client, 'missing');
    expect(err).toMatchObject({ name: 'HttpError', status: 404 });
    expect(err.response.data).toMatchObject({ message: 'Not Found' });

    const action = publishAction(sim);
    await inWorkspace({ 'a.txt': 'a\n' }, async workspacePath => {
      const ctx = createMockActionContext({
        workspacePath,
        input: {
          repoUrl: 'github.com?owner=platform&repo=missing',
          branchName: 'x',
          title: 't',
          description: 'd',
        },
      });
      const failure = await action.handler(ctx as any).catch((e: any) => e);
      expect(failure).toMatchObject({
        name: 'GithubResponseError',
        cause: { status: 404 },
      });
      expect(String(failure.message)).toMatch(/Pull request creation failed/);
    });
  });

  it('a bad token: the client gets 401 Bad credentials', async () => {
    const client = await backstageClient(sim, { token: 'wrong-token' });
    const err = await failedPullRequest(client, 'gitops');
    expect(err).toMatchObject({ name: 'HttpError', status: 401 });
    expect(err.response.data).toMatchObject({ message: 'Bad credentials' });
    const gql = await client
      .graphql('query { viewer { login } }')
      .catch((e: any) => e);
    expect(gql).toMatchObject({ status: 401 });
  });

  it('works with a GitHub Enterprise style apiBaseUrl (/api/v3; GraphQL at /api/graphql)', async () => {
    const apiBaseUrl = `${sim.git!.apiBaseUrl}/api/v3`;
    const client = await backstageClient(sim, { apiBaseUrl });
    const { result: res, log } = await withRequestLog(sim, () =>
      client.createPullRequest(
        pullRequest({
          title: 'Publish ghes',
          head: 'publish-app-ghes',
          files: { 'apps/ghes.yaml': 'kind: GHES\n' },
        }),
      ),
    );
    expect(log).toContain('POST /api/graphql 200');
    expect(log).toContain('POST /api/v3/repos/platform/gitops/pulls 201');
    expect(res!.data).toMatchObject({ merged: true });
    expect(await readFile(sim, 'gitops', 'apps/ghes.yaml')).toBe(
      'kind: GHES\n',
    );
  });
});

describe('the real octokit client of publish:github:pull-request (no auto-merge)', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: fleet(false) });
  });
  afterAll(() => sim.close());

  it('an open pull request on the branch: refused without update, updated in place with update, then merged', async () => {
    const client = await backstageClient(sim);
    const first = await client.createPullRequest(
      pullRequest({
        title: 'Publish shop',
        body: 'v1',
        head: 'publish-app-shop',
        files: { 'apps/shop/app.yaml': 'v: 1\n' },
        commit: 'v1',
      }),
    );
    expect(first!.data).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
    });
    expect(await readFile(sim, 'gitops', 'apps/shop/app.yaml')).toBeUndefined();
    expect(
      await readFile(sim, 'gitops', 'apps/shop/app.yaml', 'publish-app-shop'),
    ).toBe('v: 1\n');

    await expect(
      client.createPullRequest(
        pullRequest({
          title: 'Publish shop',
          head: 'publish-app-shop',
          files: { 'apps/shop/app.yaml': 'v: 2\n' },
          commit: 'v2',
        }),
      ),
    ).rejects.toThrow(
      /Pull request already exists: https:\/\/github.com\/platform\/gitops\/pull\/1/,
    );

    const { result: second, log } = await withRequestLog(sim, () =>
      client.createPullRequest(
        pullRequest({
          title: 'Publish shop (v2)',
          body: 'v2',
          head: 'publish-app-shop',
          files: { 'apps/shop/app.yaml': 'v: 2\n' },
          commit: 'v2',
          update: true,
        }),
      ),
    );
    expect(log).toEqual(
      expect.arrayContaining([
        // the ref as octokit sends it: one percent-encoded segment
        'PATCH /repos/platform/gitops/git/refs/heads%2Fpublish-app-shop 200',
        'PATCH /repos/platform/gitops/pulls/1 200',
      ]),
    );
    expect(second!.data).toMatchObject({
      number: 1,
      title: 'Publish shop (v2)',
      body: 'v2',
      state: 'open',
    });
    expect(
      await readFile(sim, 'gitops', 'apps/shop/app.yaml', 'publish-app-shop'),
    ).toBe('v: 2\n');

    const merged = await client.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: 1,
    });
    expect(merged.data.merged).toBe(true);
    expect(await readFile(sim, 'gitops', 'apps/shop/app.yaml')).toBe('v: 2\n');
  });

  it('answers GraphQL queries and reports unknown repositories and fields as GitHub does', async () => {
    const client = await backstageClient(sim);
    const data: any = await client.graphql(
      `query ($owner: String!, $name: String!, $head: String!) {
        viewer { login }
        repository(owner: $owner, name: $name) {
          nameWithOwner
          defaultBranchRef { name target { ... on Commit { oid } } }
          ref(qualifiedName: $head) { name __typename associatedPullRequests(first: 5, states: [MERGED]) {
            totalCount nodes { number state headRefName } } }
          missing: ref(qualifiedName: "refs/heads/nope") { name }
          pullRequests(states: MERGED, first: 10) { nodes { ...pr } }
        }
      }
      fragment pr on PullRequest { number merged }`,
      {
        owner: 'platform',
        name: 'gitops',
        head: 'refs/heads/publish-app-shop',
      },
    );
    expect(data).toMatchObject({
      viewer: { login: 'fleet-simulator' },
      repository: {
        nameWithOwner: 'platform/gitops',
        defaultBranchRef: {
          name: 'main',
          target: {
            oid: sim.git!.repos.get('platform', 'gitops')!.branches.get('main'),
          },
        },
        ref: {
          name: 'publish-app-shop',
          __typename: 'Ref',
          associatedPullRequests: {
            totalCount: 1,
            nodes: [
              { number: 1, state: 'MERGED', headRefName: 'publish-app-shop' },
            ],
          },
        },
        missing: null,
        pullRequests: { nodes: [{ number: 1, merged: true }] },
      },
    });

    const notFound: any = await client
      .graphql('{ repository(owner: "platform", name: "nope") { id } }')
      .catch((e: any) => e);
    expect(notFound.name).toBe('GraphqlResponseError');
    expect(notFound.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        message:
          "Could not resolve to a Repository with the name 'platform/nope'.",
      }),
    ]);
    const badField: any = await client
      .graphql('{ repository(owner: "platform", name: "gitops") { stars } }')
      .catch((e: any) => e);
    expect(badField.errors[0].message).toBe(
      "Field 'stars' doesn't exist on type 'Repository'",
    );
    const syntax: any = await client
      .graphql('{ repository(')
      .catch((e: any) => e);
    expect(syntax.errors[0].message).toMatch(/^Parse error/);
  });
});
