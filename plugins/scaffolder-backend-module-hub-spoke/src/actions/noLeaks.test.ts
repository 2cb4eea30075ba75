/**
 * No leaks: every refusal of the actions names only clusters the task initiator may see. The stand-in hub-spoke
 * backend answers the initiator (a user, or a service principal as automation starts tasks) with their filtered view,
 * and the module's own credentials with the whole fleet; the refusals must hold no hidden hub, cluster, server, CIDR
 * or route, and nothing is written.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { Cluster, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import {
  FakeHubSpoke,
  principalOfRequest,
  startFakeHubSpoke,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { hubsConfig, readTree, validInput } from '../__testUtils__/fixtures';
import { createMockActionContext } from '../__testUtils__/mockActionContext';
import {
  publishInput,
  publishTopology,
} from '../__testUtils__/publishFixtures';
import { checkHubSecrets } from '../onboard/checks';
import { validateOnboardInput } from '../onboard/validate';
import { readScaffolderPolicies } from '../policy/readPolicy';
import { createOnboardSpokeAction } from './onboardSpoke';
import { createPublishAppAction } from './publishApp';

const vault = (hub: string, name: string, extra: Partial<Cluster> = {}) =>
  topologyCluster(hub, name, {
    server: 'https://vault-1.internal.example.com:6443',
    cidrs: ['10.30.0.0/16'],
    annotations: { 'hub-spoke/ingress-domain': 'apps.vault.example.com' },
    ingress: {
      addresses: ['10.30.0.10'],
      hosts: [
        {
          host: 'secrets.apps.vault.example.com',
          sources: [
            {
              kind: 'VirtualService',
              group: 'networking.istio.io',
              namespace: 'vault-ui',
              name: 'vault-ui',
            },
          ],
          destinations: ['vault-ui.vault-ui.svc.cluster.local:8200'],
        },
      ],
    },
    ...extra,
  });

/**
 * The fleet: publishTopology's clusters (aks-mgmt-hub with aks-eu-prod-1/2, eks-mgmt-hub with eks-us-prod-1), CIDRs
 * on the eks spoke, and a restricted spoke of aks-mgmt-hub itself (vault-eu-1), which publishes a host.
 */
function fleet(): Topology {
  const cidrs: Record<string, string[]> = {
    'eks-us-prod-1': ['10.20.0.0/16', 'fd00:22::/48'],
    'aks-eu-prod-1': ['10.10.0.0/16'],
  };
  const clusters = publishTopology().clusters.map(c =>
    cidrs[c.name] ? { ...c, cidrs: cidrs[c.name] } : c,
  );
  return topologyOf([
    ...clusters,
    vault('aks-mgmt-hub', 'vault-eu-1', { labels: { tier: 'restricted' } }),
  ]);
}

/** What the initiator may see: the aks hub without its restricted spoke (the backend filters so). */
const visible = (c: Cluster) =>
  c.hub === 'aks-mgmt-hub' && c.labels.tier !== 'restricted';
const initiatorView = (): Topology => {
  const all = fleet();
  return {
    ...all,
    hubs: all.hubs.filter(h => h.name === 'aks-mgmt-hub'),
    clusters: all.clusters.filter(visible),
  };
};

/** Everything of the fleet the initiator may not see, as it could appear in a message. */
const HIDDEN = [
  'eks-mgmt-hub',
  'eks-us-prod-1',
  'vault-eu-1',
  'vault-1.internal',
  '10.30.0.0/16',
  '10.20.0.0/16',
  'fd00:22::/48',
  'vault-ui',
  'argocd.eks-mgmt-hub',
];

const INITIATORS: Array<[string, BackstageCredentials, string]> = [
  ['a user', mockCredentials.user('user:default/jane'), 'user:default/jane'],
  [
    'a service principal',
    mockCredentials.service('external:automation'),
    'external:automation',
  ],
];

describe.each(INITIATORS)(
  'refusals name only what the initiator may see (%s)',
  (_who, credentials, principal) => {
    const mockDir = createMockDirectory();
    const workspace = () => mockDir.resolve('workspace');
    let hubSpoke: FakeHubSpoke;

    beforeAll(async () => {
      hubSpoke = await startFakeHubSpoke();
    });
    afterAll(() => hubSpoke.close());
    beforeEach(() => {
      mockDir.clear();
      hubSpoke.reset();
      hubSpoke.setTopology(fleet());
      hubSpoke.setTopologyFor(principal, initiatorView());
    });

    const options = () => ({
      config: hubsConfig(),
      hubSpokeApi: hubSpoke.api,
      permissions: mockServices.permissions(),
    });

    /** Runs the action as the initiator; its refusal, checked to name nothing hidden and to write nothing. */
    async function refusal(
      action: TemplateAction<any, any, any>,
      input: JsonObject,
      allowed: string[] = [],
    ): Promise<Error> {
      const ctx = {
        ...createMockActionContext({ input, workspacePath: workspace() }),
        getInitiatorCredentials: async () => credentials,
      };
      const err = await action.handler(ctx as any).then(
        () => undefined,
        e => e,
      );
      expect(err).toBeInstanceOf(Error);
      for (const hidden of HIDDEN.filter(h => !allowed.includes(h))) {
        expect(err.message).not.toContain(hidden);
      }
      expect(readTree(workspace())).toEqual({});
      expect(ctx.output).not.toHaveBeenCalled();
      return err;
    }

    describe('hub-spoke:spoke:onboard', () => {
      const onboard = (input: JsonObject) =>
        refusal(createOnboardSpokeAction(options()), validInput(input));

      it('a CIDR overlapping a hidden cluster: "overlaps a cluster you cannot see"', async () => {
        const err = await onboard({ cidr: '10.20.5.0/24' });
        expect(err).toBeInstanceOf(InputError);
        expect(err.message).toBe(
          'cidr 10.20.5.0/24 overlaps a cluster you cannot see: choose a network no cluster of any hub uses',
        );
      });

      it('a CIDR overlapping a visible and two hidden clusters: the visible one named, the hidden ones once', async () => {
        const err = await onboard({ cidr: '10.0.0.0/10' });
        expect(err.message).toBe(
          'cidr 10.0.0.0/10 overlaps cluster aks-mgmt-hub/aks-eu-prod-1 (10.10.0.0/16); ' +
            '10.0.0.0/10 overlaps a cluster you cannot see: choose a network no cluster of any hub uses',
        );
      });

      it('a name a hidden cluster of another hub has: no hub, no server', async () => {
        const err = await refusal(
          createOnboardSpokeAction(options()),
          validInput({ name: 'eks-us-prod-1', cidr: '10.40.0.0/16' }),
          // the name is the initiator's own input
          ['eks-us-prod-1'],
        );
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.message).toBe(
          'The name eks-us-prod-1 is already taken by a cluster you cannot see; choose another name (a cluster name ' +
            'is unique across hubs: it also names the catalog Resource)',
        );
      });

      it('a server a hidden cluster of the same hub has: not its name', async () => {
        const err = await refusal(
          createOnboardSpokeAction(options()),
          validInput({
            server: 'https://vault-1.internal.example.com:6443',
            cidr: '10.40.0.0/16',
          }),
          // the server is the initiator's own input
          ['vault-1.internal'],
        );
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.message).toBe(
          'Hub aks-mgmt-hub already has server https://vault-1.internal.example.com:6443 as a cluster you cannot ' +
            'see; Argo CD needs one cluster per server',
        );
      });

      it('an unknown hub: the hubs listed are those the initiator may see', async () => {
        const err = await onboard({ hub: 'gke-mgmt-hub' });
        expect(err.message).toBe(
          'Unknown hub "gke-mgmt-hub"; hubs you can see: aks-mgmt-hub',
        );
        // read on the initiator's behalf only
        expect(
          hubSpoke.requests.map(r => principalOfRequest(r.authorization)),
        ).toEqual([principal]);
      });

      it('still refuses what clashes with the whole fleet, read with its own credentials', async () => {
        const err = await onboard({ cidr: '10.30.0.0/17' });
        expect(err.message).toMatch(
          /^cidr 10\.30\.0\.0\/17 overlaps a cluster you cannot see:/,
        );
        expect(
          hubSpoke.requests
            .map(r => principalOfRequest(r.authorization))
            .sort(),
        ).toEqual(['plugin:scaffolder', principal].sort());
      });
    });

    describe('hub-spoke:app:publish', () => {
      const publish = (input: JsonObject) =>
        refusal(createPublishAppAction(options()), publishInput(input));

      it('a hidden target is unknown, and the spokes listed are those the initiator may see', async () => {
        for (const cluster of ['eks-us-prod-1', 'vault-eu-1']) {
          const err = await refusal(
            createPublishAppAction(options()),
            publishInput({
              targets: [{ cluster }],
              host: `shop.apps.${cluster}.example.com`,
            }),
            // the target is the initiator's own input
            [cluster],
          );
          expect(err).toBeInstanceOf(InputError);
          expect(err.message).toBe(
            `target ${cluster} is not a spoke you can see; spokes you can see: aks-eu-prod-1, aks-eu-prod-2`,
          );
        }
      });

      it('a hidden target stays refused with allowUnregistered (Argo CD would resolve its name to it)', async () => {
        const err = await refusal(
          createPublishAppAction(options()),
          publishInput({
            targets: [{ cluster: 'vault-eu-1', hub: 'aks-mgmt-hub' }],
            host: 'shop.example.org',
            allowUnregistered: true,
            allowAnyDomain: true,
            tls: 'dedicated',
          }),
          ['vault-eu-1'],
        );
        expect(err.message).toBe(
          'target aks-mgmt-hub/vault-eu-1 is not a spoke you can see; spokes you can see: aks-eu-prod-1, aks-eu-prod-2',
        );
      });

      it('a host an app on a hidden cluster publishes: "already published by an app on a cluster you cannot see"', async () => {
        const err = await publish({
          host: 'secrets.apps.vault.example.com',
          allowAnyDomain: true,
          tls: 'dedicated',
        });
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.message).toBe(
          'host secrets.apps.vault.example.com is already published by an app on a cluster you cannot see; ' +
            'choose another host',
        );
      });

      it('a host an app on another visible cluster publishes: named with its routes', async () => {
        const err = await publish({
          targets: [{ cluster: 'aks-eu-prod-2' }],
          host: 'checkout.apps.aks-eu-prod-1.example.com',
          allowAnyDomain: true,
          tls: 'dedicated',
        });
        expect(err).toBeInstanceOf(ConflictError);
        expect(err.message).toBe(
          'host checkout.apps.aks-eu-prod-1.example.com is already published on aks-mgmt-hub/aks-eu-prod-1 by ' +
            'VirtualService checkout/checkout; choose another host or remove that route first',
        );
      });
    });
  },
);

describe("checkHubSecrets (apply mode, the hub's own cluster Secrets)", () => {
  const spec = validateOnboardInput(
    validInput({ name: 'aks-eu-prod-3' }),
    ['aks-mgmt-hub'],
    {},
    readScaffolderPolicies(hubsConfig()),
  ).spec;
  const secrets = [
    {
      secretName: 'cluster-vault-eu-1',
      name: 'vault-eu-1',
      server: 'https://vault-1.internal.example.com:6443',
    },
  ];

  it('names the Secret, cluster and server of a cluster the initiator may see', () => {
    expect(() =>
      checkHubSecrets(
        { ...spec, server: 'https://vault-1.internal.example.com:6443' },
        'cluster-aks-eu-prod-3',
        secrets,
        () => true,
      ),
    ).toThrow(
      new ConflictError(
        'Secret argocd/cluster-vault-eu-1 on hub aks-mgmt-hub already registers server ' +
          'https://vault-1.internal.example.com:6443 as cluster vault-eu-1',
      ),
    );
  });

  it('tells of one they may not see (the default) without its Secret, name or server', () => {
    expect(() =>
      checkHubSecrets(
        { ...spec, server: 'https://vault-1.internal.example.com:6443' },
        'cluster-aks-eu-prod-3',
        secrets,
      ),
    ).toThrow(
      new ConflictError(
        'A Secret on hub aks-mgmt-hub for a cluster you cannot see already registers server ' +
          'https://vault-1.internal.example.com:6443',
      ),
    );
    const sameName = [{ ...secrets[0], name: 'aks-eu-prod-3' }];
    const err = (() => {
      try {
        checkHubSecrets(spec, 'cluster-aks-eu-prod-3', sameName, () => false);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toBe(
      'A Secret on hub aks-mgmt-hub for a cluster you cannot see already registers cluster aks-eu-prod-3 with ' +
        `another server; ${spec.server} cannot take its name`,
    );
    expect(err?.message).not.toMatch(/vault/);
  });
});

describe('the topology reads of a run', () => {
  it('publishes normally when nothing clashes, naming only what the initiator may see', async () => {
    const mockDir = createMockDirectory();
    const hubSpoke = await startFakeHubSpoke({ topology: fleet() });
    try {
      hubSpoke.setTopologyFor('user:default/mock', initiatorView());
      const ctx = createMockActionContext({
        input: publishInput(),
        workspacePath: mockDir.resolve('workspace'),
      });
      await createPublishAppAction({
        config: hubsConfig(),
        hubSpokeApi: hubSpoke.api,
        permissions: mockServices.permissions(),
      }).handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('url', expect.any(String));
      const written = JSON.stringify(readTree(mockDir.resolve('workspace')));
      for (const hidden of HIDDEN) expect(written).not.toContain(hidden);
    } finally {
      await hubSpoke.close();
    }
  });
});
