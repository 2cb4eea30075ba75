import fs from 'node:fs';
import path from 'node:path';
import { spec } from './openapi.generated';

/** The generation shared with scripts/generate-openapi.mjs (CommonJS, so jest and plain Node both load it). */
const {
  ROOT,
  SOURCE,
  BACKEND_SPEC,
  COMMON_TYPES,
  readDocument,
  generateOpenApiFiles,
  valuesConstName,
  // eslint-disable-next-line @backstage/no-relative-monorepo-imports
} = require('../../../../scripts/openapi/generate.cjs');

describe('openapi.yaml and its generated files', () => {
  it('the checked-in generated files are what openapi.yaml generates', async () => {
    const files: Array<{ file: string; text: string }> =
      await generateOpenApiFiles(ROOT);
    expect(files.map(f => f.file)).toEqual([BACKEND_SPEC, COMMON_TYPES]);
    for (const { file, text } of files) {
      const target = path.join(ROOT, file);
      const current = fs.existsSync(target)
        ? fs.readFileSync(target, 'utf8')
        : '';
      if (current !== text) {
        throw new Error(
          `${file} is out of date with ${SOURCE}: run npm run generate:openapi`,
        );
      }
    }
  }, 60_000);

  it('the spec the router uses is the document, not a copy of it', () => {
    expect(spec).toEqual(readDocument(ROOT));
  });

  it('names the enum value arrays after their schemas', () => {
    expect(valuesConstName('HealthStatus')).toBe('HEALTH_STATUSES');
    expect(valuesConstName('SyncStatus')).toBe('SYNC_STATUSES');
    expect(valuesConstName('ApiStatus')).toBe('API_STATUSES');
    expect(valuesConstName('ClusterRole')).toBe('CLUSTER_ROLES');
  });
});
