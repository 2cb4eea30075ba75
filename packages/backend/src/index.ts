import { createBackend } from '@backstage/backend-defaults';
import { permissionModuleDemoPolicy } from './permissionPolicy';
import { authModulePlatformGuestProvider } from './platformGuestAuth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: two one-click sign-ins for local use, the guest (a developer) and platform-guest (a platform engineer);
// see app-config.production.yaml for real providers
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModulePlatformGuestProvider);

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// hubs and clusters as Resources, and dependsOn from Components to the clusters they run on
backend.add(import('@hub-spoke/plugin-catalog-backend-module-hub-spoke'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
// publish:github:pull-request and friends (npm start points its GitHub integration at the fleet simulator)
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@hub-spoke/plugin-scaffolder-backend-module-hub-spoke'));

// permissions: the demo policy (everything allowed, apply mode only for group:default/platform-team); production
// adopters bring their own policy (README, Security)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleDemoPolicy);

// kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));

// events + signals: push fleet changes to open pages (events carry them across replicas)
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// hub & spoke
backend.add(import('@hub-spoke/plugin-hub-spoke-backend'));

backend.start();
