/**
 * Every documented example of hub-spoke:spoke:onboard, run as written against the simulated fleet.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { SPOKE_TOKEN } from '../__testUtils__/fixtures';
import { runOnboardExample } from '../__testUtils__/examples';
import {
  catalogEntityErrors,
  externalSecretErrors,
  manifestErrors,
} from '@hub-spoke/test-utils';
import { argo } from '../__testUtils__/simulator';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';
import { examples } from './onboardSpoke.examples';

describe('hub-spoke:spoke:onboard examples', () => {
  const fleet = useSimulatedFleet();
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  it('documents one example per way of reaching a spoke, each a single step of this action', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const e of examples) {
      const { steps } = parse(e.example);
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe('hub-spoke:spoke:onboard');
      expect(e.description.length).toBeGreaterThan(20);
    }
    const authTypes = examples.map(
      e => parse(e.example).steps[0].input.auth.type,
    );
    expect(new Set(authTypes)).toEqual(
      new Set(['azure', 'aws', 'bearerToken', 'exec']),
    );
  });

  const byMode = (mode: string) =>
    examples
      .filter(
        e => (parse(e.example).steps[0].input.mode ?? 'pull-request') === mode,
      )
      .map(e => [e.description, e] as const);

  /** Runs an example as written; every file it writes is valid and free of the token. */
  async function runExample(example: (typeof examples)[number]) {
    const { input, outputs, files } = await runOnboardExample(
      example,
      fleet.options(),
      mockDir.resolve('workspace'),
    );
    expect(outputs.entityRef).toBe(`resource:default/${input.name}`);
    expect(Object.keys(files).sort()).toEqual(outputs.files);
    for (const [rel, content] of Object.entries(files)) {
      expect(content).not.toContain(SPOKE_TOKEN);
      expect({ rel, errors: await fileErrors(rel, parse(content)) }).toEqual({
        rel,
        errors: [],
      });
    }
    return { input, outputs };
  }

  it.each(byMode('pull-request'))('%s', async (_, example) => {
    const { input, outputs } = await runExample(example);
    expect(outputs.clusterSecretPath).toMatch(
      new RegExp(
        `^clusters/${input.name}/hub/cluster-(secret|externalsecret).yaml$`,
      ),
    );
  });

  it.each(byMode('apply'))('%s', async (_, example) => {
    const { input, outputs } = await runExample(example);
    expect(outputs.applied).toBe('created');
    const clusters = (await argo(fleet.sim, input.hub, '/api/v1/clusters')).body
      .items;
    expect(clusters.map((c: any) => c.name)).toContain(input.name);
  });
});

async function fileErrors(rel: string, doc: any): Promise<string[]> {
  if (rel.endsWith('catalog-info.yaml')) return catalogEntityErrors(doc);
  if (doc.kind === 'ExternalSecret') return externalSecretErrors(doc);
  return manifestErrors(doc);
}
