/**
 * The demo permission policy: its decisions, and what a developer and a platform engineer then get from the real
 * scaffolder (the shipped templates' form) and the real permission backend (hub-spoke.apply).
 */
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  actionExecutePermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  hubSpokeApplyPermission,
  hubSpokeAppPublishPermission,
  hubSpokeSpokeOnboardPermission,
  hubSpokeTopologyReadPermission,
  TEMPLATE_TAG_APPLY_MODE,
} from '@hub-spoke/plugin-hub-spoke-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import {
  DemoPermissionPolicy,
  permissionModuleDemoPolicy,
} from './permissionPolicy';

const DEVELOPER = 'user:default/guest';
const PLATFORM_ENGINEER = 'user:default/platform-admin';
/** What the catalog's memberships give each user (examples/entities.yaml). */
const OWNERSHIP: Record<string, string[]> = {
  [DEVELOPER]: [DEVELOPER, 'group:default/commerce'],
  [PLATFORM_ENGINEER]: [PLATFORM_ENGINEER, 'group:default/platform-team'],
};

const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
    return {
      userEntityRef,
      ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [userEntityRef],
    };
  },
};

/**
 * The mock auth service, except that a plugin's token on behalf of a user names the plugin as actor, as real
 * on-behalf-of tokens do: the permission backend refuses conditional answers to a user calling it directly.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const auth: AuthService = {
      authenticate: (token, options) => inner.authenticate(token, options),
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { onBehalfOf } = options;
        if (!inner.isPrincipal(onBehalfOf, 'user'))
          return inner.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(
            onBehalfOf.principal.userEntityRef,
            { actor: { subject: `plugin:${plugin.getId()}` } },
          ),
        };
      },
    };
    return auth;
  },
});

/**
 * The in-memory catalog, answering copies as the real one does over HTTP (the scaffolder filters the template it
 * gets in place, which would otherwise change the stored one for the next caller).
 */
const catalogAnsweringCopies = (entities: Entity[]) =>
  createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory() {
      const catalog = catalogServiceMock({ entities });
      const getEntityByRef = catalog.getEntityByRef.bind(catalog);
      catalog.getEntityByRef = async (ref, options) =>
        structuredClone(await getEntityByRef(ref, options));
      return catalog;
    },
  });

const REASON =
  'Apply mode writes to the hub at once; your platform team grants it.';

describe('DemoPermissionPolicy', () => {
  const policy = new DemoPermissionPolicy(userInfo);
  const as = (ref: string) => ({
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [] },
  });

  it('lets only the platform team apply to a hub at once', async () => {
    const apply = { permission: hubSpokeApplyPermission };
    expect(await policy.handle(apply, as(PLATFORM_ENGINEER))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle(apply, as(DEVELOPER))).toEqual({
      result: AuthorizeResult.DENY,
    });
    // A caller the permission backend has no user for (no identity) is no platform engineer either.
    expect(await policy.handle(apply)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it.each([
    ['parameters', templateParameterReadPermission],
    ['steps', templateStepReadPermission],
  ])(
    'shows template %s tagged hub-spoke-apply to the platform team only',
    async (_, permission) => {
      expect(
        await policy.handle({ permission }, as(PLATFORM_ENGINEER)),
      ).toEqual({ result: AuthorizeResult.ALLOW });
      expect(await policy.handle({ permission }, as(DEVELOPER))).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-template',
        conditions: {
          not: {
            rule: 'HAS_TAG',
            resourceType: 'scaffolder-template',
            params: { tag: TEMPLATE_TAG_APPLY_MODE },
          },
        },
      });
    },
  );

  it('allows a developer everything else: the topology, onboarding and publishing by pull request, any action', async () => {
    for (const permission of [
      hubSpokeTopologyReadPermission,
      hubSpokeSpokeOnboardPermission,
      hubSpokeAppPublishPermission,
      actionExecutePermission,
      createPermission({
        name: 'catalog.entity.read',
        attributes: { action: 'read' },
      }),
    ]) {
      expect({
        permission: permission.name,
        ...(await policy.handle({ permission }, as(DEVELOPER))),
      }).toEqual({
        permission: permission.name,
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('matches the group whatever the case of the ownership ref', async () => {
    const shouting = new DemoPermissionPolicy({
      getUserInfo: async () => ({
        userEntityRef: PLATFORM_ENGINEER,
        ownershipEntityRefs: ['Group:Default/Platform-Team'],
      }),
    });
    expect(
      await shouting.handle(
        { permission: hubSpokeApplyPermission },
        as(PLATFORM_ENGINEER),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});

describe('the demo policy in a backend: the real permission backend and scaffolder', () => {
  const root = path.resolve(__dirname, '../../..');
  const template = (name: string) => {
    const entity = YAML.parse(
      fs.readFileSync(
        path.join(root, 'templates', name, 'template.yaml'),
        'utf8',
      ),
    );
    entity.metadata.namespace = 'default';
    return entity;
  };
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleDemoPolicy,
        scaffolderPlugin,
        permissionsServiceFactory,
        authWithActors,
        catalogAnsweringCopies([
          template('onboard-spoke'),
          template('publish-app'),
        ]),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => userInfo,
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            backend: { baseUrl: 'http://localhost:0' },
          },
        }),
      ],
    });
  });
  afterAll(() => backend?.stop());

  const form = (name: string, user: string) =>
    request(backend.server)
      .get(
        `/api/scaffolder/v2/templates/default/template/${name}/parameter-schema`,
      )
      .set('authorization', mockCredentials.user.header(user));

  /** The step (page) titles, and whether any page asks for the mode. */
  const pages = (body: any) => ({
    titles: body.steps.map((s: any) => s.title),
    asksForMode: body.steps.some(
      (s: any) =>
        s.schema.properties?.mode ||
        JSON.stringify(s.schema.else ?? {}).includes('"mode"'),
    ),
  });

  it.each([
    ['onboard-spoke', 'Delivery'],
    ['publish-app', 'How it lands'],
  ])(
    '%s: a developer gets no "Apply now" page and reads why; a platform engineer gets it',
    async (name, deliveryPage) => {
      const developer = await form(name, DEVELOPER);
      expect(developer.status).toBe(200);
      expect(pages(developer.body)).toEqual({
        titles: expect.not.arrayContaining(['Apply now']),
        asksForMode: false,
      });
      expect(pages(developer.body).titles).toContain(deliveryPage);
      const delivery = developer.body.steps.find(
        (s: any) => s.title === deliveryPage,
      );
      expect(delivery.description).toContain(REASON);
      expect(developer.body.description).toContain(
        'your platform team grants it',
      );

      const platform = await form(name, PLATFORM_ENGINEER);
      expect(platform.status).toBe(200);
      const apply = platform.body.steps.find(
        (s: any) => s.title === 'Apply now',
      );
      expect(apply.schema.properties.mode).toMatchObject({
        enum: ['pull-request', 'apply'],
        default: 'pull-request',
      });
      expect(platform.body.steps).toHaveLength(developer.body.steps.length + 1);
    },
  );

  it('answers hub-spoke.apply: denied to a developer, allowed to a platform engineer', async () => {
    const authorize = (user: string) =>
      request(backend.server)
        .post('/api/permission/authorize')
        .set('authorization', mockCredentials.user.header(user))
        .send({
          items: [{ id: '1', permission: hubSpokeApplyPermission }],
        });
    const developer = await authorize(DEVELOPER);
    expect(developer.status).toBe(200);
    expect(developer.body.items).toEqual([
      { id: '1', result: AuthorizeResult.DENY },
    ]);
    const platform = await authorize(PLATFORM_ENGINEER);
    expect(platform.body.items).toEqual([
      { id: '1', result: AuthorizeResult.ALLOW },
    ]);
  });
});
