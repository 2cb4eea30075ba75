/**
 * The real scaffolder under a real permission backend: the scaffolder plugin, this module, the hub-spoke backend
 * plugin on the simulated fleet, @backstage/plugin-permission-backend with a test policy (below), and static
 * external-access tokens for automation. Calls go over HTTP as a user (mock user tokens) or a service principal
 * (a static token), through the dry-run API or as real tasks.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  scaffolderPermissions,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  ACTION_APP_PUBLISH,
  HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
  hubSpokeApplyPermission,
  hubSpokeClusterReadPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createHubSpokeClusterConditionalDecision,
  hubSpokeClusterConditions,
} from '@hub-spoke/plugin-hub-spoke-backend';
import { testAuthServiceFactories } from '@hub-spoke/test-utils';
import request from 'supertest';
import { ACTION_SPOKE_OFFBOARD, ACTION_SPOKE_ONBOARD } from '../ids';
import { ScaffolderBackend, useScaffolderBackend } from './scaffolderBackend';

export const PLATFORM_GROUP = 'group:default/platform-team';
/** Allowed everything by name. */
export const PLATFORM_ADMIN = 'user:default/platform-admin';
/** Allowed everything as a member of the platform group. */
export const ALICE = 'user:default/alice';
/** A developer: publishes to aks-mgmt-hub's clusters only, never in apply mode (the module's permissions). */
export const DEV = 'user:default/dev';
/** An intern: as DEV, and the scaffolder's own action permission keeps hub-spoke:* in mode apply from them. */
export const INTERN = 'user:default/intern';
export const INTERNS_GROUP = 'group:default/interns';

/** The one hub non-platform users may publish to. */
export const ALLOWED_HUB = 'aks-mgmt-hub';

/** A static external-access token without restrictions (automation that may do what a platform user may). */
export const AUTOMATION_TOKEN = 'automation-token-0123456789';
/** A static token restricted to the scaffolder's permissions and hub-spoke.app.publish: no hub-spoke.apply. */
export const RESTRICTED_TOKEN = 'restricted-token-0123456789';
export const RESTRICTED_SUBJECT = 'automation-restricted';

/** The header of a user or of a static token. */
export const as = (who: string) =>
  who.startsWith('user:') ? mockCredentials.user.header(who) : `Bearer ${who}`;

/**
 * The test policy: the platform (PLATFORM_ADMIN, or a member of PLATFORM_GROUP) may do everything. Others: no
 * hub-spoke.apply; hub-spoke.app.publish, hub-spoke.spoke.onboard and hub-spoke.spoke.offboard only on the clusters of
 * ALLOWED_HUB (a conditional decision the hub-spoke backend evaluates on the one cluster asked); everything else
 * allowed. Members of INTERNS_GROUP are moreover kept from running any hub-spoke action with `mode: apply` by the
 * scaffolder's own action permission (hasActionId + hasStringProperty), the Backstage-only way to say it.
 */
export class TestPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = query;
    const refs = user?.info.ownershipEntityRefs ?? [];
    if (
      user?.info.userEntityRef === PLATFORM_ADMIN ||
      refs.includes(PLATFORM_GROUP)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      refs.includes(INTERNS_GROUP) &&
      isPermission(permission, actionExecutePermission)
    ) {
      return createScaffolderActionConditionalDecision(permission, {
        not: {
          allOf: [
            {
              anyOf: [
                scaffolderActionConditions.hasActionId({
                  actionId: ACTION_SPOKE_ONBOARD,
                }),
                scaffolderActionConditions.hasActionId({
                  actionId: ACTION_SPOKE_OFFBOARD,
                }),
                scaffolderActionConditions.hasActionId({
                  actionId: ACTION_APP_PUBLISH,
                }),
              ],
            },
            scaffolderActionConditions.hasStringProperty({
              key: 'mode',
              value: 'apply',
            }),
          ],
        },
      });
    }
    if (isPermission(permission, hubSpokeApplyPermission)) {
      return { result: AuthorizeResult.DENY };
    }
    if (
      isResourcePermission(permission, HUB_SPOKE_CLUSTER_RESOURCE_TYPE) &&
      !isPermission(permission, hubSpokeClusterReadPermission)
    ) {
      return createHubSpokeClusterConditionalDecision(
        permission,
        hubSpokeClusterConditions.isInHub({ hubs: [ALLOWED_HUB] }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const testPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'hub-spoke-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new TestPolicy());
      },
    });
  },
});

/** A template with one step running `action` with the parameters `keys` as its input. */
export function actionTemplate(
  name: string,
  action: string,
  keys: string[],
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', title: `Run ${action}` },
    spec: {
      type: 'service',
      owner: PLATFORM_GROUP,
      parameters: [],
      steps: [
        {
          id: 'run',
          name: `Run ${action}`,
          action,
          input: Object.fromEntries(
            keys.map(k => [k, `\${{ parameters.${k} }}`]),
          ),
        },
      ],
    },
  };
}

export const PUBLISH_TEMPLATE = actionTemplate(
  'hub-spoke-publish',
  ACTION_APP_PUBLISH,
  ['name', 'source', 'gitops', 'targets', 'host', 'exposure', 'mode'],
);
export const ONBOARD_TEMPLATE = actionTemplate(
  'hub-spoke-onboard',
  ACTION_SPOKE_ONBOARD,
  ['name', 'server', 'hub', 'auth', 'cidr', 'owner', 'mode'],
);
export const OFFBOARD_TEMPLATE = actionTemplate(
  'hub-spoke-offboard',
  ACTION_SPOKE_OFFBOARD,
  ['name', 'hub', 'mode', 'force'],
);

export interface TaskRun {
  status: string;
  /** The messages of the task's log and completion events. */
  messages: string[];
}

export interface SecuredScaffolder extends ScaffolderBackend {
  /** POST /api/scaffolder/v2/dry-run as `who` (a user entity ref or a static token). */
  dryRunAs(
    who: string,
    template: Entity,
    values: Record<string, unknown>,
    secrets?: Record<string, string>,
  ): request.Test;
  /** POST /api/scaffolder/v2/tasks as `who`, then polls the task until it completes or fails, with its events. */
  runTask(
    who: string,
    template: Entity,
    values: Record<string, unknown>,
    secrets?: Record<string, string>,
  ): Promise<TaskRun>;
}

/** The backend for a test file (started before its tests, stopped after). */
export function useSecuredScaffolder(): SecuredScaffolder {
  const ctx = useScaffolderBackend({
    entities: [PUBLISH_TEMPLATE, ONBOARD_TEMPLATE, OFFBOARD_TEMPLATE],
    features: [
      permissionPlugin,
      testPolicyModule,
      ...testAuthServiceFactories({
        ownership: {
          [ALICE]: [PLATFORM_GROUP],
          [INTERN]: [INTERNS_GROUP],
        },
      }),
    ],
    config: () => ({
      permission: { enabled: true },
      backend: {
        baseUrl: 'http://localhost:0',
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: AUTOMATION_TOKEN, subject: 'automation' },
            },
            {
              type: 'static',
              options: { token: RESTRICTED_TOKEN, subject: RESTRICTED_SUBJECT },
              accessRestrictions: [
                {
                  plugin: 'scaffolder',
                  permission: [
                    ...scaffolderPermissions.map(p => p.name),
                    'hub-spoke.app.publish',
                  ],
                },
                { plugin: 'catalog' },
                { plugin: 'hub-spoke' },
              ],
            },
          ],
        },
      },
    }),
  }) as SecuredScaffolder;

  ctx.dryRunAs = (who, template, values, secrets = {}) =>
    request(ctx.backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', as(who))
      .send({ template, values, secrets, directoryContents: [] });

  ctx.runTask = async (who, template, values, secrets = {}) => {
    const created = await request(ctx.backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', as(who))
      .send({
        templateRef: `template:default/${template.metadata.name}`,
        values,
        secrets,
      });
    if (created.status !== 201) {
      throw new Error(
        `task not created: ${created.status} ${JSON.stringify(created.body)}`,
      );
    }
    const id = created.body.id;
    for (let i = 0; ; i++) {
      const task = await request(ctx.backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('authorization', as(who));
      const status = task.body?.status;
      if (status === 'completed' || status === 'failed') {
        const events = await request(ctx.backend.server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('authorization', as(who));
        return {
          status,
          messages: (events.body as Array<{ body: { message?: string } }>)
            .map(e => e.body.message ?? '')
            .filter(Boolean),
        };
      }
      if (i === 300) throw new Error(`task ${id} still ${status}`);
      await new Promise(r => setTimeout(r, 100));
    }
  };
  return ctx;
}
