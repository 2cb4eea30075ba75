/**
 * The demo portal's permission policy: everything is allowed, except what apply mode needs. Applying to a hub at once
 * (`hub-spoke.apply`) and seeing the template pages and steps tagged `hub-spoke-apply` (the scaffolder's
 * `scaffolder.template.parameter.read` / `scaffolder.template.step.read`) are for members of the platform team only.
 *
 * A demo, not a production policy: adopters bring their own (see the README's Security section for examples).
 */
import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createScaffolderTemplateConditionalDecision,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  hubSpokeApplyPermission,
  TEMPLATE_TAG_APPLY_MODE,
} from '@hub-spoke/plugin-hub-spoke-common';

/** The group whose members may apply to hubs at once. */
export const PLATFORM_TEAM = 'group:default/platform-team';

/** Allow-all, except apply mode: only for members of {@link PLATFORM_TEAM}. */
export class DemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (isPermission(permission, hubSpokeApplyPermission)) {
      return {
        result: (await this.isPlatformEngineer(user))
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (
      isPermission(permission, templateParameterReadPermission) ||
      isPermission(permission, templateStepReadPermission)
    ) {
      if (await this.isPlatformEngineer(user)) {
        return { result: AuthorizeResult.ALLOW };
      }
      // Every page and step of a template, except those tagged for apply mode.
      return createScaffolderTemplateConditionalDecision(permission, {
        not: scaffolderTemplateConditions.hasTag({
          tag: TEMPLATE_TAG_APPLY_MODE,
        }),
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }

  private async isPlatformEngineer(user?: PolicyQueryUser): Promise<boolean> {
    if (!user) return false;
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs.some(
      ref => ref.toLocaleLowerCase('en-US') === PLATFORM_TEAM,
    );
  }
}

/** Sets {@link DemoPermissionPolicy} as the permission backend's policy. */
export const permissionModuleDemoPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'hub-spoke-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DemoPermissionPolicy(userInfo));
      },
    });
  },
});
