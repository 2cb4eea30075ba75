import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readHubSpokeCatalogConfig } from './config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const CA_DATA = Buffer.from(PEM).toString('base64');
const TOKEN = 'sa-token-very-secret';

const read = (data: object) =>
  readHubSpokeCatalogConfig(new ConfigReader(data as any));

describe('readHubSpokeCatalogConfig', () => {
  it('has defaults without any config', () => {
    const settings = read({});
    expect(settings).toEqual({
      owner: 'platform-team',
      system: undefined,
      schedule: DEFAULT_SCHEDULE,
      kubernetesClusters: new Map(),
      exportServerUrls: false,
      exportLabels: false,
    });
  });

  it('exports server URLs and labels only when asked to', () => {
    expect(
      read({
        catalog: {
          providers: {
            hubSpoke: { exportServerUrls: true, exportLabels: true },
          },
        },
      }),
    ).toMatchObject({ exportServerUrls: true, exportLabels: true });
    expect(
      read({ catalog: { providers: { hubSpoke: { exportLabels: true } } } }),
    ).toMatchObject({ exportServerUrls: false, exportLabels: true });
  });

  it("takes the config locator's clusters and its own, its own winning, without a credential", () => {
    const settings = read({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'aks-eu-prod-1',
                url: 'https://prod-1.internal:6443',
                authProvider: 'azure',
                caData: CA_DATA,
              },
              {
                name: 'aks-mgmt-hub',
                url: 'https://hub.internal:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
              },
            ],
          },
        ],
      },
      catalog: {
        providers: {
          hubSpoke: {
            kubernetes: {
              clusters: [
                { name: 'aks-eu-prod-1', authProvider: 'oidc', caData: PEM },
              ],
            },
          },
        },
      },
    });
    expect([...settings.kubernetesClusters.keys()]).toEqual([
      'aks-eu-prod-1',
      'aks-mgmt-hub',
    ]);
    expect(settings.kubernetesClusters.get('aks-eu-prod-1')).toEqual({
      name: 'aks-eu-prod-1',
      authProvider: 'oidc',
      ca: PEM,
      skipTLSVerify: false,
      problems: [],
    });
    expect(settings.kubernetesClusters.get('aks-mgmt-hub')?.token).toBe(
      undefined,
    );
    expect(JSON.stringify([...settings.kubernetesClusters])).not.toContain(
      TOKEN,
    );
  });

  it('never fails for a cluster entry it cannot use: it keeps what it could read', () => {
    const settings = read({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              { url: 'https://nameless' },
              { name: 'no-url', authProvider: 'google', caData: CA_DATA },
              {
                name: 'broken',
                url: 42,
                authProvider: 'aws',
                caData: 'Q0E=',
                caFile: '/does/not/exist.crt',
              },
            ],
          },
        ],
      },
    });
    expect([...settings.kubernetesClusters.keys()]).toEqual([
      'no-url',
      'broken',
    ]);
    expect(settings.kubernetesClusters.get('no-url')).toMatchObject({
      authProvider: 'google',
      ca: PEM,
      problems: [],
    });
    const broken = settings.kubernetesClusters.get('broken')!;
    expect(broken.url).toBeUndefined();
    expect(broken.ca).toBeUndefined();
    expect(broken.problems).toEqual([
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[2\]\.url is invalid: /,
      ),
      'kubernetes.clusterLocatorMethods[0].clusters[2].caData is neither PEM nor base64-encoded PEM',
    ]);
  });

  it('reads the schedule, owner and system', () => {
    const settings = read({
      catalog: {
        providers: {
          hubSpoke: {
            owner: 'group:sre',
            system: 'fleet',
            schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
          },
        },
      },
    });
    expect(settings).toMatchObject({
      owner: 'group:sre',
      system: 'fleet',
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
    });
  });
});
