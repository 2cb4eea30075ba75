import { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { readHubSpokeConfig } from './config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

function read(hubSpoke: unknown) {
  return readHubSpokeConfig(new ConfigReader({ hubSpoke } as any));
}

describe('readHubSpokeConfig', () => {
  it('defaults to no hubs, a 30 s refresh and a 5 s timeout', () => {
    expect(readHubSpokeConfig(new ConfigReader({}))).toEqual({
      refreshIntervalMs: 30_000,
      requestTimeoutMs: 5_000,
      concurrency: 64,
      certificateExpiryWarningDays: 30,
      permissionCacheTtlMs: 5_000,
      hubs: [],
      clusters: [],
    });
  });

  it('reads the permission cache TTL, 0 to turn it off, and refuses more than a minute', () => {
    const readTtl = (permissionCacheTtl: JsonObject) =>
      readHubSpokeConfig(new ConfigReader({ hubSpoke: { permissionCacheTtl } }))
        .permissionCacheTtlMs;
    expect(readTtl({ seconds: 2 })).toBe(2_000);
    expect(readTtl({ seconds: 0 })).toBe(0);
    expect(() => readTtl({ minutes: 5 })).toThrow(
      'hubSpoke.permissionCacheTtl must be between 0 and 60 seconds',
    );
  });

  it('reads hubs with durations, filters and CA data given as base64 PEM', () => {
    const config = read({
      refreshInterval: { minutes: 1 },
      requestTimeout: '2s',
      hubs: [
        {
          name: 'aks-mgmt-hub',
          argocd: {
            url: 'https://argocd.example.com/',
            token: 't0ken',
            caData: Buffer.from(PEM).toString('base64'),
            projects: ['platform', 'shop'],
            selector: 'team=web',
          },
        },
      ],
    });
    expect(config.refreshIntervalMs).toBe(60_000);
    expect(config.requestTimeoutMs).toBe(2_000);
    expect(config.hubs[0]).toEqual({
      name: 'aks-mgmt-hub',
      argocd: {
        url: 'https://argocd.example.com',
        token: 't0ken',
        ca: PEM,
        skipTLSVerify: false,
        projects: ['platform', 'shop'],
        selector: 'team=web',
      },
    });
  });

  it('accepts PEM text as caData', () => {
    const config = read({
      hubs: [
        { name: 'h', argocd: { url: 'https://a', token: 't', caData: PEM } },
      ],
    });
    expect(config.hubs[0].argocd.ca).toBe(PEM);
  });

  it('refuses a hub name that is not a DNS-1123 label', () => {
    expect(() =>
      read({
        hubs: [{ name: 'AKS_Hub', argocd: { url: 'https://a', token: 't' } }],
      }),
    ).toThrow(/hubSpoke.hubs\[0\].name "AKS_Hub" must be a DNS-1123 label/);
  });

  it('refuses two hubs with the same name', () => {
    expect(() =>
      read({
        hubs: [
          { name: 'hub', argocd: { url: 'https://a', token: 't' } },
          { name: 'hub', argocd: { url: 'https://b', token: 't' } },
        ],
      }),
    ).toThrow(/hubSpoke.hubs\[1\].name "hub" is used by another hub/);
  });

  it('refuses a URL that is not http(s), without echoing the token', () => {
    let error: unknown;
    try {
      read({
        hubs: [
          {
            name: 'hub',
            argocd: { url: 'ftp://argocd', token: 'super-secret' },
          },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /hubSpoke.hubs\[0\].argocd.url must be http\(s\)/,
      ),
    });
    expect((error as Error).message).not.toContain('super-secret');
  });

  it('refuses caData that is neither PEM nor base64 PEM', () => {
    expect(() =>
      read({
        hubs: [
          {
            name: 'hub',
            argocd: {
              url: 'https://a',
              token: 't',
              caData: 'bm90IGEgY2VydA==',
            },
          },
        ],
      }),
    ).toThrow(/caData is neither PEM nor base64-encoded PEM/);
  });

  it('refuses a missing token', () => {
    expect(() =>
      read({ hubs: [{ name: 'hub', argocd: { url: 'https://a' } }] }),
    ).toThrow(/argocd.token/);
  });

  it('reads per-cluster CIDRs as a string or a list, and refuses an invalid one', () => {
    expect(
      read({
        clusters: [
          { name: 'a', cidr: '10.1.0.0/16, 10.2.0.0/16' },
          { name: 'b', cidr: ['fd00::/48'] },
        ],
      }).clusters,
    ).toEqual([
      { name: 'a', cidrs: ['10.1.0.0/16', '10.2.0.0/16'] },
      { name: 'b', cidrs: ['fd00::/48'] },
    ]);
    expect(() =>
      read({ clusters: [{ name: 'a', cidr: '10.1.0.0/33' }] }),
    ).toThrow('hubSpoke.clusters[0].cidr "10.1.0.0/33" is not a valid CIDR');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => read({ concurrency: 0 })).toThrow(
      /hubSpoke.concurrency must be a positive integer/,
    );
  });

  it('refuses a malformed duration', () => {
    expect(() => read({ requestTimeout: 'soon' })).toThrow(
      /Invalid hubSpoke.requestTimeout/,
    );
  });
});
