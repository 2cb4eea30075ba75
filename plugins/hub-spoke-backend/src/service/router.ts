import {
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
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

  const authorize = async (req: Request<unknown>, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    return credentials;
  };

  /** Which clusters (and hubs) this user may see: all, none, or those the policy's conditions accept. */
  const clusterVisibility = async (req: Request<unknown>): Promise<(c: ClusterResource) => boolean> => {
    const credentials = await authorize(req, hubSpokeTopologyReadPermission);
    const [decision] = await permissions.authorizeConditional([{ permission: hubSpokeClusterReadPermission }], {
      credentials,
    });
    if (decision.result === AuthorizeResult.ALLOW) return () => true;
    if (decision.result === AuthorizeResult.DENY) return () => false;
    return cluster => authorizer(decision, cluster);
  };

  router.get('/topology', async (req, res) => {
    const visible = await clusterVisibility(req);
    res.json(filterTopology(await fleet.getTopology(), visible));
  });

  router.get('/applications', async (req, res) => {
    const visible = await clusterVisibility(req);
    const { hub, cluster, health, sync } = req.query;
    const [topology, items] = await Promise.all([
      fleet.getTopology(),
      fleet.getApplications({ hub, cluster, health, sync }),
    ]);
    res.json({ items: filterApplications(items, topology, visible) });
  });

  router.post('/refresh', async (req, res) => {
    await authorize(req, hubSpokeRefreshPermission);
    const visible = await clusterVisibility(req);
    await fleet.refresh();
    res.json(filterTopology(await fleet.getTopology(), visible));
  });

  return router;
}
