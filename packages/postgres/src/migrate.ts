import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { checkSchema, defaultSchema, inTransaction, type PgPool, type PgTimeouts } from './pg-types.js';

/** The folder of the SQL migrations shipped with the package (`migrations/NNNN_name.sql`). */
export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

/** One versioned migration. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The shipped migrations, in version order. */
export function migrations(): ReadonlyArray<Migration> {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -'.sql'.length),
      sql: readFileSync(`${migrationsDir}${file}`, 'utf8'),
    }));
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Schema of the ledger's tables (default `paylinks`); created when missing. See `createPostgresLedger` for the rule. */
  readonly schema?: string;
  /** How long to wait for PostgreSQL (see `PgTimeouts`). */
  readonly timeouts?: PgTimeouts;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  readonly schema: string;
  /** Migrations run by this call, as `NNNN_name`. */
  readonly applied: ReadonlyArray<string>;
  /** The schema's version afterwards. */
  readonly version: number;
}

/**
 * Brings the ledger's schema up to date: runs, in one transaction, every
 * shipped migration not yet recorded in `<schema>.migrations`. Safe to run
 * from several processes at once (an advisory lock serializes them) and
 * again at every deploy (nothing left to run is a no-op).
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.PAYLINKS_DATABASE_URL })
 * await migrate(pool) // { schema: 'paylinks', applied: ['0001_ledger'], version: 1 }
 */
export async function migrate(pool: PgPool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? defaultSchema;
  const quoted = checkSchema(schema);
  return inTransaction(
    pool,
    async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`paylinks.migrate.${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`SET LOCAL search_path TO ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
      );
      const done = new Set(
        (await client.query('SELECT version FROM migrations')).rows.map((row) => Number(row['version'])),
      );
      const applied: string[] = [];
      let version = Math.max(0, ...done);
      for (const migration of migrations()) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
        version = Math.max(version, migration.version);
      }
      return { schema, applied, version };
    },
    options.timeouts,
    'migrate',
  );
}
