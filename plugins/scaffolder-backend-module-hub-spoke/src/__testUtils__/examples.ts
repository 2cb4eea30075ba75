/**
 * Runs an action's documented example as written (its one step's input), and reads back the files it wrote: shared by
 * the examples tests (@kubernetes-models validation) and the contract suite (upstream schemas).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import { parse } from 'yaml';
import { HubSpokeActionOptions } from '../actions/options';
import { createOnboardSpokeAction } from '../actions/onboardSpoke';
import { createPublishAppAction } from '../actions/publishApp';
import { SPOKE_TOKEN, hubsConfig, readTree, runAction } from './fixtures';

/** A documented example: a YAML template step list with one step. */
export interface ActionExample {
  description: string;
  example: string;
}

/** The input of an example's one step. */
export const exampleInput = (example: ActionExample) =>
  parse(example.example).steps[0].input;

/** What running an example produced: its input, the action's outputs and every file written (path → text). */
export interface ExampleRun {
  input: any;
  outputs: Record<string, any>;
  files: Record<string, string>;
}

/** Runs a hub-spoke:app:publish example against the given hub-spoke API (e.g. a fake backend). */
export async function runPublishExample(
  example: ActionExample,
  hubSpokeApi: HubSpokeApiService,
  workspace: string,
): Promise<ExampleRun> {
  const input = exampleInput(example);
  const { outputs } = await runAction(
    createPublishAppAction({
      config: hubsConfig(),
      hubSpokeApi,
      permissions: mockServices.permissions(),
    }),
    input,
    { workspace },
  );
  return { input, outputs, files: readTree(workspace) };
}

/** Runs a hub-spoke:spoke:onboard example with the spoke token as the task's secret. */
export async function runOnboardExample(
  example: ActionExample,
  options: HubSpokeActionOptions,
  workspace: string,
): Promise<ExampleRun> {
  const input = exampleInput(example);
  const { outputs } = await runAction(
    createOnboardSpokeAction(options),
    input,
    { workspace, secrets: { spokeToken: SPOKE_TOKEN } },
  );
  return { input, outputs, files: readTree(workspace) };
}
