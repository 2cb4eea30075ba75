/**
 * Auth for started test backends where Backstage's mocks differ from production in ways permission tests notice.
 * Everything else is mockServices' auth and httpAuth (mock tokens, mockCredentials headers):
 *
 * - a plugin request token on behalf of a user carries the calling plugin as its actor, as Backstage's own tokens do,
 *   so the endpoints that only take on-behalf-of calls (the permission integration's apply-conditions, which the
 *   permission backend calls to evaluate a conditional decision on one resource) accept it;
 * - static external-access tokens of `backend.auth.externalAccess` (type static, with `accessRestrictions` per plugin)
 *   authenticate as their service principal with the restrictions of the receiving plugin, are refused by a plugin
 *   their restrictions do not list, and cannot be delegated onwards to a plugin they do not list without restriction
 *   (as backend-defaults' DefaultAuthService does). Their credentials carry no token, as in production;
 * - user info gives users the groups of `ownership` (mockServices' user info owns only the user itself).
 */
import {
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserInfo,
  HttpAuthService,
  ServiceFactory,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';

type AccessRestrictions = NonNullable<
  BackstageServicePrincipal['accessRestrictions']
>;

interface StaticToken {
  token: string;
  subject: string;
  /** By plugin id; undefined: unrestricted. */
  restrictions?: Map<string, AccessRestrictions>;
}

const words = (value: unknown): string[] | undefined => {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap(v => String(v).split(/[ ,]/))
    .filter(Boolean);
  return list.length > 0 ? [...new Set(list)] : undefined;
};

function readStaticTokens(config: Config): StaticToken[] {
  return (config.getOptionalConfigArray('backend.auth.externalAccess') ?? [])
    .filter(entry => entry.getString('type') === 'static')
    .map(entry => {
      const entries = entry.getOptionalConfigArray('accessRestrictions');
      const restrictions = entries?.length
        ? new Map(
            entries.map(r => {
              const permissionNames = words(r.getOptional('permission'));
              const action = words(r.getOptional('permissionAttribute.action'));
              return [
                r.getString('plugin'),
                {
                  ...(permissionNames ? { permissionNames } : {}),
                  ...(action
                    ? { permissionAttributes: { action: action as any } }
                    : {}),
                },
              ];
            }),
          )
        : undefined;
      return {
        token: entry.getString('options.token'),
        subject: entry.getString('options.subject'),
        restrictions,
      };
    });
}

const ALL_RESTRICTIONS = Symbol('allAccessRestrictions');

class TestAuthService implements AuthService {
  constructor(
    private readonly pluginId: string,
    private readonly mock: AuthService,
    private readonly statics: StaticToken[],
  ) {}

  /** The static token's credentials as this plugin sees them, or undefined when the token is not a static one. */
  staticCredentials(token: string): BackstageCredentials | undefined {
    const found = this.statics.find(s => s.token === token);
    if (!found) return undefined;
    const own = found.restrictions?.get(this.pluginId);
    if (found.restrictions && !own) {
      throw new NotAllowedError(
        `This token's access is restricted to plugin(s) ${[
          ...found.restrictions.keys(),
        ]
          .map(k => `'${k}'`)
          .join(', ')}`,
      );
    }
    const credentials = mockCredentials.service(found.subject, own);
    // Kept off the enumerable properties (as production does): lost when the scaffolder serializes a task's
    // initiator credentials.
    Object.defineProperty(credentials, ALL_RESTRICTIONS, {
      enumerable: false,
      value: found.restrictions,
    });
    return credentials;
  }

  async authenticate(
    token: string,
    options?: { allowLimitedAccess?: boolean },
  ): Promise<BackstageCredentials> {
    return (
      this.staticCredentials(token) ?? this.mock.authenticate(token, options)
    );
  }

  isPrincipal: AuthService['isPrincipal'] = (credentials, type) =>
    this.mock.isPrincipal(credentials, type);

  getNoneCredentials() {
    return this.mock.getNoneCredentials();
  }

  getOwnServiceCredentials() {
    return this.mock.getOwnServiceCredentials();
  }

  async getPluginRequestToken(options: {
    onBehalfOf: BackstageCredentials;
    targetPluginId: string;
  }): Promise<{ token: string }> {
    const { onBehalfOf, targetPluginId } = options;
    if (this.mock.isPrincipal(onBehalfOf, 'user')) {
      return {
        token: mockCredentials.user.token(onBehalfOf.principal.userEntityRef, {
          actor: { subject: `plugin:${this.pluginId}` },
        }),
      };
    }
    if (
      this.mock.isPrincipal(onBehalfOf, 'service') &&
      onBehalfOf.principal.accessRestrictions
    ) {
      const all = (onBehalfOf as any)[ALL_RESTRICTIONS] as
        | Map<string, AccessRestrictions>
        | undefined;
      const target = all?.get(targetPluginId);
      if (!target) {
        throw new NotAllowedError(
          `Access to target plugin '${targetPluginId}' is not included in token's access restrictions`,
        );
      }
      if (target.permissionNames?.length || target.permissionAttributes) {
        throw new NotAllowedError(
          `Access to target plugin '${targetPluginId}' is restricted and cannot be delegated`,
        );
      }
      // A delegated call goes out with the calling plugin's own identity.
      return this.mock.getPluginRequestToken({
        onBehalfOf: await this.mock.getOwnServiceCredentials(),
        targetPluginId,
      });
    }
    return this.mock.getPluginRequestToken(options);
  }

  getLimitedUserToken(credentials: BackstageCredentials<any>) {
    return this.mock.getLimitedUserToken(credentials);
  }

  listPublicServiceKeys() {
    return this.mock.listPublicServiceKeys();
  }
}

class TestHttpAuthService implements HttpAuthService {
  constructor(
    private readonly auth: TestAuthService,
    private readonly mock: HttpAuthService,
  ) {}

  credentials: HttpAuthService['credentials'] = async (req, options) => {
    const header = req.headers.authorization;
    const token =
      typeof header === 'string'
        ? header.match(/^Bearer[ ]+(\S+)$/i)?.[1]
        : undefined;
    const credentials = token ? this.auth.staticCredentials(token) : undefined;
    if (!credentials) return this.mock.credentials(req, options);
    if (options?.allow && !options.allow.includes('service' as any)) {
      throw new NotAllowedError(
        `This endpoint does not allow 'service' credentials`,
      );
    }
    return credentials as any;
  };

  issueUserCookie: HttpAuthService['issueUserCookie'] = (res, options) =>
    this.mock.issueUserCookie(res, options);
}

/**
 * The auth, httpAuth and userInfo services described above, for `startTestBackend({ features: [...] })`.
 * `ownership` gives users their groups, e.g. `{ 'user:default/alice': ['group:default/platform-team'] }`.
 */
export function testAuthServiceFactories(
  options: { ownership?: Record<string, string[]> } = {},
): ServiceFactory[] {
  const ownership = options.ownership ?? {};
  return [
    createServiceFactory({
      service: coreServices.auth,
      deps: {
        plugin: coreServices.pluginMetadata,
        config: coreServices.rootConfig,
      },
      factory: ({ plugin, config }) =>
        new TestAuthService(
          plugin.getId(),
          mockServices.auth({ pluginId: plugin.getId() }),
          readStaticTokens(config),
        ),
    }),
    createServiceFactory({
      service: coreServices.httpAuth,
      deps: {
        plugin: coreServices.pluginMetadata,
        auth: coreServices.auth,
      },
      factory: ({ plugin, auth }) => {
        if (!(auth instanceof TestAuthService)) {
          throw new AuthenticationError(
            'testAuthServiceFactories: the auth service was replaced',
          );
        }
        return new TestHttpAuthService(
          auth,
          mockServices.httpAuth({ pluginId: plugin.getId() }),
        );
      },
    }),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(
          credentials: BackstageCredentials,
        ): Promise<BackstageUserInfo> {
          const { principal } = credentials as BackstageCredentials<any>;
          if (principal.type !== 'user') {
            throw new InputError(
              `User info not available for principal type '${principal.type}'`,
            );
          }
          const ref: string = principal.userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(ownership[ref] ?? [])],
          };
        },
      }),
    }),
  ];
}
