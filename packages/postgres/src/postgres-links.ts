// The link methods of the PostgreSQL ledger: observe, read, claim for sync, purge delivery keys.
import { isFinal, type LinkStatus } from '@paylinks/core';
import {
  defaultDeliveryRetentionMs,
  fulfilmentId,
  type Ledger,
  legalPredecessors,
  type LinkObservation,
  type Observation,
  type ObserveOptions,
} from '@paylinks/ledger';

import { storedJson, storedText } from './pg-text.js';
import { linkOf, type Row, statusOf, text } from './postgres-ledger-rows.js';
import { keyParams, type PgLedgerState } from './postgres-ledger-state.js';
import { type PgPoolClient, type PgQueryable } from './pg-types.js';

/** link, linkByReference, seen, observe, claimStaleLinks, purgeDeliveries. */
export function linkMethods({ pool, db, sql }: PgLedgerState) {
  return {
    async link(provider, linkId) {
      const { rows } = await db.query(sql.links.byId, [provider, linkId]);
      return rows[0] === undefined ? undefined : linkOf(rows[0]);
    },
    async linkByReference(key) {
      const { rows } = await db.query(sql.links.byReference, keyParams(key));
      return rows[0] === undefined ? undefined : linkOf(rows[0]);
    },
    async seen(deliveryKey) {
      return (await db.query(sql.links.seen, [deliveryKey])).rows.length > 0;
    },
    observe: (observation, opts) => observeWith(pool, sql, observation, opts),
    async claimStaleLinks(claim) {
      const params = [claim.owner, claim.leaseMs, claim.staleAfterMs, claim.limit, claim.providers ?? null];
      return (await db.query(sql.links.claimStale, params)).rows.map(linkOf);
    },
    async purgeDeliveries(limit = 10_000) {
      return (await db.query(sql.links.purgeDeliveries, [limit])).rows.length;
    },
  } satisfies Partial<Ledger<PgPoolClient>>;
}

/** `observe` on `db`: the pool, or the transaction of `completeIntent`. */
export async function observeWith(
  db: PgQueryable,
  sql: PgLedgerState['sql'],
  observation: LinkObservation,
  opts: ObserveOptions = {},
): Promise<Observation> {
  const next = observation.status;
  const { rows } = await db.query(sql.links.observe, [
    observation.provider,
    observation.linkId,
    observation.scope ?? null,
    observation.reference ?? null,
    next.unified,
    storedText(next.raw),
    next.reason === undefined || next.reason === null ? null : storedText(next.reason),
    isFinal(next),
    storedJson(observation.body),
    legalPredecessors(next.unified),
    opts.deliveryKey ?? null,
    opts.retentionMs ?? defaultDeliveryRetentionMs,
    fulfilmentId(observation.provider, observation.linkId, next.unified),
    opts.fulfilForeign === true,
  ]);
  const row = rows[0];
  return row === undefined ? refused(db, sql, observation) : observed(row, next);
}

// The upsert's WHERE admitted no move: the link holds a status `observation` may not replace.
async function refused(db: PgQueryable, sql: PgLedgerState['sql'], observation: LinkObservation) {
  const current = await db.query(sql.links.statusOf, [observation.provider, observation.linkId]);
  const held = current.rows[0] as Row;
  const status = statusOf(held['status'], held['raw_status'], held['reason']);
  return { outcome: 'refused', previous: status, status } as const;
}

function observed(row: Row, next: LinkStatus): Observation {
  const fulfilment = text(row['fulfilment_id']);
  const foreign = row['owned'] !== true;
  const queued = fulfilment !== undefined ? { fulfilmentId: fulfilment } : {};
  if (row['inserted'] === true) {
    return { outcome: foreign ? 'foreign' : 'applied', status: next, ...queued };
  }
  const previous = statusOf(row['previous_status'], row['previous_raw_status'], row['previous_reason']);
  const same =
    previous.unified === next.unified && previous.raw === next.raw && previous.reason === next.reason;
  return { outcome: foreign ? 'foreign' : same ? 'unchanged' : 'applied', previous, status: next, ...queued };
}
