/**
 * Every documented example of hub-spoke:spoke:offboard, run as written against the simulated fleet (after onboarding
 * the spoke it names).
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { SPOKE_TOKEN, readTree, runAction } from '../__testUtils__/fixtures';
import { argo } from '../__testUtils__/simulator';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';
import { createOffboardSpokeAction } from './offboardSpoke';
import { examples } from './offboardSpoke.examples';
import { createOnboardSpokeAction } from './onboardSpoke';

describe('hub-spoke:spoke:offboard examples', () => {
  const fleet = useSimulatedFleet();
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  const byMode = (mode: string) =>
    examples
      .filter(
        e => (parse(e.example).steps[0].input.mode ?? 'pull-request') === mode,
      )
      .map(e => [e.description, e] as const);

  /** Onboards the spoke an example names (in the example's mode), then runs the example as written. */
  async function runExample(example: (typeof examples)[number]) {
    const { steps } = parse(example.example);
    expect(steps).toHaveLength(1);
    expect(steps[0].action).toBe('hub-spoke:spoke:offboard');
    const input = steps[0].input;
    const workspace = mockDir.resolve('workspace');
    const apply = input.mode === 'apply';
    await runAction(
      createOnboardSpokeAction(fleet.options()),
      {
        name: input.name,
        server: `https://${input.name}.example.com:6443`,
        hub: input.hub,
        owner: 'group:default/platform-team',
        ...(apply
          ? { auth: { type: 'bearerToken' }, mode: 'apply' }
          : {
              auth: {
                type: 'bearerToken',
                secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
                remoteRef: { key: 'hub-spoke/k' },
              },
            }),
      },
      { workspace, secrets: { spokeToken: SPOKE_TOKEN } },
    );
    const { outputs } = await runAction(
      createOffboardSpokeAction(fleet.options()),
      input,
      { workspace },
    );
    return { input, outputs, workspace };
  }

  it.each(byMode('pull-request'))('%s', async (_, example) => {
    const { input, outputs, workspace } = await runExample(example);
    expect(outputs.removed).toEqual([
      `clusters/${input.name}/catalog-info.yaml`,
      `clusters/${input.name}/hub/cluster-externalsecret.yaml`,
    ]);
    expect(readTree(workspace)).toEqual({});
  });

  it.each(byMode('apply'))('%s', async (_, example) => {
    const { input, outputs } = await runExample(example);
    expect(outputs.deleted).toEqual([`argocd/cluster-${input.name}`]);
    const clusters = (await argo(fleet.sim, input.hub, '/api/v1/clusters')).body
      .items;
    expect(clusters.map((c: any) => c.name)).not.toContain(input.name);
  });
});
