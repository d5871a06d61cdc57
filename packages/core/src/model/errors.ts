// The PaymentLinkError union: a tagged error per failure kind, constructors, matchError, the exception.
import { inspect } from 'node:util';

/**
 * Every way a paylinks operation can fail, as plain values with a `_tag`.
 *
 * Operations return `TaskEither<PaymentLinkError, A>`; the Promise facade
 * throws a {@link PaymentLinkException} that carries the same value in
 * `.error`. None of these values ever holds an API key, a bearer token or a
 * webhook secret: every string that enters one goes through the HTTP
 * boundary's redactor, and axios errors (which carry request headers) are
 * reduced to their code before they get here.
 */
export type PaymentLinkError =
  | ValidationError
  | AuthenticationError
  | PermissionError
  | NotFoundError
  | ConflictError
  | RateLimitError
  | ProviderError
  | NetworkError
  | DecodeError
  | UnsupportedError
  | WebhookVerificationError;

/** The `_tag` of a {@link PaymentLinkError}. */
export type PaymentLinkErrorTag = PaymentLinkError['_tag'];

/** Every error tag, in a stable order (handy for tables and exhaustive tests). */
export const errorTags: ReadonlyArray<PaymentLinkErrorTag> = [
  'ValidationError',
  'AuthenticationError',
  'PermissionError',
  'NotFoundError',
  'ConflictError',
  'RateLimitError',
  'ProviderError',
  'NetworkError',
  'DecodeError',
  'UnsupportedError',
  'WebhookVerificationError',
];

/** Fields shared by every error. */
export interface ErrorBase {
  /** Human-readable summary; names the field or the operation. */
  readonly message: string;
  /** Provider id (`costplus`, `conomy`, `hsa-provider`) when a provider was involved. */
  readonly provider?: string;
  /** The operation that failed (`create`, `get`, `list`, `cancel`, ...). */
  readonly operation?: string;
  /** HTTP status of the provider's answer, when there was one. */
  readonly httpStatus?: number;
  /** The provider's own error code (`invalid_state`, `41`, `werkzeug.exceptions.Unauthorized`, ...). */
  readonly providerCode?: string;
  /** The provider's own error message, secrets redacted. */
  readonly providerMessage?: string;
  /** The provider's request or trace id, to quote to its support. */
  readonly requestId?: string;
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;
  /**
   * The payment link that exists despite the failure, when one does: a
   * Conomy create whose activation failed leaves a draft with this id.
   */
  readonly linkId?: string;
}

/** Bad input, caught before any request is sent (or refused by the provider as invalid). */
export interface ValidationError extends ErrorBase {
  readonly _tag: 'ValidationError';
  /** Dotted path of the offending field (`amount.currency`, `lineItems.1.quantity`). */
  readonly field: string;
  /** Every problem found, when there was more than one (or when `checkCreate` checked several providers). */
  readonly issues?: ReadonlyArray<ValidationIssue>;
}

/** One problem with an input: the field as the caller wrote it, and, from `checkCreate`, the provider that refuses it. */
export interface ValidationIssue {
  /** Provider id whose requirement this is; absent for a problem with the configuration or a call's options. */
  readonly provider?: string;
  /** Dotted path of the field (`description`, `lineItems.0.id`). */
  readonly field: string;
  /** What is wrong, naming the field: `description is required`. */
  readonly message: string;
}

/** The credentials were refused (HTTP 401). */
export interface AuthenticationError extends ErrorBase {
  readonly _tag: 'AuthenticationError';
}

/** The credentials are valid but not allowed to do this (HTTP 403). */
export interface PermissionError extends ErrorBase {
  readonly _tag: 'PermissionError';
}

/** The link (or order) does not exist (HTTP 404). */
export interface NotFoundError extends ErrorBase {
  readonly _tag: 'NotFoundError';
  /** The id that was looked up. */
  readonly resourceId?: string;
}

/** The operation does not fit the link's current state (cancelling a paid link, deleting an active one). */
export interface ConflictError extends ErrorBase {
  readonly _tag: 'ConflictError';
  /** The raw status the link was in, when known. */
  readonly currentStatus?: string;
}

/** Too many requests (HTTP 429). */
export interface RateLimitError extends ErrorBase {
  readonly _tag: 'RateLimitError';
  /** How long the provider asked us to wait, in milliseconds (from `Retry-After`). */
  readonly retryAfterMs?: number;
  /** The provider's rate-limit headers, when it sends them. */
  readonly rateLimit?: RateLimitInfo;
}

/** Rate-limit state reported by a provider (`X-RateLimit-*`). */
export interface RateLimitInfo {
  readonly limit?: number;
  readonly remaining?: number;
  /** When the window resets. */
  readonly resetAt?: Date;
}

/** The provider failed (HTTP 5xx or an answer no other tag fits). */
export interface ProviderError extends ErrorBase {
  readonly _tag: 'ProviderError';
  /**
   * True for a 5xx answer to a create (a POST): a gateway may answer 502/504
   * after the provider made the link. Retry with `idempotencyKey` where there
   * is one, else reconcile first, as for an ambiguous `NetworkError`.
   */
  readonly ambiguous?: boolean;
  /** The idempotency key the failed POST carried: retry with it (`options.idempotencyKey`) and never make two. */
  readonly idempotencyKey?: string;
}

/** No usable answer: timeout, reset, refused connection. */
export interface NetworkError extends ErrorBase {
  readonly _tag: 'NetworkError';
  /** Node's error code (`ECONNRESET`, `ETIMEDOUT`, `ECONNREFUSED`, ...). */
  readonly code?: string;
  /**
   * True when the request may have reached the provider and changed something
   * (a create that timed out): the link may exist. With an `idempotencyKey`,
   * retry with that same key; without one, `reconcile` (where the provider
   * allows it) before retrying.
   */
  readonly ambiguous: boolean;
  /** The idempotency key the failed POST carried: retry with it (`options.idempotencyKey`) and never make two. */
  readonly idempotencyKey?: string;
}

/** The provider answered something its codec refuses. */
export interface DecodeError extends ErrorBase {
  readonly _tag: 'DecodeError';
  /** One line per refused value: `path: expected X, got Y`. */
  readonly errors: ReadonlyArray<string>;
  /**
   * True when a create reached the provider but its answer could not be read
   * (too large, not JSON): the link may exist. Reconcile, or retry with
   * `idempotencyKey`, as for an ambiguous `NetworkError`.
   */
  readonly ambiguous?: boolean;
  /** The idempotency key the failed POST carried. */
  readonly idempotencyKey?: string;
}

/** The provider lacks this operation or feature. */
export interface UnsupportedError extends ErrorBase {
  readonly _tag: 'UnsupportedError';
  /** The operation or feature asked for. */
  readonly feature: string;
}

/** A webhook failed verification or could not be read. */
export interface WebhookVerificationError extends ErrorBase {
  readonly _tag: 'WebhookVerificationError';
  /** What went wrong, stable for programs to switch on. */
  readonly reason: WebhookFailureReason;
}

/** Why a webhook was rejected. */
export type WebhookFailureReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'timestamp_outside_tolerance'
  | 'missing_secret'
  | 'empty_body'
  | 'body_too_large'
  | 'malformed_body'
  | 'duplicate';

type Fields<E extends PaymentLinkError> = Omit<E, '_tag' | 'retryable'> & { readonly retryable?: boolean };

const defaultRetryable: Record<PaymentLinkErrorTag, boolean> = {
  ValidationError: false,
  AuthenticationError: false,
  PermissionError: false,
  NotFoundError: false,
  ConflictError: false,
  RateLimitError: true,
  ProviderError: true,
  NetworkError: true,
  DecodeError: false,
  UnsupportedError: false,
  WebhookVerificationError: false,
};

function make<E extends PaymentLinkError>(tag: E['_tag']) {
  return (fields: Fields<E>): E => {
    const out: Record<string, unknown> = { _tag: tag };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
    out['retryable'] = fields.retryable ?? defaultRetryable[tag];
    return out as unknown as E;
  };
}

/** Builds a {@link ValidationError}. */
export const validationError = make<ValidationError>('ValidationError');
/** Builds an {@link AuthenticationError}. */
export const authenticationError = make<AuthenticationError>('AuthenticationError');
/** Builds a {@link PermissionError}. */
export const permissionError = make<PermissionError>('PermissionError');
/** Builds a {@link NotFoundError}. */
export const notFoundError = make<NotFoundError>('NotFoundError');
/** Builds a {@link ConflictError}. */
export const conflictError = make<ConflictError>('ConflictError');
/** Builds a {@link RateLimitError}. */
export const rateLimitError = make<RateLimitError>('RateLimitError');
/** Builds a {@link ProviderError}. */
export const providerError = make<ProviderError>('ProviderError');
/** Builds a {@link NetworkError}. */
export const networkError = make<NetworkError>('NetworkError');
/** Builds a {@link DecodeError}. */
export const decodeError = make<DecodeError>('DecodeError');
/** Builds an {@link UnsupportedError}. */
export const unsupportedError = make<UnsupportedError>('UnsupportedError');
/** Builds a {@link WebhookVerificationError}. */
export const webhookVerificationError = make<WebhookVerificationError>('WebhookVerificationError');

/** One handler per tag; see {@link matchError}. */
export type ErrorHandlers<R> = {
  readonly [K in PaymentLinkErrorTag]: (error: Extract<PaymentLinkError, { _tag: K }>) => R;
};

/**
 * Exhaustive match on an error's tag.
 *
 * @example
 * matchError(error, {
 *   ValidationError: (e) => `fix ${e.field}`,
 *   RateLimitError: (e) => `wait ${e.retryAfterMs} ms`,
 *   ...
 * })
 */
export function matchError<R>(error: PaymentLinkError, handlers: ErrorHandlers<R>): R {
  const handler = handlers[error._tag] as (e: PaymentLinkError) => R;
  return handler(error);
}

/** The error of one tag: `PaymentLinkErrorOf<'RateLimitError'>` is {@link RateLimitError}. */
export type PaymentLinkErrorOf<T extends PaymentLinkErrorTag> = Extract<
  PaymentLinkError,
  { readonly _tag: T }
>;

/**
 * Whether a value is a {@link PaymentLinkError} (of `tag`, when given): an
 * error value from the TaskEither API, or the {@link PaymentLinkException}
 * the Promise API throws, which carries every field of its error. Narrows
 * to that tag's error, so its own fields read without a cast.
 *
 * @example
 * try { await links.create(input) }
 * catch (e) {
 *   if (isPaymentLinkError(e, 'ValidationError')) showProblems(e.issues ?? [e])
 *   else if (isPaymentLinkError(e, 'RateLimitError')) retryIn(e.retryAfterMs)
 * }
 */
export function isPaymentLinkError(value: unknown): value is PaymentLinkError;
export function isPaymentLinkError<T extends PaymentLinkErrorTag>(
  value: unknown,
  tag: T,
): value is PaymentLinkErrorOf<T>;
export function isPaymentLinkError(value: unknown, tag?: PaymentLinkErrorTag): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { _tag?: unknown })._tag === 'string' &&
    errorTags.includes((value as { _tag: PaymentLinkErrorTag })._tag) &&
    typeof (value as { message?: unknown }).message === 'string' &&
    (tag === undefined || (value as { _tag: PaymentLinkErrorTag })._tag === tag)
  );
}

/** Whether the error is worth retrying later (rate limits, 5xx, network failures). */
export function isRetryable(error: PaymentLinkError): boolean {
  return error.retryable;
}

/** Builds the one-line message of an exception: `[provider] Tag: message (HTTP 404, code x, request r)`. */
export function describeError(error: PaymentLinkError): string {
  const details = [
    error.httpStatus !== undefined ? `HTTP ${error.httpStatus}` : undefined,
    error.providerCode !== undefined ? `code ${error.providerCode}` : undefined,
    error.requestId !== undefined ? `request ${error.requestId}` : undefined,
  ].filter((d): d is string => d !== undefined);
  const prefix = error.provider !== undefined ? `[${error.provider}] ` : '';
  return `${prefix}${error._tag}: ${error.message}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

// Fields of an error value that the exception keeps as Error's own (`message` is the described one).
const ownErrorFields = new Set(['message', 'name', 'stack']);

class Exception<E extends PaymentLinkError = PaymentLinkError> extends Error {
  /** The error value. */
  readonly error: E;
  /** Same as `error._tag`. */
  readonly _tag: E['_tag'];
  /** Same as `error.provider`. */
  readonly provider: string | undefined;
  /** Same as `error.httpStatus`. */
  readonly httpStatus: number | undefined;
  /** Same as `error.retryable`. */
  readonly retryable: boolean;

  constructor(error: E) {
    super(describeError(error));
    this.name = 'PaymentLinkException';
    // Every field of the error is mirrored, so `isPaymentLinkError(e, tag)` narrows a caught exception too.
    for (const [key, value] of Object.entries(error)) {
      if (!ownErrorFields.has(key)) (this as unknown as Record<string, unknown>)[key] = value;
    }
    this.error = error;
    this._tag = error._tag;
    this.provider = error.provider;
    this.httpStatus = error.httpStatus;
    this.retryable = error.retryable;
  }

  /** The error value, for `JSON.stringify`. */
  toJSON(): E {
    return this.error;
  }

  /** @internal */
  [inspect.custom](): string {
    return `${this.name} ${inspect(this.error, { depth: 4 })}`;
  }
}

/**
 * The thrown form of a {@link PaymentLinkError}, for the Promise API.
 *
 * `.error` holds the value itself, which narrows on `_tag`; every field of
 * the value is mirrored on the instance (`message` is the one-line
 * `[provider] Tag: message` form). After `e instanceof PaymentLinkException`,
 * `e.error` is the {@link PaymentLinkError} union (never `any`), so a
 * misspelt tag does not compile. `JSON.stringify` and `util.inspect` show the
 * value, never a cause with request headers.
 *
 * @example
 * try { await client.create(input) }
 * catch (e) { if (e instanceof PaymentLinkException && e.error._tag === 'ValidationError') console.log(e.error.field) }
 */
export type PaymentLinkException<E extends PaymentLinkError = PaymentLinkError> = Exception<E>;

/** Builds a {@link PaymentLinkException}; `instanceof` narrows to `PaymentLinkException<PaymentLinkError>`. */
export interface PaymentLinkExceptionConstructor {
  new <E extends PaymentLinkError>(error: E): PaymentLinkException<E>;
  // `instanceof` narrows to the prototype's type: the whole union, where a generic class would give `any`.
  readonly prototype: PaymentLinkException;
}

/** The thrown form of a {@link PaymentLinkError}; see the interface of the same name. */
export const PaymentLinkException: PaymentLinkExceptionConstructor = Exception;
