// Rows of the ledger's tables read back into the ledger's types; stored text is unescaped here.
import { linkStatus, type LinkStatus, type UnifiedStatus } from '@paylinks/core';
import { type CreateIntent, type Fulfilment, type IntentState, type LedgerLink } from '@paylinks/ledger';

import { readJson, readText } from './pg-text.js';

/** One row as `pg` answers it. */
export type Row = Record<string, unknown>;

/** A nullable column as a string, or `undefined` for SQL NULL. */
export const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** A link status from its three columns. */
export function statusOf(unified: unknown, raw: unknown, reason: unknown): LinkStatus {
  const why = text(reason);
  return linkStatus(
    unified as UnifiedStatus,
    readText(String(raw)),
    why === undefined ? null : readText(why),
  );
}

/** A row of `intents`. */
export function intentOf(row: Row): CreateIntent {
  const linkId = text(row['link_id']);
  const owner = text(row['owner']);
  const note = text(row['note']);
  return {
    provider: String(row['provider']),
    scope: String(row['scope']),
    reference: String(row['reference']),
    state: row['state'] as IntentState,
    idempotencyKey: String(row['idempotency_key']),
    fingerprint: String(row['fingerprint']),
    input: readJson(row['input']),
    claims: Number(row['claims']),
    createdAt: date(row['created_at']),
    updatedAt: date(row['updated_at']),
    ...(linkId !== undefined ? { linkId } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(row['lease_until'] !== null ? { leaseUntil: date(row['lease_until']) } : {}),
    ...(note !== undefined ? { note: readText(note) } : {}),
  };
}

/** A row of `links`. */
export function linkOf(row: Row): LedgerLink {
  const reference = text(row['reference']);
  return {
    provider: String(row['provider']),
    linkId: String(row['link_id']),
    scope: String(row['scope']),
    status: statusOf(row['status'], row['raw_status'], row['reason']),
    body: readJson(row['body']),
    version: Number(row['version']),
    seenAt: date(row['seen_at']),
    createdAt: date(row['created_at']),
    ...(reference !== undefined ? { reference } : {}),
  };
}

/** A row of `fulfilments`. */
export function fulfilmentOf(row: Row): Fulfilment {
  const reference = text(row['reference']);
  const lastError = text(row['last_error']);
  return {
    id: String(row['id']),
    provider: String(row['provider']),
    linkId: String(row['link_id']),
    scope: String(row['scope']),
    status: row['status'] as UnifiedStatus,
    rawStatus: readText(String(row['raw_status'])),
    attempts: Number(row['attempts']),
    createdAt: date(row['created_at']),
    ...(reference !== undefined ? { reference } : {}),
    ...(lastError !== undefined ? { lastError: readText(lastError) } : {}),
  };
}
