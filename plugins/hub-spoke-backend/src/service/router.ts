import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ConditionalPolicyDecision } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  hubSpokeClusterReadPermission,
  hubSpokeRefreshPermission,
  hubSpokeTopologyReadPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import express, { Request } from 'express';
import { filterApplications, filterTopology } from '../permissions/filterTopology';
import { ClusterResource, clusterResourceRef } from '../permissions/rules';
import { FleetService } from './FleetService';
import { PreparedBodies, sendPrepared } from './prepared';
import { spec } from './spec';

export interface RouterOptions {
  fleet: FleetService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { fleet, httpAuth, permissions, permissionsRegistry } = options;
  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  const authorizer = createConditionAuthorizer(permissionsRegistry.getPermissionRuleset(clusterResourceRef));

  const bodies = new PreparedBodies();

  const authorize = async (req: Request<unknown>, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    return credentials;
  };

  /**
   * Which clusters (and hubs) this user may see: all, none, or those the policy's conditions accept; and a key that
   * is the same for every user with the same visibility, so their response bodies are prepared once per snapshot.
   * Both permission checks go out at once.
   */
  const clusterVisibility = async (
    req: Request<unknown>,
  ): Promise<{ visible: (c: ClusterResource) => boolean; key: string }> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [[read], [decision]] = await Promise.all([
      permissions.authorize([{ permission: hubSpokeTopologyReadPermission }], { credentials }),
      permissions.authorizeConditional([{ permission: hubSpokeClusterReadPermission }], { credentials }),
    ]);
    if (read.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${hubSpokeTopologyReadPermission.name}`);
    }
    if (decision.result === AuthorizeResult.ALLOW) return { visible: () => true, key: 'all' };
    if (decision.result === AuthorizeResult.DENY) return { visible: () => false, key: 'none' };
    return {
      visible: cluster => authorizer(decision, cluster),
      key: `if:${JSON.stringify((decision as ConditionalPolicyDecision).conditions)}`,
    };
  };

  // Bodies are serialized (and gzipped) once per snapshot and visibility, and answered with an ETag (304 when the
  // client has it): a GET costs the permission checks and a buffer write, not a JSON encoding of the fleet.
  router.get('/topology', async (req, res) => {
    const { visible, key } = await clusterVisibility(req);
    const topology = await fleet.getTopology();
    sendPrepared(req, res, await bodies.get(topology, `topology|${key}`, () => filterTopology(topology, visible)));
  });

  router.get('/applications', async (req, res) => {
    const { visible, key } = await clusterVisibility(req);
    const { hub, cluster, health, sync } = req.query;
    const topology = await fleet.getTopology();
    const filterKey = JSON.stringify([hub, cluster, health, sync]);
    sendPrepared(
      req,
      res,
      await bodies.get(topology, `applications|${key}|${filterKey}`, async () => ({
        items: filterApplications(await fleet.getApplications({ hub, cluster, health, sync }), topology, visible),
      })),
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
