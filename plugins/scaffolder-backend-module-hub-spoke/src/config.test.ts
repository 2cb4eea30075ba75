import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  HubApplyAccess,
  applyNamespace,
  readHubApplyAccess,
  readHubNames,
} from './config';

const HUB = 'aks-mgmt-hub';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const TOKEN = 'apply-sa-token-very-secret';
const PROXY_TOKEN = 'kubernetes-plugin-token';

const apply = {
  url: 'https://hub.example.com:6443/',
  token: TOKEN,
  caData: Buffer.from(PEM).toString('base64'),
};

/** Two hubs, the second one (index 1) under test; the Kubernetes plugin has an entry for it too. */
const config = (hubApply?: Record<string, unknown>) =>
  new ConfigReader({
    hubSpoke: {
      hubs: [
        { name: 'eks-mgmt-hub' },
        { name: HUB, ...(hubApply ? { apply: hubApply } : {}) },
      ],
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: HUB,
              url: 'https://hub.example.com:6443',
              authProvider: 'serviceAccount',
              serviceAccountToken: PROXY_TOKEN,
              caData: PEM,
            },
          ],
        },
      ],
    },
  } as any);

function failure(hubApply?: Record<string, unknown>): string {
  try {
    readHubApplyAccess(config(hubApply), HUB);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain(TOKEN);
    expect((e as Error).message).not.toContain(PROXY_TOKEN);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('readHubNames', () => {
  it('lists the configured hubs in config order', () => {
    expect(readHubNames(config())).toEqual(['eks-mgmt-hub', HUB]);
  });
});

describe('readHubApplyAccess', () => {
  it("reads the hub's own apply credential: https url without trailing slash, CA as PEM, token, namespace argocd", () => {
    expect(readHubApplyAccess(config(apply), HUB)).toEqual({
      name: HUB,
      url: 'https://hub.example.com:6443',
      ca: PEM,
      skipTLSVerify: false,
      token: TOKEN,
      namespace: 'argocd',
      configKey: 'hubSpoke.hubs[1].apply',
    });
  });

  it('takes caData as PEM, or a caFile, and a namespace of its own', () => {
    expect(
      readHubApplyAccess(
        config({ ...apply, caData: PEM, namespace: 'gitops' }),
        HUB,
      ),
    ).toMatchObject({ ca: PEM, namespace: 'gitops' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-spoke-apply-'));
    try {
      const caFile = path.join(dir, 'ca.crt');
      fs.writeFileSync(caFile, PEM);
      expect(
        readHubApplyAccess(
          config({ url: apply.url, token: TOKEN, caFile }),
          HUB,
        ).ca,
      ).toBe(PEM);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Without either, the system CAs verify the server (a public endpoint).
    expect(
      readHubApplyAccess(config({ url: apply.url, token: TOKEN }), HUB).ca,
    ).toBeUndefined();
  });

  it("refuses apply mode without the hub's apply credential, naming the key, never falling back to the Kubernetes plugin's entry", () => {
    expect(failure()).toBe(
      `mode apply needs a credential of its own on hub ${HUB}: set hubSpoke.hubs[1].apply (url, token, caData: a ` +
        'service account bound by the Role in docs/security/apply-rbac.yaml), or use mode pull-request',
    );
    expect(() => readHubApplyAccess(config(apply), 'unknown-hub')).toThrow(
      new InputError(
        'mode apply: hub unknown-hub is not configured in hubSpoke.hubs',
      ),
    );
  });

  it.each([
    [
      'a missing url',
      { ...apply, url: undefined },
      'hubSpoke.hubs[1].apply.url is required',
    ],
    [
      'a url that is not one',
      { ...apply, url: 'hub:6443' },
      'hubSpoke.hubs[1].apply.url must be https (the token must not travel in the clear), got hub:',
    ],
    [
      'plain http',
      { ...apply, url: 'http://hub.example.com' },
      'hubSpoke.hubs[1].apply.url must be https (the token must not travel in the clear), got http:',
    ],
    [
      'user info in the url',
      { ...apply, url: 'https://admin:pw@hub.example.com' },
      "hubSpoke.hubs[1].apply.url must be the API server's base URL, without user info, query or fragment",
    ],
    [
      'a missing token',
      { ...apply, token: undefined },
      'hubSpoke.hubs[1].apply.token is required',
    ],
    [
      'caData that is not PEM',
      { ...apply, caData: 'bm90IGEgY2VydA==' },
      'hubSpoke.hubs[1].apply.caData is neither PEM nor base64-encoded PEM',
    ],
    [
      'both caData and caFile',
      { ...apply, caFile: '/etc/ca.crt' },
      'hubSpoke.hubs[1].apply has both caData and caFile: set one of them',
    ],
    [
      'a namespace that is not a name',
      { ...apply, namespace: 'Argo CD' },
      'hubSpoke.hubs[1].apply.namespace "Argo CD" is not a Kubernetes namespace name',
    ],
  ])('names the key of %s', (_what, block, message) => {
    expect(failure(block)).toBe(message);
  });

  it('names an unreadable caFile and a value of the wrong type', () => {
    expect(
      failure({ url: apply.url, token: TOKEN, caFile: '/does/not/exist.crt' }),
    ).toMatch(/^hubSpoke\.hubs\[1\]\.apply\.caFile cannot be read: ENOENT/);
    expect(failure({ ...apply, token: 42 })).toMatch(
      /^hubSpoke\.hubs\[1\]\.apply\.token is invalid: /,
    );
  });
});

describe('applyNamespace', () => {
  const access = readHubApplyAccess(
    config({ ...apply, namespace: 'gitops' }),
    HUB,
  ) as HubApplyAccess;

  it("is the apply credential's namespace when the input leaves argocdNamespace out or repeats it", () => {
    expect(applyNamespace(access, undefined)).toBe('gitops');
    expect(applyNamespace(access, '')).toBe('gitops');
    expect(applyNamespace(access, 'gitops')).toBe('gitops');
  });

  it('refuses an input argocdNamespace that names another namespace', () => {
    expect(() => applyNamespace(access, 'kube-system')).toThrow(
      new InputError(
        `argocdNamespace "kube-system" is not Argo CD's namespace on hub ${HUB} in mode apply: it is "gitops" ` +
          '(hubSpoke.hubs[1].apply.namespace). Leave argocdNamespace out, or use mode pull-request',
      ),
    );
  });
});
