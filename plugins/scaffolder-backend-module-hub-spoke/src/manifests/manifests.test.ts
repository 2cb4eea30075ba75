/**
 * The manifest builders, each emitted object validated with the @kubernetes-models validators (the exact upstream
 * schemas, closed against unknown fields: manifests.contract.test.ts).
 */
import { parse } from 'yaml';
import {
  catalogEntityErrors,
  externalSecretErrors,
  manifestErrors,
} from '@hub-spoke/test-utils';
import { CA, spokeSpec } from '../__testUtils__/spokeSpec';
import {
  ADDON_NAMES,
  buildAddonApplicationSet,
  buildCatalogInfo,
  buildCertificate,
  buildClusterExternalSecret,
  buildClusterSecret,
  buildGatewayApiGateway,
  buildIngressApplication,
  buildIstioGateway,
  clusterConfig,
  toYaml,
  withData,
} from '.';

const spec = spokeSpec;

/** What a file would hold: the manifest through yaml and back. */
const roundTrip = (doc: unknown) => parse(toYaml(doc));

describe('cluster Secret', () => {
  it('is a valid core/v1 Secret Argo CD recognises as a cluster, with name, server and config', () => {
    const secret = roundTrip(buildClusterSecret(spec()));
    expect(manifestErrors(secret)).toEqual([]);
    expect(secret.metadata).toEqual({
      name: 'cluster-aks-eu-prod-3',
      namespace: 'argocd',
      labels: {
        'argocd.argoproj.io/secret-type': 'cluster',
        environment: 'prod',
        'hub-spoke/addon-cert-manager': 'enabled',
        'hub-spoke/addon-istio-ingress': 'enabled',
        region: 'westeurope',
      },
      annotations: {
        'hub-spoke/cidr': '10.14.0.0/16',
        'hub-spoke/ingress-domain': 'apps.aks-eu-prod-3.example.com',
      },
    });
    expect(secret.type).toBe('Opaque');
    expect(secret.stringData.name).toBe('aks-eu-prod-3');
    expect(secret.stringData.server).toBe(
      'https://aks-eu-prod-3.example.com:443',
    );
  });

  it('configures AKS workload identity through argocd-k8s-auth', () => {
    expect(JSON.parse(buildClusterSecret(spec()).stringData.config)).toEqual({
      execProviderConfig: {
        command: 'argocd-k8s-auth',
        args: ['azure'],
        env: {
          AAD_LOGIN_METHOD: 'workloadidentity',
          AZURE_CLIENT_ID: 'client-1',
          AZURE_TENANT_ID: 'tenant-1',
        },
        apiVersion: 'client.authentication.k8s.io/v1beta1',
      },
      tlsClientConfig: { insecure: false, caData: CA },
    });
    const noTenant = clusterConfig(
      spec({ auth: { type: 'azure', clientId: 'c' } }),
    ) as any;
    expect(noTenant.execProviderConfig.env).toEqual({
      AAD_LOGIN_METHOD: 'workloadidentity',
      AZURE_CLIENT_ID: 'c',
    });
  });

  it('configures EKS through awsAuthConfig, exec plugins through execProviderConfig, insecure TLS', () => {
    expect(
      clusterConfig(
        spec({
          auth: {
            type: 'aws',
            clusterName: 'eks-1',
            roleARN: 'arn:aws:iam::1:role/r',
          },
          tls: undefined,
        }),
      ),
    ).toEqual({
      awsAuthConfig: { clusterName: 'eks-1', roleARN: 'arn:aws:iam::1:role/r' },
    });
    expect(
      clusterConfig(
        spec({
          auth: {
            type: 'exec',
            command: 'gke-auth',
            args: ['--x'],
            env: { B: '2', A: '1' },
            apiVersion: 'v1x',
          },
          tls: { insecure: true },
        }),
      ),
    ).toEqual({
      execProviderConfig: {
        command: 'gke-auth',
        args: ['--x'],
        env: { A: '1', B: '2' },
        apiVersion: 'v1x',
      },
      tlsClientConfig: { insecure: true },
    });
  });

  it('carries a bearer token only when given one (apply mode), and as base64 data when applied', () => {
    const s = spec({ auth: { type: 'bearerToken' } });
    expect(() => buildClusterSecret(s)).toThrow(/needs the token/);
    const applied = withData(buildClusterSecret(s, { bearerToken: 'tok-123' }));
    expect(manifestErrors(applied)).toEqual([]);
    expect('stringData' in applied).toBe(false);
    expect(
      JSON.parse(Buffer.from(applied.data.config, 'base64').toString())
        .bearerToken,
    ).toBe('tok-123');
  });

  it('leaves annotations out when there is neither CIDR nor ingress domain', () => {
    const secret = buildClusterSecret(
      spec({ cidrs: [], ingressDomain: undefined }),
    );
    expect(secret.metadata).not.toHaveProperty('annotations');
    expect(manifestErrors(roundTrip(secret))).toEqual([]);
  });
});

describe('ExternalSecret for a bearer token in a secret store', () => {
  const s = spec({
    auth: {
      type: 'bearerToken',
      secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
      remoteRef: { key: 'kubernetes/aks-eu-prod-3', property: 'token' },
    },
  });

  it('has the shape of external-secrets.io/v1beta1 (no schema is shipped: checked by hand)', () => {
    const es = roundTrip(buildClusterExternalSecret(s));
    expect(externalSecretErrors(es)).toEqual([]);
    expect(es.spec.secretStoreRef).toEqual({
      kind: 'ClusterSecretStore',
      name: 'vault',
    });
    expect(es.spec.data).toEqual([
      {
        secretKey: 'token',
        remoteRef: { key: 'kubernetes/aks-eu-prod-3', property: 'token' },
      },
    ]);
  });

  it('renders the same cluster Secret with the token from the store', () => {
    const es = buildClusterExternalSecret(s);
    expect(es.spec.target).toMatchObject({
      name: 'cluster-aks-eu-prod-3',
      creationPolicy: 'Owner',
    });
    expect(
      es.spec.target.template.metadata.labels['argocd.argoproj.io/secret-type'],
    ).toBe('cluster');
    expect(es.spec.target.template.data.server).toBe(
      'https://aks-eu-prod-3.example.com:443',
    );
    expect(JSON.parse(es.spec.target.template.data.config)).toEqual({
      bearerToken: '{{ .token }}',
      tlsClientConfig: { insecure: false, caData: CA },
    });
  });

  it('the hand check catches what a broken ExternalSecret would get wrong', () => {
    const es = roundTrip(buildClusterExternalSecret(s));
    es.spec.secretStoreRef.kind = 'Vault';
    es.spec.refreshInterval = 'hourly';
    es.spec.target.tokenx = 'x';
    expect(externalSecretErrors(es)).toEqual([
      'spec.refreshInterval must be a Go duration',
      'spec.secretStoreRef.kind',
      'spec.target.tokenx is not a field of ExternalSecret v1beta1',
    ]);
  });
});

describe('ingress', () => {
  it('issues a wildcard certificate from the chosen ClusterIssuer', () => {
    const cert = roundTrip(
      buildCertificate(spec({ issuer: 'letsencrypt-staging' })),
    );
    expect(manifestErrors(cert)).toEqual([]);
    expect(cert.spec).toMatchObject({
      secretName: 'wildcard-ingress-tls',
      dnsNames: ['*.apps.aks-eu-prod-3.example.com'],
      issuerRef: {
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: 'letsencrypt-staging',
      },
    });
    expect(cert.metadata.namespace).toBe('istio-ingress');
  });

  it('builds an Istio Gateway serving *.<domain> over HTTPS with the certificate', () => {
    const gw = roundTrip(buildIstioGateway(spec()));
    expect(manifestErrors(gw)).toEqual([]);
    expect(gw.spec.servers[0]).toEqual({
      port: { number: 443, name: 'https', protocol: 'HTTPS' },
      hosts: ['*.apps.aks-eu-prod-3.example.com'],
      tls: { mode: 'SIMPLE', credentialName: 'wildcard-ingress-tls' },
    });
    expect(gw.spec.servers[1].tls).toEqual({ httpsRedirect: true });
  });

  it('builds a Gateway API Gateway with an HTTPS listener terminating with the certificate', () => {
    const s = spec({ ingress: 'gateway-api', gatewayClassName: 'cilium' });
    const gw = roundTrip(buildGatewayApiGateway(s));
    expect(manifestErrors(gw)).toEqual([]);
    expect(gw.metadata.namespace).toBe('gateway-system');
    expect(gw.spec.gatewayClassName).toBe('cilium');
    expect(gw.spec.listeners[0]).toMatchObject({
      name: 'https',
      hostname: '*.apps.aks-eu-prod-3.example.com',
      port: 443,
      protocol: 'HTTPS',
      tls: {
        mode: 'Terminate',
        certificateRefs: [{ kind: 'Secret', name: 'wildcard-ingress-tls' }],
      },
    });
    expect(manifestErrors(roundTrip(buildCertificate(s)))).toEqual([]);
  });

  it('delivers the ingress with an Application whose destination is the new spoke, by name', () => {
    const app = roundTrip(buildIngressApplication(spec()));
    expect(manifestErrors(app)).toEqual([]);
    expect(app.metadata).toMatchObject({
      name: 'aks-eu-prod-3-ingress',
      namespace: 'argocd',
    });
    expect(app.spec.destination).toEqual({
      name: 'aks-eu-prod-3',
      namespace: 'istio-ingress',
    });
    expect(app.spec.source).toEqual({
      repoURL: 'https://github.com/example/fleet',
      path: 'clusters/aks-eu-prod-3/spoke',
      targetRevision: 'main',
    });
    expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });
});

describe('add-on ApplicationSets', () => {
  it.each(ADDON_NAMES.map(a => [a]))(
    '%s: a valid ApplicationSet selecting clusters by its label',
    addon => {
      const set = roundTrip(buildAddonApplicationSet(addon, 'argocd'));
      expect(manifestErrors(set)).toEqual([]);
      expect(set.spec.generators).toEqual([
        {
          clusters: {
            selector: {
              matchLabels: { [`hub-spoke/addon-${addon}`]: 'enabled' },
            },
          },
        },
      ]);
      expect(set.spec.template.metadata.name).toBe(`{{.name}}-${addon}`);
      expect(set.spec.template.spec.destination.server).toBe('{{.server}}');
      expect(set.spec.template.spec.source.chart).toBeTruthy();
    },
  );
});

describe('catalog-info', () => {
  it('describes the spoke as a kubernetes-cluster Resource that depends on its hub', () => {
    expect(roundTrip(buildCatalogInfo(spec()))).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'aks-eu-prod-3',
        description:
          'Kubernetes cluster aks-eu-prod-3, a spoke of the Argo CD hub aks-mgmt-hub.',
        annotations: {
          'hub-spoke/cidr': '10.14.0.0/16',
          'hub-spoke/cluster': 'aks-eu-prod-3',
          'hub-spoke/hub': 'aks-mgmt-hub',
          'hub-spoke/ingress-domain': 'apps.aks-eu-prod-3.example.com',
          'kubernetes.io/api-server': 'https://aks-eu-prod-3.example.com:443',
        },
        tags: ['cert-manager', 'istio-ingress'],
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        system: 'fleet',
        dependsOn: ['resource:aks-mgmt-hub'],
      },
    });
  });
});

describe('serialization', () => {
  it('gives the same bytes for the same spec whatever order its maps came in, keeps JSON on one line', () => {
    const a = toYaml(buildClusterSecret(spec({ labels: { b: '2', a: '1' } })));
    const b = toYaml(buildClusterSecret(spec({ labels: { a: '1', b: '2' } })));
    expect(a).toBe(b);
    const configLine = a
      .split('\n')
      .find(l => l.trimStart().startsWith('config:'))!;
    expect(JSON.parse(parse(configLine).config)).toHaveProperty(
      'execProviderConfig',
    );
    expect(a).not.toMatch(/&a\d|\*a\d/); // no YAML anchors
  });
});

describe('the schema checks themselves', () => {
  it('reject a mistyped field, a missing required field or a value outside an enum in every kind of manifest (so a pass means something)', () => {
    const { destination: _, ...withoutDestination } = buildIngressApplication(
      spec(),
    ).spec;
    const broken = [
      { ...buildClusterSecret(spec()), data: { name: 'not base64!' } },
      {
        ...buildCertificate(spec()),
        spec: { ...buildCertificate(spec()).spec, dnsNames: 'x' },
      },
      {
        ...buildIstioGateway(spec()),
        spec: {
          ...buildIstioGateway(spec()).spec,
          servers: [{ port: { number: 'x' } }],
        },
      },
      {
        ...buildGatewayApiGateway(spec()),
        spec: { ...buildGatewayApiGateway(spec()).spec, listeners: 'all' },
      },
      { ...buildIngressApplication(spec()), spec: withoutDestination },
      {
        ...buildAddonApplicationSet('cert-manager', 'argocd'),
        spec: { generators: [], template: 5 },
      },
      {
        ...buildCatalogInfo(spec()),
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'Bad Name', labels: { a: 1 } },
      },
    ];
    for (const doc of broken) {
      expect(manifestErrors(doc as any)).not.toEqual([]);
    }
  });
});

describe('catalog-info, as the catalog checks it', () => {
  it('passes the catalog’s own entity policies and Resource validator', async () => {
    expect(
      await catalogEntityErrors(roundTrip(buildCatalogInfo(spec()))),
    ).toEqual([]);
    expect(
      await catalogEntityErrors({
        ...buildCatalogInfo(spec()),
        spec: { type: 'kubernetes-cluster' },
      }),
    ).not.toEqual([]);
  });
});
