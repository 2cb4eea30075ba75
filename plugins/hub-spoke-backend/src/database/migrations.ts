import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The plugin's knex migrations, shipped in the package (see "files" in package.json). */
const migrationsDir = resolvePackagePath(
  '@hub-spoke/plugin-hub-spoke-backend',
  'migrations',
);

/**
 * Brings the plugin's database schema up to date, unless `database.migrations.skip` says the schema is managed
 * elsewhere (e.g. a read-only database user). Run once at plugin start, before anything uses the tables.
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<void> {
  if (database.migrations?.skip) return;
  const client = await database.getClient();
  await client.migrate.latest({ directory: migrationsDir });
}
