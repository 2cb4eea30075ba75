#!/usr/bin/env node
/*
 * npm run test:contracts: the contract suite. Every *.contract.test.ts file of every package, validating what the
 * project emits and serves against the upstream schemas (Argo CD swagger and CRDs, Kubernetes core/v1 OpenAPI, Istio,
 * Gateway API and cert-manager CRDs). Those schemas are not part of the repository: they are read from
 * ../shared/schemas beside it, or from $HUB_SPOKE_SHARED_SCHEMAS. `npm test` does not need them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemas =
  process.env.HUB_SPOKE_SHARED_SCHEMAS ??
  path.resolve(root, '../shared/schemas');

if (!fs.existsSync(path.join(schemas, 'argo-cd/api/swagger.json'))) {
  console.error(
    `npm run test:contracts needs the upstream schemas at ${schemas}: put the shared/ folder beside the ` +
      'repository (../shared/schemas) or set HUB_SPOKE_SHARED_SCHEMAS to a folder with the same layout. ' +
      'They are not part of the repository; `npm test` runs without them.',
  );
  process.exit(2);
}

const result = spawnSync(
  'npx',
  [
    'backstage-cli',
    'repo',
    'test',
    // npm test leaves *.contract.test.ts out (root package.json jest.testPathIgnorePatterns); this run takes only them.
    '--testMatch',
    '**/*.contract.test.ts',
    '--testPathIgnorePatterns',
    '/node_modules/',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true', HUB_SPOKE_SHARED_SCHEMAS: schemas },
  },
);
process.exit(result.status ?? 1);
