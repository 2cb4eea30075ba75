/**
 * The live topology as an action reads it: twice. On behalf of the task initiator, it is what they may see (the
 * hub-spoke backend filters it by `hub-spoke.cluster.read`): the only clusters, hubs, servers, CIDRs and routes a
 * message, an output or a log line may name. With the module's own credentials, it is the whole fleet: for the
 * fleet-wide checks only (names, servers and CIDRs unique across hubs, hosts already published), whose findings on
 * a cluster outside the initiator's view are told without naming it ("overlaps a cluster you cannot see").
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Cluster, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { HubSpokeApiService } from '@hub-spoke/plugin-hub-spoke-node';
import { hubChoiceProblem } from '../input/rules';

/** How a cluster outside the initiator's view is named in a message. */
export const HIDDEN_CLUSTER = 'a cluster you cannot see';

/** The two reads of the topology. @public */
export interface TopologyViews {
  /** On behalf of the task initiator: everything a message may name. */
  mine: Topology;
  /** With the module's own credentials: the whole fleet, for the fleet-wide checks; never named as such. */
  fleet: Topology;
  /** Whether the initiator may see this cluster (it is in `mine`). */
  canSee(cluster: Pick<Cluster, 'hub' | 'name'>): boolean;
}

/** What an action context gives: the initiator's credentials. */
export interface InitiatorContext {
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

const idOf = (c: Pick<Cluster, 'hub' | 'name'>) => `${c.hub}/${c.name}`;

/**
 * The views of two topologies already read (`fleet` defaults to `mine`: an initiator who sees the whole fleet).
 *
 * @public
 */
export function topologyViews(
  mine: Topology,
  fleet: Topology = mine,
): TopologyViews {
  const visible = new Set(mine.clusters.map(idOf));
  return { mine, fleet, canSee: c => visible.has(idOf(c)) };
}

/** Reads the topology on behalf of the task initiator and with the module's own credentials, at once. */
export async function readTopologyViews(
  api: HubSpokeApiService,
  ctx: InitiatorContext,
  purpose: string,
): Promise<TopologyViews> {
  const credentials = await ctx.getInitiatorCredentials();
  const [mine, fleet] = await Promise.allSettled([
    api.getTopology({ credentials, purpose }),
    api.getTopology({ purpose }),
  ]);
  if (fleet.status === 'rejected') throw fleet.reason;
  // The backend answers the module but not the initiator (no hub-spoke.topology.read, or a service principal whose
  // access restrictions leave out the hub-spoke plugin): they may see no cluster, so no message names one.
  const seen =
    mine.status === 'fulfilled'
      ? mine.value
      : { ...fleet.value, hubs: [], clusters: [], edges: [] };
  return topologyViews(seen, fleet.value);
}

/**
 * Refuses a hub input that names no configured hub (or none, when several are configured), listing the hubs the
 * initiator may see: only then is their view read, on their behalf (nothing with the module's credentials). When
 * it cannot be read, the refusal lists none. A hub input that resolves returns at once.
 */
export async function checkHubChoice(
  api: HubSpokeApiService,
  ctx: InitiatorContext,
  hub: unknown,
  hubs: string[],
): Promise<void> {
  // not a string: the input validation says so
  if (hub !== undefined && typeof hub !== 'string') return;
  const problem = hubChoiceProblem(hub, hubs);
  if (!problem) return;
  if (hubs.length === 0) throw new InputError(problem);
  let shown: string[] | undefined;
  try {
    const mine = await api.getTopology({
      credentials: await ctx.getInitiatorCredentials(),
      purpose: 'to list the hubs you can see',
    });
    const visible = new Set(mine.hubs.map(h => h.name));
    shown = hubs.filter(h => visible.has(h));
  } catch {
    shown = undefined;
  }
  throw new InputError(
    shown
      ? `${problem}; hubs you can see: ${shown.join(', ') || 'none'}`
      : `${problem} (the Hub & Spoke page shows the hubs you can see)`,
  );
}
