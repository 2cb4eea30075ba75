import {
  makeCluster,
  makeLargeTopology,
  makeTopology,
} from '../../testUtils/fixtures';
import { expiringCertificatesOf, summarizeFleet } from './summary';

describe('summarizeFleet', () => {
  it('counts hubs, clusters, applications, expiring certificates and overlap pairs', () => {
    const summary = summarizeFleet(makeTopology());
    expect(summary.hubs).toEqual({ ok: 1, total: 2 });
    // aks-spoke-eu (unreachable), aks-spoke-ghost (unregistered), eks-spoke-us (unauthorized)
    expect(summary.clusters).toEqual({ total: 4, withProblems: 3 });
    expect(summary.applications).toEqual({
      total: 11,
      health: { Healthy: 7, Degraded: 1, Progressing: 2, Missing: 1 },
      sync: { Synced: 9, OutOfSync: 2 },
    });
    expect(summary.expiringCertificates).toEqual([
      expect.objectContaining({
        clusterId: 'aks-mgmt-hub/aks-spoke-eu',
        namespace: 'istio-system',
        name: 'checkout-eu',
      }),
    ]);
    expect(summary.cidrOverlaps).toEqual([
      {
        clusterId: 'aks-mgmt-hub/aks-spoke-eu',
        cidr: '10.1.0.0/16',
        otherClusterId: 'eks-mgmt-hub/eks-spoke-us',
        otherCidr: '10.1.128.0/17',
      },
    ]);
  });

  it('counts an overlap with clusters the user cannot see once per CIDR of the visible cluster', () => {
    const hidden = (cidr: string) => ({
      hidden: true as const,
      cidr,
      message: 'overlaps a cluster you cannot see' as const,
    });
    const summary = summarizeFleet({
      hubs: [],
      clusters: [
        makeCluster({
          name: 'a',
          hub: 'h',
          cidrs: ['10.1.0.0/16', '10.2.0.0/16'],
          cidrOverlaps: [hidden('10.1.0.0/16'), hidden('10.2.0.0/16')],
        }),
        makeCluster({ name: 'b', hub: 'h' }),
      ],
    });
    expect(summary.cidrOverlaps).toEqual([
      { clusterId: 'h/a', cidr: '10.1.0.0/16', hidden: true },
      { clusterId: 'h/a', cidr: '10.2.0.0/16', hidden: true },
    ]);
  });

  it('adds up a large fleet', () => {
    const summary = summarizeFleet(
      makeLargeTopology({ hubs: 2, spokesPerHub: 100, applications: 10_000 }),
    );
    expect(summary.clusters.total).toBe(202);
    expect(summary.applications.total).toBe(10_000);
  });
});

describe('expiringCertificatesOf', () => {
  it('takes certificates of published hosts not in the certificate list, each once', () => {
    const cert = {
      namespace: 'gw',
      name: 'wild',
      ready: true,
      expiringSoon: true,
    };
    const cluster = makeCluster({
      name: 'a',
      hub: 'h',
      ingress: {
        addresses: [],
        hosts: [
          {
            host: 'a.example.com',
            sources: [],
            destinations: [],
            certificate: cert,
          },
          {
            host: 'b.example.com',
            sources: [],
            destinations: [],
            certificate: cert,
          },
        ],
      },
    });
    expect(expiringCertificatesOf(cluster)).toEqual([
      { clusterId: 'h/a', namespace: 'gw', name: 'wild', notAfter: undefined },
    ]);
  });
});
