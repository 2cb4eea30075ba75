/**
 * The simulated GitHub over real HTTP: the exact call sequence of octokit-plugin-create-pull-request (what
 * Backstage's publish:github:pull-request runs), merging, GitHub's error bodies, and the admin API.
 */
import { createHash } from 'node:crypto';
import { startAdminServer } from '../admin';
import { parseFleet } from '../fleet/parse';
import { FleetSimulator, startFleetSimulator } from '../server';
import {
  createPullRequestAsOctokitPlugin,
  expectOk,
  Gh,
  githubClient,
  githubFleet,
  mergePullRequest,
} from '../__testUtils__/github';
import { expectAnswer } from '../__testUtils__/http';

/* eslint-disable @typescript-eslint/no-explicit-any */

const fleet = (autoMerge: boolean) =>
  githubFleet(autoMerge, { 'apps/a.yaml': 'kind: A\n' });

const gitBlobSha = (text: string) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest('hex');

describe('simulated GitHub', () => {
  let sim: FleetSimulator;
  let gh: Gh;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: fleet(false) });
    gh = githubClient(sim);
  });
  afterAll(() => sim.close());

  /** A file of platform/gitops on a branch, as the contents API answers it (JSON, content base64-encoded). */
  const content = (path: string, ref: string) =>
    gh('GET', `/repos/platform/gitops/contents/${path}?ref=${ref}`);
  /** Opens a pull request on platform/gitops without the plugin: GitHub's refusal (422), its first error. */
  const refusedPullRequest = async (body: Record<string, string>) => {
    const res = await gh('POST', '/repos/platform/gitops/pulls', body);
    expect(res.status).toBe(422);
    return res.body.errors[0];
  };

  it('is served on loopback over plain HTTP and configured for Backstage', () => {
    expect(sim.git!.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.backstageConfig().integrations).toEqual({
      github: [
        {
          host: 'github.com',
          apiBaseUrl: sim.git!.apiBaseUrl,
          token: 'gh-test-token',
        },
      ],
    });
  });

  it('answers a repository as octokit-plugin-create-pull-request needs it', async () => {
    const res = await gh('GET', '/repos/platform/gitops');
    expectAnswer(res, 200, {
      name: 'gitops',
      full_name: 'platform/gitops',
      default_branch: 'main',
      html_url: 'https://github.com/platform/gitops',
      permissions: { push: true },
    });
  });

  it('opens a pull request through the plugin’s calls; the branch has the files, the base does not', async () => {
    const pr = await createPullRequestAsOctokitPlugin(gh, {
      base: 'main',
      head: 'publish-app-shop',
      title: 'Publish shop',
      body: 'Deploys shop',
      files: {
        'apps/shop/routes/virtualservice.yaml': 'kind: VirtualService\n',
        'apps/shop/catalog-info.yaml': 'kind: Component\n',
      },
    });
    expectOk(pr, 201);
    expect(pr.body).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
      html_url: 'https://github.com/platform/gitops/pull/1',
      base: { ref: 'main' },
      head: { ref: 'publish-app-shop' },
      title: 'Publish shop',
    });
    const onBranch = await content(
      'apps/shop/routes/virtualservice.yaml',
      'publish-app-shop',
    );
    expect(onBranch.status).toBe(200);
    expect(Buffer.from(onBranch.body.content, 'base64').toString()).toBe(
      'kind: VirtualService\n',
    );
    // Git's own object ids.
    expect(onBranch.body.sha).toBe(gitBlobSha('kind: VirtualService\n'));
    const onMain = await content(
      'apps/shop/routes/virtualservice.yaml',
      'main',
    );
    expect(onMain.status).toBe(404);
  });

  it('merges with a merge commit; the base then has the files (raw too); a second merge is refused', async () => {
    const merged = await mergePullRequest(gh, 1);
    expectOk(merged, 200);
    expect(merged.body).toMatchObject({ merged: true });
    const [head] = (
      await gh('GET', '/repos/platform/gitops/commits?sha=main&per_page=1')
    ).body;
    expect(head.sha).toBe(merged.body.sha);
    expect(head.parents).toHaveLength(2);
    expect(head.commit.message).toMatch(
      /^Merge pull request #1 from platform\/publish-app-shop/,
    );
    const raw = await gh(
      'GET',
      '/repos/platform/gitops/contents/apps/shop/catalog-info.yaml?ref=main',
      undefined,
      { accept: 'application/vnd.github.v3.raw' },
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toBe('kind: Component\n');
    const pr = await gh('GET', '/repos/platform/gitops/pulls/1');
    expect(pr.body).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.body.sha,
    });
    expectAnswer(await mergePullRequest(gh, 1), 405, {
      message: 'Pull Request is not mergeable',
    });
  });

  it('answers 404 with GitHub’s body for an unknown repository (a pull request there fails)', async () => {
    const res = await createPullRequestAsOctokitPlugin(gh, {
      repo: 'nope',
      head: 'x',
      files: { a: 'b' },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  });

  it('answers 401 "Bad credentials" to a wrong or missing token', async () => {
    const wrong = await githubClient(sim, 'not-the-token')(
      'GET',
      '/repos/platform/gitops',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Bad credentials');
    const none = await fetch(`${sim.git!.apiBaseUrl}/repos/platform/gitops`);
    expect(none.status).toBe(401);
  });

  it('refuses an existing branch, a pull request without commits and a duplicate one (422)', async () => {
    const again = await createPullRequestAsOctokitPlugin(gh, {
      head: 'publish-app-shop',
      title: 'again',
      files: { 'x.yaml': 'x: 1\n' },
    });
    expectAnswer(again, 422, { message: 'Reference already exists' });

    const main = (await gh('GET', '/repos/platform/gitops/git/ref/heads/main'))
      .body.object.sha;
    expectOk(
      await gh('POST', '/repos/platform/gitops/git/refs', {
        ref: 'refs/heads/empty',
        sha: main,
      }),
      201,
    );
    expect(
      await refusedPullRequest({
        head: 'empty',
        base: 'main',
        title: 'nothing',
      }),
    ).toMatchObject({ message: 'No commits between main and empty' });

    expectOk(
      await createPullRequestAsOctokitPlugin(gh, {
        head: 'dup',
        files: { 'dup.yaml': 'a: 1\n' },
      }),
      201,
    );
    expect(
      await refusedPullRequest({
        head: 'platform:dup',
        base: 'main',
        title: 'dup',
      }),
    ).toMatchObject({
      message: 'A pull request already exists for platform:dup.',
    });

    expect(
      await refusedPullRequest({ head: 'dup', base: 'nope', title: 'x' }),
    ).toMatchObject({ field: 'base', code: 'invalid' });
  });

  it('refuses to merge a pull request whose file changed on the base meanwhile', async () => {
    const open = (head: string, shared: string) =>
      createPullRequestAsOctokitPlugin(gh, {
        head,
        files: { 'shared.yaml': shared },
      });
    const first = await open('conflict-1', 'v: 1\n');
    const second = await open('conflict-2', 'v: 2\n');
    expectOk(await mergePullRequest(gh, first.body.number), 200);
    const res = await mergePullRequest(gh, second.body.number);
    expect(res.status).toBe(405);
    const pr = await gh(
      'GET',
      `/repos/platform/gitops/pulls/${second.body.number}`,
    );
    expect(pr.body.state).toBe('open');
  });

  it('seeds declared files on the declared default branch', async () => {
    const repo = await gh('GET', '/repos/platform/seeded');
    expect(repo.body.default_branch).toBe('trunk');
    const folder = await gh('GET', '/repos/platform/seeded/contents/apps');
    expect(folder.body.map((e: any) => e.name)).toEqual(['a.yaml']);
    const tree = await gh(
      'GET',
      `/repos/platform/seeded/git/trees/${
        (
          await gh('GET', '/repos/platform/seeded/commits?per_page=1')
        ).body[0].commit.tree.sha
      }?recursive=1`,
    );
    expect(tree.body.tree.map((e: any) => e.path)).toEqual([
      'README.md',
      'apps',
      'apps/a.yaml',
    ]);
  });

  it('deletes files with a null sha in a tree', async () => {
    const pr = await createPullRequestAsOctokitPlugin(gh, {
      head: 'delete-catalog',
      title: 'rm',
      files: { 'apps/shop/catalog-info.yaml': null },
    });
    expectOk(pr, 201);
    const gone = await content('apps/shop/catalog-info.yaml', 'delete-catalog');
    expect(gone.status).toBe(404);
    const kept = await content(
      'apps/shop/routes/virtualservice.yaml',
      'delete-catalog',
    );
    expect(kept.status).toBe(200);
  });

  describe('admin API', () => {
    let admin: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      admin = await startAdminServer(sim, 0);
    });
    afterAll(() => admin.close());

    it('lists open pull requests and merges one', async () => {
      const open = await (await fetch(`${admin.url}/git/pulls`)).json();
      const pr = open.find((p: any) => p.head === 'dup');
      expect(pr).toMatchObject({
        repository: 'platform/gitops',
        state: 'open',
        merged: false,
      });
      const res = await fetch(
        `${admin.url}/git/repos/platform/gitops/pulls/${pr.number}/merge`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        number: pr.number,
        merged: true,
      });
      const closed = await (
        await fetch(`${admin.url}/git/pulls?state=closed`)
      ).json();
      expect(closed.map((p: any) => p.head)).toContain('dup');
    });

    it.each([
      ['pull request', 'platform/gitops/pulls/99'],
      ['repository', 'platform/nope/pulls/1'],
    ])('answers 404 for an unknown %s', async (_, pull) => {
      const res = await fetch(`${admin.url}/git/repos/${pull}/merge`, {
        method: 'POST',
      });
      expect(res.status).toBe(404);
    });

    it('creates a repository once', async () => {
      const body = JSON.stringify({ name: 'team/new' });
      const created = await fetch(`${admin.url}/git/repos`, {
        method: 'POST',
        body,
      });
      expect(created.status).toBe(201);
      expect((await gh('GET', '/repos/team/new')).status).toBe(200);
      expect(
        (await fetch(`${admin.url}/git/repos`, { method: 'POST', body }))
          .status,
      ).toBe(409);
    });
  });
});

describe('simulated GitHub with autoMerge', () => {
  let sim: FleetSimulator;
  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: fleet(true) });
  });
  afterAll(() => sim.close());

  it('merges a pull request as soon as it is opened', async () => {
    const gh = githubClient(sim);
    const pr = await createPullRequestAsOctokitPlugin(gh, {
      head: 'auto',
      files: { 'auto.yaml': 'a: 1\n' },
    });
    expectOk(pr, 201);
    expect(pr.body).toMatchObject({ state: 'closed', merged: true });
    const file = await gh('GET', '/repos/platform/gitops/contents/auto.yaml');
    expect(file.status).toBe(200);
  });
});

describe('fleet file', () => {
  it('rejects a repository that is not <owner>/<name>', () => {
    expect(() =>
      parseFleet(
        'git: { repositories: [gitops] }\nhubs: [{ name: h }]',
        'x.yaml',
      ),
    ).toThrow(
      'x.yaml: git.repositories[0].name: expected <owner>/<repository>, got "gitops"',
    );
  });
  it('has no Git host unless declared', async () => {
    const sim = await startFleetSimulator({
      fleet: parseFleet('hubs: [{ name: h }]'),
    });
    try {
      expect(sim.git).toBeUndefined();
      expect(sim.backstageConfig().integrations).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});
