/**
 * Each action asks for its permissions with the task initiator's credentials right after validating its input, and a
 * refusal reads nothing (no call to the hub-spoke backend), writes nothing and applies nothing, in dry runs too.
 */
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { FakeHubSpoke, startFakeHubSpoke } from '@hub-spoke/test-utils';
import { createOffboardSpokeAction } from '../actions/offboardSpoke';
import { createOnboardSpokeAction } from '../actions/onboardSpoke';
import { HubSpokeActionOptions } from '../actions/options';
import { createPublishAppAction } from '../actions/publishApp';
import { hubsConfig, readTree, validInput } from '../__testUtils__/fixtures';
import { createMockActionContext } from '../__testUtils__/mockActionContext';
import {
  publishInput,
  publishTopology,
} from '../__testUtils__/publishFixtures';

const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';
const initiator = mockCredentials.user('user:default/dev');

/** Allows the `<permission>` / `<permission> <resourceRef>` keys listed; records what it was asked and as whom. */
function permissionsAllowing(allowed: string[]) {
  const asked: Array<{ keys: string[]; credentials: unknown }> = [];
  const service: PermissionsService = {
    authorize: async (requests: any[], options: any) => {
      const keys = requests.map(r =>
        r.resourceRef
          ? `${r.permission.name} ${r.resourceRef}`
          : r.permission.name,
      );
      asked.push({ keys, credentials: options.credentials });
      return keys.map(k => ({
        result: allowed.includes(k)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  return { service, asked };
}

describe('the permission checks of the actions', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');
  let hubSpoke: FakeHubSpoke;

  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology: publishTopology() });
  });
  afterAll(() => hubSpoke.close());
  beforeEach(() => {
    mockDir.setContent({ workspace: {} });
    hubSpoke.requests.length = 0;
  });

  const run = async (
    create: (options: HubSpokeActionOptions) => TemplateAction<any, any, any>,
    allowed: string[],
    input: JsonObject,
    dryRun = false,
  ) => {
    const { service, asked } = permissionsAllowing(allowed);
    const action = create({
      config: hubsConfig(),
      hubSpokeApi: hubSpoke.api,
      permissions: service,
    });
    const ctx = {
      ...createMockActionContext({ input, workspacePath: workspace() }),
      getInitiatorCredentials: async () => initiator,
      isDryRun: dryRun,
    };
    const result = action.handler(ctx as any);
    return { result, asked, ctx };
  };

  it("asks once, with the initiator's credentials, for publish on the target and apply, before reading anything", async () => {
    const { result, asked } = await run(
      createPublishAppAction,
      [],
      publishInput({
        mode: 'apply',
        targets: [{ cluster: 'aks-eu-prod-1', hub: EU }],
      }),
    );
    await expect(result).rejects.toThrow(
      `You may not publish to ${EU}/aks-eu-prod-1: the permission policy denied hub-spoke.app.publish. ` +
        'You may not use mode apply: the permission policy denied hub-spoke.apply',
    );
    expect(asked).toEqual([
      {
        credentials: initiator,
        keys: [`hub-spoke.app.publish ${EU}/aks-eu-prod-1`, 'hub-spoke.apply'],
      },
    ]);
    expect(hubSpoke.requests).toEqual([]);
    expect(readTree(workspace())).toEqual({});
  });

  it('checks dry runs too: a refused dry run reads and writes nothing', async () => {
    const { result } = await run(
      createPublishAppAction,
      [`hub-spoke.app.publish ${EU}/aks-eu-prod-1`],
      publishInput({ mode: 'apply' }),
      true,
    );
    await expect(result).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/denied hub-spoke\.apply/),
    });
    expect(hubSpoke.requests).toEqual([]);
    expect(readTree(workspace())).toEqual({});
  });

  it('checks a target named without its hub on the hub it turns out to be on: allowed elsewhere is refused', async () => {
    // The policy allows aks-eu-prod-1 on eks-mgmt-hub (where there is no such cluster), not on aks-mgmt-hub.
    const { result, asked } = await run(
      createPublishAppAction,
      [`hub-spoke.app.publish ${US}/aks-eu-prod-1`],
      publishInput(),
    );
    await expect(result).rejects.toThrow(
      'You may not publish to aks-eu-prod-1: the permission policy denied hub-spoke.app.publish',
    );
    expect(asked.map(a => a.keys)).toEqual([
      [
        `hub-spoke.app.publish ${EU}/aks-eu-prod-1`,
        `hub-spoke.app.publish ${US}/aks-eu-prod-1`,
      ],
      [`hub-spoke.app.publish ${EU}/aks-eu-prod-1`],
    ]);
    expect(readTree(workspace())).toEqual({});
  });

  it('publishes when allowed on the target (pull-request mode asks for nothing else)', async () => {
    const { result, asked } = await run(
      createPublishAppAction,
      [`hub-spoke.app.publish ${EU}/aks-eu-prod-1`],
      publishInput(),
    );
    await result;
    expect(asked.map(a => a.keys)).toEqual([
      [
        `hub-spoke.app.publish ${EU}/aks-eu-prod-1`,
        `hub-spoke.app.publish ${US}/aks-eu-prod-1`,
      ],
    ]);
    expect(Object.keys(readTree(workspace()))).toContain(
      'apps/shop/aks-eu-prod-1/application.yaml',
    );
  });

  it("refuses onboarding without hub-spoke.spoke.onboard on the hub's own cluster, before the topology is read", async () => {
    const { result, asked } = await run(
      createOnboardSpokeAction,
      [],
      validInput({ hub: US }),
    );
    await expect(result).rejects.toThrow(
      `You may not onboard a spoke onto ${US}: the permission policy denied hub-spoke.spoke.onboard`,
    );
    expect(asked.map(a => a.keys)).toEqual([
      [`hub-spoke.spoke.onboard ${US}/${US}`],
    ]);
    expect(hubSpoke.requests).toEqual([]);
    expect(readTree(workspace())).toEqual({});
  });

  it('refuses offboarding without hub-spoke.spoke.offboard on the spoke, and leaves its files', async () => {
    mockDir.setContent({
      workspace: { 'clusters/aks-eu-prod-1/catalog-info.yaml': 'x' },
    });
    const { result, asked } = await run(createOffboardSpokeAction, [], {
      name: 'aks-eu-prod-1',
      hub: EU,
    });
    await expect(result).rejects.toThrow(
      `You may not offboard ${EU}/aks-eu-prod-1: the permission policy denied hub-spoke.spoke.offboard`,
    );
    expect(asked.map(a => a.keys)).toEqual([
      [`hub-spoke.spoke.offboard ${EU}/aks-eu-prod-1`],
    ]);
    expect(hubSpoke.requests).toEqual([]);
    expect(readTree(workspace())).toEqual({
      'clusters/aks-eu-prod-1/catalog-info.yaml': 'x',
    });
  });
});
