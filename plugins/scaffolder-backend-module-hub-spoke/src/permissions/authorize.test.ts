import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  hubSpokeAppPublishPermission,
  hubSpokeApplyPermission,
  hubSpokeSpokeOffboardPermission,
  hubSpokeSpokeOnboardPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import { PublishRequest } from '../publish/validate';
import { authorize } from './authorize';
import {
  offboardChecks,
  onboardChecks,
  publishChecks,
  publishResolvedChecks,
} from './checks';

const EU = 'aks-mgmt-hub';
const US = 'eks-mgmt-hub';

/** A permission service that allows `<permission>` or `<permission> <resourceRef>` keys listed, and records calls. */
function policy(allowed: string[]) {
  const calls: Array<{
    requests: AuthorizePermissionRequest[];
    credentials: unknown;
  }> = [];
  const service: PermissionsService = {
    authorize: async (requests: any[], options: any) => {
      calls.push({ requests, credentials: options.credentials });
      return requests.map(r => ({
        result: allowed.includes(
          r.resourceRef
            ? `${r.permission.name} ${r.resourceRef}`
            : r.permission.name,
        )
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  return { service, calls };
}

const dev = mockCredentials.user('user:default/dev');
const asDev = { getInitiatorCredentials: async () => dev };

describe('authorize', () => {
  it("asks once for every check, with the initiator's credentials, and answers which were allowed", async () => {
    const { service, calls } = policy([
      `hub-spoke.app.publish ${EU}/aks-eu-prod-1`,
      'hub-spoke.apply',
    ]);
    const authorized = await authorize(asDev, service, [
      {
        permission: hubSpokeAppPublishPermission,
        resourceRef: `${EU}/aks-eu-prod-1`,
        what: 'publish to aks-eu-prod-1',
      },
      { permission: hubSpokeApplyPermission, what: 'use mode apply' },
    ]);
    expect(calls).toEqual([
      {
        credentials: dev,
        requests: [
          {
            permission: hubSpokeAppPublishPermission,
            resourceRef: `${EU}/aks-eu-prod-1`,
          },
          { permission: hubSpokeApplyPermission },
        ],
      },
    ]);
    expect(
      authorized.has(hubSpokeAppPublishPermission, `${EU}/aks-eu-prod-1`),
    ).toBe(true);
    expect(
      authorized.has(hubSpokeAppPublishPermission, `${US}/aks-eu-prod-1`),
    ).toBe(false);
  });

  it('refuses with a NotAllowedError naming what was asked, as typed, and the missing permission', async () => {
    const { service } = policy([]);
    await expect(
      authorize(asDev, service, [
        {
          permission: hubSpokeAppPublishPermission,
          resourceRef: `${EU}/aks-eu-prod-1`,
          what: `publish to ${EU}/aks-eu-prod-1`,
        },
      ]),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `You may not publish to ${EU}/aks-eu-prod-1: the permission policy denied hub-spoke.app.publish`,
    });
  });

  it('lists every refusal of one run, each with its hint, and never what the policy allowed', async () => {
    const { service } = policy([`hub-spoke.app.publish ${EU}/aks-eu-prod-1`]);
    const refusal = authorize(asDev, service, [
      {
        permission: hubSpokeAppPublishPermission,
        resourceRef: `${EU}/aks-eu-prod-1`,
        what: 'publish to aks-eu-prod-1',
      },
      {
        permission: hubSpokeAppPublishPermission,
        resourceRef: `${US}/eks-us-prod-1`,
        what: 'publish to eks-us-prod-1',
      },
      {
        permission: hubSpokeApplyPermission,
        what: 'use mode apply',
        hint: 'mode pull-request proposes the same change for review',
      },
    ]);
    await expect(refusal).rejects.toThrow(
      'You may not publish to eks-us-prod-1: the permission policy denied hub-spoke.app.publish. ' +
        'You may not use mode apply: the permission policy denied hub-spoke.apply ' +
        '(mode pull-request proposes the same change for review)',
    );
    await expect(refusal).rejects.not.toThrow('aks-eu-prod-1');
  });

  it('passes a check with several candidate clusters when any one is allowed', async () => {
    const { service, calls } = policy([
      `hub-spoke.app.publish ${US}/eks-us-prod-1`,
    ]);
    const authorized = await authorize(asDev, service, [
      {
        permission: hubSpokeAppPublishPermission,
        resourceRef: [`${EU}/eks-us-prod-1`, `${US}/eks-us-prod-1`],
        what: 'publish to eks-us-prod-1',
      },
    ]);
    expect(calls[0].requests.map(r => r.resourceRef)).toEqual([
      `${EU}/eks-us-prod-1`,
      `${US}/eks-us-prod-1`,
    ]);
    expect(
      authorized.has(hubSpokeAppPublishPermission, `${US}/eks-us-prod-1`),
    ).toBe(true);
    expect(
      authorized.has(hubSpokeAppPublishPermission, `${EU}/eks-us-prod-1`),
    ).toBe(false);
  });

  it('tells a service principal that its access restrictions exclude the permission (they decide for services)', async () => {
    const { service } = policy([]);
    const automation = mockCredentials.service('automation', {
      permissionNames: ['scaffolder.task.create'],
    });
    await expect(
      authorize({ getInitiatorCredentials: async () => automation }, service, [
        { permission: hubSpokeApplyPermission, what: 'use mode apply' },
      ]),
    ).rejects.toThrow(
      'You may not use mode apply: the access restrictions of automation do not include hub-spoke.apply',
    );
  });

  it('does not ask when there is nothing to check', async () => {
    const { service, calls } = policy([]);
    const getInitiatorCredentials = jest.fn(async () => dev);
    await authorize({ getInitiatorCredentials }, service, []);
    expect(calls).toEqual([]);
    expect(getInitiatorCredentials).not.toHaveBeenCalled();
  });

  it('answers 503 saying what it could not check when the permission backend fails', async () => {
    const failing: PermissionsService = {
      authorize: async () => {
        throw await ResponseError.fromResponse(
          new Response('{"error":{"name":"Error","message":"boom"}}', {
            status: 500,
            statusText: 'Internal Server Error',
            headers: { 'content-type': 'application/json' },
          }) as any,
        );
      },
      authorizeConditional: async () => [],
    };
    await expect(
      authorize(asDev, failing, [
        { permission: hubSpokeApplyPermission, what: 'use mode apply' },
      ]),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^Could not ask the permission policy whether you may use mode apply; try again; caused by ResponseError: Request failed with 500 Internal Server Error$/,
      ),
    });
  });
});

describe('the checks of each action', () => {
  const publishReq = (
    targets: PublishRequest['targets'],
    extra: { exposure?: 'hub' | 'spoke'; mode?: 'apply' | 'pull-request' } = {},
  ) =>
    ({
      spec: { exposure: extra.exposure ?? 'spoke' },
      targets,
      mode: extra.mode ?? 'pull-request',
    } as unknown as PublishRequest);
  const refs = (checks: ReturnType<typeof publishChecks>) =>
    checks.map(c => [c.permission.name, c.resourceRef, c.what]);

  it("onboard: hub-spoke.spoke.onboard on the hub's own cluster, and hub-spoke.apply in apply mode", () => {
    expect(refs(onboardChecks(EU, 'pull-request'))).toEqual([
      [
        hubSpokeSpokeOnboardPermission.name,
        `${EU}/${EU}`,
        `onboard a spoke onto ${EU}`,
      ],
    ]);
    expect(refs(onboardChecks(EU, 'apply'))).toEqual([
      [
        hubSpokeSpokeOnboardPermission.name,
        `${EU}/${EU}`,
        `onboard a spoke onto ${EU}`,
      ],
      [hubSpokeApplyPermission.name, undefined, `use mode apply on ${EU}`],
    ]);
  });

  it('offboard: hub-spoke.spoke.offboard on the spoke, and hub-spoke.apply in apply mode', () => {
    expect(refs(offboardChecks(EU, 'aks-eu-prod-3', 'apply'))).toEqual([
      [
        hubSpokeSpokeOffboardPermission.name,
        `${EU}/aks-eu-prod-3`,
        `offboard ${EU}/aks-eu-prod-3`,
      ],
      [hubSpokeApplyPermission.name, undefined, `use mode apply on ${EU}`],
    ]);
  });

  it('publish: every target on its hub (any configured hub when not named), the hub itself for exposure hub, apply', () => {
    expect(
      refs(
        publishChecks(
          publishReq(
            [
              { cluster: 'aks-eu-prod-1', hub: EU, weight: 50 },
              { cluster: 'aks-eu-stage-1', weight: 50 },
            ],
            { exposure: 'hub', mode: 'apply' },
          ),
          [EU, US],
        ),
      ),
    ).toEqual([
      [
        hubSpokeAppPublishPermission.name,
        [`${EU}/aks-eu-prod-1`],
        `publish to ${EU}/aks-eu-prod-1`,
      ],
      [
        hubSpokeAppPublishPermission.name,
        [`${EU}/aks-eu-stage-1`, `${US}/aks-eu-stage-1`],
        'publish to aks-eu-stage-1',
      ],
      // The hub of exposure hub is not known before the targets are resolved: checked then.
      [hubSpokeApplyPermission.name, undefined, 'use mode apply'],
    ]);
    expect(
      refs(
        publishChecks(
          publishReq([{ cluster: 'aks-eu-prod-1', weight: 100 }], {
            exposure: 'hub',
          }),
          [EU],
        ),
      ),
    ).toEqual([
      [
        hubSpokeAppPublishPermission.name,
        [`${EU}/aks-eu-prod-1`],
        'publish to aks-eu-prod-1',
      ],
      [
        hubSpokeAppPublishPermission.name,
        `${EU}/${EU}`,
        `publish on hub ${EU} (exposure hub)`,
      ],
    ]);
  });

  it('publish with no hub configured: a target without its hub is checked once resolved, apply at once', () => {
    expect(
      refs(
        publishChecks(
          publishReq([{ cluster: 'aks-eu-prod-1', weight: 100 }], {
            mode: 'apply',
          }),
          [],
        ),
      ),
    ).toEqual([[hubSpokeApplyPermission.name, undefined, 'use mode apply']]);
  });

  it('publish, once resolved: only the clusters the first check did not allow exactly', async () => {
    const req = publishReq(
      [
        { cluster: 'aks-eu-prod-1', hub: EU, weight: 50 },
        { cluster: 'aks-eu-stage-1', weight: 50 },
      ],
      { exposure: 'hub' },
    );
    const { service } = policy([
      `hub-spoke.app.publish ${EU}/aks-eu-prod-1`,
      `hub-spoke.app.publish ${US}/aks-eu-stage-1`,
    ]);
    const authorized = await authorize(
      asDev,
      service,
      publishChecks(req, [EU, US]),
    );
    const spec = {
      exposure: 'hub',
      targets: [
        { cluster: 'aks-eu-prod-1', hub: EU },
        { cluster: 'aks-eu-stage-1', hub: EU },
      ],
    } as any;
    expect(refs(publishResolvedChecks(req, spec, authorized))).toEqual([
      [
        hubSpokeAppPublishPermission.name,
        `${EU}/aks-eu-stage-1`,
        'publish to aks-eu-stage-1',
      ],
      [
        hubSpokeAppPublishPermission.name,
        `${EU}/${EU}`,
        `publish on hub ${EU} (exposure hub)`,
      ],
    ]);
    // Allowed on the hub it resolved to: nothing left to ask.
    const { service: all } = policy([
      `hub-spoke.app.publish ${EU}/aks-eu-prod-1`,
      `hub-spoke.app.publish ${EU}/aks-eu-stage-1`,
      `hub-spoke.app.publish ${EU}/${EU}`,
    ]);
    expect(
      publishResolvedChecks(
        req,
        spec,
        await authorize(asDev, all, [
          ...publishChecks(req, [EU, US]),
          {
            permission: hubSpokeAppPublishPermission,
            resourceRef: `${EU}/${EU}`,
            what: 'x',
          },
        ]),
      ),
    ).toEqual([]);
  });
});
