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
} from '../adapter-settings.js';
export {
  defineEndpoint,
  type Endpoint,
  type EndpointCallOptions,
  type EndpointCallParts,
  type EndpointSpec,
  type PathParamName,
  type PathParams,
} from './define-endpoint.js';
export { checkId, checkListQuery, checkOptions, checkWebhookRequest, maxIdLength } from '../check-call.js';
export { defineAdapter, type PaymentLinkAdapter } from '../client.js';
export { guardProvider } from '../guard-provider.js';
export type {
  Capabilities,
  LinkPage,
  ListQuery,
  OperationOptions,
  PaymentLinkProvider,
} from '../provider.js';
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
} from '../model.js';
export {
  isFinal,
  linkStatus,
  transition,
  transitions,
  type LinkStatus,
  type UnifiedStatus,
} from '../status.js';
export {
  currencies,
  CurrencyCode,
  currencyExponent,
  isCurrencyCode,
  parseCurrency,
  type CurrencyCodeBrand,
} from '../currency.js';
export { checkCreateFor, validateCreateFor } from '../check-create.js';
export { closest } from '../setting-keys.js';
export { decodeProviderOptions } from '../decode-provider-options.js';
export { linkDecoder } from '../link-decoder.js';
export { defaultMaxPages, walkPages } from '../walk-pages.js';
export type { ObserverSlot } from '../observability.js';
export {
  boundedString,
  describedAs,
  DateFromISOString,
  decodeInput,
  decodeProviderBody,
  Email,
  formatErrors,
  HttpUrl,
  IntegerFromInput,
  NonEmptyString,
  NonNegativeInt,
  nullable,
  parseTimestamp,
  PositiveInt,
  type NonEmptyStringBrand,
  type NonNegativeIntBrand,
  type PositiveIntBrand,
} from '../codecs.js';
export { decodeWith, validateWith } from '../compile-decoder.js';
export {
  durationFromSeconds,
  durationToSeconds,
  formatIsoDuration,
  parseDuration,
  parseIsoDuration,
} from '../duration.js';
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
} from '../errors.js';
export { parseInstant, resolveExpiry, type Expiry, type ExpiryInput } from '../expiry.js';
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
} from '../http-client.js';
export {
  formatDecimal,
  formatMoney,
  money,
  parseDecimal,
  MinorUnits,
  Money,
  parseMinorUnits,
  type MinorUnitsBrand,
} from '../money.js';
export { validCustomer, validLineItem, type LineItemCandidate } from '../normalize.js';
export { createRedactor, redactError, secretForms, type Redactor } from '../redact.js';
export {
  issuesOf,
  validateCreateInput,
  type ValidateOptions,
  type ValidCreateInput,
} from '../validate-input.js';
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
} from '../webhook.js';
export {
  secretSettingTexts,
  webhookSecretList,
  webhookSecretsSetting,
  type WebhookSecrets,
} from '../webhook-secrets.js';
