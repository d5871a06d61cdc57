// classifyFailure: the one place an HTTP status, provider code or transport failure becomes an error tag.
import {
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
  type ErrorBase,
  type PaymentLinkError,
  type PaymentLinkErrorTag,
  type RateLimitInfo,
} from '../model/errors.js';

/** What an adapter's error-body codec read out of a failed answer. */
export interface ProviderErrorDetails {
  /** The provider's error code. */
  readonly code?: string;
  /** The provider's message. */
  readonly message?: string;
  /** The field the provider blames, as a path in the caller's input (`successUrl`, `amount`). */
  readonly field?: string;
  /**
   * Every field the provider blames, when it names several, each mapped back
   * to the caller's input; the first one is also `field`.
   */
  readonly issues?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  /** The provider's request / trace id. */
  readonly requestId?: string;
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** A header's value when it is a whole number. */
function wholeNumber(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  const trimmed = v.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (unix seconds, or seconds from now when small). */
export function parseRateLimit(
  headers: Readonly<Record<string, string>>,
  now?: Date,
): RateLimitInfo | undefined {
  // Most answers carry none of these: they cost three lookups, no clock read.
  const limit = wholeNumber(headers, 'x-ratelimit-limit');
  const remaining = wholeNumber(headers, 'x-ratelimit-remaining');
  const reset = wholeNumber(headers, 'x-ratelimit-reset');
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const info: { limit?: number; remaining?: number; resetAt?: Date } = {};
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined)
    info.resetAt = new Date(
      reset > 1_000_000_000 ? reset * 1000 : (now ?? new Date()).getTime() + reset * 1000,
    );
  return info;
}

/** The tag an HTTP status means on its own. */
export function tagForStatus(status: number): PaymentLinkErrorTag {
  if (status === 400 || status === 422) return 'ValidationError';
  if (status === 401) return 'AuthenticationError';
  if (status === 403) return 'PermissionError';
  if (status === 404 || status === 410) return 'NotFoundError';
  if (status === 409) return 'ConflictError';
  if (status === 429) return 'RateLimitError';
  return 'ProviderError';
}

/** Everything {@link classifyFailure} needs to know about a failed answer. */
export interface FailedAnswer {
  readonly provider: string;
  readonly operation: string;
  readonly status: number;
  readonly details: ProviderErrorDetails | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly codeTags?: Readonly<Record<string, PaymentLinkErrorTag>>;
  readonly resourceId?: string;
  readonly requestId?: string;
  readonly now?: Date;
  /**
   * The request may have changed something at the provider (a POST not
   * marked side-effect free): a 5xx answer then leaves its outcome unknown.
   */
  readonly sideEffects?: boolean;
  /** The idempotency key the request carried, handed back on an ambiguous failure. */
  readonly idempotencyKey?: string;
}

function failureBase(answer: FailedAnswer): Omit<ErrorBase, 'retryable'> {
  const { provider, operation, status, details } = answer;
  const requestId = details?.requestId ?? answer.requestId;
  return {
    provider,
    operation,
    httpStatus: status,
    message: `${operation} failed: ${details?.message ?? `HTTP ${status}`}`,
    ...(details?.code !== undefined ? { providerCode: details.code } : {}),
    ...(details?.message !== undefined ? { providerMessage: details.message } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

/**
 * Classifies a failed HTTP answer: the HTTP status, the provider's code and
 * whether the request had side effects go in; a tagged error with
 * `retryable` (and `ambiguous` for a 5xx answer to a create) comes out. The
 * one place where failed answers get their meaning.
 */
export function classifyFailure(answer: FailedAnswer): PaymentLinkError {
  const { provider, operation, status, details } = answer;
  const codeTag = details?.code !== undefined ? answer.codeTags?.[details.code] : undefined;
  const tag = codeTag ?? tagForStatus(status);
  const base = failureBase(answer);
  switch (tag) {
    case 'ValidationError': {
      const issues = details?.issues;
      return validationError({
        ...base,
        field: details?.field ?? issues?.[0]?.field ?? '',
        ...(issues !== undefined && issues.length > 1 ? { issues } : {}),
      });
    }
    case 'AuthenticationError':
      return authenticationError({
        ...base,
        message: `${operation} failed: ${provider} refused the credentials (${details?.message ?? `HTTP ${status}`}): check the API key`,
      });
    case 'PermissionError':
      return permissionError(base);
    case 'NotFoundError':
      return notFoundError({
        ...base,
        ...(answer.resourceId !== undefined ? { resourceId: answer.resourceId } : {}),
      });
    case 'ConflictError':
      return conflictError(base);
    case 'UnsupportedError':
      return unsupportedError({ ...base, feature: operation });
    case 'RateLimitError': {
      const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], answer.now);
      const rateLimit = parseRateLimit(answer.headers, answer.now);
      return rateLimitError({
        ...base,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
      });
    }
    default: {
      // A gateway may answer 502/504 after the provider made the link.
      const ambiguous = answer.sideEffects === true && status >= 500;
      return providerError({
        ...base,
        retryable: retryableStatuses.has(status),
        ...(ambiguous ? { ambiguous: true } : {}),
        ...(ambiguous && answer.idempotencyKey !== undefined
          ? { idempotencyKey: answer.idempotencyKey }
          : {}),
      });
    }
  }
}

/** How a try that got no usable answer ended, as the sender saw it. */
export interface TransportFailure {
  readonly provider: string;
  readonly operation: string;
  /** `ETIMEDOUT`, `ABORTED`, `ECONNRESET`, `ETOOLARGE`, ... */
  readonly code: string;
  /**
   * Whether any byte of the request may have reached the provider: `false`
   * only when the sender saw it was never written (no connection yet),
   * `undefined` when it cannot tell (an injected axios instance).
   */
  readonly written: boolean | undefined;
  /** Per-try timeout in force, for the message. */
  readonly timeoutMs: number;
  /** The answer's byte cap, for the message. */
  readonly maxResponseBytes: number;
  readonly httpStatus?: number;
  readonly sideEffects: boolean;
  readonly idempotencyKey?: string;
}

/** Connection failures that prove the request never reached the server. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a try that got no answer provably sent nothing: the sender saw it
 * never had a connected socket, or the failure's code says so (a refused
 * connection, a name that does not resolve).
 */
export function neverSent(failure: Pick<TransportFailure, 'code' | 'written'>): boolean {
  return failure.written === false || notSentCodes.has(failure.code);
}

/**
 * Classifies a try that got no usable answer. A request that was never
 * written is never ambiguous, whatever ended it (a deadline spent waiting for
 * a free socket, a refused connection); one that may have been written is
 * ambiguous when it has side effects. An answer over the byte cap is a
 * `DecodeError` (not retryable: the same answer would come back).
 */
export function classifyTransportFailure(failure: TransportFailure): PaymentLinkError {
  const { provider, operation, code } = failure;
  const notSent = neverSent(failure);
  const ambiguous = failure.sideEffects && !notSent;
  const key = failure.idempotencyKey !== undefined ? { idempotencyKey: failure.idempotencyKey } : {};
  if (code === 'ETOOLARGE') {
    return decodeError({
      provider,
      operation,
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      message: `${operation} failed: ${provider}'s answer is larger than maxResponseBytes (${failure.maxResponseBytes} bytes decoded); stopped reading it${ambiguous ? '; the request reached the provider' : ''}`,
      errors: [`body: larger than ${failure.maxResponseBytes} bytes`],
      ...(ambiguous ? { ambiguous: true, ...key } : {}),
    });
  }
  const described =
    code === 'ETIMEDOUT'
      ? notSent
        ? `not sent within ${failure.timeoutMs} ms (no free connection)`
        : `no answer within ${failure.timeoutMs} ms`
      : code === 'ABORTED'
        ? 'aborted by the caller'
        : `connection failed (${code})`;
  return networkError({
    provider,
    operation,
    code,
    ambiguous,
    ...key,
    message: `${operation} failed: ${described}${ambiguous ? '; the request may have reached the provider' : notSent && failure.sideEffects ? '; it was never sent, so it is safe to retry' : ''}`,
    retryable: code !== 'ABORTED',
  });
}
