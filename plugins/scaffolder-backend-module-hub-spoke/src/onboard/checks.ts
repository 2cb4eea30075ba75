/**
 * Checks of a new spoke against what exists: the live topology (names, servers, CIDRs of every hub's clusters), files
 * already in the workspace, and the cluster Secrets already on the hub.
 */
import { ConflictError, InputError } from '@backstage/errors';
import { cidrsOverlap, parseCidr } from '@hub-spoke/plugin-hub-spoke-common';
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { HubClusterSecret } from '../clients/HubKubernetesClient';
import { ANNOTATION_API_SERVER } from '../manifests/catalogInfo';
import { SpokeSpec } from '../manifests/types';
import { comparableServer } from '../input/hygiene';
import { HIDDEN_CLUSTER, TopologyViews } from '../topology/views';
import { resolveInWorkspace } from '../workspace/paths';

const trimServer = (s: string) => s.trim().replace(/\/+$/, '');

/**
 * Checks against the whole fleet (`views.fleet`), told as the initiator may read them (`views.mine`): a different
 * server under an existing cluster name (any hub: the name is also the catalog Resource's) or the same server under
 * another name on the same hub → ConflictError; an overlapping CIDR → InputError. A cluster the initiator can see is
 * named with its hub, server and CIDR; one they cannot is "a cluster you cannot see", without any of them. The spoke
 * itself (same hub, name and server: a re-run) is not a conflict.
 */
export function checkAgainstTopology(
  spec: SpokeSpec,
  views: TopologyViews,
): void {
  for (const c of views.fleet.clusters) {
    const server = trimServer(c.server ?? '');
    const visible = views.canSee(c);
    if (
      c.name === spec.name &&
      server &&
      comparableServer(server) !== spec.server
    ) {
      throw new ConflictError(
        visible
          ? `A cluster named ${spec.name} already exists on hub ${c.hub} with server ${server}; ${spec.server} cannot ` +
            `take its name. Choose another name, or offboard ${c.hub}/${spec.name} first`
          : `The name ${spec.name} is already taken by ${HIDDEN_CLUSTER}; choose another name (a cluster name is ` +
            'unique across hubs: it also names the catalog Resource)',
      );
    }
    if (
      c.hub === spec.hub &&
      comparableServer(server) === spec.server &&
      c.name !== spec.name
    ) {
      throw new ConflictError(
        `Hub ${spec.hub} already has server ${spec.server} as ${
          visible ? `cluster ${c.name}` : HIDDEN_CLUSTER
        }; Argo CD needs one cluster per server`,
      );
    }
  }
  const mine = spec.cidrs.map(t => parseCidr(t)!);
  const problems: string[] = [];
  const hiddenOverlaps = new Set<string>();
  for (const c of views.fleet.clusters) {
    if (c.hub === spec.hub && c.name === spec.name) continue;
    const visible = views.canSee(c);
    for (const theirs of c.cidrs ?? []) {
      const parsed = parseCidr(theirs);
      if (!parsed) continue;
      for (const m of mine) {
        if (!cidrsOverlap(m, parsed)) continue;
        if (visible) {
          problems.push(
            `${m.text} overlaps cluster ${c.hub}/${c.name} (${theirs})`,
          );
        } else if (!hiddenOverlaps.has(m.text)) {
          hiddenOverlaps.add(m.text);
        }
      }
    }
  }
  // after the visible ones, once per CIDR of the spoke: neither the hidden clusters nor how many there are
  for (const text of hiddenOverlaps) {
    problems.push(`${text} overlaps ${HIDDEN_CLUSTER}`);
  }
  if (problems.length > 0) {
    throw new InputError(
      `cidr ${problems.join(
        '; ',
      )}: choose a network no cluster of any hub uses`,
    );
  }
}

/** The server a file of a previous run registers, or undefined when the file is not there. */
async function serverInFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let doc: any;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConflictError(
      `${file} exists but is not valid YAML (${
        (e as Error).message.split('\n')[0]
      }); fix or remove it`,
    );
  }
  const b64 = (v: unknown) =>
    typeof v === 'string'
      ? Buffer.from(v, 'base64').toString('utf8')
      : undefined;
  const server =
    doc?.stringData?.server ??
    b64(doc?.data?.server) ??
    doc?.spec?.target?.template?.data?.server ??
    doc?.metadata?.annotations?.[ANNOTATION_API_SERVER];
  return typeof server === 'string' ? trimServer(server) : undefined;
}

/** Files of a previous run that register the same name with a different server → ConflictError. */
export async function checkWorkspace(
  spec: SpokeSpec,
  workspacePath: string,
  files: string[],
): Promise<void> {
  for (const rel of files) {
    const server = await serverInFile(resolveInWorkspace(workspacePath, rel));
    if (server && comparableServer(server) !== spec.server) {
      throw new ConflictError(
        `${rel} already registers cluster ${spec.name} with server ${server}; ${spec.server} cannot take its name`,
      );
    }
  }
}

/**
 * The hub's cluster Secrets: the same name with another server, the same server with another name, or the same
 * cluster under a Secret this action does not manage → ConflictError. A Secret of a cluster the initiator cannot
 * see (`canSee`, by cluster name on this hub) is told without its name, its Secret's name or its server. Returns
 * this action's Secret when it exists.
 */
export function checkHubSecrets(
  spec: SpokeSpec,
  secretName: string,
  secrets: HubClusterSecret[],
  canSee: (clusterName: string) => boolean = () => false,
): HubClusterSecret | undefined {
  for (const s of secrets) {
    const visible = canSee(s.name);
    const where = visible
      ? `Secret ${spec.argocdNamespace}/${s.secretName} on hub ${spec.hub}`
      : `A Secret on hub ${spec.hub} for ${HIDDEN_CLUSTER}`;
    if (s.name === spec.name && comparableServer(s.server) !== spec.server) {
      throw new ConflictError(
        visible
          ? `${where} already registers cluster ${spec.name} with server ${s.server}; ${spec.server} cannot take its name`
          : `${where} already registers cluster ${spec.name} with another server; ${spec.server} cannot take its name`,
      );
    }
    if (comparableServer(s.server) === spec.server && s.name !== spec.name) {
      throw new ConflictError(
        visible
          ? `${where} already registers server ${spec.server} as cluster ${s.name}`
          : `${where} already registers server ${spec.server}`,
      );
    }
    if (s.name === spec.name && s.secretName !== secretName) {
      throw new ConflictError(
        `${where} already registers cluster ${spec.name}; it was not created by this action, so it is left alone ` +
          '(offboard it first to let the action manage the cluster)',
      );
    }
  }
  return secrets.find(s => s.secretName === secretName);
}
