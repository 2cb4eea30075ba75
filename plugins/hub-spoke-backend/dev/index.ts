import { createBackend } from '@backstage/backend-defaults';

// Standalone backend for working on the plugin: `npx backstage-cli package start` in this folder.
const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('../src'));
backend.start();
