import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Hub & Spoke topology page. Shared by the legacy plugin (plugin.ts) and the new frontend system
 * plugin (alpha.tsx), like the catalog plugin does.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'hub-spoke',
});
