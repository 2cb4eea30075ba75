/**
 * Test helpers for the Hub & Spoke frontend (React, msw): a fake hub-spoke backend on msw and rendering in
 * Backstage's test app with apis and an entity. A subpath of its own (`@hub-spoke/test-utils/frontend`), so that
 * Node tests do not load React.
 *
 * @packageDocumentation
 */
export * from './fetchStates';
export * from './hubSpokeServer';
export * from './renderWithApis';
export * from './screenSize';
