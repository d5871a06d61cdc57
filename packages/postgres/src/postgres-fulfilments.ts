// The fulfilment-outbox methods of the PostgreSQL ledger.
import { type Ledger, type LedgerCounts } from '@paylinks/ledger';

import { storedText } from './pg-text.js';
import { fulfilmentOf, type Row } from './postgres-ledger-rows.js';
import { type PgLedgerState } from './postgres-ledger-state.js';
import { inTransaction, ledgerFailure, type PgPoolClient } from './pg-types.js';

// A fulfilment handler's own failure, carried through the transaction so that it is rethrown as is.
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/** claimFulfilments, completeFulfilment, failFulfilment. */
export function fulfilmentMethods(state: PgLedgerState) {
  const { db, sql } = state;
  return {
    async claimFulfilments(claim) {
      const params = [claim.owner, claim.leaseMs, claim.limit];
      return (await db.query(sql.fulfilments.claim, params)).rows.map(fulfilmentOf);
    },
    completeFulfilment: (id, owner, work) => completeFulfilment(state, id, owner, work),
    async failFulfilment(id, owner, error, retryInMs) {
      await db.query(sql.fulfilments.fail, [id, owner, storedText(error), retryInMs]);
    },
  } satisfies Partial<Ledger<PgPoolClient>>;
}

async function completeFulfilment(
  { pool, sql, timeouts }: PgLedgerState,
  id: string,
  owner: string,
  work: (client: PgPoolClient) => Promise<void>,
): Promise<boolean> {
  try {
    return await inTransaction(
      pool,
      async (client, held) => {
        const { rows } = await held.query(sql.fulfilments.lockOwned, [id, owner]);
        if (rows.length === 0) return false;
        await work(client).catch((error: unknown) => {
          throw new HandlerFailure(error);
        });
        await held.query(sql.fulfilments.markDone, [id]);
        return true;
      },
      timeouts,
      'completeFulfilment',
    );
  } catch (error) {
    // The handler's own error, on a connection that still works: rethrown as the handler threw it.
    if (error instanceof HandlerFailure) throw error.cause;
    throw ledgerFailure('completeFulfilment', error);
  }
}

/** `counts`: rows per intent state and link status, live delivery keys, fulfilments pending and done. */
export async function countRows({ db, sql }: PgLedgerState): Promise<LedgerCounts> {
  const [intents, links, deliveries, fulfilments] = await Promise.all([
    db.query(sql.counts.intents),
    db.query(sql.counts.links),
    db.query(sql.counts.deliveries),
    db.query(sql.counts.fulfilments),
  ]);
  const byKey = (rows: ReadonlyArray<Row>) =>
    Object.fromEntries(rows.map((r) => [String(r['k']), Number(r['n'])]));
  const f = fulfilments.rows[0] as Row;
  return {
    intents: { pending: 0, created: 0, needs_attention: 0, ...byKey(intents.rows) },
    links: byKey(links.rows),
    deliveries: Number(deliveries.rows[0]?.['n'] ?? 0),
    fulfilments: { pending: Number(f['pending']), done: Number(f['done']) },
  };
}
