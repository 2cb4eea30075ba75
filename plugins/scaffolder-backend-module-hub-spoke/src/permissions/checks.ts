/**
 * Which permissions each action needs, from its validated input (no I/O): the resource permission on the clusters it
 * touches and, in apply mode, hub-spoke.apply.
 */
import {
  hubSpokeAppPublishPermission,
  hubSpokeApplyPermission,
  hubSpokeSpokeOffboardPermission,
  hubSpokeSpokeOnboardPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import { Mode } from '../input/rules';
import { PublishSpec } from '../manifests';
import { PublishRequest } from '../publish/validate';
import { Authorized, PermissionCheck } from './authorize';

/** The resourceRef of a cluster; a hub's own cluster is `<hub>/<hub>`. */
export const clusterRef = (hub: string, cluster: string) => `${hub}/${cluster}`;

const applyCheck = (mode: Mode, hub?: string): PermissionCheck[] =>
  mode === 'apply'
    ? [
        {
          permission: hubSpokeApplyPermission,
          what: `use mode apply${hub ? ` on ${hub}` : ''}`,
          hint: 'mode pull-request proposes the same change for review',
        },
      ]
    : [];

/** hub-spoke:spoke:onboard: hub-spoke.spoke.onboard on the hub's own cluster. */
export function onboardChecks(hub: string, mode: Mode): PermissionCheck[] {
  return [
    {
      permission: hubSpokeSpokeOnboardPermission,
      resourceRef: clusterRef(hub, hub),
      what: `onboard a spoke onto ${hub}`,
    },
    ...applyCheck(mode, hub),
  ];
}

/** hub-spoke:spoke:offboard: hub-spoke.spoke.offboard on the spoke. */
export function offboardChecks(
  hub: string,
  name: string,
  mode: Mode,
): PermissionCheck[] {
  return [
    {
      permission: hubSpokeSpokeOffboardPermission,
      resourceRef: clusterRef(hub, name),
      what: `offboard ${hub}/${name}`,
    },
    ...applyCheck(mode, hub),
  ];
}

const exposureHubCheck = (hub: string): PermissionCheck => ({
  permission: hubSpokeAppPublishPermission,
  resourceRef: clusterRef(hub, hub),
  what: `publish on hub ${hub} (exposure hub)`,
});

/** The hub of exposure hub when the input alone says it: all targets name it, or it is the only hub. */
function exposureHubOf(req: PublishRequest, hubs: string[]) {
  const named = new Set(req.targets.map(t => t.hub));
  if (named.size === 1 && !named.has(undefined)) return [...named][0];
  if (hubs.length === 1 && req.targets.every(t => !t.hub || t.hub === hubs[0]))
    return hubs[0];
  return undefined;
}

/**
 * hub-spoke:app:publish, before the topology is read: hub-spoke.app.publish on every target (a target named without
 * its hub: on any configured hub, checked exactly once resolved), on the hub's own cluster for exposure hub when the
 * hub is known from the input, and hub-spoke.apply in apply mode.
 */
export function publishChecks(
  req: PublishRequest,
  hubs: string[],
): PermissionCheck[] {
  const checks: PermissionCheck[] = [];
  for (const t of req.targets) {
    const candidates = t.hub ? [t.hub] : hubs;
    if (candidates.length === 0) continue; // no hub known: checked once resolved
    checks.push({
      permission: hubSpokeAppPublishPermission,
      resourceRef: candidates.map(h => clusterRef(h, t.cluster)),
      what: `publish to ${t.hub ? `${t.hub}/` : ''}${t.cluster}`,
    });
  }
  if (req.spec.exposure === 'hub') {
    const hub = exposureHubOf(req, hubs);
    if (hub) checks.push(exposureHubCheck(hub));
  }
  return [...checks, ...applyCheck(req.mode)];
}

/**
 * hub-spoke:app:publish, once the targets are resolved: the clusters the first check did not allow exactly (a
 * target named without its hub; the hub of exposure hub). Empty when the first check covered everything.
 */
export function publishResolvedChecks(
  req: PublishRequest,
  spec: PublishSpec,
  authorized: Authorized,
): PermissionCheck[] {
  const checks: PermissionCheck[] = [];
  spec.targets.forEach((t, i) => {
    const ref = clusterRef(t.hub, t.cluster);
    if (!authorized.has(hubSpokeAppPublishPermission, ref))
      checks.push({
        permission: hubSpokeAppPublishPermission,
        resourceRef: ref,
        what: `publish to ${req.targets[i]?.hub ? `${t.hub}/` : ''}${
          t.cluster
        }`,
      });
  });
  const hub = spec.exposure === 'hub' ? spec.targets[0]?.hub : undefined;
  if (
    hub &&
    !authorized.has(hubSpokeAppPublishPermission, clusterRef(hub, hub))
  )
    checks.push(exposureHubCheck(hub));
  return checks;
}
