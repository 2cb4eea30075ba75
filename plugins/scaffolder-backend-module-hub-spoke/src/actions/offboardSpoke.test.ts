/**
 * hub-spoke:spoke:offboard in pull-request mode against a stand-in of the hub-spoke backend (apply mode runs against
 * the fleet simulator in applyMode.test.ts).
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  FakeHubSpoke,
  applicationSummary,
  principalOfRequest,
  startFakeHubSpoke,
  topologyOf,
} from '@hub-spoke/test-utils';
import {
  fleetTopology,
  hubsConfig,
  readTree,
  runAction,
  validInput,
} from '../__testUtils__/fixtures';
import { createOffboardSpokeAction } from './offboardSpoke';
import { createOnboardSpokeAction } from './onboardSpoke';

describe('hub-spoke:spoke:offboard (pull-request mode)', () => {
  const mockDir = createMockDirectory();
  const workspace = () => mockDir.resolve('workspace');
  let hubSpoke: FakeHubSpoke;

  beforeAll(async () => {
    hubSpoke = await startFakeHubSpoke({ topology: fleetTopology() });
  });
  afterAll(() => hubSpoke.close());

  const options = () => ({
    config: hubsConfig(),
    hubSpokeApi: hubSpoke.api,
    permissions: mockServices.permissions(),
  });
  const offboard = (input: JsonObject, dryRun = false) =>
    runAction(createOffboardSpokeAction(options()), input, {
      workspace: workspace(),
      dryRun,
    });

  beforeEach(async () => {
    mockDir.clear();
    hubSpoke.failWith(undefined);
    hubSpoke.setApplications([
      applicationSummary('aks-mgmt-hub', 'aks-eu-prod-3', 'checkout-eu3'),
      applicationSummary(
        'aks-mgmt-hub',
        'aks-eu-prod-3',
        'aks-eu-prod-3-ingress',
      ),
      applicationSummary('eks-mgmt-hub', 'aks-eu-prod-4', 'unrelated'),
    ]);
    // Two spokes onboarded in the workspace (as a fetched GitOps repository would have them).
    const onboard = createOnboardSpokeAction(options());
    await runAction(
      onboard,
      validInput({
        addons: ['cert-manager'],
        ingressDomain: 'apps.aks-eu-prod-3.example.com',
        gitops: { repoURL: 'https://github.com/example/fleet' },
      }),
      { workspace: workspace() },
    );
    await runAction(
      onboard,
      validInput({
        name: 'aks-eu-prod-4',
        server: 'https://aks-eu-prod-4.example.com',
        cidr: '10.15.0.0/16',
      }),
      { workspace: workspace() },
    );
    hubSpoke.requests.length = 0;
  });

  it("removes the spoke's files only, once no Application deploys to it", async () => {
    hubSpoke.setApplications([
      applicationSummary('eks-mgmt-hub', 'aks-eu-prod-4', 'unrelated'),
    ]);
    const { outputs } = await offboard({
      name: 'aks-eu-prod-4',
      hub: 'aks-mgmt-hub',
    });
    expect(outputs).toEqual({
      removed: [
        'clusters/aks-eu-prod-4/catalog-info.yaml',
        'clusters/aks-eu-prod-4/hub/cluster-secret.yaml',
      ],
      deleted: [],
      applications: [],
    });
    expect(Object.keys(readTree(workspace())).sort()).toEqual([
      'clusters/addons/cert-manager-applicationset.yaml',
      'clusters/aks-eu-prod-3/catalog-info.yaml',
      'clusters/aks-eu-prod-3/hub/cluster-secret.yaml',
      'clusters/aks-eu-prod-3/hub/ingress-application.yaml',
      'clusters/aks-eu-prod-3/spoke/certificate.yaml',
      'clusters/aks-eu-prod-3/spoke/gateway.yaml',
    ]);
    // with the module's own credentials (none missed), and on the initiator's behalf (what a message may name)
    expect(hubSpoke.requests.map(r => r.path)).toEqual([
      '/api/hub-spoke/applications?hub=aks-mgmt-hub&cluster=aks-eu-prod-4',
      '/api/hub-spoke/applications?hub=aks-mgmt-hub&cluster=aks-eu-prod-4',
    ]);
    expect(
      hubSpoke.requests.map(r => principalOfRequest(r.authorization)).sort(),
    ).toEqual(['plugin:scaffolder', 'user:default/mock']);
  });

  it('refuses while Applications still deploy to the spoke, listing them, and removes nothing', async () => {
    const before = readTree(workspace());
    const err = await offboard({
      name: 'aks-eu-prod-3',
      hub: 'aks-mgmt-hub',
    }).catch(e => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe(
      '2 Argo CD Applications on hub aks-mgmt-hub still deploy to aks-eu-prod-3: aks-eu-prod-3-ingress, checkout-eu3. ' +
        'Move or delete them first (for add-ons: remove them from the cluster), or offboard with force: true',
    );
    expect(readTree(workspace())).toEqual(before);
  });

  it('goes ahead with force: true and says which Applications it left behind', async () => {
    const { outputs } = await offboard({
      name: 'aks-eu-prod-3',
      hub: 'aks-mgmt-hub',
      force: true,
    });
    expect(outputs.applications).toEqual([
      'aks-eu-prod-3-ingress',
      'checkout-eu3',
    ]);
    expect(outputs.removed).toHaveLength(5);
    expect(
      Object.keys(readTree(workspace())).some(f =>
        f.startsWith('clusters/aks-eu-prod-3/'),
      ),
    ).toBe(false);
    // The shared add-on ApplicationSet stays for the other spokes.
    expect(
      readTree(workspace())['clusters/addons/cert-manager-applicationset.yaml'],
    ).toBeDefined();
  });

  it('answers NotFoundError when the workspace does not hold the spoke', async () => {
    hubSpoke.setApplications([]);
    const err = await offboard({
      name: 'aks-eu-prod-9',
      hub: 'aks-mgmt-hub',
    }).catch(e => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(
      /The workspace has no clusters\/aks-eu-prod-9: fetch the GitOps repository/,
    );
  });

  it('rejects bad input before asking anything', async () => {
    await expect(
      offboard({ name: 'Bad_Name', hub: 'aks-mgmt-hub' }),
    ).rejects.toThrow(InputError);
    await expect(
      offboard({ name: 'aks-eu-prod-3', hub: 'aks-mgmt-hub', token: 'x' }),
    ).rejects.toThrow(/^tokens go in secrets, not inputs/);
    await expect(
      offboard({
        name: 'aks-eu-prod-3',
        hub: 'aks-mgmt-hub',
        targetPath: '../..',
      }),
    ).rejects.toThrow(InputError);
    expect(hubSpoke.requests).toEqual([]);
  });

  it('refuses an unknown hub listing the hubs the initiator may see, read on their behalf only', async () => {
    hubSpoke.setTopologyFor(
      'user:default/mock',
      topologyOf(
        fleetTopology().clusters.filter(c => c.hub === 'eks-mgmt-hub'),
      ),
    );
    try {
      await expect(
        offboard({ name: 'aks-eu-prod-3', hub: 'nope' }),
      ).rejects.toThrow(
        new InputError('Unknown hub "nope"; hubs you can see: eks-mgmt-hub'),
      );
      await expect(offboard({ name: 'aks-eu-prod-3' })).rejects.toThrow(
        new InputError(
          'hub is required when several hubs are configured; hubs you can see: eks-mgmt-hub',
        ),
      );
      expect(
        hubSpoke.requests.map(r => [
          r.path,
          principalOfRequest(r.authorization),
        ]),
      ).toEqual([
        ['/api/hub-spoke/topology', 'user:default/mock'],
        ['/api/hub-spoke/topology', 'user:default/mock'],
      ]);
      // the hub-spoke backend down: the refusal lists no hub, rather than failing otherwise
      hubSpoke.failWith(503);
      await expect(
        offboard({ name: 'aks-eu-prod-3', hub: 'nope' }),
      ).rejects.toThrow(
        new InputError(
          'Unknown hub "nope" (the Hub & Spoke page shows the hubs you can see)',
        ),
      );
    } finally {
      hubSpoke.setTopologyFor('user:default/mock', undefined);
    }
  });

  it('counts the Applications the initiator may not see without naming them, and offboards with force naming only theirs', async () => {
    // the initiator may see none of aks-eu-prod-3's Applications (as when the policy hides that spoke)
    hubSpoke.setApplicationsFor('user:default/mock', []);
    try {
      const before = readTree(workspace());
      const err = await offboard({
        name: 'aks-eu-prod-3',
        hub: 'aks-mgmt-hub',
      }).catch(e => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.message).toBe(
        '2 Argo CD Applications on hub aks-mgmt-hub still deploy to aks-eu-prod-3: 2 you cannot see. ' +
          'Move or delete them first (for add-ons: remove them from the cluster), or offboard with force: true',
      );
      expect(readTree(workspace())).toEqual(before);
      const { outputs } = await offboard({
        name: 'aks-eu-prod-3',
        hub: 'aks-mgmt-hub',
        force: true,
      });
      expect(outputs.applications).toEqual([]);
    } finally {
      hubSpoke.setApplicationsFor('user:default/mock', undefined);
    }
  });

  it('removes nothing when the hub-spoke backend cannot say which Applications deploy there', async () => {
    hubSpoke.failWith(500, 'boom');
    const before = readTree(workspace());
    const err = await offboard({
      name: 'aks-eu-prod-4',
      hub: 'aks-mgmt-hub',
    }).catch(e => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.message).toMatch(
      /needed to check that no Application still deploys to aks-eu-prod-4: 500 boom$/,
    );
    expect(readTree(workspace())).toEqual(before);
  });
});
