/**
 * Who may do what, through the real scaffolder (dry-run API and real tasks) under the real permission backend with
 * a test policy (see ../__testUtils__/securedScaffolder.ts): the platform may do everything; a developer publishes to
 * aks-mgmt-hub's clusters only and never in apply mode (the module's permissions, asked with the task initiator's
 * credentials); an intern is kept from apply mode by the scaffolder's own action permission; automation calls with a
 * static external-access token, with and without access restrictions.
 */
import { kube, argo } from '../__testUtils__/simulator';
import {
  ALICE,
  AUTOMATION_TOKEN,
  DEV,
  INTERN,
  OFFBOARD_TEMPLATE,
  ONBOARD_TEMPLATE,
  PLATFORM_ADMIN,
  PUBLISH_TEMPLATE,
  RESTRICTED_TOKEN,
  useSecuredScaffolder,
} from '../__testUtils__/securedScaffolder';
import { filesOf, stepStatuses } from '../__testUtils__/scaffolderBackend';

jest.setTimeout(120_000);

const HUB = 'aks-mgmt-hub';
const APPS = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

/** A publish of `name` to aks-eu-prod-1 (a spoke of the allowed hub), pull request unless told. */
const publish = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  source: {
    repoURL: 'https://github.com/example/shop',
    path: 'deploy',
    targetRevision: 'main',
  },
  gitops: {
    repoURL: 'https://github.com/example/fleet',
    targetRevision: 'main',
  },
  targets: [{ cluster: 'aks-eu-prod-1' }],
  host: `${name}.apps.aks-eu-prod-1.example.com`,
  exposure: 'spoke',
  mode: 'pull-request',
  ...overrides,
});

/** An onboarding of a new AKS spoke onto `hub`. */
const onboard = (
  name: string,
  hub: string,
  overrides: Record<string, unknown> = {},
) => ({
  name,
  server: `https://${name}.example.com:443`,
  hub,
  auth: { type: 'azure', clientId: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c' },
  cidr: '10.77.0.0/16',
  owner: 'group:default/platform-team',
  mode: 'pull-request',
  ...overrides,
});

const APPLY_REFUSED =
  'You may not use mode apply: the permission policy denied hub-spoke.apply ' +
  '(mode pull-request proposes the same change for review)';

describe('the hub-spoke permissions through the real scaffolder', () => {
  const ctx = useSecuredScaffolder();

  /** The Application of `name` on aks-eu-prod-1, as the hub's Kubernetes API has it (404: never applied). */
  const applicationStatus = async (name: string) =>
    (await kube(ctx.sim, HUB, `${APPS}/${name}-aks-eu-prod-1`)).status;
  /** The clusters the hub's Argo CD knows. */
  const hubClusters = async (hub: string) =>
    (await argo(ctx.sim, hub, '/api/v1/clusters')).body.items.map(
      (c: { name: string }) => c.name,
    );

  describe('dry runs (POST /api/scaffolder/v2/dry-run)', () => {
    it('refuses apply mode to a developer, naming the missing permission, and returns no files', async () => {
      const res = await ctx.dryRunAs(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-dry-dev', { mode: 'apply' }),
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        name: 'NotAllowedError',
        message: APPLY_REFUSED,
      });
      expect(res.body.directoryContents).toBeUndefined();
      expect(await applicationStatus('sec-dry-dev')).toBe(404);
    });

    it('lets the same developer publish the same app in pull-request mode', async () => {
      const res = await ctx.dryRunAs(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-dry-dev'),
      );
      expect(res.status).toBe(200);
      expect(stepStatuses(res.body)).toEqual({ run: 'completed' });
      expect(Object.keys(filesOf(res.body))).toContain(
        'apps/sec-dry-dev/aks-eu-prod-1/application.yaml',
      );
    });

    it("refuses a publish to a cluster outside the developer's hub, named as typed, with or without its hub", async () => {
      const unnamed = await ctx.dryRunAs(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-us', {
          targets: [{ cluster: 'eks-us-prod-1' }],
          host: 'sec-us.apps.eks-us-prod-1.example.com',
        }),
      );
      expect(unnamed.status).toBe(403);
      expect(unnamed.body.error.message).toBe(
        'You may not publish to eks-us-prod-1: the permission policy denied hub-spoke.app.publish',
      );
      const named = await ctx.dryRunAs(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-us', {
          targets: [{ cluster: 'eks-us-prod-1', hub: 'eks-mgmt-hub' }],
          host: 'sec-us.apps.eks-us-prod-1.example.com',
        }),
      );
      expect(named.status).toBe(403);
      expect(named.body.error.message).toBe(
        'You may not publish to eks-mgmt-hub/eks-us-prod-1: the permission policy denied hub-spoke.app.publish',
      );
    });

    it('answers a cluster that does not exist like one the developer may not use: no hint of which clusters exist', async () => {
      const res = await ctx.dryRunAs(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-ghost', {
          targets: [{ cluster: 'eks-us-prod-9', hub: 'eks-mgmt-hub' }],
          host: 'sec-ghost.apps.eks-us-prod-9.example.com',
        }),
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You may not publish to eks-mgmt-hub/eks-us-prod-9: the permission policy denied hub-spoke.app.publish',
      );
      expect(JSON.stringify(res.body)).not.toMatch(
        /known spokes|eks-us-prod-1|aks-eu/,
      );
    });

    it('refuses onboarding onto, and offboarding from, a hub the developer may not change', async () => {
      const on = await ctx.dryRunAs(
        DEV,
        ONBOARD_TEMPLATE,
        onboard('eks-us-prod-7', 'eks-mgmt-hub'),
      );
      expect(on.status).toBe(403);
      expect(on.body.error.message).toBe(
        'You may not onboard a spoke onto eks-mgmt-hub: the permission policy denied hub-spoke.spoke.onboard',
      );
      const off = await ctx.dryRunAs(DEV, OFFBOARD_TEMPLATE, {
        name: 'eks-us-prod-1',
        hub: 'eks-mgmt-hub',
        mode: 'apply',
        force: true,
      });
      expect(off.status).toBe(403);
      expect(off.body.error.message).toBe(
        'You may not offboard eks-mgmt-hub/eks-us-prod-1: the permission policy denied hub-spoke.spoke.offboard. ' +
          'You may not use mode apply on eks-mgmt-hub: the permission policy denied hub-spoke.apply ' +
          '(mode pull-request proposes the same change for review)',
      );
      expect(await hubClusters('eks-mgmt-hub')).toContain('eks-us-prod-1');
    });

    it('allows apply mode to the platform admin and to a member of the platform group', async () => {
      for (const who of [PLATFORM_ADMIN, ALICE]) {
        const res = await ctx.dryRunAs(
          who,
          PUBLISH_TEMPLATE,
          publish('sec-dry-platform', {
            mode: 'apply',
            targets: [{ cluster: 'eks-us-prod-1' }],
            host: 'sec-dry-platform.apps.eks-us-prod-1.example.com',
          }),
        );
        expect({ who, status: res.status, error: res.body.error }).toEqual({
          who,
          status: 200,
          error: undefined,
        });
        expect(stepStatuses(res.body)).toEqual({ run: 'completed' });
      }
    });

    it("keeps an intern from apply mode with the scaffolder's own action permission (hasActionId + hasStringProperty)", async () => {
      const apply = await ctx.dryRunAs(
        INTERN,
        PUBLISH_TEMPLATE,
        publish('sec-intern', { mode: 'apply' }),
      );
      expect(apply.status).toBe(403);
      expect(apply.body.error).toEqual({
        name: 'NotAllowedError',
        message:
          'Unauthorized action: hub-spoke:app:publish. The action is not allowed.',
      });
      const pr = await ctx.dryRunAs(
        INTERN,
        PUBLISH_TEMPLATE,
        publish('sec-intern'),
      );
      expect(pr.status).toBe(200);
      const onboardApply = await ctx.dryRunAs(
        INTERN,
        ONBOARD_TEMPLATE,
        onboard('aks-eu-prod-7', HUB, { mode: 'apply' }),
      );
      expect(onboardApply.status).toBe(403);
      expect(onboardApply.body.error.message).toBe(
        'Unauthorized action: hub-spoke:spoke:onboard. The action is not allowed.',
      );
    });

    it('gives a service principal clear answers, never a 500: allowed without restrictions, refused by its access restrictions', async () => {
      const allowed = await ctx.dryRunAs(
        AUTOMATION_TOKEN,
        PUBLISH_TEMPLATE,
        publish('sec-automation', { mode: 'apply' }),
      );
      expect({ status: allowed.status, error: allowed.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      // A static token's credentials carry no token, so the dry run's backstageToken secret is undefined: this was
      // HTTP 500 "TypeError: Cannot read properties of undefined (reading 'length')" from the credential check.
      const onboarding = await ctx.dryRunAs(
        AUTOMATION_TOKEN,
        ONBOARD_TEMPLATE,
        onboard('aks-eu-prod-7', HUB),
      );
      expect({
        status: onboarding.status,
        error: onboarding.body.error,
      }).toEqual({ status: 200, error: undefined });
      const restricted = await ctx.dryRunAs(
        RESTRICTED_TOKEN,
        PUBLISH_TEMPLATE,
        publish('sec-restricted', { mode: 'apply' }),
      );
      expect(restricted.status).toBe(403);
      expect(restricted.body.error).toEqual({
        name: 'NotAllowedError',
        message:
          'You may not use mode apply: the access restrictions of automation-restricted do not include ' +
          'hub-spoke.apply (mode pull-request proposes the same change for review)',
      });
      const pr = await ctx.dryRunAs(
        RESTRICTED_TOKEN,
        PUBLISH_TEMPLATE,
        publish('sec-restricted'),
      );
      expect(pr.status).toBe(200);
      // hub-spoke.spoke.onboard is not among its permissions either.
      const restrictedOnboarding = await ctx.dryRunAs(
        RESTRICTED_TOKEN,
        ONBOARD_TEMPLATE,
        onboard('aks-eu-prod-7', HUB),
      );
      expect(restrictedOnboarding.status).toBe(403);
      expect(restrictedOnboarding.body.error.message).toBe(
        `You may not onboard a spoke onto ${HUB}: the access restrictions of automation-restricted do not include hub-spoke.spoke.onboard`,
      );
    });
  });

  describe('real tasks (POST /api/scaffolder/v2/tasks)', () => {
    it("fails a developer's apply-mode task with the refusal in its events, and applies nothing", async () => {
      const clustersBefore = await hubClusters(HUB);
      const published = await ctx.runTask(
        DEV,
        PUBLISH_TEMPLATE,
        publish('sec-task-dev', { mode: 'apply' }),
      );
      expect(published.status).toBe('failed');
      expect(published.messages.join('\n')).toContain(APPLY_REFUSED);
      expect(await applicationStatus('sec-task-dev')).toBe(404);

      const onboarded = await ctx.runTask(
        DEV,
        ONBOARD_TEMPLATE,
        onboard('aks-eu-prod-7', HUB, { mode: 'apply' }),
      );
      expect(onboarded.status).toBe('failed');
      expect(onboarded.messages.join('\n')).toContain(
        `You may not use mode apply on ${HUB}: the permission policy denied hub-spoke.apply`,
      );
      expect(await hubClusters(HUB)).toEqual(clustersBefore);
    });

    it("runs the platform admin's apply-mode task: the Application is on the hub", async () => {
      const run = await ctx.runTask(
        PLATFORM_ADMIN,
        PUBLISH_TEMPLATE,
        publish('sec-task-admin', { mode: 'apply' }),
      );
      expect(run).toEqual({ status: 'completed', messages: expect.any(Array) });
      expect(await applicationStatus('sec-task-admin')).toBe(200);
    });

    it('runs an onboarding task started with a static token (a task without a backstageToken secret)', async () => {
      const run = await ctx.runTask(
        AUTOMATION_TOKEN,
        ONBOARD_TEMPLATE,
        onboard('aks-eu-prod-8', HUB, { cidr: '10.78.0.0/16' }),
      );
      expect(run.messages.join('\n')).not.toMatch(/TypeError|reading 'length'/);
      expect(run.status).toBe('completed');
    });

    it("fails a restricted service principal's apply-mode task with its access restriction named, and applies nothing", async () => {
      const run = await ctx.runTask(
        RESTRICTED_TOKEN,
        PUBLISH_TEMPLATE,
        publish('sec-task-restricted', { mode: 'apply' }),
      );
      expect(run.status).toBe('failed');
      expect(run.messages.join('\n')).toContain(
        'You may not use mode apply: the access restrictions of automation-restricted do not include hub-spoke.apply',
      );
      expect(await applicationStatus('sec-task-restricted')).toBe(404);
    });
  });
});
