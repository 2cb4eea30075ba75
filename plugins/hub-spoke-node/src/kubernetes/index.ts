export { kubernetesStatusMessage, toBackstageError } from './errors';
export type { ToBackstageErrorOptions } from './errors';
