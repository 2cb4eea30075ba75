/**
 * Scaffolder actions that onboard spokes to an Argo CD hub and offboard them.
 *
 * @packageDocumentation
 */
export * from './actions';
export * from './ids';
export * from './policy';
export * as manifests from './manifests';
export { scaffolderModuleHubSpoke as default } from './module';
