import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readHubKubernetesAccess, readHubNames } from './config';

const HUB = 'aks-mgmt-hub';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const TOKEN = 'hub-sa-token-very-secret';

const config = (clusters: unknown[]) =>
  new ConfigReader({
    hubSpoke: { hubs: [{ name: HUB }, { name: 'eks-mgmt-hub' }] },
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'catalog' },
        { type: 'config', clusters },
      ],
    },
  } as any);

const hub = {
  name: HUB,
  url: 'https://hub.example.com:6443/',
  authProvider: 'serviceAccount',
  serviceAccountToken: TOKEN,
  caData: Buffer.from(PEM).toString('base64'),
};

function failure(clusters: unknown[]): InputError {
  try {
    readHubKubernetesAccess(config(clusters), HUB);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain(TOKEN);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readHubNames', () => {
  it('lists the configured hubs in config order', () => {
    expect(readHubNames(config([]))).toEqual([HUB, 'eks-mgmt-hub']);
  });
});

describe('readHubKubernetesAccess', () => {
  it("reads the hub's own entry: trimmed url, CA as PEM, token", () => {
    expect(readHubKubernetesAccess(config([hub]), HUB)).toEqual({
      name: HUB,
      url: 'https://hub.example.com:6443',
      ca: PEM,
      skipTLSVerify: false,
      token: TOKEN,
    });
  });

  it('takes the first entry of that name, and is not stopped by entries of other clusters', () => {
    const access = readHubKubernetesAccess(
      config([
        { name: 'broken', url: 'not a url', caData: 'bm90IGEgY2VydA==' },
        { ...hub, caData: PEM, skipTLSVerify: true },
        { ...hub, url: 'https://second.example.com' },
      ]),
      HUB,
    );
    expect(access).toMatchObject({
      url: 'https://hub.example.com:6443',
      ca: PEM,
      skipTLSVerify: true,
    });
  });

  it('asks for the entry when the hub has none', () => {
    expect(failure([{ ...hub, name: 'other' }]).message).toBe(
      `mode apply needs hub ${HUB}'s own Kubernetes API: add a kubernetes.clusterLocatorMethods entry of type config ` +
        `named "${HUB}" with url, caData and serviceAccountToken, or use mode pull-request`,
    );
  });

  it('names what the entry lacks', () => {
    expect(failure([{ ...hub, url: undefined }]).message).toBe(
      `mode apply: the kubernetes.clusterLocatorMethods entry of hub ${HUB} has no url`,
    );
    expect(
      failure([{ ...hub, serviceAccountToken: undefined }]).message,
    ).toMatch(
      new RegExp(
        `^mode apply: the kubernetes.clusterLocatorMethods entry of hub ${HUB} has no serviceAccountToken; `,
      ),
    );
  });

  it('names the invalid keys of the entry', () => {
    expect(
      failure([
        { ...hub, caData: 'bm90IGEgY2VydA==', skipTLSVerify: 'sometimes' },
      ]).message,
    ).toMatch(
      new RegExp(
        `^mode apply: the kubernetes.clusterLocatorMethods entry of hub ${HUB} is invalid: ` +
          'kubernetes\\.clusterLocatorMethods\\[1\\]\\.clusters\\[0\\]\\.skipTLSVerify is invalid: .*; ' +
          'kubernetes\\.clusterLocatorMethods\\[1\\]\\.clusters\\[0\\]\\.caData is neither PEM nor base64-encoded PEM$',
      ),
    );
  });
});
