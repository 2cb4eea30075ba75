/**
 * Test helpers shared by the Hub & Spoke packages (private). The entity cards' render setup is at
 * `@hub-spoke/test-utils/frontend`, so Node tests do not load React.
 *
 * @packageDocumentation
 */
export * from './manifests';
export * from './catalog';
export * from './repoRoot';
export * from './contracts';
export * from './hubSpoke';
export * from './https';
export * from './backend/authServices';
