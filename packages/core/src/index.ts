/**
 * `@paylinks/core`: what applications use. The client and its configuration, the model,
 * money and currencies, statuses, errors, portable-create checks, webhooks and their ingress,
 * events and tracing.
 *
 * What only adapter authors need (the HTTP boundary, `defineAdapter`, codec helpers, error
 * constructors, signature helpers) is in `@paylinks/core/adapter`. Routing across providers is
 * `@paylinks/router`, the ledger is `@paylinks/ledger`, and the simulator kit, the adapter
 * conformance suite and test assertions are `@paylinks/testing`.
 *
 * The sources are in folders by job: `model/` (the model, money, statuses, errors), `provider/`
 * (the provider contract), `client/`, `webhooks/`, `events/` (events and tracing), `http/` (the
 * HTTP boundary) and `adapter/` (the kit); each folder's README says what it holds.
 *
 * Every name is listed here on purpose. `surface.test.ts` pins the list, so a new export is
 * a decision and not an accident.
 */

// The client and its configuration.
export {
  configFromEnv,
  createPaymentLinks,
  createPaymentLinksEither,
  fromProvider,
  uncheckedConfig,
  type AdapterRegistry,
  type PaymentLinksConfig,
  type PaymentLinksConfigFor,
  type SettingsOf,
  type UncheckedConfig,
} from './client/client.js';
export { envName } from './client/env-settings.js';
export type { PaymentLinks, PaymentLinksTE } from './client/payment-links.js';
export type { PaymentLinkAdapter } from './adapter/define-adapter.js';
export type { ClientOptions } from './client/instrument-client.js';
export type {
  Capabilities,
  LinkPage,
  ListQuery,
  OperationOptions,
  PaymentLinkProvider,
} from './provider/provider.js';
export type { LinkList } from './client/link-list.js';

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
} from './model/model.js';
export type { ExpiryInput } from './model/expiry.js';
export type { IsoDuration } from './model/duration.js';

// Portable creates: one input every provider accepts, and the checks that say which
// providers accept an input before anything is sent.
export {
  checkPortableCreateInput,
  PortableCreateInput,
  PortableCustomer,
  portableLatestExpiresAt,
  portableMinExpirySeconds,
} from './model/portable-input.js';
export {
  checkCreate,
  refusedFields,
  type CheckCreateOptions,
  type CreateChecker,
} from './client/check-create.js';
export type { CheckReport } from './model/check-report.js';

// Money and currencies.
export {
  formatDecimal,
  formatMoney,
  MinorUnits,
  Money,
  parseDecimal,
  type MinorUnitsBrand,
} from './model/money.js';
export {
  currencies,
  currencyExponent,
  currencyTableDate,
  isCurrencyCode,
  CurrencyCode,
  type CurrencyCodeBrand,
  type CurrencyInfo,
} from './model/currency.js';

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
} from './model/status.js';

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
} from './model/errors.js';

// Webhooks: the event shape, deduplication and ingress for any framework.
export {
  defaultMaxWebhookBytes,
  webhookEventKey,
  WebhookDeduplicator,
  type ResolvedLinkState,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
} from './webhooks/webhook.js';
export {
  isWebhookBody,
  normalizeHeaders,
  readHeader,
  webhookBodyBuffer,
  type HeaderRecord,
  type HeadersLike,
  type WebhookBody,
  type WebhookHeaders,
} from './webhooks/webhook-request.js';
export { maxWebhookSecrets, type WebhookSecrets } from './webhooks/webhook-secrets.js';
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
} from './webhooks/webhook-handler.js';

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
} from './events/observability.js';
export {
  instrumentationScope,
  type SpanLike,
  type TracerLike,
  type TracerProviderLike,
  type TracingOption,
} from './events/otel.js';
