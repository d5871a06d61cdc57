import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { inject } from 'vitest';

import { migrate } from '../migrate.js';

/** A pool on the test server and a fresh, migrated schema of its own. */
export interface TestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Another fresh, migrated schema on the same pool. */
  freshSchema(): Promise<string>;
  /** Drops every schema made here and ends the pool. */
  close(): Promise<void>;
}

/** Opens the server the global setup started (or PAYLINKS_TEST_DATABASE_URL). */
export async function openTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const url = inject('databaseUrl');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const schemas: string[] = [];
  const freshSchema = async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await migrate(pool, { schema });
    schemas.push(schema);
    return schema;
  };
  const schema = await freshSchema();
  return {
    url,
    pool,
    schema,
    freshSchema,
    async close() {
      for (const name of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await pool.end();
    },
  };
}
