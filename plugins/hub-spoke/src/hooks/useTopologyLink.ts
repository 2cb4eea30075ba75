import { useRouteRef } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { rootRouteRef } from '../routes';

/**
 * A link to the topology page focused on a cluster (`/hub-spoke?cluster=<id>`), or undefined when the app has no
 * topology page (a legacy app that did not mount HubSpokePage).
 */
export function useTopologyLink(): ((clusterId: string) => string) | undefined {
  let route: (() => string) | undefined;
  try {
    // useRouteRef calls all its hooks before it throws for an unmounted route, so catching keeps the hook order
    // stable on every render; core-plugin-api has no optional variant for a plain RouteRef.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(rootRouteRef);
  } catch {
    route = undefined;
  }
  const base = route?.();
  return useMemo(
    () =>
      base === undefined
        ? undefined
        : (clusterId: string) =>
            `${base}?cluster=${encodeURIComponent(clusterId).replace(
              /%2F/gi,
              '/',
            )}`,
    [base],
  );
}
