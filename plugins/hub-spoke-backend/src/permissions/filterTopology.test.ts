import {
  applicationSummary,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';
import { RoutesEdge, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { expectMatchesSpec } from '../__testUtils__/openApi';
import { markCidrOverlaps } from '../topology/buildTopology';
import { filterApplications, filterTopology } from './filterTopology';
import { ClusterResource } from './rules';

const routes = (from: string, to: string): RoutesEdge => ({
  kind: 'routes',
  from,
  to,
  route: { namespace: 'global-ingress', name: 'checkout' },
  hostnames: ['checkout.example.com'],
  match: 'PathPrefix /',
  weight: 50,
  idle: false,
  backend: {
    service: `checkout-${to.split('/')[1]}`,
    namespace: 'global-ingress',
    externalName: `checkout.apps.${to.split('/')[1]}.example.com`,
  },
});

/**
 * Two hubs. aks-eu-prod-1 (10.10.0.0/16) overlaps two spokes of the other hub, eks-us-prod-1 (10.10.128.0/17) and
 * eks-secret-1 (10.10.0.0/24, labelled tier=restricted); aks-eu-stage-1 overlaps nothing. The aks hub routes traffic
 * to its own spoke and to eks-secret-1.
 */
function fleet(): Topology {
  const topology = topologyOf([
    topologyCluster('aks-mgmt-hub', 'aks-mgmt-hub'),
    topologyCluster('aks-mgmt-hub', 'aks-eu-prod-1', {
      cidrs: ['10.10.0.0/16'],
    }),
    topologyCluster('aks-mgmt-hub', 'aks-eu-stage-1', {
      cidrs: ['10.12.0.0/16'],
    }),
    topologyCluster('eks-mgmt-hub', 'eks-mgmt-hub'),
    topologyCluster('eks-mgmt-hub', 'eks-us-prod-1', {
      cidrs: ['10.10.128.0/17'],
    }),
    topologyCluster('eks-mgmt-hub', 'eks-secret-1', {
      server: 'https://secret.internal.example.com:6443',
      cidrs: ['10.10.0.0/24'],
      labels: { tier: 'restricted' },
    }),
  ]);
  markCidrOverlaps(topology.clusters);
  topology.edges = [
    ...topology.clusters
      .filter(c => c.role === 'spoke')
      .map(c => ({ kind: 'manages' as const, from: c.hub, to: c.id })),
    routes('aks-mgmt-hub', 'aks-mgmt-hub/aks-eu-prod-1'),
    routes('aks-mgmt-hub', 'eks-mgmt-hub/eks-secret-1'),
  ];
  return topology;
}

const inHub =
  (...hubs: string[]) =>
  (c: ClusterResource) =>
    hubs.includes(c.hub);
const cluster = (topology: Topology, id: string) =>
  topology.clusters.find(c => c.id === id)!;
const HIDDEN = {
  hidden: true,
  message: 'overlaps a cluster you cannot see',
};

describe('filterTopology', () => {
  it('leaves the topology as it is for a caller who sees everything', () => {
    const topology = fleet();
    expect(filterTopology(topology, () => true)).toEqual(topology);
    expect(
      cluster(topology, 'aks-mgmt-hub/aks-eu-prod-1').cidrOverlaps,
    ).toEqual([
      {
        clusterId: 'eks-mgmt-hub/eks-secret-1',
        cidr: '10.10.0.0/16',
        otherCidr: '10.10.0.0/24',
      },
      {
        clusterId: 'eks-mgmt-hub/eks-us-prod-1',
        cidr: '10.10.0.0/16',
        otherCidr: '10.10.128.0/17',
      },
    ]);
  });

  it('keeps an overlap with a hidden cluster as "overlaps a cluster you cannot see", once per own CIDR, naming nothing of the other hub', () => {
    const filtered = filterTopology(fleet(), inHub('aks-mgmt-hub'));
    expectMatchesSpec('Topology', filtered);
    expect(
      cluster(filtered, 'aks-mgmt-hub/aks-eu-prod-1').cidrOverlaps,
    ).toEqual([{ ...HIDDEN, cidr: '10.10.0.0/16' }]);
    expect(
      cluster(filtered, 'aks-mgmt-hub/aks-eu-stage-1').cidrOverlaps,
    ).toEqual([]);
    const text = JSON.stringify(filtered);
    for (const hidden of [
      'eks-mgmt-hub',
      'eks-us-prod-1',
      'eks-secret-1',
      'secret.internal.example.com',
      '10.10.128.0/17',
      '10.10.0.0/24',
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('names the visible clusters it overlaps and hides only the others', () => {
    const filtered = filterTopology(
      fleet(),
      c => c.labels.tier !== 'restricted',
    );
    expectMatchesSpec('Topology', filtered);
    expect(
      cluster(filtered, 'aks-mgmt-hub/aks-eu-prod-1').cidrOverlaps,
    ).toEqual([
      {
        clusterId: 'eks-mgmt-hub/eks-us-prod-1',
        cidr: '10.10.0.0/16',
        otherCidr: '10.10.128.0/17',
      },
      { ...HIDDEN, cidr: '10.10.0.0/16' },
    ]);
    // the visible cluster on the other side names the visible one only
    expect(
      cluster(filtered, 'eks-mgmt-hub/eks-us-prod-1').cidrOverlaps,
    ).toEqual([
      {
        clusterId: 'aks-mgmt-hub/aks-eu-prod-1',
        cidr: '10.10.128.0/17',
        otherCidr: '10.10.0.0/16',
      },
    ]);
    expect(JSON.stringify(filtered)).not.toMatch(
      /eks-secret-1|10\.10\.0\.0\/24/,
    );
  });

  it('hides a cluster whose hub the caller may not see, and the overlaps that would name it', () => {
    // every spoke passes, but the eks hub's own cluster does not: its spokes go with it
    const filtered = filterTopology(
      fleet(),
      c => c.role === 'spoke' || c.hub === 'aks-mgmt-hub',
    );
    expect(filtered.clusters.map(c => c.id)).toEqual([
      'aks-mgmt-hub/aks-mgmt-hub',
      'aks-mgmt-hub/aks-eu-prod-1',
      'aks-mgmt-hub/aks-eu-stage-1',
    ]);
    expect(
      cluster(filtered, 'aks-mgmt-hub/aks-eu-prod-1').cidrOverlaps,
    ).toEqual([{ ...HIDDEN, cidr: '10.10.0.0/16' }]);
  });

  it('drops manages and routes edges to hidden clusters, also from a visible hub', () => {
    const filtered = filterTopology(
      fleet(),
      c => c.labels.tier !== 'restricted',
    );
    expect(filtered.edges.map(e => `${e.kind} ${e.from} → ${e.to}`)).toEqual([
      'manages aks-mgmt-hub → aks-mgmt-hub/aks-eu-prod-1',
      'manages aks-mgmt-hub → aks-mgmt-hub/aks-eu-stage-1',
      'manages eks-mgmt-hub → eks-mgmt-hub/eks-us-prod-1',
      'routes aks-mgmt-hub → aks-mgmt-hub/aks-eu-prod-1',
    ]);
    expect(
      filterTopology(fleet(), inHub('eks-mgmt-hub')).edges.map(
        e => `${e.kind} ${e.from} → ${e.to}`,
      ),
    ).toEqual([
      'manages eks-mgmt-hub → eks-mgmt-hub/eks-us-prod-1',
      'manages eks-mgmt-hub → eks-mgmt-hub/eks-secret-1',
    ]);
  });

  it('shows nothing to a caller who may see no cluster', () => {
    const filtered = filterTopology(fleet(), () => false);
    expect([filtered.hubs, filtered.clusters, filtered.edges]).toEqual([
      [],
      [],
      [],
    ]);
  });
});

describe('filterApplications', () => {
  it('keeps the applications of the clusters the caller sees', () => {
    const apps = [
      applicationSummary('aks-mgmt-hub', 'aks-eu-prod-1', 'checkout'),
      applicationSummary('eks-mgmt-hub', 'eks-secret-1', 'vault'),
      applicationSummary('eks-mgmt-hub', 'eks-us-prod-1', 'cart'),
    ];
    expect(
      filterApplications(
        apps,
        fleet(),
        c => c.labels.tier !== 'restricted',
      ).map(a => a.name),
    ).toEqual(['checkout', 'cart']);
  });
});
