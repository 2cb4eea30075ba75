/**
 * A started backend for dry runs of the templates: the real scaffolder plugin, this module, and the real hub-spoke
 * backend plugin serving the live topology of the simulated default fleet (test only).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import hubSpokePlugin from '@hub-spoke/plugin-hub-spoke-backend';
import {
  FleetSimulator,
  defaultFleetPath,
  loadFleetFile,
  startFleetSimulator,
} from '@hub-spoke/fleet-simulator';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { repoRoot } from '@hub-spoke/test-utils';
import scaffolderModuleHubSpoke from '..';
import { withDemoPolicy } from './policy';

export interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

export interface DryRunResponse {
  log: Array<{ body: { message: string; stepId?: string; status?: string } }>;
  directoryContents: DryRunFile[];
  output: Record<string, any>;
  steps: Array<{ id: string; action: string }>;
}

/** A template of templates/, parsed. */
export const loadTemplate = (name: string) =>
  parse(
    fs.readFileSync(
      path.join(repoRoot(), 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );

/** The last status the dry run's log reports for each step. */
export const stepStatuses = (body: DryRunResponse): Record<string, string> =>
  Object.fromEntries(
    body.log
      .filter(l => l.body.stepId && l.body.status)
      .map(l => [l.body.stepId!, l.body.status!]),
  );

/** The returned files by path, decoded. */
export const filesOf = (body: DryRunResponse): Record<string, string> =>
  Object.fromEntries(
    body.directoryContents.map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );

/** What a file's backend has besides the defaults (all optional). */
export interface ScaffolderBackendOptions {
  /** Features and service factories added to the backend, e.g. the permission backend and a test policy. */
  features?: BackendFeature[];
  /** App config over the simulator's: `hubSpoke` keys merge over its `hubSpoke` (hubs, demo policy), others replace. */
  config?: (sim: FleetSimulator) => JsonObject;
  /** Entities of the (mock) catalog, e.g. the templates tasks are started from. */
  entities?: Entity[];
}

export interface ScaffolderBackend {
  sim: FleetSimulator;
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  dryRun(
    template: unknown,
    values: Record<string, unknown>,
    secrets?: Record<string, string>,
  ): request.Test;
}

/** Starts the fleet and the backend before the file's tests (waiting for both hubs' topology) and stops them after. */
export function useScaffolderBackend(
  options: ScaffolderBackendOptions = {},
): ScaffolderBackend {
  const ctx = {} as ScaffolderBackend;
  beforeAll(async () => {
    ctx.sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
      basePort: 0,
    });
    const base = withDemoPolicy(ctx.sim.backstageConfig());
    const extra = options.config?.(ctx.sim) ?? {};
    ctx.backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleHubSpoke,
        hubSpokePlugin,
        catalogServiceMock.factory({ entities: options.entities ?? [] }),
        mockServices.rootConfig.factory({
          data: {
            ...base,
            backend: { baseUrl: 'http://localhost:0' },
            ...extra,
            hubSpoke: {
              ...base.hubSpoke,
              ...((extra.hubSpoke as JsonObject | undefined) ?? {}),
            },
          },
        }),
        ...(options.features ?? []),
      ],
    });
    for (let i = 0; ; i++) {
      const res = await request(ctx.backend.server)
        .get('/api/hub-spoke/topology')
        .set('authorization', mockCredentials.user.header());
      const hubs = res.body?.hubs ?? [];
      if (hubs.length === 2 && hubs.every((h: any) => h.status === 'ok')) break;
      if (i === 50) throw new Error(`topology not ready: ${res.text}`);
      await new Promise(r => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await ctx.backend?.stop();
    await ctx.sim?.close();
  });
  ctx.dryRun = (template, values, secrets = {}) =>
    request(ctx.backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', mockCredentials.user.header())
      .send({ template, values, secrets, directoryContents: [] });
  return ctx;
}
