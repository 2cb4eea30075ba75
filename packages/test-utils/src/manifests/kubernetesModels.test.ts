import { VALIDATED_KINDS, manifestErrors, publishedManifestErrors } from '.';

const meta = { name: 'shop', namespace: 'argocd' };

describe('manifestErrors (the @kubernetes-models validators npm test uses)', () => {
  it('passes a valid object of each kind the project writes', () => {
    const valid = [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta,
        stringData: { name: 'x' },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: meta,
        spec: {
          project: 'default',
          destination: { name: 'aks-eu-prod-1', namespace: 'shop' },
          source: { repoURL: 'https://github.com/a/b', path: 'p' },
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: meta,
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: ['*.apps.example.com'],
              tls: { mode: 'SIMPLE', credentialName: 'wildcard-tls' },
            },
          ],
        },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: meta,
        spec: {
          parentRefs: [{ name: 'gw' }],
          rules: [{ backendRefs: [{ name: 'svc', port: 80, weight: 80 }] }],
        },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta,
        spec: {
          secretName: 'wildcard-tls',
          dnsNames: ['*.apps.example.com'],
          issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
        },
      },
    ];
    expect(valid.map(manifestErrors)).toEqual(valid.map(() => []));
  });

  it('reports a mistyped field, a missing required field and a value outside an enum, by path', () => {
    expect(
      manifestErrors({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: meta,
        spec: { servers: [{ port: { number: 'x' }, hosts: ['a'] }] },
      } as any).join('\n'),
    ).toMatch(/servers\/0\/port\/number.*integer/);
    expect(
      manifestErrors({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: meta,
        spec: { project: 'default' },
      } as any).join('\n'),
    ).toMatch(/destination/);
    expect(
      manifestErrors({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: meta,
        spec: {
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: ['a'],
              tls: { mode: 'SOMETIMES' },
            },
          ],
        },
      } as any).join('\n'),
    ).toMatch(/tls\/mode.*allowed values/);
    expect(
      manifestErrors({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', labels: { a: 1 } },
      } as any).join('\n'),
    ).toMatch(/labels\/a.*string/);
  });

  it('refuses a kind it has no validator for instead of passing it unchecked', () => {
    expect(() =>
      manifestErrors({ apiVersion: 'example.com/v1', kind: 'Widget' }),
    ).toThrow(/no @kubernetes-models validator for example.com\/v1\/Widget/);
    expect(VALIDATED_KINDS).toEqual(
      expect.arrayContaining([
        'networking.istio.io/v1/VirtualService',
        'external-secrets.io/v1beta1/ExternalSecret',
      ]),
    );
  });

  it('adds the apiserver rules of an ExternalName Service to a published Service', () => {
    expect(
      publishedManifestErrors({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta,
        spec: {
          type: 'ExternalName',
          externalName: 'Shop.Example.com',
          clusterIP: '10.0.0.1',
        },
      }),
    ).toEqual([
      'spec.externalName must be a lowercase RFC-1123 hostname',
      'spec.clusterIP must be empty for ExternalName',
    ]);
  });
});
