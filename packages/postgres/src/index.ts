export {
  migrate,
  migrations,
  migrationsDir,
  type MigrateOptions,
  type MigrateResult,
  type Migration,
} from './migrate.js';
export { createPostgresLedger, type PostgresLedgerOptions } from './postgres-ledger.js';
export {
  defaultSchema,
  inTransaction,
  type PgPool,
  type PgPoolClient,
  type PgQueryable,
} from './pg-types.js';
