import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  hubSpokeRefreshPermission,
  hubSpokeTopologyReadPermission,
} from '@hub-spoke/plugin-hub-spoke-common';
import express, { Request } from 'express';
import { FleetService } from './FleetService';
import { spec } from './spec';

export interface RouterOptions {
  fleet: FleetService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { fleet, httpAuth, permissions } = options;
  const router = createValidatedOpenApiRouter<typeof spec>(spec);

  const authorize = async (req: Request<unknown>, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
  };

  router.get('/topology', async (req, res) => {
    await authorize(req, hubSpokeTopologyReadPermission);
    res.json(await fleet.getTopology());
  });

  router.get('/applications', async (req, res) => {
    await authorize(req, hubSpokeTopologyReadPermission);
    const { hub, cluster, health, sync } = req.query;
    res.json({ items: await fleet.getApplications({ hub, cluster, health, sync }) });
  });

  router.post('/refresh', async (req, res) => {
    await authorize(req, hubSpokeRefreshPermission);
    await fleet.refresh();
    res.json(await fleet.getTopology());
  });

  return router;
}
