// What every method group of the PostgreSQL ledger shares.
import { type IntentKey } from '@paylinks/ledger';

import { ledgerSql, type LedgerSql } from './postgres-ledger-sql.js';
import { holdClient, type PgPool, type PgQueryable, type PgTimeouts } from './pg-types.js';

/** The pool, its single-statement runner, the deadlines and the statements of one schema. */
export interface PgLedgerState {
  /** For transactions (`inTransaction`). */
  readonly pool: PgPool;
  /** Every single statement: a connection held with a deadline, its 'error' event listened to. */
  readonly db: PgQueryable;
  readonly timeouts: Required<PgTimeouts>;
  readonly sql: LedgerSql;
}

/** The state of a ledger on `pool`, for the quoted schema `s` (see `checkSchema`). */
export function ledgerState(pool: PgPool, s: string, timeouts: Required<PgTimeouts>): PgLedgerState {
  const db: PgQueryable = {
    async query(sql, params) {
      const held = await holdClient(pool, timeouts);
      try {
        return await held.query(sql, params);
      } finally {
        held.release();
      }
    },
  };
  return { pool, db, timeouts, sql: ledgerSql(s) };
}

/** An intent key as the parameters `$1..$3` of `whereKey`. */
export const keyParams = (key: IntentKey) => [key.provider, key.scope, key.reference];
