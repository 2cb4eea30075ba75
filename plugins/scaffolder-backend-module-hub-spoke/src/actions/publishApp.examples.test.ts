/**
 * Every documented example of hub-spoke:app:publish, run as written against a topology like the default fleet's.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { FakeHubSpoke, startFakeHubSpoke } from '../__testUtils__/fakeHubSpoke';
import { hubsConfig, readTree, runAction } from '../__testUtils__/fixtures';
import { publishTopology } from '../__testUtils__/publishFixtures';
import { publishedManifestErrors } from '@hub-spoke/test-utils';
import { createPublishAppAction } from './publishApp';
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
      const input = parse(example.example).steps[0].input;
      const { outputs } = await runAction(
        createPublishAppAction({
          config: hubsConfig(),
          discovery: hubSpoke.discovery,
          auth: hubSpoke.auth,
        }),
        input,
        { workspace: mockDir.path },
      );
      expect(outputs.url).toBe(`https://${input.host}`);
      expect(outputs.applications).toEqual([
        ...input.targets.map((t: any) => `${input.name}-${t.cluster}`),
        ...(input.exposure === 'hub' ? [`${input.name}-hub-routes`] : []),
      ]);
      const tree = readTree(mockDir.path);
      expect(Object.keys(tree).sort()).toEqual(outputs.files);
      const results = Object.entries(tree)
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
