import {
  ApplicationCounts,
  Cluster,
  HealthStatus,
  SyncStatus,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { clusterMarkers } from '../FleetStatus/clusterMarkers';

/** A certificate expiring soon, on one cluster. */
export interface ExpiringCertificate {
  clusterId: string;
  namespace: string;
  name: string;
  notAfter?: string;
}

/**
 * Two clusters whose networks overlap (each pair once), or a cluster whose CIDR overlaps a cluster the user cannot
 * see (`hidden`: the backend names neither that cluster nor its CIDR).
 */
export type OverlapPair =
  | {
      clusterId: string;
      cidr: string;
      otherClusterId: string;
      otherCidr: string;
    }
  | { clusterId: string; cidr: string; hidden: true };

/** The fleet at a glance. */
export interface FleetSummaryData {
  hubs: { ok: number; total: number };
  clusters: { total: number; withProblems: number };
  applications: ApplicationCounts;
  expiringCertificates: ExpiringCertificate[];
  cidrOverlaps: OverlapPair[];
}

function add<K extends string>(
  into: Partial<Record<K, number>>,
  from: Partial<Record<K, number>>,
) {
  for (const [key, count] of Object.entries(from) as [K, number][]) {
    into[key] = (into[key] ?? 0) + count;
  }
}

/** Certificates of a cluster that expire soon, from its certificate list and its published hosts, each once. */
export function expiringCertificatesOf(
  cluster: Cluster,
): ExpiringCertificate[] {
  const found = new Map<string, ExpiringCertificate>();
  for (const cert of cluster.certificates ?? []) {
    if (cert.expiringSoon) {
      found.set(`${cert.namespace}/${cert.name}`, {
        clusterId: cluster.id,
        namespace: cert.namespace,
        name: cert.name,
        notAfter: cert.notAfter,
      });
    }
  }
  for (const host of cluster.ingress?.hosts ?? []) {
    const cert = host.certificate;
    if (cert?.expiringSoon && !found.has(`${cert.namespace}/${cert.name}`)) {
      found.set(`${cert.namespace}/${cert.name}`, {
        clusterId: cluster.id,
        namespace: cert.namespace,
        name: cert.name,
        notAfter: cert.notAfter,
      });
    }
  }
  return [...found.values()];
}

/**
 * Counts for the summary bar: hubs that are ok, clusters (and how many carry a problem marker), applications by
 * health and sync, certificates expiring soon, and CIDR overlaps as pairs (each cluster lists the other, so a pair
 * is counted once; an overlap with a cluster the user cannot see counts once per CIDR of the visible cluster).
 */
export function summarizeFleet(
  topology: Pick<Topology, 'hubs' | 'clusters'>,
): FleetSummaryData {
  const health: Partial<Record<HealthStatus, number>> = {};
  const sync: Partial<Record<SyncStatus, number>> = {};
  let total = 0;
  let withProblems = 0;
  const expiringCertificates: ExpiringCertificate[] = [];
  const pairs = new Map<string, OverlapPair>();
  for (const cluster of topology.clusters) {
    total += cluster.applications.total;
    add(health, cluster.applications.health);
    add(sync, cluster.applications.sync);
    if (clusterMarkers(cluster).some(m => m.kind !== 'stale')) {
      withProblems += 1;
    }
    expiringCertificates.push(...expiringCertificatesOf(cluster));
    for (const overlap of cluster.cidrOverlaps) {
      if (!('clusterId' in overlap)) {
        pairs.set(`${cluster.id} ${overlap.cidr}|hidden`, {
          clusterId: cluster.id,
          cidr: overlap.cidr,
          hidden: true,
        });
        continue;
      }
      const a = `${cluster.id} ${overlap.cidr}`;
      const b = `${overlap.clusterId} ${overlap.otherCidr}`;
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      if (!pairs.has(key)) {
        pairs.set(key, {
          clusterId: cluster.id,
          cidr: overlap.cidr,
          otherClusterId: overlap.clusterId,
          otherCidr: overlap.otherCidr,
        });
      }
    }
  }
  return {
    hubs: {
      ok: topology.hubs.filter(h => h.status === 'ok').length,
      total: topology.hubs.length,
    },
    clusters: { total: topology.clusters.length, withProblems },
    applications: { total, health, sync },
    expiringCertificates,
    cidrOverlaps: [...pairs.values()],
  };
}
