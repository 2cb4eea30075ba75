/**
 * Contract suite: are the @kubernetes-models validators `npm test` uses a fair stand-in for the upstream schemas the
 * project targets (../shared/schemas)?
 * - Istio serves v1, v1beta1 and v1alpha3 from one schema, so checking a v1 object with the v1beta1 model (the package
 *   version usable on Node 20 predates v1) is sound.
 * - Every upstream sample of a kind the project writes passes both the upstream schema and the package's validator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  crdVersions,
  requireSharedSchemas,
  upstreamManifestErrors,
} from '../contracts';
import { VALIDATED_KINDS, modelErrors } from './kubernetesModels';

const ISTIO_CRDS = [
  'istio/crds/gateway-crd.yaml',
  'istio/crds/virtualservice-crd.yaml',
  'istio/crds/destinationrule-crd.yaml',
  'istio/crds/serviceentry-crd.yaml',
];

const SAMPLES = [
  'istio/testdata/sample-bookinfo-gateway.yaml',
  'istio/testdata/sample-destination-rule-all.yaml',
  'istio/testdata/sample-egress-rule-google-apis.yaml',
  'gateway-api/examples/basic-http.yaml',
  'gateway-api/examples/simple-http-https_gateway.yaml',
  'gateway-api/examples/tls-basic.yaml',
  'gateway-api/examples/cross-namespace-routing_store-route.yaml',
];

describe('the npm validators against the upstream schemas', () => {
  it.each(ISTIO_CRDS)(
    '%s serves v1, v1beta1 and v1alpha3 with one schema',
    file => {
      const versions = crdVersions(file);
      expect(versions.map(v => v.name).sort()).toEqual([
        'v1',
        'v1alpha3',
        'v1beta1',
      ]);
      const v1 = versions.find(v => v.name === 'v1')!.schema;
      for (const v of versions) expect(v.schema).toEqual(v1);
    },
  );

  it('every upstream sample of a kind the project writes passes upstream and the npm validator alike', () => {
    const dir = requireSharedSchemas();
    const results = [];
    for (const sample of SAMPLES) {
      const docs = parseAllDocuments(
        fs.readFileSync(path.join(dir, sample), 'utf8'),
      )
        .map(d => d.toJSON())
        .filter(Boolean);
      for (const doc of docs) {
        const key = `${doc.apiVersion}/${doc.kind}`;
        if (!VALIDATED_KINDS.includes(key)) continue;
        results.push({
          what: `${sample} ${key} ${doc.metadata?.name}`,
          upstream: upstreamManifestErrors(doc),
          npm: modelErrors(doc),
        });
      }
    }
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(results).toEqual(
      results.map(r => ({ what: r.what, upstream: [], npm: [] })),
    );
  });
});
