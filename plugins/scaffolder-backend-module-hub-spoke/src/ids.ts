/** Ids of this module. The action ids live in @hub-spoke/plugin-hub-spoke-common, where ids are chosen once. */
export {
  ACTION_SPOKE_ONBOARD,
  ACTION_SPOKE_OFFBOARD,
  ACTION_APP_PUBLISH,
  ADDON_LABEL_PREFIX,
} from '@hub-spoke/plugin-hub-spoke-common';
/** The field manager of every server-side apply of this module. @public */
export const FIELD_MANAGER = 'hub-spoke-scaffolder';
/** The label that makes a Secret an Argo CD cluster. @public */
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
/** The secret (ctx.secrets key) that carries a spoke's bearer token. @public */
export const SPOKE_TOKEN_SECRET = 'spokeToken';
