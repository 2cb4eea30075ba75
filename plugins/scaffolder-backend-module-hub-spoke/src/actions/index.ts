export { createOnboardSpokeAction } from './onboardSpoke';
export { validateOnboardInput } from '../onboard/validate';
export type { OnboardRequest } from '../onboard/validate';
export { SPOKE_FILES } from '../onboard/plan';
export type { HubSpokeActionOptions } from './options';
export { createOffboardSpokeAction } from './offboardSpoke';
export { createPublishAppAction } from './publishApp';
export { validatePublishInput } from '../publish/validate';
export type {
  PublishRequest,
  RequestedTarget as PublishRequestTarget,
} from '../publish/validate';
export type { Mode as HubSpokeActionMode } from '../input/rules';
export { resolvePublish } from '../publish/resolve';
export { topologyViews } from '../topology/views';
export type { TopologyViews } from '../topology/views';
