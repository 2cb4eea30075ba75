import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  hubSpokeClusterReadPermission,
  hubSpokeRefreshPermission,
  hubSpokeTopologyReadPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import express, { Request } from 'express';
import { DecisionCache } from '../permissions/decisionCache';
import {
  filterApplications,
  filterTopology,
} from '../permissions/filterTopology';
import { ClusterResource, clusterResourceRef } from '../permissions/rules';
import { FleetService } from './FleetService';
import { PreparedBodies, sendPrepared } from './prepared';
import { spec } from '../schema/openapi.generated';

export interface RouterOptions {
  fleet: FleetService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  /** Reuse a caller's permission decisions for this long (same token); 0 or absent: ask on every request. */
  permissionCacheTtlMs?: number;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { fleet, httpAuth, permissions, permissionsRegistry } = options;
  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  const authorizer = createConditionAuthorizer(
    permissionsRegistry.getPermissionRuleset(clusterResourceRef),
  );

  const bodies = new PreparedBodies();

  const authorize = async (
    req: Request<unknown>,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    return credentials;
  };

  interface Visibility {
    /** hub-spoke.topology.read */
    read: boolean;
    visible: (c: ClusterResource) => boolean;
    /** The same for every caller with the same visibility, so their bodies are prepared once per snapshot. */
    key: string;
  }
  const decisions = new DecisionCache<Visibility>(
    options.permissionCacheTtlMs ?? 0,
  );

  /**
   * Which clusters (and hubs) this caller may see: all, none, or those the policy's conditions accept. The token is
   * verified on every request; the two permission checks go out at once and their answer is reused for the same
   * token for `hubSpoke.permissionCacheTtl`.
   */
  const clusterVisibility = async (
    req: Request<unknown>,
  ): Promise<Visibility> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const visibility = await decisions.get(
      req.header('authorization'),
      async () => {
        const [[read], [decision]] = await Promise.all([
          permissions.authorize(
            [{ permission: hubSpokeTopologyReadPermission }],
            { credentials },
          ),
          permissions.authorizeConditional(
            [{ permission: hubSpokeClusterReadPermission }],
            { credentials },
          ),
        ]);
        const allowed = read.result === AuthorizeResult.ALLOW;
        if (decision.result === AuthorizeResult.ALLOW)
          return { read: allowed, visible: () => true, key: 'all' };
        if (decision.result === AuthorizeResult.DENY)
          return { read: allowed, visible: () => false, key: 'none' };
        const conditional = decision as ConditionalPolicyDecision;
        return {
          read: allowed,
          visible: (cluster: ClusterResource) =>
            authorizer(conditional, cluster),
          key: `if:${JSON.stringify(conditional.conditions)}`,
        };
      },
    );
    if (!visibility.read) {
      throw new NotAllowedError(
        `You are not allowed to ${hubSpokeTopologyReadPermission.name}`,
      );
    }
    return visibility;
  };

  // Bodies are serialized (and gzipped) once per snapshot and visibility, and answered with an ETag (304 when the
  // client has it): a GET costs the permission checks and a buffer write, not a JSON encoding of the fleet.
  router.get('/topology', async (req, res) => {
    const { visible, key } = await clusterVisibility(req);
    const topology = await fleet.getTopology();
    sendPrepared(
      req,
      res,
      await bodies.get(topology, `topology|${key}`, () =>
        filterTopology(topology, visible),
      ),
    );
  });

  router.get('/applications', async (req, res) => {
    const { visible, key } = await clusterVisibility(req);
    const { hub, cluster, health, sync } = req.query;
    const topology = await fleet.getTopology();
    const filterKey = JSON.stringify([hub, cluster, health, sync]);
    sendPrepared(
      req,
      res,
      await bodies.get(
        topology,
        `applications|${key}|${filterKey}`,
        async () => ({
          items: filterApplications(
            await fleet.getApplications({ hub, cluster, health, sync }),
            topology,
            visible,
          ),
        }),
      ),
    );
  });

  router.post('/refresh', async (req, res) => {
    await authorize(req, hubSpokeRefreshPermission);
    const { visible } = await clusterVisibility(req);
    await fleet.refresh();
    res.json(filterTopology(await fleet.getTopology(), visible));
  });

  return router;
}
