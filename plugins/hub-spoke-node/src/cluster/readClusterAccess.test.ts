import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readClusterAccess, readClusterEntries } from './readClusterAccess';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const TOKEN = 'sa-token-very-secret';

function read(clusterLocatorMethods: unknown) {
  return readClusterAccess(
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

describe('readClusterAccess', () => {
  it('is empty without kubernetes config', () => {
    expect(readClusterAccess(new ConfigReader({}))).toEqual([]);
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

describe('readClusterAccess: what Backstage knows about a cluster besides its access', () => {
  it('reads the non-secret fields and the kubernetes.io/ string values of authMetadata, nothing else', () => {
    const [cluster] = readCluster({
      name: 'aks-eu-prod-1',
      url: 'https://prod-1.internal:6443',
      authProvider: 'oidc',
      oidcTokenProvider: 'okta',
      assumeRole: 'arn:aws:iam::123:role/backstage',
      externalId: 'ext-1',
      skipMetricsLookup: true,
      dashboardUrl: 'https://portal.azure.com/x',
      dashboardApp: 'aks',
      authMetadata: {
        'kubernetes.io/x-k8s-aws-id': 'eks-1',
        'kubernetes.io/not-a-string': 42,
        serviceAccountToken: TOKEN,
      },
    });
    expect(cluster).toEqual({
      name: 'aks-eu-prod-1',
      url: 'https://prod-1.internal:6443',
      authProvider: 'oidc',
      skipTLSVerify: false,
      token: TOKEN,
      unsupported: expect.stringContaining('authProvider "oidc"'),
      oidcTokenProvider: 'okta',
      assumeRole: 'arn:aws:iam::123:role/backstage',
      externalId: 'ext-1',
      skipMetricsLookup: true,
      dashboardUrl: 'https://portal.azure.com/x',
      dashboardApp: 'aks',
      authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'eks-1' },
    });
  });

  it('lets authMetadata name the auth provider over authProvider, and keeps it in authMetadata', () => {
    const [cluster] = readCluster({
      ...base,
      authProvider: 'serviceAccount',
      authMetadata: { 'kubernetes.io/auth-provider': 'aws' },
    });
    expect(cluster.authProvider).toBe('aws');
    expect(cluster.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'aws',
    });
    expect(cluster.unsupported).toMatch(/uses authProvider "aws"/);
  });

  it('names the key of a non-secret field of the wrong type', () => {
    expect(
      inputError(() => readCluster({ ...base, dashboardUrl: 42 })).message,
    ).toMatch(
      /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\.dashboardUrl is invalid: /,
    );
  });
});

describe('readClusterAccess with lenient: true', () => {
  const lenient = (clusters: unknown[], credentials?: boolean) =>
    readClusterAccess(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
      } as any),
      { lenient: true, credentials },
    );

  it('never throws for an entry: it returns what it could read, with the problems naming the keys', () => {
    const entries = lenient([
      { ...base, name: 'no-url', url: undefined, authProvider: undefined },
      { ...base, name: 'bad-url', url: 'not a url' },
      { ...base, name: 'bad-ca', caData: 'bm90IGEgY2VydA==' },
      { ...base, name: 'no-ca-file', caFile: '/does/not/exist.crt' },
      {
        ...base,
        name: 'bad-types',
        skipTLSVerify: 'sometimes',
        dashboardApp: 1,
      },
      { ...base, name: undefined },
    ]);
    expect(entries.map(e => e.name)).toEqual([
      'no-url',
      'bad-url',
      'bad-ca',
      'no-ca-file',
      'bad-types',
    ]);
    const [noUrl, badUrl, badCa, noCaFile, badTypes] = entries;
    expect(noUrl).toEqual({
      name: 'no-url',
      skipTLSVerify: false,
      token: TOKEN,
      problems: [],
    });
    expect(badUrl.url).toBeUndefined();
    expect(badUrl.problems).toEqual([
      'kubernetes.clusterLocatorMethods[0].clusters[1].url "not a url" is not a URL',
    ]);
    expect(badCa.ca).toBeUndefined();
    expect(badCa.problems).toEqual([
      'kubernetes.clusterLocatorMethods[0].clusters[2].caData is neither PEM nor base64-encoded PEM',
    ]);
    expect(noCaFile.problems).toEqual([
      expect.stringMatching(
        /^kubernetes\.clusterLocatorMethods\[0\]\.clusters\[3\]\.caFile cannot be read: ENOENT/,
      ),
    ]);
    expect(badTypes).toEqual(
      expect.objectContaining({
        skipTLSVerify: false,
        url: base.url.slice(0, -1),
      }),
    );
    expect(badTypes.problems).toEqual([
      expect.stringMatching(/clusters\[4\]\.skipTLSVerify is invalid: /),
      expect.stringMatching(/clusters\[4\]\.dashboardApp is invalid: /),
    ]);
    expect(entries.flatMap(e => e.problems).join('\n')).not.toContain(TOKEN);
  });

  it('reads the CA of every entry, whatever its auth provider, and never sets unsupported', () => {
    const [entry] = lenient([
      { name: 'aks', url: 'https://aks', authProvider: 'azure', caData: PEM },
    ]);
    expect(entry).toEqual({
      name: 'aks',
      url: 'https://aks',
      authProvider: 'azure',
      ca: PEM,
      skipTLSVerify: false,
      problems: [],
    });
  });

  it('keeps names used twice, in config order', () => {
    expect(lenient([base, { ...base, url: 'https://other' }])).toEqual([
      expect.objectContaining({ url: 'https://aks-eu-prod-1.example.com:443' }),
      expect.objectContaining({ url: 'https://other' }),
    ]);
  });

  it('reads no credential with credentials: false', () => {
    const [entry] = lenient(
      [
        {
          ...base,
          authMetadata: { serviceAccountToken: TOKEN },
        },
      ],
      false,
    );
    expect(entry.token).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
  });

  it('still throws for a list of locator methods that is not one', () => {
    expect(() =>
      readClusterAccess(
        new ConfigReader({
          kubernetes: { clusterLocatorMethods: { type: 'config' } },
        } as any),
        { lenient: true },
      ),
    ).toThrow(/^kubernetes\.clusterLocatorMethods is invalid: /);
  });
});

describe('readClusterEntries', () => {
  it('reads a list of its own as readClusterAccess reads a locator, naming its key', () => {
    const config = new ConfigReader({
      clusters: [
        { name: 'a', authProvider: 'oidc', caData: PEM },
        { url: 'x' },
      ],
    });
    expect(
      readClusterEntries(
        config.getConfigArray('clusters'),
        'catalog.providers.hubSpoke.kubernetes.clusters',
        { lenient: true, credentials: false },
      ),
    ).toEqual([
      {
        name: 'a',
        authProvider: 'oidc',
        ca: PEM,
        skipTLSVerify: false,
        problems: [],
      },
    ]);
    expect(
      inputError(() =>
        readClusterEntries(
          config.getConfigArray('clusters'),
          'catalog.providers.hubSpoke.kubernetes.clusters',
        ),
      ).message,
    ).toBe('catalog.providers.hubSpoke.kubernetes.clusters[0].url is required');
  });
});
