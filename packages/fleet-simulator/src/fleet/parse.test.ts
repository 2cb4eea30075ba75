import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultFleetPath, loadFleetFile, parseFleet } from './parse';
import { FleetSpecError } from './reader';
import { OPERATION_PHASES } from '../types';
import {
  cidrsOverlap,
  HEALTH_STATUSES,
  parseCidr,
  SYNC_STATUSES,
} from '@hub-spoke/plugin-hub-spoke-common';

/** Whether two single CIDRs (as the fleet's hub-spoke/cidr annotations hold) share an address. */
const overlap = (a: string, b: string) =>
  cidrsOverlap(parseCidr(a)!, parseCidr(b)!);

const minimal = `
hubs:
  - name: hub-a
    spokes:
      - name: spoke-1
    applications:
      - name: app-1
        destination: { name: spoke-1, namespace: team }
`;

/** The message of the FleetSpecError that parseFleet throws (anything else fails the test). */
function errorOf(text: string): string {
  let error: unknown;
  try {
    parseFleet(text, 'test.yaml');
  } catch (e) {
    error = e;
  }
  if (!(error instanceof FleetSpecError)) {
    throw new Error(`expected a FleetSpecError, got ${String(error)}`);
  }
  return error.message;
}

describe('parseFleet', () => {
  it('fills documented defaults for a minimal fleet', () => {
    const fleet = parseFleet(minimal);
    const hub = fleet.hubs[0];
    expect(hub.argocd).toMatchObject({
      version: 'v3.5.1',
      namespace: 'argocd',
      inClusterEnabled: true,
      token: 'argocd-token-hub-a',
      fault: null,
    });
    expect(hub.cluster).toMatchObject({
      kubernetesVersion: 'v1.34.2',
      nodes: { ready: 3, total: 3 },
      token: 'kube-token-hub-a',
    });
    expect(hub.spokes[0]).toMatchObject({
      name: 'spoke-1',
      registered: true,
      serve: true,
      labels: {},
      annotations: {},
    });
    expect(hub.applications[0]).toMatchObject({
      project: 'default',
      sync: 'Synced',
      health: 'Healthy',
      autoSync: true,
      replicas: 2,
    });
  });

  it('names the path of the bad field', () => {
    expect(errorOf('hubs: []')).toBe('test.yaml: hubs: needs at least one hub');
    expect(errorOf('hub: []')).toMatch(
      /^test\.yaml: hub: unknown field \(allowed: seed, hubs, git\)$/,
    );
    expect(
      errorOf(
        minimal.replace(
          'name: spoke-1\n',
          'name: spoke-1\n        nodes: { ready: 5, total: 3 }\n',
        ),
      ),
    ).toBe('test.yaml: hubs[0].spokes[0].nodes.ready: is 5 but total is 3');
    expect(
      errorOf(
        minimal.replace(
          'namespace: team }',
          'namespace: team }\n        health: Broken',
        ),
      ),
    ).toBe(
      'test.yaml: hubs[0].applications[0].health: expected one of Healthy, Progressing, Degraded, Suspended, Missing, Unknown, got "Broken"',
    );
    expect(
      errorOf(
        minimal.replace(
          '{ name: spoke-1, namespace: team }',
          '{ name: spoke-1, server: https://x, namespace: team }',
        ),
      ),
    ).toMatch(
      /hubs\[0\]\.applications\[0\]\.destination: needs exactly one of name, server or serverOf \(got name and server\)/,
    );
    expect(
      errorOf(minimal.replace('name: spoke-1\n', 'name: Spoke_1\n')),
    ).toMatch(/hubs\[0\]\.spokes\[0\]\.name: "Spoke_1" is not a valid name/);
    expect(
      errorOf(
        minimal.replace(
          'name: spoke-1\n',
          'name: spoke-1\n        fault: { kind: melt }\n',
        ),
      ),
    ).toMatch(
      /hubs\[0\]\.spokes\[0\]\.fault\.kind: expected one of down, hang, unauthorized, malformed, crd-absent/,
    );
    expect(
      errorOf(
        minimal.replace(
          'name: spoke-1\n',
          'name: spoke-1\n        labels: { env: 3 }\n',
        ),
      ),
    ).toMatch(
      /hubs\[0\]\.spokes\[0\]\.labels\.env: expected a string value \(quote it: "3"\)/,
    );
    expect(
      errorOf(
        minimal.replace(
          'name: spoke-1\n',
          'name: spoke-1\n        objects: [{ apiVersion: apps/v1, kind: Widget, metadata: { name: w } }]\n',
        ),
      ),
    ).toMatch(
      /hubs\[0\]\.spokes\[0\]\.objects\[0\]\.kind: apps\/v1 Widget is not served by the simulator/,
    );
    expect(
      errorOf(
        minimal.replace(
          '{ name: spoke-1, namespace: team }',
          '{ serverOf: nope, namespace: team }',
        ),
      ),
    ).toMatch(
      /hubs\[0\]\.applications\[0\]\.destination\.serverOf: no spoke named "nope" in hub hub-a/,
    );
    expect(
      errorOf(
        `${minimal}      - name: app-1\n        destination: { name: spoke-1 }\n`,
      ),
    ).toMatch(
      /hubs\[0\]\.applications\[1\]\.name: duplicate application name "app-1"/,
    );
    expect(errorOf('hubs:\n  - name: a\n  - name: a\n')).toMatch(
      /hubs\[1\]\.name: "a" is already used by hubs\[0\]/,
    );
  });

  it('reports YAML syntax errors with the source name', () => {
    expect(errorOf('hubs: [\n  - name: x')).toMatch(
      /^test\.yaml: \(root\): invalid YAML: /,
    );
  });

  it('loadFleetFile names a missing file', () => {
    const missing = path.join(os.tmpdir(), 'no-such-fleet.yaml');
    expect(() => loadFleetFile(missing)).toThrow(
      `cannot read fleet file ${missing}`,
    );
  });

  it('loadFleetFile reads a fleet from disk and reports errors with its path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'hubs:\n  - name: h\n    argocd: { version: 3 }\n');
    expect(() => loadFleetFile(file)).toThrow(
      `${file}: hubs[0].argocd.version: expected an Argo CD version such as v3.5.1, got "3"`,
    );
  });
});

describe('the default fleet', () => {
  const fleet = loadFleetFile(defaultFleetPath);
  const hubs = fleet.hubs;
  const spokes = hubs.flatMap(h => h.spokes.map(s => ({ hub: h.name, ...s })));
  const apps = hubs.flatMap(h => h.applications);

  it('has two hubs with three to four spokes each', () => {
    expect(hubs.map(h => h.name)).toEqual(['aks-mgmt-hub', 'eks-mgmt-hub']);
    for (const h of hubs) {
      const registered = h.spokes.filter(s => s.registered).length;
      expect(registered).toBeGreaterThanOrEqual(3);
      expect(registered).toBeLessThanOrEqual(4);
    }
  });

  it('has one unreachable spoke, one unregistered destination and a certificate expiring within 14 days', () => {
    expect(
      spokes.filter(s => s.connection?.status === 'Failed').map(s => s.name),
    ).toEqual(['aks-eu-dev-1']);
    const unregistered = spokes.filter(s => !s.registered).map(s => s.name);
    expect(unregistered).toEqual(['legacy-onprem-1']);
    expect(apps.some(a => a.destination.name === 'legacy-onprem-1')).toBe(true);
    const expiring = spokes.filter(
      s => s.ingress?.certificate && s.ingress.certificate.notAfterDays <= 14,
    );
    expect(expiring.map(s => s.name)).toEqual(['aks-eu-stage-1']);
  });

  it('has exactly one CIDR overlap, between spokes of different hubs', () => {
    const withCidr = spokes.filter(s => s.annotations['hub-spoke/cidr']);
    const overlaps: string[][] = [];
    for (let i = 0; i < withCidr.length; i++) {
      for (let j = i + 1; j < withCidr.length; j++) {
        if (
          overlap(
            withCidr[i].annotations['hub-spoke/cidr'],
            withCidr[j].annotations['hub-spoke/cidr'],
          )
        ) {
          overlaps.push([
            `${withCidr[i].hub}/${withCidr[i].name}`,
            `${withCidr[j].hub}/${withCidr[j].name}`,
          ]);
        }
      }
    }
    // Different hubs: the overlap is only visible across Argo CD instances.
    expect(overlaps).toEqual([
      ['aks-mgmt-hub/aks-eu-stage-1', 'eks-mgmt-hub/eks-us-prod-2'],
    ]);
  });

  it('covers every health, sync and operation state and every way of naming a destination', () => {
    expect(new Set(apps.map(a => a.health))).toEqual(new Set(HEALTH_STATUSES));
    expect(new Set(apps.map(a => a.sync))).toEqual(new Set(SYNC_STATUSES));
    expect(new Set(apps.map(a => a.operationPhase ?? 'Succeeded'))).toEqual(
      new Set(OPERATION_PHASES),
    );
    expect(
      apps.some(a => a.destination.server === 'https://kubernetes.default.svc'),
    ).toBe(true);
    expect(apps.some(a => a.destination.name === 'in-cluster')).toBe(true);
    expect(apps.some(a => a.destination.serverOf !== undefined)).toBe(true);
    expect(
      apps.some(
        a =>
          a.destination.name !== undefined &&
          a.destination.name !== 'in-cluster',
      ),
    ).toBe(true);
    expect(
      apps.find(a => a.name === 'checkout-eu1')?.labels[
        'app.kubernetes.io/part-of'
      ],
    ).toBe('checkout');
    expect(
      apps.filter(a => (a.externalURLs ?? []).length > 0).length,
    ).toBeGreaterThan(5);
  });

  it('has Istio and Gateway API spokes with wildcard certificates and a weighted hub route', () => {
    expect(new Set(spokes.map(s => s.ingress?.kind).filter(Boolean))).toEqual(
      new Set(['istio', 'gateway-api']),
    );
    for (const s of spokes.filter(x => x.ingress)) {
      expect(s.ingress!.domain).toBe(`apps.${s.name}.example.com`);
      expect(s.annotations['hub-spoke/ingress-domain']).toBe(s.ingress!.domain);
    }
    const route = hubs[0].cluster.weightedRoutes[0];
    expect(route.backends.map(b => [b.spoke, b.weight])).toEqual([
      ['aks-eu-prod-1', 80],
      ['aks-eu-prod-2', 20],
    ]);
  });
});
