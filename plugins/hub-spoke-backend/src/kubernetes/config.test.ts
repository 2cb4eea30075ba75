import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readKubernetesClusters } from './config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const TOKEN = 'sa-token-very-secret';

function read(clusterLocatorMethods: unknown) {
  return readKubernetesClusters(
    new ConfigReader({ kubernetes: { clusterLocatorMethods } } as any),
  );
}

function readCluster(cluster: Record<string, unknown>) {
  return read([{ type: 'config', clusters: [cluster] }]);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain(TOKEN);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const base = {
  name: 'aks-eu-prod-1',
  url: 'https://aks-eu-prod-1.example.com:443/',
  authProvider: 'serviceAccount',
  serviceAccountToken: TOKEN,
};

describe('readKubernetesClusters', () => {
  it('is empty without kubernetes config', () => {
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
  });

  it('reads service-account clusters with base64 CA data, trimming the URL', () => {
    expect(
      readCluster({ ...base, caData: Buffer.from(PEM).toString('base64') }),
    ).toEqual([
      {
        name: 'aks-eu-prod-1',
        url: 'https://aks-eu-prod-1.example.com:443',
        ca: PEM,
        skipTLSVerify: false,
        token: TOKEN,
        authProvider: 'serviceAccount',
      },
    ]);
  });

  it('accepts PEM caData as is, reads caFile, and skipTLSVerify', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-spoke-ca-'));
    const caFile = path.join(dir, 'ca.crt');
    fs.writeFileSync(caFile, PEM);
    try {
      const [fromPem, fromFile, insecure] = read([
        {
          type: 'config',
          clusters: [
            { ...base, name: 'a', caData: PEM },
            { ...base, name: 'b', caFile },
            { ...base, name: 'c', skipTLSVerify: true },
          ],
        },
      ]);
      expect(fromPem.ca).toBe(PEM);
      expect(fromFile.ca).toBe(PEM);
      expect(insecure).toEqual(
        expect.objectContaining({ skipTLSVerify: true }),
      );
      expect(insecure.ca).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the clusters of every config locator and ignores other locator types', () => {
    const clusters = read([
      { type: 'catalog' },
      { type: 'config', clusters: [{ ...base, name: 'one' }] },
      { type: 'gke', projectId: 'p' },
      { type: 'config', clusters: [{ ...base, name: 'two' }] },
      { type: 'localKubectlProxy' },
    ]);
    expect(clusters.map(c => c.name)).toEqual(['one', 'two']);
  });

  it('takes the provider and token from authMetadata as Backstage does', () => {
    const [cluster] = readCluster({
      name: 'meta',
      url: 'https://meta.example.com',
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: TOKEN,
      },
    });
    expect(cluster).toEqual(
      expect.objectContaining({ authProvider: 'serviceAccount', token: TOKEN }),
    );
    expect(cluster.unsupported).toBeUndefined();
  });

  it.each(['aws', 'azure', 'google', 'oidc', 'googleServiceAccount'])(
    'keeps a cluster with authProvider %s, marked unsupported with a clear message',
    provider => {
      const [cluster] = readCluster({
        name: 'eks-us-prod-1',
        url: 'https://eks.example.com',
        authProvider: provider,
        caFile: '/does/not/exist.crt',
      });
      expect(cluster).toEqual({
        name: 'eks-us-prod-1',
        url: 'https://eks.example.com',
        skipTLSVerify: false,
        authProvider: provider,
        unsupported: `Cluster eks-us-prod-1 uses authProvider "${provider}", which the hub-spoke backend cannot use to read its Kubernetes API: only "serviceAccount" with a serviceAccountToken is supported`,
      });
    },
  );

  it('marks a service-account cluster without a token unsupported, naming the key to set', () => {
    const [cluster] = read([
      {
        type: 'config',
        clusters: [{ ...base, serviceAccountToken: undefined }],
      },
    ]);
    expect(cluster.token).toBeUndefined();
    expect(cluster.unsupported).toBe(
      'Cluster aks-eu-prod-1 uses authProvider "serviceAccount" without a token: set kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken (the backend\'s own in-cluster service account is not used)',
    );
  });

  describe('rejects invalid entries with an InputError naming the key', () => {
    it.each([
      [
        'a missing name',
        { ...base, name: undefined },
        'kubernetes.clusterLocatorMethods[0].clusters[0].name is required',
      ],
      [
        'a missing url',
        { ...base, url: undefined },
        'kubernetes.clusterLocatorMethods[0].clusters[0].url is required',
      ],
      [
        'a url that is not one',
        { ...base, url: 'not a url' },
        'kubernetes.clusterLocatorMethods[0].clusters[0].url "not a url" is not a URL',
      ],
      [
        'a non-http url',
        { ...base, url: 'ftp://x.example.com' },
        'kubernetes.clusterLocatorMethods[0].clusters[0].url must be http(s), got ftp:',
      ],
      [
        'no auth provider',
        { ...base, authProvider: undefined },
        'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider is required (the hub-spoke backend supports "serviceAccount")',
      ],
      [
        'caData that is not PEM',
        { ...base, caData: 'bm90IGEgY2VydA==' },
        'kubernetes.clusterLocatorMethods[0].clusters[0].caData is neither PEM nor base64-encoded PEM',
      ],
    ])('%s', (_what, cluster, message) => {
      expect(
        inputError(() => readCluster(cluster as Record<string, unknown>))
          .message,
      ).toBe(message);
    });

    it('an unreadable caFile', () => {
      expect(
        inputError(() =>
          readCluster({ ...base, caFile: '/does/not/exist.crt' }),
        ).message,
      ).toMatch(
        /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\.caFile cannot be read: ENOENT/,
      );
    });

    it('a name used twice, across locators', () => {
      const error = inputError(() =>
        read([
          { type: 'config', clusters: [base] },
          { type: 'config', clusters: [base] },
        ]),
      );
      expect(error.message).toBe(
        'kubernetes.clusterLocatorMethods[1].clusters[0].name "aks-eu-prod-1" is used by another cluster',
      );
    });

    it('values of the wrong type', () => {
      expect(
        inputError(() => readCluster({ ...base, url: 42 })).message,
      ).toMatch(
        /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\.url is invalid: /,
      );
      expect(
        inputError(() => readCluster({ ...base, skipTLSVerify: 'sometimes' }))
          .message,
      ).toMatch(
        /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\.skipTLSVerify is invalid: /,
      );
      expect(
        inputError(() =>
          readCluster({ ...base, authMetadata: 'serviceAccount' }),
        ).message,
      ).toBe(
        'kubernetes.clusterLocatorMethods[0].clusters[0].authMetadata must be an object',
      );
      expect(inputError(() => read({ type: 'config' })).message).toMatch(
        /^kubernetes\.clusterLocatorMethods is invalid: /,
      );
    });
  });
});
