import { type Ledger, withLedgerChecks } from '@paylinks/ledger';

import { fulfilmentMethods, countRows } from './postgres-fulfilments.js';
import { intentMethods } from './postgres-intents.js';
import { ledgerState } from './postgres-ledger-state.js';
import { linkMethods } from './postgres-links.js';
import {
  checkSchema,
  defaultSchema,
  ledgerFailure,
  pgTimeouts,
  type PgPool,
  type PgPoolClient,
  type PgTimeouts,
  watchPool,
} from './pg-types.js';

/** Options of {@link createPostgresLedger}. */
export interface PostgresLedgerOptions {
  /**
   * The platform's `pg.Pool`; the ledger borrows connections and never ends
   * it. It adds one listener to the pool's `'error'` event (an idle
   * connection the server dropped), so such a drop never ends the process.
   */
  readonly pool: PgPool;
  /** Schema of the ledger's tables (default `paylinks`), as given to `migrate`. */
  readonly schema?: string;
  /** How long to wait for PostgreSQL (defaults: connect 10 s, statement 30 s, query 35 s, idle in transaction 60 s). */
  readonly timeouts?: PgTimeouts;
}

/** Every method's driver failure as one typed, retryable error (see `ledgerFailure`). */
function typedFailures<Tx>(ledger: Ledger<Tx>): Ledger<Tx> {
  return Object.fromEntries(
    Object.entries(ledger).map(([name, method]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      // completeFulfilment types its own failures: its handler's error is rethrown as the handler threw it.
      name === 'completeFulfilment'
        ? method
        : async (...args: unknown[]) => {
            try {
              return await method(...args);
            } catch (error) {
              throw ledgerFailure(name, error);
            }
          },
    ]),
  ) as unknown as Ledger<Tx>;
}

/**
 * The link ledger in PostgreSQL, for as many processes as share the
 * database. Run {@link migrate} first. Every guarantee rests on the
 * database, not on the processes: a primary key per logical create, the
 * status advanced by one conditional upsert whose `WHERE` admits only legal
 * predecessors (so two processes applying `paid` and a late `open` leave
 * `paid`, whatever the order), the outbox row inserted by that same
 * statement, and claims taken with `FOR UPDATE SKIP LOCKED` and a lease.
 * Times come from the database clock, so the processes' clocks do not matter.
 *
 * Fulfilment handlers get the `pg` client of the transaction that marks the
 * fulfilment done: what they write through it commits exactly once.
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.PAYLINKS_DATABASE_URL })
 * await migrate(pool)
 * const paylinks = createLedgerClient({ ledger: createPostgresLedger({ pool }), links: { costplus: links } })
 */
export function createPostgresLedger(options: PostgresLedgerOptions): Ledger<PgPoolClient> {
  const { pool } = options;
  const s = checkSchema(options.schema ?? defaultSchema);
  const timeouts = pgTimeouts(options.timeouts);
  watchPool(pool);
  const state = ledgerState(pool, s, timeouts);
  const ledger: Ledger<PgPoolClient> = {
    ...intentMethods(state),
    ...linkMethods(state),
    ...fulfilmentMethods(state),
    counts: () => countRows(state),
  };
  return withLedgerChecks(typedFailures(ledger));
}
