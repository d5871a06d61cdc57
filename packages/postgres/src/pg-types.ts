/**
 * The part of a `pg` client this package uses. A `pg.Pool`, `pg.Client`
 * and `pg.PoolClient` all fit, so the package needs no types of its own
 * from `pg` and works with the version the platform already has.
 */
export interface PgQueryable {
  query(
    text: string,
    values?: ReadonlyArray<unknown>,
  ): Promise<{ readonly rows: Array<Record<string, unknown>> }>;
}

/** A connection checked out of a pool; `release` returns it (or destroys it when given an error). */
export interface PgPoolClient extends PgQueryable {
  release(error?: Error | boolean): void;
}

/** A `pg.Pool`: the platform creates it, sizes it and ends it; this package only borrows connections. */
export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
}

/** The default schema of the ledger's tables. */
export const defaultSchema = 'paylinks';

/** A schema name safe to put in SQL text: lower-case letters, digits and underscores. */
export function checkSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(
      `schema must be a lower-case SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}

/** Runs `work` in a transaction on one connection: commit on success, roll back on a throw. */
export async function inTransaction<A>(pool: PgPool, work: (client: PgPoolClient) => Promise<A>): Promise<A> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollback) {
      // The connection is gone: destroy it rather than return it to the pool.
      broken = rollback instanceof Error ? rollback : new Error(String(rollback));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
