/**
 * `@paylinks/ledger`: the platform's own record of its payment links. The ledger client
 * (create once per intent, webhook and sync updates, fulfilment exactly once), the `Ledger`
 * interface a store implements, an in-memory ledger for tests and single processes, and the
 * fulfilment worker. The shared contract suite every ledger passes is at
 * `@paylinks/ledger/contract` (it needs vitest; this entry does not).
 *
 * Every name is listed here on purpose; `surface.test.ts` pins the list.
 */
export {
  type FulfilmentHandler,
  type FulfilmentRound,
  type FulfilmentWorker,
  type FulfilmentWorkerOptions,
} from './fulfilment-worker.js';
export { createLedgerClient } from './ledger-client.js';
export type {
  LedgerClient,
  LedgerClientOptions,
  LedgerCreateOptions,
  LedgerLinks,
  SyncOptions,
  SyncReport,
  WebhookOutcome,
} from './ledger-client-types.js';
export {
  defaultDeliveryRetentionMs,
  fulfilmentId,
  fulfilmentStatuses,
  legalPredecessors,
  type CreateIntent,
  type Fulfilment,
  type FulfilmentClaim,
  type IntentClaim,
  type IntentClaimRequest,
  type IntentKey,
  type IntentQuery,
  type IntentState,
  type LapsedIntentClaim,
  type Ledger,
  type LedgerCounts,
  type LedgerLink,
  type LinkObservation,
  type Observation,
  type ObserveOptions,
  type StaleLinkClaim,
} from './ledger.js';
export { createMemoryLedger, type MemoryLedgerOptions } from './memory-ledger.js';
export { ledgerLimits, loneSurrogate, normalizeReference, withLedgerChecks } from './ledger-input.js';
