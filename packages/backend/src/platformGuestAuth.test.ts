/**
 * The platform-guest sign-in through the real auth backend: who it signs in as, with the catalog's memberships, and
 * that it refuses outside development or when its user is missing.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { authModulePlatformGuestProvider } from './platformGuestAuth';

const platformAdmin: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'platform-admin', namespace: 'default' },
  spec: { memberOf: ['platform-team'] },
  // what the catalog's processing adds for spec.memberOf
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
};

async function start(
  providerConfig: JsonObject | undefined,
  entities: Entity[] = [platformAdmin],
) {
  return startTestBackend({
    features: [
      authPlugin,
      authModulePlatformGuestProvider,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:0' },
          auth: {
            providers: providerConfig
              ? { 'platform-guest': providerConfig }
              : {},
          },
        },
      }),
    ],
  });
}

const refresh = (backend: Awaited<ReturnType<typeof start>>) =>
  request(backend.server)
    .get('/api/auth/platform-guest/refresh')
    .set('x-requested-with', 'XMLHttpRequest');

describe('platform-guest sign-in', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('in development, signs in as platform-admin with its platform-team membership from the catalog', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await start({});
    try {
      const res = await refresh(backend);
      expect(res.status).toBe(200);
      expect(res.body.profile).toEqual({
        displayName: 'Platform engineer (demo)',
      });
      expect(res.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/platform-admin',
        ownershipEntityRefs: [
          'user:default/platform-admin',
          'group:default/platform-team',
        ],
      });
      expect(res.body.backstageIdentity.token).toMatch(/^ey/);
    } finally {
      await backend.stop();
    }
  });

  it('refuses outside development unless dangerouslyAllowOutsideDevelopment is set', async () => {
    // jest runs with NODE_ENV=test, like a production build runs with production
    const refused = await start({});
    try {
      const res = await refresh(refused);
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual(
        expect.objectContaining({
          name: 'NotAllowedError',
          message: expect.stringContaining(
            'auth.providers.platform-guest.dangerouslyAllowOutsideDevelopment',
          ),
        }),
      );
      expect(res.body.backstageIdentity).toBeUndefined();
    } finally {
      await refused.stop();
    }

    const allowed = await start({ dangerouslyAllowOutsideDevelopment: true });
    try {
      const res = await refresh(allowed);
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/platform-admin',
      );
    } finally {
      await allowed.stop();
    }
  });

  it('refuses a user the catalog does not have (no identity made up without its memberships)', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await start({}, []);
    try {
      const res = await refresh(backend);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'user:default/platform-admin is not in the catalog (yet): add it (examples/entities.yaml in the demo), ' +
          'or wait for the catalog to load it, and sign in again',
      );
    } finally {
      await backend.stop();
    }
  });

  it('is off without auth.providers.platform-guest (as in a real portal)', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await start(undefined);
    try {
      const res = await refresh(backend);
      expect(res.status).toBe(404);
      expect(res.body.backstageIdentity).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });
});
