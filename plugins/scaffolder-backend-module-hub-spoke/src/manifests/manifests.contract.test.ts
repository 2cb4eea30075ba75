/**
 * Contract suite (`npm run test:contracts`): every manifest the onboarding builders emit, for every auth method and
 * ingress, validated against the exact upstream schemas in ../shared/schemas (core/v1 OpenAPI, Argo CD, Istio,
 * Gateway API and cert-manager CRDs), closed so that a misspelt field fails too.
 */
import { parse } from 'yaml';
import { upstreamManifestErrors } from '@hub-spoke/test-utils';
import { spokeSpec } from '../__testUtils__/spokeSpec';
import {
  ADDON_NAMES,
  SpokeSpec,
  buildAddonApplicationSet,
  buildCertificate,
  buildClusterSecret,
  buildGatewayApiGateway,
  buildIngressApplication,
  buildIstioGateway,
  toYaml,
  withData,
} from '.';

const roundTrip = (doc: unknown) => parse(toYaml(doc));

const specs: Array<[string, SpokeSpec]> = [
  ['AKS workload identity, Istio', spokeSpec()],
  [
    'EKS, Gateway API',
    spokeSpec({
      auth: {
        type: 'aws',
        clusterName: 'eks-us-prod-3',
        roleARN: 'arn:aws:iam::123456789012:role/argocd',
      },
      ingress: 'gateway-api',
    } as Partial<SpokeSpec>),
  ],
  [
    'bearer token, insecure TLS',
    spokeSpec({
      auth: { type: 'bearerToken' },
      tls: { insecure: true },
    } as Partial<SpokeSpec>),
  ],
  [
    'exec plugin',
    spokeSpec({
      auth: {
        type: 'exec',
        command: 'argocd-k8s-auth',
        args: ['gcp'],
        env: {},
      },
    } as Partial<SpokeSpec>),
  ],
];

describe('onboarding manifests against the upstream schemas', () => {
  it.each(specs)('%s', (_what, spec) => {
    // A bearer token is only ever in the Secret applied to the hub (apply mode).
    const options =
      spec.auth.type === 'bearerToken' ? { bearerToken: 'tok-123' } : {};
    const docs = [
      buildClusterSecret(spec, options),
      withData(buildClusterSecret(spec, options)),
      buildCertificate(spec),
      spec.ingress === 'gateway-api'
        ? buildGatewayApiGateway(spec)
        : buildIstioGateway(spec),
      buildIngressApplication(spec),
      ...ADDON_NAMES.map(a => buildAddonApplicationSet(a, 'argocd')),
    ].map(roundTrip);
    const results = docs.map(doc => ({
      kind: `${doc.apiVersion} ${doc.kind} ${doc.metadata.name}`,
      errors: upstreamManifestErrors(doc),
    }));
    expect(results).toEqual(results.map(r => ({ kind: r.kind, errors: [] })));
  });

  it('the closed schemas reject a misspelt field that the npm validators let through', () => {
    const spec = spokeSpec();
    const misspelt = [
      { ...buildClusterSecret(spec), strinData: {} },
      {
        ...buildIngressApplication(spec),
        spec: { ...buildIngressApplication(spec).spec, destinaton: {} },
      },
      {
        ...buildIstioGateway(spec),
        spec: { ...buildIstioGateway(spec).spec, selectr: {} },
      },
      {
        ...buildCertificate(spec),
        spec: { ...buildCertificate(spec).spec, dnsName: ['x'] },
      },
    ];
    for (const doc of misspelt) {
      expect(upstreamManifestErrors(doc as any).join('\n')).toMatch(
        /additional properties/,
      );
    }
  });
});
