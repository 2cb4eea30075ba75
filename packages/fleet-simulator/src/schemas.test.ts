/**
 * The simulator's own output validated with the @kubernetes-models validators (what `npm test` can check without the
 * upstream schema files): every Application, every Istio, Gateway API and cert-manager object, and the core objects
 * (Nodes, Namespaces, Services, Secrets, Pods) of the default fleet and of a generated one. The exact upstream
 * schemas, closed against unknown fields, are checked by schemas.contract.test.ts (`npm run test:contracts`).
 */
import { manifestErrors } from '@hub-spoke/test-utils';
import { FleetSimulator, startFleetSimulator } from './server';
import { defaultFleetPath, loadFleetFile } from './fleet/parse';
import { generateFleet } from './fleet/generate';
import { getJson } from './__testUtils__/http';

/* eslint-disable @typescript-eslint/no-explicit-any */

const CUSTOM_RESOURCES = [
  'networking.istio.io/v1/gateways',
  'networking.istio.io/v1/virtualservices',
  'networking.istio.io/v1/destinationrules',
  'networking.istio.io/v1/serviceentries',
  'gateway.networking.k8s.io/v1/gatewayclasses',
  'gateway.networking.k8s.io/v1/gateways',
  'gateway.networking.k8s.io/v1/httproutes',
  'cert-manager.io/v1/certificates',
];
const CORE_KINDS: Array<[string, string]> = [
  ['nodes', 'Node'],
  ['namespaces', 'Namespace'],
  ['services', 'Service'],
  ['secrets', 'Secret'],
  ['pods', 'Pod'],
];

interface Result {
  what: string;
  errors: string[];
}

/** Every object a simulated fleet serves, each with its validation errors (named, so a failure says which). */
async function validateFleet(sim: FleetSimulator): Promise<{
  results: Result[];
  kinds: Set<string>;
}> {
  const results: Result[] = [];
  const kinds = new Set<string>();
  const add = (what: string, doc: any) => {
    kinds.add(`${doc.apiVersion} ${doc.kind}`);
    results.push({ what, errors: manifestErrors(doc) });
  };
  for (const hub of sim.hubs) {
    const apps = await getJson<any>(`${hub.url}/api/v1/applications`, {
      ca: sim.caPem,
      token: hub.token,
    });
    for (const app of apps.body.items) {
      // Argo CD's REST answers carry no apiVersion/kind.
      add(`${hub.name}/${app.metadata.name}`, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...app,
      });
    }
  }
  for (const c of sim.clusters) {
    const opts = { ca: sim.caPem, token: c.token };
    for (const resource of CUSTOM_RESOURCES) {
      const res = await getJson<any>(`${c.url}/apis/${resource}`, opts);
      if (res.status === 404) continue;
      for (const obj of res.body.items) {
        add(
          `${c.name} ${obj.kind} ${obj.metadata.namespace ?? ''}/${
            obj.metadata.name
          }`,
          obj,
        );
      }
    }
    for (const [resource, kind] of CORE_KINDS) {
      const res = await getJson<any>(`${c.url}/api/v1/${resource}`, opts);
      for (const obj of res.body.items) {
        add(
          `${c.name} ${kind} ${obj.metadata.namespace ?? ''}/${
            obj.metadata.name
          }`,
          {
            apiVersion: 'v1',
            kind,
            ...obj,
          },
        );
      }
    }
  }
  return { results, kinds };
}

jest.setTimeout(30_000);

describe("the simulator's output, as the @kubernetes-models validators see it", () => {
  it('the default fleet: every Application, custom resource and core object is valid', async () => {
    const sim = await startFleetSimulator({
      fleet: loadFleetFile(defaultFleetPath),
    });
    try {
      const { results, kinds } = await validateFleet(sim);
      expect([...kinds].sort()).toEqual([
        'argoproj.io/v1alpha1 Application',
        'cert-manager.io/v1 Certificate',
        'gateway.networking.k8s.io/v1 Gateway',
        'gateway.networking.k8s.io/v1 GatewayClass',
        'gateway.networking.k8s.io/v1 HTTPRoute',
        'networking.istio.io/v1 DestinationRule',
        'networking.istio.io/v1 Gateway',
        'networking.istio.io/v1 ServiceEntry',
        'networking.istio.io/v1 VirtualService',
        'v1 Namespace',
        'v1 Node',
        'v1 Pod',
        'v1 Secret',
        'v1 Service',
      ]);
      expect(results.filter(r => r.errors.length > 0)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('a generated fleet (with workloads) is valid too', async () => {
    const sim = await startFleetSimulator({
      fleet: generateFleet({ spokes: 6, apps: 120, seed: 5, workloads: true }),
    });
    try {
      const { results } = await validateFleet(sim);
      expect(results.length).toBeGreaterThan(150);
      expect(results.filter(r => r.errors.length > 0)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
