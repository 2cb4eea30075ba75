import { HubConfig } from '../config';
import { ClusterState } from '../topology/clusterState';
import { HubState } from '../topology/hubState';
import { PersistedState } from './SnapshotStore';

/** The polling state of every hub and cluster, by name, in the order the topology lists them. */
export interface FleetStates {
  hubs: Map<string, HubState>;
  clusters: Map<string, ClusterState>;
}

/** What the fleet polls: the configured hubs, the clusters it reads directly, and those it cannot read (with why). */
export interface PollTargets {
  hubs: HubConfig[];
  /** Names of the clusters read directly, in the order they were configured. */
  clusters: string[];
  /** Clusters that cannot be read, by name, with the reason; reported with status `error`. */
  unsupported: ReadonlyMap<string, string>;
}

/** A hub not polled yet. */
export function pendingHubState(hub: HubConfig): HubState {
  return {
    name: hub.name,
    url: hub.argocd.url,
    status: 'pending',
    message: 'Waiting for the first poll of this hub',
  };
}

/** A cluster not read yet. */
export function pendingClusterState(name: string): ClusterState {
  return {
    name,
    status: 'pending',
    message: 'Waiting for the first read of this cluster',
    failures: 0,
  };
}

/** The state of the later attempt: the shared one when it was attempted after this replica's own (or there is no own). */
export function newerState<T extends { lastAttemptAt?: string }>(
  mine: T | undefined,
  shared: T | undefined,
): T | undefined {
  return !mine ||
    (shared && (shared.lastAttemptAt ?? '') > (mine.lastAttemptAt ?? ''))
    ? shared
    : mine;
}

/**
 * The polling states to start a poll from: the shared ones (another replica may have polled since this one last
 * did, e.g. before it took over polling) or this replica's own, whichever is newer per hub and cluster, so a replica
 * taking over keeps the last-known data and failure counts. Targets with neither start as pending; unsupported
 * clusters are always reported as errors with their reason.
 */
export function mergeStates(
  targets: PollTargets,
  local: FleetStates | undefined,
  shared: PersistedState | undefined,
): FleetStates {
  const sharedHubs = new Map(shared?.hubs.map(h => [h.name, h]) ?? []);
  const sharedClusters = new Map(shared?.clusters.map(c => [c.name, c]) ?? []);
  const hubs = new Map<string, HubState>();
  for (const hub of targets.hubs) {
    hubs.set(
      hub.name,
      newerState(local?.hubs.get(hub.name), sharedHubs.get(hub.name)) ??
        pendingHubState(hub),
    );
  }
  const clusters = new Map<string, ClusterState>();
  for (const name of targets.clusters) {
    clusters.set(
      name,
      newerState(local?.clusters.get(name), sharedClusters.get(name)) ??
        pendingClusterState(name),
    );
  }
  for (const [name, message] of targets.unsupported) {
    clusters.set(name, { name, status: 'error', message, failures: 0 });
  }
  return { hubs, clusters };
}
