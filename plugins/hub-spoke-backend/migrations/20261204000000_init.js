// @ts-check

/**
 * The fleet polling lease: one row per lease (`fleet-refresh`), holding who polls the fleet, until when (ms since the
 * epoch) and when any holder last started a refresh.
 *
 * @param { import("knex").Knex } knex
 * @returns { Promise<void> }
 */
exports.up = async function up(knex) {
  // Backends before this migration created the same table at run time: keep theirs.
  if (await knex.schema.hasTable('hub_spoke_leases')) return;
  await knex.schema.createTable('hub_spoke_leases', table => {
    table.comment('Leases deciding which backend replica polls the fleet');
    table.string('name').primary().comment('The lease, e.g. fleet-refresh');
    table
      .string('holder')
      .notNullable()
      .comment('The replica holding (or last holding) the lease');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('When the lease expires, in ms since the epoch');
    table
      .bigInteger('last_refresh_at')
      .nullable()
      .comment(
        'When any holder last started a fleet refresh, in ms since the epoch',
      );
  });
};

/**
 * @param { import("knex").Knex } knex
 * @returns { Promise<void> }
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hub_spoke_leases');
};
