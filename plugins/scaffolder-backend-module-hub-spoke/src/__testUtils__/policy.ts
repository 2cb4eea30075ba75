/**
 * The scaffolder policy the tests run under: the demo portal's (`hubSpoke.scaffolder` of the repository's
 * app-config.yaml), so that the tests of the templates, the examples and the actions show that the demo keeps
 * working under it.
 */
import { JsonObject } from '@backstage/types';
import { repoRoot } from '@hub-spoke/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

let demo: JsonObject | undefined;

/** `hubSpoke.scaffolder` of app-config.yaml. */
export function demoPolicy(): JsonObject {
  demo ??= parse(
    fs.readFileSync(path.join(repoRoot(), 'app-config.yaml'), 'utf8'),
  ).hubSpoke.scaffolder as JsonObject;
  return structuredClone(demo);
}

/** An app config (JSON) with the demo policy added under hubSpoke.scaffolder (keys of its own win). */
export function withDemoPolicy<T extends { hubSpoke?: object }>(config: T): T {
  return {
    ...config,
    hubSpoke: { scaffolder: demoPolicy(), ...(config.hubSpoke ?? {}) },
  };
}
