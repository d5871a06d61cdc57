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
  defaultPgTimeouts,
  defaultSchema,
  inTransaction,
  ledgerFailure,
  type HeldClient,
  type PgTimeouts,
  type PgPool,
  type PgPoolClient,
  type PgQueryable,
} from './pg-types.js';
