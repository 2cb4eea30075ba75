import { caDataOf, kubeConfigFor } from './kubeConfigFor';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const TOKEN = 'sa-token-very-secret';

describe('kubeConfigFor', () => {
  it('makes one context with the server, the CA as base64 caData and the token', () => {
    const kc = kubeConfigFor({
      name: 'aks-mgmt-hub',
      url: 'https://hub.example.com:6443',
      ca: PEM,
      skipTLSVerify: false,
      token: TOKEN,
    });
    expect(kc.getCurrentContext()).toBe('aks-mgmt-hub');
    expect(kc.getCurrentCluster()).toEqual(
      expect.objectContaining({
        name: 'aks-mgmt-hub',
        server: 'https://hub.example.com:6443',
        caData: Buffer.from(PEM).toString('base64'),
        skipTLSVerify: false,
      }),
    );
    expect(kc.getCurrentUser()).toEqual(
      expect.objectContaining({ name: 'aks-mgmt-hub', token: TOKEN }),
    );
  });

  it('sets no caData without a CA, and keeps skipTLSVerify', () => {
    const kc = kubeConfigFor({
      name: 'dev',
      url: 'https://dev.example.com',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentCluster()?.caData).toBeUndefined();
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(true);
    expect(kc.getCurrentUser()?.token).toBeUndefined();
  });

  it('accepts plain http, which client-node refuses unless skipTLSVerify is set', () => {
    const kc = kubeConfigFor({
      name: 'sim',
      url: 'http://127.0.0.1:8080',
      skipTLSVerify: false,
    });
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });
});

describe('caDataOf', () => {
  it('is the base64 of the PEM text, as kubeconfig and the catalog annotation take it', () => {
    expect(caDataOf({ ca: PEM })).toBe(Buffer.from(PEM).toString('base64'));
    expect(caDataOf({})).toBeUndefined();
  });
});
