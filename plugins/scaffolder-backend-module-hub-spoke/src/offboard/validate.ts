/**
 * hub-spoke:spoke:offboard: the input validated without I/O, and the check that nothing still deploys to the spoke.
 */
import { ConflictError, InputError } from '@backstage/errors';
import { ApplicationSummary } from '@hub-spoke/plugin-hub-spoke-common';
import { ACTION_SPOKE_OFFBOARD } from '../ids';
import { objectOf, parseInput } from '../input/fields';
import {
  Mode,
  checkName,
  checkNamespace,
  resolveHub,
  resolveTargetPath,
} from '../input/rules';
import { findCredentials } from '../validation/tokens';
import { offboardInputFields } from './inputs';

const inputSchema = objectOf(offboardInputFields);

/** A validated offboarding request. */
export interface OffboardRequest {
  name: string;
  hub: string;
  mode: Mode;
  /** Argo CD's namespace on the hub. */
  namespace: string;
  targetPath: string;
  force: boolean;
}

/** Validates the whole input (no I/O). */
export function validateOffboardInput(
  rawInput: unknown,
  hubs: string[],
): OffboardRequest {
  const credentials = findCredentials(rawInput);
  if (credentials.length > 0) {
    throw new InputError(
      `tokens go in secrets, not inputs: remove ${credentials.join(', ')}`,
    );
  }
  const input = parseInput(inputSchema, rawInput, ACTION_SPOKE_OFFBOARD);
  const name = checkName(input.name.trim());
  return {
    name,
    hub: resolveHub(input.hub, hubs),
    mode: input.mode ?? 'pull-request',
    namespace: checkNamespace(input.argocdNamespace),
    targetPath: resolveTargetPath(input.targetPath, name),
    force: input.force ?? false,
  };
}

/** The Applications that still deploy to the spoke: those the initiator may see by name, the others counted. */
export interface StillDeploying {
  /** Names of those the initiator may see, sorted. */
  names: string[];
  /** How many the initiator may not see. */
  hidden: number;
}

/** `a, b and 2 you cannot see`, or `2 you cannot see`. */
export function describeStillDeploying({
  names,
  hidden,
}: StillDeploying): string {
  if (hidden === 0) return names.join(', ');
  const others = `${hidden} you cannot see`;
  return names.length > 0 ? `${names.join(', ')} and ${others}` : others;
}

/**
 * The Applications of the hub that still deploy to the spoke, out of `apps` (the fleet's, read with the module's own
 * credentials so that none is missed), named only when `canSee` says the initiator may see them. Throws a
 * ConflictError listing them unless the request is forced.
 */
export function applicationsStillDeploying(
  req: OffboardRequest,
  apps: ApplicationSummary[],
  canSee: (app: ApplicationSummary) => boolean,
): StillDeploying {
  const { hub, name } = req;
  const targeting = apps.filter(a => a.hub === hub && a.cluster === name);
  const found: StillDeploying = {
    names: targeting
      .filter(canSee)
      .map(a => a.name)
      .sort(),
    hidden: targeting.filter(a => !canSee(a)).length,
  };
  const count = targeting.length;
  if (count > 0 && !req.force) {
    throw new ConflictError(
      `${count} Argo CD Application${
        count === 1 ? '' : 's'
      } on hub ${hub} still deploy${
        count === 1 ? 's' : ''
      } to ${name}: ${describeStillDeploying(found)}. Move or delete ` +
        'them first (for add-ons: remove them from the cluster), or offboard with force: true',
    );
  }
  return found;
}
