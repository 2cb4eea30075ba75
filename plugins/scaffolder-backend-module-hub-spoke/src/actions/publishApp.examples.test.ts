/**
 * Every documented example of hub-spoke:app:publish, run as written against a topology like the default fleet's.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { runPublishExample } from '../__testUtils__/examples';
import { publishTopology } from '../__testUtils__/publishFixtures';
import {
  FakeHubSpoke,
  publishedManifestErrors,
  startFakeHubSpoke,
} from '@hub-spoke/test-utils';
import { examples } from './publishApp.examples';

describe('hub-spoke:app:publish examples', () => {
  let hubSpoke: FakeHubSpoke;
  const mockDir = createMockDirectory();
  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology: publishTopology });
  });
  afterAll(() => hubSpoke.close());
  beforeEach(() => mockDir.clear());

  it('documents Istio, Gateway API, hub exposure and a dedicated certificate, each a single step', () => {
    const inputs = examples.map(e => {
      const { steps } = parse(e.example);
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe('hub-spoke:app:publish');
      return steps[0].input;
    });
    expect(inputs.map(i => i.ingress ?? 'istio')).toContain('gateway-api');
    expect(inputs.map(i => i.exposure ?? 'spoke')).toContain('hub');
    expect(inputs.map(i => i.tls ?? 'wildcard')).toContain('dedicated');
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_d, example) => {
      const { input, outputs, files } = await runPublishExample(
        example,
        hubSpoke.api,
        mockDir.path,
      );
      expect(outputs.url).toBe(`https://${input.host}`);
      expect(outputs.applications).toEqual([
        ...input.targets.map((t: any) => `${input.name}-${t.cluster}`),
        ...(input.exposure === 'hub' ? [`${input.name}-hub-routes`] : []),
      ]);
      expect(Object.keys(files).sort()).toEqual(outputs.files);
      const results = Object.entries(files)
        .filter(([file]) => !file.endsWith('catalog-info.yaml'))
        .map(([file, text]) => ({
          file,
          errors: publishedManifestErrors(parse(text)),
        }));
      expect(results.length).toBeGreaterThan(0);
      expect(results).toEqual(results.map(r => ({ file: r.file, errors: [] })));
    },
  );
});
