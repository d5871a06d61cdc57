// The ledger client's public types: its options, its methods and what webhooks and syncs report.

import type { PaymentLinks, WebhookEvent, WebhookRequest } from '@paylinks/core';
import type { CreatePaymentLinkInput, LinkStatus, PaymentLink } from '@paylinks/core/adapter';

import type { FulfilmentHandler, FulfilmentWorker, FulfilmentWorkerOptions } from './fulfilment-worker.js';
import type { IntentKey, Ledger } from './ledger.js';

/** The provider clients a ledger client calls: by adapter id, or per provider and merchant scope. */
export type LedgerLinks =
  Readonly<Record<string, PaymentLinks>> | ((provider: string, scope: string) => PaymentLinks | undefined);

/** Options of {@link createLedgerClient}. */
export interface LedgerClientOptions<Tx> {
  /** Where the truth is kept: `createMemoryLedger()` or `@paylinks/postgres`'s `createPostgresLedger`. */
  readonly ledger: Ledger<Tx>;
  /**
   * The provider clients (`fromProvider(costplus(...))`), by adapter id; a
   * function of provider and scope when each merchant has its own credentials.
   */
  readonly links: LedgerLinks;
  /** This process's name in claims (default `<host>:<pid>:<random>`); unique per process. */
  readonly owner?: string;
  /**
   * How long a create holds its claim, in milliseconds (default 60 s): longer
   * than one create with all its retries, or another process could take over
   * while the first is still waiting for the provider.
   */
  readonly createLeaseMs?: number;
  /** How long webhook delivery keys are remembered, in milliseconds (default 7 days). */
  readonly deliveryRetentionMs?: number;
  /**
   * Whether links this ledger never created (made in the provider's
   * dashboard or by another system, then reported by a webhook or found by
   * sync) are fulfilled when they enter a final status. Default `false`:
   * their status is recorded, the outcome is `foreign` and nothing is
   * queued; only a create intent (or `adoptIntent`) makes a link the
   * platform's to fulfil.
   */
  readonly fulfilForeignLinks?: boolean;
}

/** Options of {@link LedgerClient.create}. */
export interface LedgerCreateOptions {
  /** The merchant the link is for, on a platform with several (default `''`). */
  readonly scope?: string;
  /** Longest wait for another process creating the same reference, in milliseconds (default twice the create lease). */
  readonly waitMs?: number;
  /** Per-try timeout passed to the provider. */
  readonly timeoutMs?: number;
}

/**
 * What {@link LedgerClient.handleWebhook} did with a delivery:
 * - `duplicate`: the delivery key was already recorded; nothing fetched or changed;
 * - `applied`: the link's status changed (`fulfilmentId` when it entered a final status);
 * - `unchanged`: the ledger already held this status;
 * - `refused`: the provider showed a status the ledger may not move to (a late `open` after `paid`);
 * - `foreign`: the link was not created through this ledger: its status is recorded, nothing is
 *   queued (see {@link LedgerClientOptions.fulfilForeignLinks}).
 * Answer the provider 2xx for all five.
 */
export interface WebhookOutcome {
  readonly outcome: 'applied' | 'unchanged' | 'refused' | 'foreign' | 'duplicate';
  readonly event: WebhookEvent;
  /** The de-duplication key (see `webhookEventKey`). */
  readonly deliveryKey: string;
  /** The link as re-fetched from the provider (absent for a duplicate). */
  readonly link?: PaymentLink;
  /** The status the ledger holds after this delivery (absent for a duplicate). */
  readonly status?: LinkStatus;
  /** The status before, when the link was known. */
  readonly previous?: LinkStatus;
  /** The fulfilment this delivery enqueued. */
  readonly fulfilmentId?: string;
}

/** Options of {@link LedgerClient.sync}. */
export interface SyncOptions {
  /** Links not seen for this long are re-fetched, in milliseconds (default 10 minutes). */
  readonly staleAfterMs?: number;
  /** Most links (and most lapsed intents) handled by this call (default 100). */
  readonly limit?: number;
  /** Fetches in flight at once (default 4). */
  readonly concurrency?: number;
  /** How long a sync claim on a link holds, in milliseconds (default 60 s); a failed fetch is retried after it. */
  readonly leaseMs?: number;
  /** Only these providers (default every one with a client). */
  readonly providers?: ReadonlyArray<string>;
}

/** What {@link LedgerClient.sync} did. */
export interface SyncReport {
  /** Creates whose process died, taken over: finished, flagged for a person, or failed again. */
  readonly intents: { readonly recovered: number; readonly flagged: number; readonly failed: number };
  /** Stale links re-fetched, by what the observation did, and fetches that failed. */
  readonly links: {
    readonly claimed: number;
    readonly applied: number;
    readonly unchanged: number;
    readonly refused: number;
    /** Links no create intent stands behind: status recorded, nothing queued. */
    readonly foreign: number;
    readonly failed: number;
  };
  /** Delivery keys past their retention window, deleted. */
  readonly purgedDeliveries: number;
}

/**
 * Payment links whose truth is kept in a {@link Ledger}, so several
 * processes (web instances, workers) agree on it: one link per reference,
 * each webhook applied once, statuses that only move along the state
 * machine, and each final status handed to a fulfilment handler.
 */
export interface LedgerClient<Tx> {
  readonly ledger: Ledger<Tx>;
  /** This process's name in claims. */
  readonly owner: string;
  /**
   * Creates the link for `input.reference` once, whichever process asks and
   * however often. The intent is recorded before the provider is called; a
   * second caller waits for the first; a create whose process died is taken
   * over: retried with the same idempotency key where the provider has keys,
   * looked up by reference where it can (adopting what it finds), and
   * otherwise reported as needing a person (a `ConflictError`; see
   * {@link LedgerClient.adoptIntent}). The reference is put in Unicode NFC
   * (for the key and for the provider), so one visible reference is one link
   * however it was typed. Throws `PaymentLinkException`; a ledger that cannot
   * be reached gives a retryable one (`NetworkError`, `operation` `ledger.*`).
   */
  create(
    provider: string,
    input: CreatePaymentLinkInput,
    options?: LedgerCreateOptions,
  ): Promise<PaymentLink>;
  /**
   * Verifies a webhook, drops a duplicate delivery, re-fetches the link it
   * is about, advances the ledger's status and enqueues the fulfilment, in
   * one transaction. Throws `PaymentLinkException`: a `WebhookVerificationError`
   * (answer 400), the provider's error while re-fetching, or the ledger's
   * retryable error when its database is unreachable (answer 5xx so the
   * provider tries again).
   */
  handleWebhook(
    provider: string,
    request: WebhookRequest,
    options?: { readonly scope?: string },
  ): Promise<WebhookOutcome>;
  /**
   * Re-fetches links that are not final and were not seen for a while
   * (webhooks get lost), claiming each so that two workers never fetch the
   * same one at once, and takes over creates whose process died. Run it on a
   * schedule from one or more workers.
   */
  sync(options?: SyncOptions): Promise<SyncReport>;
  /** A worker that hands due fulfilments to `handler`; see {@link FulfilmentWorker}. */
  fulfilments(handler: FulfilmentHandler<Tx>, options?: FulfilmentWorkerOptions): FulfilmentWorker;
  /** A person's decision on an intent that needs one: the link `linkId` (checked at the provider) is the one. */
  adoptIntent(key: IntentKey, linkId: string): Promise<PaymentLink>;
  /** A person's decision: no link was made for this intent; the next create makes one. */
  forgetIntent(key: IntentKey): Promise<void>;
}
