/** The platform's policy for the actions (`hubSpoke.scaffolder`): its reader, its defaults and its checks. */
export {
  DEFAULT_EXEC_COMMANDS,
  DEFAULT_REMOTE_REF_KEY_PREFIX,
  readScaffolderPolicies,
} from './readPolicy';
export type {
  ScaffolderPolicies,
  ScaffolderPolicy,
  ScaffolderPolicyKey,
} from './readPolicy';
export type { ExecForm } from './match';
export { checkOnboardPolicy, checkPublishPolicy } from './checks';
