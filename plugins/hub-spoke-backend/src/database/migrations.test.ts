import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

describe('applyDatabaseMigrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  const service = (knex: Knex, skip?: boolean) =>
    mockServices.database.mock({
      getClient: async () => knex,
      ...(skip === undefined ? {} : { migrations: { skip } }),
    });

  it.each(databases.eachSupportedId())(
    'creates the lease table with its columns, once however many replicas start, on %p',
    async id => {
      const knex = await databases.init(id);
      await applyDatabaseMigrations(service(knex));
      await applyDatabaseMigrations(service(knex, false)); // a second replica: nothing left to do

      const columns = await knex('hub_spoke_leases').columnInfo();
      expect(Object.keys(columns).sort()).toEqual([
        'expires_at',
        'holder',
        'last_refresh_at',
        'name',
      ]);
      expect(columns.holder.nullable).toBe(false);
      expect(columns.expires_at.nullable).toBe(false);
      expect(columns.last_refresh_at.nullable).toBe(true);
      expect(columns.expires_at.type).toBe('bigint');

      // name is the primary key: a second row with the same name is refused
      const row = {
        name: 'fleet-refresh',
        holder: 'a',
        expires_at: 1_000,
        last_refresh_at: null,
      };
      await knex('hub_spoke_leases').insert(row);
      // (matched by message: better-sqlite3's errors come from the first test file's realm, not this one's Error)
      await expect(knex('hub_spoke_leases').insert(row)).rejects.toMatchObject({
        message: expect.stringMatching(/unique/i),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a lease table that an earlier version created at run time, rows and all, on %p',
    async id => {
      const knex = await databases.init(id);
      await knex.schema.createTable('hub_spoke_leases', table => {
        table.string('name').primary();
        table.string('holder').notNullable();
        table.bigInteger('expires_at').notNullable();
        table.bigInteger('last_refresh_at').nullable();
      });
      await knex('hub_spoke_leases').insert({
        name: 'fleet-refresh',
        holder: 'old-replica',
        expires_at: 5_000,
        last_refresh_at: 2_000,
      });
      await applyDatabaseMigrations(service(knex));
      expect(await knex('hub_spoke_leases').select('holder')).toEqual([
        { holder: 'old-replica' },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drops the lease table when rolled back, on %p',
    async id => {
      const knex = await databases.init(id);
      await applyDatabaseMigrations(service(knex));
      await knex.migrate.rollback(
        {
          directory: resolvePackagePath(
            '@hub-spoke/plugin-hub-spoke-backend',
            'migrations',
          ),
        },
        true,
      );
      expect(await knex.schema.hasTable('hub_spoke_leases')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the database alone when database.migrations.skip is set, on %p',
    async id => {
      const knex = await databases.init(id);
      await applyDatabaseMigrations(service(knex, true));
      expect(await knex.schema.hasTable('hub_spoke_leases')).toBe(false);
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
    },
  );
});
