/**
 * `@paylinks/core/adapter`: what adapter authors build with, kept apart from
 * the application API of `@paylinks/core` (as vercel/ai keeps provider-utils
 * apart): the HTTP boundary, `defineAdapter` and settings, codec helpers,
 * input validation, error constructors and webhook signature helpers. See
 * docs/adding-a-provider.md.
 */
export {
  AxiosInstanceSetting,
  BaseUrl,
  ClockSetting,
  CommonSettings,
  commonSettingsProblem,
  httpClientFromSettings,
  integerInRange,
  isLoopbackHost,
  maxRetriesLimit,
  maxTimeoutMs,
} from '../adapter-settings.js';
export { checkId, checkListQuery, checkOptions, checkWebhookRequest, maxIdLength } from '../check-call.js';
export { defineAdapter, guardProvider } from '../client.js';
export {
  AnyFunction,
  boundedString,
  contextPath,
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
export { parseDecimal, formatDecimal, parseMinorUnits } from '../money.js';
export { validCustomer, validLineItem, type LineItemCandidate } from '../normalize.js';
export { createRedactor, redactError, secretForms, type Redactor } from '../redact.js';
export { validateCreateInput, type ValidateOptions, type ValidCreateInput } from '../validate-input.js';
export {
  defaultMaxWebhookBytes,
  headerValue,
  hmacSha256Hex,
  maxWebhookDepth,
  nestingDepth,
  parseTimestampedSignature,
  rawBodyBuffer,
  readWebhookJson,
  signTimestamped,
  timingSafeEqualHex,
  timingSafeEqualString,
  verifyTimestampedSignature,
  type TimestampedSignatureCheck,
} from '../webhook.js';
