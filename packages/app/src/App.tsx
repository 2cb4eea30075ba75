import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import hubSpokePlugin from '@hub-spoke/plugin-hub-spoke/alpha';
import { appModule } from './modules/app';
import { navModule } from './modules/nav';

/**
 * The features of the portal. `app.packages: all` in app-config.yaml also discovers the frontend plugins in
 * package.json when the app is built; listing them here keeps tests and builds on the same set (plugins are
 * deduplicated by id).
 */
export const features = [
  catalogPlugin,
  catalogImportPlugin,
  catalogGraphPlugin,
  scaffolderPlugin,
  orgPlugin,
  kubernetesPlugin,
  signalsPlugin,
  userSettingsPlugin,
  hubSpokePlugin,
  appModule,
  navModule,
];

export default createApp({
  features,
});
