/**
 * Contract suite (`npm run test:contracts`, needs ../shared/schemas beside the repository): the simulator's own
 * output validated against the upstream schemas:
 * Argo CD's swagger definitions and Application CRD, the Istio, Gateway API and cert-manager CRDs,
 * and the Kubernetes core/v1 OpenAPI document. Schemas are closed (unknown fields fail).
 */
import { FleetSimulator, startFleetSimulator } from './server';
import { defaultFleetPath, loadFleetFile } from './fleet/parse';
import { generateFleet } from './fleet/generate';
import { getJson } from './__testUtils__/http';
import {
  argoDefinition,
  coreSchema,
  crdSchema,
  errorsOf,
  requireSharedSchemas,
} from '@hub-spoke/test-utils';

/* eslint-disable @typescript-eslint/no-explicit-any */

const APPLICATION_CRD = 'argo-cd/crds/application-crd.yaml';
const CRDS: Array<{ path: string; file: string; version: string }> = [
  {
    path: 'networking.istio.io/v1/gateways',
    file: 'istio/crds/gateway-crd.yaml',
    version: 'v1',
  },
  {
    path: 'networking.istio.io/v1/virtualservices',
    file: 'istio/crds/virtualservice-crd.yaml',
    version: 'v1',
  },
  {
    path: 'networking.istio.io/v1/destinationrules',
    file: 'istio/crds/destinationrule-crd.yaml',
    version: 'v1',
  },
  {
    path: 'networking.istio.io/v1/serviceentries',
    file: 'istio/crds/serviceentry-crd.yaml',
    version: 'v1',
  },
  {
    path: 'gateway.networking.k8s.io/v1/gatewayclasses',
    file: 'gateway-api/crds/gateway.networking.k8s.io_gatewayclasses.yaml',
    version: 'v1',
  },
  {
    path: 'gateway.networking.k8s.io/v1/gateways',
    file: 'gateway-api/crds/gateway.networking.k8s.io_gateways.yaml',
    version: 'v1',
  },
  {
    path: 'gateway.networking.k8s.io/v1/httproutes',
    file: 'gateway-api/crds/gateway.networking.k8s.io_httproutes.yaml',
    version: 'v1',
  },
  {
    path: 'cert-manager.io/v1/certificates',
    file: 'cert-manager/crds/cert-manager.io_certificates.yaml',
    version: 'v1',
  },
];
const CORE_LISTS: Array<[string, string]> = [
  ['nodes', 'NodeList'],
  ['namespaces', 'NamespaceList'],
  ['services', 'ServiceList'],
  ['secrets', 'SecretList'],
  ['pods', 'PodList'],
];

/** A validation result that names the object, so a failure says which one is wrong. */
function check(
  what: string,
  errors: string[],
): { what: string; errors: string[] } {
  return { what, errors };
}

jest.setTimeout(30_000);

describe("schemas of the simulator's output", () => {
  let sim: FleetSimulator;
  let ca: string;

  beforeAll(async () => {
    sim = await startFleetSimulator({ fleet: loadFleetFile(defaultFleetPath) });
    ca = sim.caPem;
  });
  afterAll(() => sim.close());

  it('finds the upstream schemas beside the repository root', () => {
    expect(requireSharedSchemas()).toMatch(/schemas$/);
  });

  it('closed schemas catch invented fields and wrong types (negative control)', () => {
    const list = argoDefinition('v1alpha1ClusterList');
    expect(
      errorsOf(list, {
        metadata: {},
        items: [
          { name: 'a', server: 'https://x', info: { applicationsCount: 1 } },
        ],
      }),
    ).toEqual([]);
    expect(
      errorsOf(list, { items: [{ name: 'a', conectionState: {} }] }).join(),
    ).toMatch(/additional properties/);
    expect(
      errorsOf(list, {
        items: [{ name: 'a', info: { applicationsCount: 'many' } }],
      }).join(),
    ).toMatch(/must be integer|must match format/);
    const app = crdSchema(APPLICATION_CRD, 'v1alpha1');
    expect(
      errorsOf(app, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'x' },
        spec: { destination: {} },
      }).join(),
    ).toMatch(/project/);
    const svc = coreSchema('io.k8s.api.core.v1.Service');
    expect(
      errorsOf(svc, { spec: { ports: [{ name: 'http' }] } }).join(),
    ).toMatch(/port/);
  });

  it("ClusterList, ApplicationList and version match Argo CD's swagger definitions", async () => {
    const results = [];
    for (const hub of sim.hubs) {
      const opts = { ca, token: hub.token };
      results.push(
        check(
          `${hub.name} clusters`,
          errorsOf(
            argoDefinition('v1alpha1ClusterList'),
            (await getJson(`${hub.url}/api/v1/clusters`, opts)).body,
          ),
        ),
      );
      results.push(
        check(
          `${hub.name} applications`,
          errorsOf(
            argoDefinition('v1alpha1ApplicationList'),
            (await getJson(`${hub.url}/api/v1/applications`, opts)).body,
          ),
        ),
      );
      results.push(
        check(
          `${hub.name} version`,
          errorsOf(
            argoDefinition('versionVersionMessage'),
            (await getJson(`${hub.url}/api/version`, opts)).body,
          ),
        ),
      );
      const notFound = await getJson(
        `${hub.url}/api/v1/applications/nope`,
        opts,
      );
      results.push(
        check(
          `${hub.name} 404`,
          errorsOf(argoDefinition('runtimeError'), notFound.body),
        ),
      );
    }
    expect(results.filter(r => r.errors.length > 0)).toEqual([]);
  });

  it('every Application validates against the Application CRD (with apiVersion/kind added)', async () => {
    const validate = crdSchema(APPLICATION_CRD, 'v1alpha1');
    const results = [];
    for (const hub of sim.hubs) {
      const res = await getJson<any>(`${hub.url}/api/v1/applications`, {
        ca,
        token: hub.token,
      });
      for (const app of res.body.items) {
        results.push(
          check(
            `${hub.name}/${app.metadata.name}`,
            errorsOf(validate, {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              ...app,
            }),
          ),
        );
      }
    }
    expect(results.length).toBe(22);
    expect(results.filter(r => r.errors.length > 0)).toEqual([]);
  });

  it('Istio, Gateway API and cert-manager objects validate against their CRDs', async () => {
    const results = [];
    const kinds = new Set<string>();
    for (const c of sim.clusters) {
      for (const crd of CRDS) {
        const res = await getJson<any>(`${c.url}/apis/${crd.path}`, {
          ca,
          token: c.token,
        });
        if (res.status === 404) continue;
        for (const obj of res.body.items) {
          kinds.add(`${obj.apiVersion} ${obj.kind}`);
          results.push(
            check(
              `${c.name} ${obj.kind} ${obj.metadata.namespace ?? ''}/${
                obj.metadata.name
              }`,
              errorsOf(crdSchema(crd.file, crd.version), obj),
            ),
          );
        }
      }
    }
    expect([...kinds].sort()).toEqual([
      'cert-manager.io/v1 Certificate',
      'gateway.networking.k8s.io/v1 Gateway',
      'gateway.networking.k8s.io/v1 GatewayClass',
      'gateway.networking.k8s.io/v1 HTTPRoute',
      'networking.istio.io/v1 DestinationRule',
      'networking.istio.io/v1 Gateway',
      'networking.istio.io/v1 ServiceEntry',
      'networking.istio.io/v1 VirtualService',
    ]);
    expect(results.filter(r => r.errors.length > 0)).toEqual([]);
  });

  it('Nodes, Namespaces, Services, Secrets, Pods and Status bodies validate against core/v1', async () => {
    const results = [];
    for (const c of sim.clusters) {
      for (const [resource, kind] of CORE_LISTS) {
        const res = await getJson(`${c.url}/api/v1/${resource}`, {
          ca,
          token: c.token,
        });
        results.push(
          check(
            `${c.name} ${kind}`,
            errorsOf(coreSchema(`io.k8s.api.core.v1.${kind}`), res.body),
          ),
        );
      }
    }
    const c = sim.clusters[1];
    for (const p of [
      '/api/v1/namespaces/default/services/nope',
      '/apis/nope.example.com/v1/things',
    ]) {
      const res = await getJson(`${c.url}${p}`, { ca, token: c.token });
      results.push(
        check(
          `Status ${p}`,
          errorsOf(
            coreSchema('io.k8s.apimachinery.pkg.apis.meta.v1.Status'),
            res.body,
          ),
        ),
      );
    }
    const unauthorized = await getJson(`${c.url}/api/v1/nodes`, { ca });
    results.push(
      check(
        'Status 401',
        errorsOf(
          coreSchema('io.k8s.apimachinery.pkg.apis.meta.v1.Status'),
          unauthorized.body,
        ),
      ),
    );
    expect(results.filter(r => r.errors.length > 0)).toEqual([]);
  });

  it('a generated fleet validates too', async () => {
    const gen = await startFleetSimulator({
      fleet: generateFleet({ spokes: 6, apps: 120, seed: 5, workloads: true }),
    });
    try {
      const results = [];
      const hub = gen.hubs[0];
      results.push(
        check(
          'clusters',
          errorsOf(
            argoDefinition('v1alpha1ClusterList'),
            (
              await getJson(`${hub.url}/api/v1/clusters`, {
                ca: gen.caPem,
                token: hub.token,
              })
            ).body,
          ),
        ),
      );
      const apps = await getJson<any>(`${hub.url}/api/v1/applications`, {
        ca: gen.caPem,
        token: hub.token,
      });
      for (const app of apps.body.items) {
        results.push(
          check(
            app.metadata.name,
            errorsOf(crdSchema(APPLICATION_CRD, 'v1alpha1'), {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              ...app,
            }),
          ),
        );
      }
      for (const c of gen.clusters) {
        for (const crd of CRDS) {
          const res = await getJson<any>(`${c.url}/apis/${crd.path}`, {
            ca: gen.caPem,
            token: c.token,
          });
          if (res.status !== 200) continue;
          for (const obj of res.body.items)
            results.push(
              check(
                `${c.name} ${obj.kind} ${obj.metadata.name}`,
                errorsOf(crdSchema(crd.file, crd.version), obj),
              ),
            );
        }
        for (const [resource, kind] of CORE_LISTS) {
          const res = await getJson(`${c.url}/api/v1/${resource}`, {
            ca: gen.caPem,
            token: c.token,
          });
          results.push(
            check(
              `${c.name} ${kind}`,
              errorsOf(coreSchema(`io.k8s.api.core.v1.${kind}`), res.body),
            ),
          );
        }
      }
      expect(results.length).toBeGreaterThan(150);
      expect(results.filter(r => r.errors.length > 0)).toEqual([]);
    } finally {
      await gen.close();
    }
  });
});
