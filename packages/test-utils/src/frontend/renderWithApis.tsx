import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp,
  TestApiProvider,
  TestApiProviderProps,
  TestAppOptions,
} from '@backstage/test-utils';
import { RenderResult } from '@testing-library/react';
import { ReactElement } from 'react';

/** How to render: the apis to provide, and the test app's options (routes, mounted route refs). */
export type RenderWithApisOptions<TApiPairs extends any[]> = TestAppOptions & {
  apis: TestApiProviderProps<TApiPairs>['apis'];
};

/** Renders an element in Backstage's test app with the given apis. */
export function renderWithApis<TApiPairs extends any[]>(
  element: ReactElement,
  options: RenderWithApisOptions<TApiPairs>,
): Promise<RenderResult> {
  const { apis, ...appOptions } = options;
  return renderInTestApp(
    <TestApiProvider apis={apis}>{element}</TestApiProvider>,
    appOptions,
  );
}

/**
 * Renders an entity card (or any entity page content) for an entity, in Backstage's test app with the given apis,
 * e.g. `renderEntityCard(<EntityClusterCard />, { entity, apis: [[hubSpokeApiRef, client]], mountedRoutes })`.
 */
export function renderEntityCard<TApiPairs extends any[]>(
  element: ReactElement,
  options: RenderWithApisOptions<TApiPairs> & { entity: Entity },
): Promise<RenderResult> {
  const { entity, ...rest } = options;
  return renderWithApis(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    rest,
  );
}
