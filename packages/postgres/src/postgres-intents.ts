// The create-intent methods of the PostgreSQL ledger.
import { type UnifiedStatus } from '@paylinks/core';
import {
  fulfilmentId,
  type IntentClaim,
  type IntentClaimRequest,
  type IntentKey,
  type Ledger,
  type LinkObservation,
} from '@paylinks/ledger';

import { storedJson, storedText } from './pg-text.js';
import { intentOf } from './postgres-ledger-rows.js';
import { keyParams, type PgLedgerState } from './postgres-ledger-state.js';
import { observeWith } from './postgres-links.js';
import { inTransaction, type PgPoolClient, type PgQueryable } from './pg-types.js';

/** claimIntent ... claimLapsedIntents. */
export function intentMethods(state: PgLedgerState) {
  const { db, sql } = state;
  return {
    claimIntent: (request) => claimIntent(state, request),
    completeIntent: (key, link) =>
      inTransaction(
        state.pool,
        (client) => completeIntent(state, client, key, link),
        state.timeouts,
        'completeIntent',
      ),
    async releaseIntent(key, owner) {
      await db.query(sql.intents.release, [...keyParams(key), owner]);
    },
    async abandonIntent(key, owner) {
      await db.query(sql.intents.abandon, [...keyParams(key), owner ?? null]);
    },
    async flagIntent(key, owner, note) {
      await db.query(sql.intents.flag, [...keyParams(key), owner, storedText(note)]);
    },
    async intent(key) {
      const { rows } = await db.query(sql.intents.byKey, keyParams(key));
      return rows[0] === undefined ? undefined : intentOf(rows[0]);
    },
    async intents(query = {}) {
      const params = [query.state ?? null, query.provider ?? null, query.limit ?? null];
      return (await db.query(sql.intents.list, params)).rows.map(intentOf);
    },
    async claimLapsedIntents(claim) {
      const params = [claim.owner, claim.leaseMs, claim.limit, claim.providers ?? null];
      return (await db.query(sql.intents.claimLapsed, params)).rows.map(intentOf);
    },
  } satisfies Partial<Ledger<PgPoolClient>>;
}

async function claimIntent({ db, sql }: PgLedgerState, request: IntentClaimRequest): Promise<IntentClaim> {
  for (;;) {
    const { rows } = await db.query(sql.intents.claim, [
      request.provider,
      request.scope,
      request.reference,
      request.idempotencyKey,
      request.fingerprint,
      storedJson(request.input),
      request.owner,
      request.leaseMs,
    ]);
    const claimed = rows[0];
    if (claimed !== undefined) {
      return { kind: claimed['inserted'] === true ? 'started' : 'recovering', intent: intentOf(claimed) };
    }
    const held = await db.query(sql.intents.byKey, keyParams(request));
    const row = held.rows[0];
    // Abandoned between the two statements: claim again.
    if (row === undefined) continue;
    const intent = intentOf(row);
    return { kind: intent.state === 'pending' ? 'busy' : intent.state, intent };
  }
}

async function completeIntent(
  { sql }: PgLedgerState,
  client: PgQueryable,
  key: IntentKey,
  link: LinkObservation,
): Promise<{ linkId: string }> {
  const kept = await markCreated(sql, client, key, link.linkId);
  if (kept !== undefined) return { linkId: kept };
  await observeWith(client, sql, { ...link, scope: key.scope, reference: key.reference });
  await adoptLink(sql, client, key, link);
  return { linkId: link.linkId };
}

/**
 * Records the intent as created with `linkId`. Answers the link an intent
 * already created holds (kept), or `undefined` when `linkId` was recorded.
 */
async function markCreated(
  sql: PgLedgerState['sql'],
  client: PgQueryable,
  key: IntentKey,
  linkId: string,
): Promise<string | undefined> {
  const updated = await client.query(sql.intents.markCreated, [...keyParams(key), linkId]);
  if (updated.rows.length > 0) return undefined;
  // Already created (keep that link), or a person adopts a link no intent was recorded for.
  const inserted = await client.query(sql.intents.insertCreated, [...keyParams(key), linkId]);
  if (inserted.rows.length > 0) return undefined;
  const held = await client.query(sql.intents.linkIdByKey, keyParams(key));
  return String(held.rows[0]?.['link_id']);
}

/** Gives the link the intent's scope and reference, and queues the fulfilment a foreign final link missed. */
async function adoptLink(
  sql: PgLedgerState['sql'],
  client: PgQueryable,
  key: IntentKey,
  link: LinkObservation,
): Promise<void> {
  const held = await client.query(sql.intents.adoptLink, [
    link.provider,
    link.linkId,
    key.scope,
    key.reference,
  ]);
  // A webhook recorded it first as foreign, already final: the fulfilment it did not get is queued now.
  const row = held.rows[0];
  if (row?.['final'] !== true) return;
  await client.query(sql.intents.queueFulfilment, [
    fulfilmentId(link.provider, link.linkId, row['status'] as UnifiedStatus),
    link.provider,
    link.linkId,
    row['status'],
    row['raw_status'],
    key.scope,
    key.reference,
  ]);
}
