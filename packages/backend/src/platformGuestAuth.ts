/**
 * A second one-click sign-in for local use, beside the guest: `platform-guest` signs in as a platform engineer
 * (`user:default/platform-admin`, member of `group:default/platform-team` in examples/entities.yaml), so anyone can
 * see both sides of the demo permission policy. Like the guest provider, it refuses to sign anyone in outside
 * development unless `auth.providers.platform-guest.dangerouslyAllowOutsideDevelopment` is true.
 *
 * Config (`auth.providers.platform-guest`, the provider is off without it):
 *   userEntityRef: the user to sign in as (default user:default/platform-admin); it must be in the catalog, whose
 *     memberships give its ownership refs
 *   dangerouslyAllowOutsideDevelopment: allow it when NODE_ENV is not development (never in a real portal)
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** The provider id: `/api/auth/platform-guest`, and `auth.providers.platform-guest` in config. */
export const PLATFORM_GUEST_PROVIDER_ID = 'platform-guest';
/** Who it signs in as by default. */
export const PLATFORM_GUEST_USER = 'user:default/platform-admin';

interface PlatformGuestResult {
  userEntityRef: string;
}

const platformGuestAuthenticator = createProxyAuthenticator<
  { enabled: boolean; userEntityRef: string },
  PlatformGuestResult,
  undefined
>({
  defaultProfileTransform: async () => ({
    profile: { displayName: 'Platform engineer (demo)' },
  }),
  initialize({ config }) {
    const userEntityRef = stringifyEntityRef(
      parseEntityRef(
        config.getOptionalString('userEntityRef') ?? PLATFORM_GUEST_USER,
        { defaultKind: 'user', defaultNamespace: 'default' },
      ),
    );
    const enabled =
      process.env.NODE_ENV === 'development' ||
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
    return { enabled, userEntityRef };
  },
  async authenticate(_, { enabled, userEntityRef }) {
    if (!enabled) {
      throw new NotAllowedError(
        `The ${PLATFORM_GUEST_PROVIDER_ID} sign-in is for local development only; set ` +
          `auth.providers.${PLATFORM_GUEST_PROVIDER_ID}.dangerouslyAllowOutsideDevelopment to use it elsewhere`,
      );
    }
    return { result: { userEntityRef } };
  },
});

/** Signs in as the configured catalog user: its memberships (platform-team) come from the catalog, never from here. */
const signInAsCatalogUser: SignInResolver<PlatformGuestResult> = async (
  { result },
  ctx,
) => {
  try {
    return await ctx.signInWithCatalogUser({ entityRef: result.userEntityRef });
  } catch (error) {
    if ((error as Error).name !== 'NotFoundError') throw error;
    throw new NotFoundError(
      `${result.userEntityRef} is not in the catalog (yet): add it (examples/entities.yaml in the demo), or wait ` +
        'for the catalog to load it, and sign in again',
    );
  }
};

/** Registers the `platform-guest` proxy sign-in provider. */
export const authModulePlatformGuestProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'platform-guest-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: PLATFORM_GUEST_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: platformGuestAuthenticator,
            signInResolver: signInAsCatalogUser,
          }),
        });
      },
    });
  },
});
