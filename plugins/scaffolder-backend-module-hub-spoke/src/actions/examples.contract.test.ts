/**
 * Contract suite (`npm run test:contracts`): every file the documented examples of hub-spoke:app:publish and
 * hub-spoke:spoke:onboard write, validated against the exact upstream schemas in ../shared/schemas (closed against
 * unknown fields). catalog-info.yaml (checked by the catalog's own validators in the examples tests) and the
 * ExternalSecret (no upstream schema there; a closed hand check in the examples tests) are left to npm test.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import {
  FakeHubSpoke,
  startFakeHubSpoke,
  upstreamPublishedManifestErrors,
} from '@hub-spoke/test-utils';
import {
  ExampleRun,
  exampleInput,
  runOnboardExample,
  runPublishExample,
} from '../__testUtils__/examples';
import { publishTopology } from '../__testUtils__/publishFixtures';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';
import { examples as onboardExamples } from './onboardSpoke.examples';
import { examples as publishExamples } from './publishApp.examples';

function upstreamErrors(run: ExampleRun) {
  const results = Object.entries(run.files)
    .map(([file, text]) => ({ file, doc: parse(text) }))
    .filter(
      ({ file, doc }) =>
        !file.endsWith('catalog-info.yaml') && doc.kind !== 'ExternalSecret',
    )
    .map(({ file, doc }) => ({
      file,
      errors: upstreamPublishedManifestErrors(doc),
    }));
  expect(results.length).toBeGreaterThan(0);
  return results;
}

describe('the documented examples against the upstream schemas', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  describe('hub-spoke:app:publish', () => {
    let hubSpoke: FakeHubSpoke;
    beforeAll(async () => {
      hubSpoke = await startFakeHubSpoke({ topology: publishTopology });
    });
    afterAll(() => hubSpoke.close());

    it.each(publishExamples.map(e => [e.description, e] as const))(
      '%s',
      async (_d, example) => {
        const results = upstreamErrors(
          await runPublishExample(example, hubSpoke.api, mockDir.path),
        );
        expect(results).toEqual(
          results.map(r => ({ file: r.file, errors: [] })),
        );
      },
    );
  });

  describe('hub-spoke:spoke:onboard', () => {
    const fleet = useSimulatedFleet();
    // Apply-mode examples write no manifest of their own: the cluster Secret goes to the hub, not to a file.
    const pullRequestExamples = onboardExamples.filter(
      e => (exampleInput(e).mode ?? 'pull-request') === 'pull-request',
    );
    it.each(pullRequestExamples.map(e => [e.description, e] as const))(
      '%s',
      async (_d, example) => {
        const results = upstreamErrors(
          await runOnboardExample(
            example,
            fleet.options(),
            mockDir.resolve('workspace'),
          ),
        );
        expect(results).toEqual(
          results.map(r => ({ file: r.file, errors: [] })),
        );
      },
    );
  });
});
