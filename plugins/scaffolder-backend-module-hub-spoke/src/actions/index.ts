export {
  createOnboardSpokeAction,
  validateOnboardInput,
  SPOKE_FILES,
} from './onboardSpoke';
export type { HubSpokeActionOptions, OnboardRequest } from './onboardSpoke';
export { createOffboardSpokeAction } from './offboardSpoke';
export {
  createPublishAppAction,
  validatePublishInput,
  resolvePublish,
} from './publishApp';
export type { PublishRequest } from './publishApp';
