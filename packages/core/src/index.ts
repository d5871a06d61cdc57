/**
 * `@paylinks/core`: what applications use. The client and its configuration, the model,
 * money and currencies, statuses, errors, portable-create checks, webhooks and their ingress,
 * events and tracing, the router and the ledger.
 *
 * What only adapter authors need (the HTTP boundary, `defineAdapter`, codec helpers, error
 * constructors, signature helpers) is in `@paylinks/core/adapter`. Test helpers and the
 * simulator kit are in `@paylinks/core/testing`, and the adapter conformance suite is in
 * `@paylinks/core/conformance`.
 *
 * Every name is listed here on purpose. `surface.test.ts` pins the list, so a new export is
 * a decision and not an accident.
 */

// The client and its configuration.
export {
  configFromEnv,
  createPaymentLinks,
  createPaymentLinksEither,
  envName,
  fromProvider,
  uncheckedConfig,
  type AdapterRegistry,
  type PaymentLinkAdapter,
  type PaymentLinks,
  type PaymentLinksConfig,
  type PaymentLinksConfigFor,
  type PaymentLinksTE,
  type SettingsOf,
  type UncheckedConfig,
} from './client.js';
export type { ClientOptions } from './instrument-client.js';
export type { LinkList } from './link-list.js';
export type { Capabilities, LinkPage, ListQuery, OperationOptions, PaymentLinkProvider } from './provider.js';

// The model.
export {
  Address,
  Attempt,
  Attempts,
  AttemptState,
  CreatePaymentLinkInput,
  Customer,
  LineItem,
  LineItemTax,
  Metadata,
  PaymentLink,
  ProviderOptions,
  Redirects,
  ReportedAttempts,
  Subscription,
  SubscriptionInterval,
  UnreportedAttempts,
  type LineItemInput,
  type SubscriptionInput,
} from './model.js';
export type { ExpiryInput } from './expiry.js';
export type { IsoDuration } from './duration.js';

// Portable creates: one input every provider accepts, and the checks that say which
// providers accept an input before anything is sent.
export {
  checkPortableCreateInput,
  PortableCreateInput,
  PortableCustomer,
  portableLatestExpiresAt,
  portableMinExpirySeconds,
} from './portable-input.js';
export { checkCreate, refusedFields, type CheckCreateOptions, type CreateChecker } from './check-create.js';
export type { CheckReport } from './check-report.js';

// Money and currencies.
export {
  formatDecimal,
  formatMoney,
  MinorUnits,
  Money,
  parseDecimal,
  type MinorUnitsBrand,
} from './money.js';
export {
  currencies,
  currencyExponent,
  currencyTableDate,
  isCurrencyCode,
  CurrencyCode,
  type CurrencyCodeBrand,
  type CurrencyInfo,
} from './currency.js';

// Statuses.
export {
  advanceStatus,
  canTransition,
  isFinal,
  isPayable,
  linkStatus,
  transitions,
  unifiedStatuses,
  type LinkStatus,
  type UnifiedStatus,
} from './status.js';

// Errors.
export {
  describeError,
  errorTags,
  isPaymentLinkError,
  isRetryable,
  matchError,
  PaymentLinkException,
  type AuthenticationError,
  type ConflictError,
  type DecodeError,
  type ErrorHandlers,
  type NetworkError,
  type NotFoundError,
  type PaymentLinkError,
  type PaymentLinkErrorOf,
  type PaymentLinkErrorTag,
  type PermissionError,
  type ProviderError,
  type RateLimitError,
  type RateLimitInfo,
  type UnsupportedError,
  type ValidationError,
  type ValidationIssue,
  type WebhookFailureReason,
  type WebhookVerificationError,
} from './errors.js';

// Webhooks: the event shape, deduplication and ingress for any framework.
export {
  defaultMaxWebhookBytes,
  webhookEventKey,
  WebhookDeduplicator,
  type ResolvedLinkState,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
} from './webhook.js';
export {
  isWebhookBody,
  normalizeHeaders,
  readHeader,
  webhookBodyBuffer,
  type HeaderRecord,
  type HeadersLike,
  type WebhookBody,
  type WebhookHeaders,
} from './webhook-request.js';
export { maxWebhookSecrets, type WebhookSecrets } from './webhook-secrets.js';
export {
  createNodeWebhookHandler,
  createWebhookHandler,
  createWebhookReceiver,
  WebhookBodyConsumedError,
  WebhookBodyTimeoutError,
  type NodeWebhookHandler,
  type ReceivedWebhookRequest,
  type WebhookAnswer,
  type WebhookDedupeStore,
  type WebhookFailureContext,
  type WebhookHandlerOptions,
  type WebhookResolver,
} from './webhook-handler.js';

// Events and tracing.
export type {
  HttpErrorEvent,
  HttpEvent,
  HttpEventBase,
  HttpRequestEvent,
  HttpResponseEvent,
  HttpRetryEvent,
  HttpTarget,
  PaymentLinksEventMap,
  PaymentLinksEventName,
} from './observability.js';
export {
  instrumentationScope,
  type SpanLike,
  type TracerLike,
  type TracerProviderLike,
  type TracingOption,
} from './otel.js';

// Routing across providers.
export {
  AmountRange,
  decodeRoutingConfig,
  ExpiryRange,
  ProviderOrder,
  RouteConditions,
  RouteNeed,
  RouteRule,
  RoutingConfig,
} from './router/routing-rules.js';
export {
  selectRouteRule,
  type RouteContext,
  type RuleSelection,
  type RuleVerdict,
} from './router/match-route-rule.js';
export {
  defaultHealthSettings,
  HealthSettings,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
} from './router/circuit-breaker.js';
export {
  createRouter,
  createRouterEither,
  type AmbiguityEvent,
  type AmbiguitySettings,
  type ExplainContext,
  type FailoverEvent,
  type RouteAttempt,
  type RouteExplanation,
  type RouteOptions,
  type RouteOutcome,
  type Router,
  type RouterEvents,
  type RouterOptions,
  type RouterTE,
  type SkippedProvider,
} from './router/create-router.js';
export { parseRoutedLinkId, routedLinkId } from './router/routed-link-id.js';
export { webhookProviderHeader } from './router/route-webhook.js';

// The ledger: the client platforms use, and the interface a ledger implements.
export {
  type FulfilmentHandler,
  type FulfilmentRound,
  type FulfilmentWorker,
  type FulfilmentWorkerOptions,
} from './ledger/fulfilment-worker.js';
export {
  createLedgerClient,
  type LedgerClient,
  type LedgerClientOptions,
  type LedgerCreateOptions,
  type LedgerLinks,
  type SyncOptions,
  type SyncReport,
  type WebhookOutcome,
} from './ledger/ledger-client.js';
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
} from './ledger/ledger.js';
export { createMemoryLedger, type MemoryLedgerOptions } from './ledger/memory-ledger.js';
export { ledgerLimits, loneSurrogate, normalizeReference, withLedgerChecks } from './ledger/ledger-input.js';
