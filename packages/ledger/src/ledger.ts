// The Ledger interface a store implements, its record types, and the status rules every ledger keeps.
import { createHash } from 'node:crypto';

import { isFinal, transitions, unifiedStatuses, type LinkStatus, type UnifiedStatus } from '@paylinks/core';

/**
 * One logical create: the provider, the merchant scope (a merchant id on a
 * platform with several merchants, `''` for one) and the merchant's
 * `reference`. The ledger keeps at most one link per key.
 */
export interface IntentKey {
  /** Adapter id (`costplus`, `conomy`, `hsa-provider`). */
  readonly provider: string;
  /** Whose link it is on a platform with several merchants; `''` when there is one. */
  readonly scope: string;
  /**
   * The merchant's own reference (`CreatePaymentLinkInput.reference`). The
   * ledger keys it in Unicode NFC: the same visible reference typed
   * precomposed (`é`) or decomposed (`e` + U+0301) is one intent and one link.
   */
  readonly reference: string;
}

/**
 * Where a create intent stands:
 * - `pending`: recorded before the provider was called; the create may or may not have reached it;
 * - `created`: the link is known (`linkId`);
 * - `needs_attention`: the create was interrupted and the provider can neither replay it (no
 *   idempotency keys) nor be asked for it (no lookup by reference): a person must check the
 *   provider's dashboard and adopt the link or forget the intent.
 */
export type IntentState = 'pending' | 'created' | 'needs_attention';

/** A recorded logical create. */
export interface CreateIntent extends IntentKey {
  readonly state: IntentState;
  /** The key sent with every try of this create (providers with idempotency keys replay it). */
  readonly idempotencyKey: string;
  /** Hash of the create input: the same reference with another input is refused. */
  readonly fingerprint: string;
  /** The create input as JSON, so another process can finish the create. */
  readonly input: unknown;
  /** The link, once `created`. */
  readonly linkId?: string;
  /** How many times a process has claimed this intent (1 for the first create). */
  readonly claims: number;
  /** The process holding the claim, while it is held. */
  readonly owner?: string;
  /** When the claim lapses and another process may take the intent over. */
  readonly leaseUntil?: Date;
  /** Why the intent needs a person. */
  readonly note?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What {@link Ledger.claimIntent} needs: the key, the create and who asks. */
export interface IntentClaimRequest extends IntentKey {
  /** Used only when the intent is new. */
  readonly idempotencyKey: string;
  readonly fingerprint: string;
  readonly input: unknown;
  /** Id of the claiming process (unique per process). */
  readonly owner: string;
  /** How long the claim holds: longer than the whole create, retries included. */
  readonly leaseMs: number;
}

/**
 * The answer to a claim:
 * - `started`: a new intent, claimed by the caller: call the provider;
 * - `recovering`: a pending intent whose claim lapsed (its process died or gave up), now the
 *   caller's: find out whether the link was made before making it;
 * - `busy`: another process holds a live claim: wait and ask again;
 * - `created` / `needs_attention`: nothing to do but read the intent.
 */
export interface IntentClaim {
  readonly kind: 'started' | 'recovering' | 'busy' | 'created' | 'needs_attention';
  readonly intent: CreateIntent;
}

/** A link as the provider showed it: what the ledger records about it. */
export interface LinkObservation {
  readonly provider: string;
  readonly linkId: string;
  /** Merchant scope; kept from the first observation (or the create intent). */
  readonly scope?: string;
  readonly reference?: string;
  readonly status: LinkStatus;
  /** The provider's body (`PaymentLink.raw`), so the link can be decoded again without a call. */
  readonly body: unknown;
}

/** Options of {@link Ledger.observe}. */
export interface ObserveOptions {
  /** Records this webhook delivery key (see `webhookEventKey`) in the same transaction. */
  readonly deliveryKey?: string;
  /** How long the delivery key is remembered (default 7 days). */
  readonly retentionMs?: number;
  /**
   * Whether a link no create intent of this ledger stands behind (made
   * outside the ledger, in the provider's dashboard or by another system)
   * gets a fulfilment when it enters a final status. Default `false`: its
   * status is recorded and the outcome is `foreign`, but nothing is queued,
   * so a webhook about someone else's link never ships an order. A link
   * adopted later (`adoptIntent`) gets the fulfilment of the final status it
   * holds then.
   */
  readonly fulfilForeign?: boolean;
}

/** A link the ledger knows. */
export interface LedgerLink {
  readonly provider: string;
  readonly linkId: string;
  readonly scope: string;
  readonly reference?: string;
  readonly status: LinkStatus;
  readonly body: unknown;
  /** Bumped on every accepted observation. */
  readonly version: number;
  /** When the provider last showed this link to us. */
  readonly seenAt: Date;
  readonly createdAt: Date;
}

/**
 * What an observation did:
 * - `applied`: the status (unified or raw) changed;
 * - `unchanged`: the ledger already held this status;
 * - `refused`: the move is illegal (a late `open` after `paid`); `status` is what the ledger keeps;
 * - `foreign`: no create intent of this ledger stands behind the link: its status was recorded
 *   (as for `applied` or `unchanged`) but no fulfilment is queued (see {@link ObserveOptions.fulfilForeign}).
 */
export interface Observation {
  readonly outcome: 'applied' | 'unchanged' | 'refused' | 'foreign';
  /** The status before, when the link was known. */
  readonly previous?: LinkStatus;
  /** The status the ledger holds now. */
  readonly status: LinkStatus;
  /** The fulfilment enqueued by this observation (a move into a final status), if any. */
  readonly fulfilmentId?: string;
}

/**
 * One entry of the fulfilment outbox: a link that moved into a final status
 * (`paid`, and `expired`, `failed`, `cancelled`). Written once, in the same
 * transaction as the status; handed to a worker until it is marked done.
 */
export interface Fulfilment {
  /** Stable id: the same for every try, on every process (derived from provider, link and status). */
  readonly id: string;
  readonly provider: string;
  readonly linkId: string;
  readonly scope: string;
  readonly reference?: string;
  /** The final status entered. */
  readonly status: UnifiedStatus;
  /** The provider's raw status at that moment. */
  readonly rawStatus: string;
  /** Tries so far, this one included. */
  readonly attempts: number;
  /** The previous try's error message, if it failed. */
  readonly lastError?: string;
  readonly createdAt: Date;
}

/** Options of {@link Ledger.claimStaleLinks}. */
export interface StaleLinkClaim {
  readonly owner: string;
  /** Links not seen for this long are due. */
  readonly staleAfterMs: number;
  /** How long the claim holds (two workers never fetch the same link while it does). */
  readonly leaseMs: number;
  readonly limit: number;
  /** Only these providers (default every one). */
  readonly providers?: ReadonlyArray<string>;
}

/** Options of {@link Ledger.claimFulfilments}. */
export interface FulfilmentClaim {
  readonly owner: string;
  /** After this long an unfinished claim lapses and another worker takes the row. */
  readonly leaseMs: number;
  readonly limit: number;
}

/** Options of {@link Ledger.claimLapsedIntents}. */
export interface LapsedIntentClaim {
  readonly owner: string;
  readonly leaseMs: number;
  readonly limit: number;
  readonly providers?: ReadonlyArray<string>;
}

/** Filters of {@link Ledger.intents}. */
export interface IntentQuery {
  readonly state?: IntentState;
  readonly provider?: string;
  readonly limit?: number;
}

/** Counts for monitoring and tests. */
export interface LedgerCounts {
  readonly intents: Readonly<Record<IntentState, number>>;
  readonly links: Readonly<Partial<Record<UnifiedStatus, number>>>;
  readonly deliveries: number;
  readonly fulfilments: { readonly pending: number; readonly done: number };
}

/**
 * The cross-process truth about payment links: create intents, webhook
 * deliveries, link statuses and the fulfilment outbox. `createMemoryLedger`
 * is the in-process implementation; `@paylinks/postgres` keeps it in
 * PostgreSQL for several processes. Every method is atomic on its own.
 * `Tx` is what a fulfilment handler gets to write through (a `pg` client in
 * an open transaction for PostgreSQL).
 *
 * Most applications use it through {@link createLedgerClient}; these
 * methods are for implementations and tools. Every method checks its input
 * before any write (`withLedgerChecks`, the same limits in every ledger) and
 * fails with a `PaymentLinkException`: a `ValidationError` naming the field,
 * or, when the store fails, a retryable error (see the implementation).
 */
export interface Ledger<Tx = unknown> {
  /** Records a logical create, or reports the one already recorded under the key (and claims it when its claim lapsed). */
  claimIntent(request: IntentClaimRequest): Promise<IntentClaim>;
  /**
   * Marks an intent `created` and records its link, in one transaction.
   * Answers the link id the intent holds: the given one, or the one an
   * earlier completion recorded.
   */
  completeIntent(key: IntentKey, link: LinkObservation): Promise<{ readonly linkId: string }>;
  /** Ends the caller's claim on a pending intent without deciding it (an ambiguous failure: recover later). */
  releaseIntent(key: IntentKey, owner: string): Promise<void>;
  /**
   * Forgets a pending or flagged intent: no link was made, the next create
   * makes one. With `owner`, only while that owner holds it.
   */
  abandonIntent(key: IntentKey, owner?: string): Promise<void>;
  /** Marks an intent `needs_attention` with the reason. */
  flagIntent(key: IntentKey, owner: string, note: string): Promise<void>;
  /** The intent under a key. */
  intent(key: IntentKey): Promise<CreateIntent | undefined>;
  /** Intents by state, oldest first. */
  intents(query?: IntentQuery): Promise<ReadonlyArray<CreateIntent>>;
  /** Claims pending intents whose claim lapsed (their process died), for recovery. */
  claimLapsedIntents(claim: LapsedIntentClaim): Promise<ReadonlyArray<CreateIntent>>;

  /** A link by provider id. */
  link(provider: string, linkId: string): Promise<LedgerLink | undefined>;
  /** The link recorded for a logical create. */
  linkByReference(key: IntentKey): Promise<LedgerLink | undefined>;
  /** Whether a webhook delivery key was recorded within its retention window. */
  seen(deliveryKey: string): Promise<boolean>;
  /**
   * Records what the provider showed: advances the status only along a
   * legal transition (see `transitions`), atomically against every other
   * process; on a move into a final status of a link a create intent stands
   * behind, writes the fulfilment in the same transaction (other links:
   * `foreign`, see {@link ObserveOptions.fulfilForeign}); records the
   * delivery key; frees the link's sync claim.
   */
  observe(observation: LinkObservation, options?: ObserveOptions): Promise<Observation>;
  /** Claims links that are not final and were not seen for a while, oldest first. */
  claimStaleLinks(claim: StaleLinkClaim): Promise<ReadonlyArray<LedgerLink>>;

  /** Claims due fulfilments (never one another worker holds). */
  claimFulfilments(claim: FulfilmentClaim): Promise<ReadonlyArray<Fulfilment>>;
  /**
   * Runs `work` and marks the fulfilment done, in one transaction; `false`
   * (and `work` not run) when the caller's claim was lost. A throw from
   * `work` rolls back and is rethrown.
   */
  completeFulfilment(id: string, owner: string, work: (tx: Tx) => Promise<void>): Promise<boolean>;
  /** Records a failed try; the fulfilment is due again after `retryInMs`. */
  failFulfilment(id: string, owner: string, error: string, retryInMs: number): Promise<void>;

  /** Deletes delivery keys past their retention window; answers how many. */
  purgeDeliveries(limit?: number): Promise<number>;
  /** Counts by state. */
  counts(): Promise<LedgerCounts>;
}

/** Default retention of webhook delivery keys: 7 days (providers retry for hours to days). */
export const defaultDeliveryRetentionMs = 7 * 24 * 60 * 60 * 1000;

const predecessors = new Map<UnifiedStatus, ReadonlyArray<UnifiedStatus>>(
  unifiedStatuses.map((to) => [to, unifiedStatuses.filter((from) => transitions[from].includes(to))]),
);

/** The statuses from which a move to `to` is legal (the inverse of `transitions`). */
export function legalPredecessors(to: UnifiedStatus): ReadonlyArray<UnifiedStatus> {
  return predecessors.get(to) ?? [];
}

/** The unified statuses that enqueue a fulfilment when a link moves into them. */
export const fulfilmentStatuses: ReadonlyArray<UnifiedStatus> = unifiedStatuses.filter((s) => isFinal(s));

/**
 * The stable id of the fulfilment for a link entering a final status: the
 * same in every process and every ledger, so a handler can use it as its own
 * idempotency key.
 */
export function fulfilmentId(provider: string, linkId: string, status: UnifiedStatus): string {
  const hash = createHash('sha256').update(`${provider}\u0000${linkId}\u0000${status}`).digest('hex');
  return `ful_${hash.slice(0, 32)}`;
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The create input as plain JSON (dates as ISO text, keys sorted), as the ledger stores it. */
export function inputToJson(input: unknown): unknown {
  return canonical(input);
}

/** A hash of the create input: two creates of one reference must agree on it. */
export function inputFingerprint(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}
