/**
 * `@paylinks/core/adapter`: what adapter authors build with, kept apart from
 * the application API of `@paylinks/core` (as vercel/ai keeps provider-utils
 * apart): the HTTP boundary, `defineAdapter` and settings, codec helpers,
 * input validation, error constructors and webhook signature helpers; and,
 * so that an adapter needs no other entry, the model, statuses, errors and
 * provider interface it implements. See docs/adding-a-provider.md.
 */
export {
  AxiosInstanceSetting,
  BaseUrl,
  ClockSetting,
  clockFrom,
  CommonSettings,
  commonSettingsProblem,
  httpClientFromSettings,
  integerInRange,
  isLoopbackHost,
  maxRetriesLimit,
  maxTimeoutMs,
} from './adapter-settings.js';
export {
  checkId,
  checkListQuery,
  checkOptions,
  checkWebhookRequest,
  maxIdLength,
} from '../provider/check-call.js';
export { defineAdapter, type PaymentLinkAdapter } from './define-adapter.js';
export {
  defineEndpoint,
  type Endpoint,
  type EndpointCallOptions,
  type EndpointCallParts,
  type EndpointSpec,
  type PathParamName,
  type PathParams,
} from './define-endpoint.js';
export { guardProvider } from '../provider/guard-provider.js';
export type {
  Capabilities,
  LinkPage,
  ListQuery,
  OperationOptions,
  PaymentLinkProvider,
} from '../provider/provider.js';
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
  reportedAttempts,
  Subscription,
  SubscriptionInterval,
  unreportedAttempts,
} from '../model/model.js';
export {
  isFinal,
  linkStatus,
  transition,
  transitions,
  type LinkStatus,
  type UnifiedStatus,
} from '../model/status.js';
export {
  currencies,
  CurrencyCode,
  currencyExponent,
  isCurrencyCode,
  parseCurrency,
  type CurrencyCodeBrand,
} from '../model/currency.js';
export { checkCreateFor, validateCreateFor } from '../client/check-create.js';
export { closest } from './setting-keys.js';
export { decodeProviderOptions } from './decode-provider-options.js';
export { linkDecoder } from './link-decoder.js';
export { defaultMaxPages, walkPages } from './walk-pages.js';
export { ListenerTable, listenerWarning, type ObserverSlot } from '../events/observability.js';
export {
  boundedString,
  controlCharacters,
  describedAs,
  DateFromISOString,
  decodeInput,
  decodeProviderBody,
  Email,
  formatErrors,
  HttpUrl,
  IntegerFromInput,
  loneSurrogate,
  NonEmptyString,
  NonNegativeInt,
  nullable,
  parseTimestamp,
  PositiveInt,
  type NonEmptyStringBrand,
  type NonNegativeIntBrand,
  type PositiveIntBrand,
} from '../model/codecs.js';
export { decodeWith, validateWith } from '../model/compile-decoder.js';
export {
  durationFromSeconds,
  durationToSeconds,
  formatIsoDuration,
  parseDuration,
  parseIsoDuration,
} from '../model/duration.js';
export {
  authenticationError,
  PaymentLinkException,
  type DecodeError,
  type PaymentLinkError,
  type PaymentLinkErrorTag,
  type RateLimitInfo,
  type ValidationError,
  type ValidationIssue,
  type WebhookVerificationError,
  conflictError,
  decodeError,
  networkError,
  notFoundError,
  permissionError,
  providerError,
  rateLimitError,
  unsupportedError,
  validationError,
  webhookVerificationError,
} from '../model/errors.js';
export { parseInstant, resolveExpiry, type Expiry, type ExpiryInput } from '../model/expiry.js';
export {
  classifyFailure,
  classifyTransportFailure,
  createHttpClient,
  defaultMaxResponseBytes,
  defaultRetryPolicy,
  neverSent,
  newIdempotencyKey,
  parseRateLimit,
  parseRetryAfter,
  perCallOptions,
  shouldRetry,
  sleepTime,
  tagForStatus,
  type AuthStrategy,
  type AxiosLike,
  type FailedAnswer,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type ProviderErrorDetails,
  type RequestShape,
  type RetryPolicy,
  type TransportFailure,
} from '../http/http-client.js';
export {
  formatDecimal,
  formatMoney,
  money,
  parseDecimal,
  MinorUnits,
  Money,
  parseMinorUnits,
  type MinorUnitsBrand,
} from '../model/money.js';
export { validCustomer, validLineItem, type LineItemCandidate } from '../model/normalize.js';
export { createRedactor, redactError, secretForms, type Redactor } from '../http/redact.js';
export {
  issuesOf,
  validateCreateInput,
  type ValidateOptions,
  type ValidCreateInput,
} from '../model/validate-input.js';
export {
  defaultMaxWebhookBytes,
  headerValue,
  hmacSha256Hex,
  maxWebhookDepth,
  nestingDepth,
  parseTimestampedSignature,
  rawBodyBuffer,
  readWebhookJson,
  rejectWebhook,
  requireWebhookSecrets,
  signTimestamped,
  timingSafeEqualHex,
  timingSafeEqualString,
  verifyTimestampedSignature,
  type TimestampedSignatureCheck,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
} from '../webhooks/webhook.js';
export {
  secretSettingTexts,
  webhookSecretList,
  webhookSecretsSetting,
  type WebhookSecrets,
} from '../webhooks/webhook-secrets.js';
