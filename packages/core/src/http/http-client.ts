// createHttpClient: the one HTTP boundary (auth, timeouts, retries, idempotency keys, decoding, redaction).
import { randomUUID } from 'node:crypto';

import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';

import { decodeProviderBody } from '../model/codecs.js';
import {
  decodeError,
  isPaymentLinkError,
  PaymentLinkException,
  validationError,
  type PaymentLinkError,
  type PaymentLinkErrorTag,
  type RateLimitInfo,
} from '../model/errors.js';
import {
  classifyFailure,
  classifyTransportFailure,
  neverSent,
  parseRateLimit,
  type ProviderErrorDetails,
} from './http-classify.js';
import { sendTry, type TryResult } from './http-send.js';
import { lazyAxiosInstance, type AxiosLike } from './lazy-axios.js';
import {
  bothObservers,
  CallWatch,
  httpTarget,
  observerSlotOf,
  urlTemplate,
  type HttpObserver,
  type ObserverSlot,
} from '../events/observability.js';
import { createRedactor, redactError, type Redactor } from './redact.js';

export {
  classifyFailure,
  classifyTransportFailure,
  neverSent,
  parseRateLimit,
  parseRetryAfter,
  tagForStatus,
  type FailedAnswer,
  type ProviderErrorDetails,
  type TransportFailure,
} from './http-classify.js';
export type { AxiosLike } from './lazy-axios.js';

/** When and how the HTTP boundary retries. */
export interface RetryPolicy {
  /** Retries after the first try (default 2; 0 turns retries off). */
  readonly maxRetries: number;
  /** First backoff step in milliseconds (default 250); doubles each retry, with full jitter. */
  readonly baseDelayMs: number;
  /** Longest wait between tries in milliseconds (default 8000). A `Retry-After` longer than this is not waited for: the call fails with `RateLimitError`. */
  readonly maxDelayMs: number;
}

/** The default {@link RetryPolicy}. */
export const defaultRetryPolicy: RetryPolicy = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 8000 };

/** Supplies (and renews) the auth headers of every request. */
export interface AuthStrategy {
  /** Headers to send (`Authorization`, `x-api-key`, ...). */
  headers(call: {
    readonly signal?: AbortSignal;
    readonly timeoutMs: number;
    /** The observer slot of the request being sent: requests made for it (a token) pass it on. */
    readonly observerSlot?: ObserverSlot;
  }): Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /**
   * Called once on a 401 with the headers the refused request carried (so a
   * token another call already renewed is not renewed again); resolve true to
   * retry the request with fresh headers.
   */
  onUnauthorized?(sentHeaders: Readonly<Record<string, string>>): Promise<boolean>;
}

/** Configuration of one adapter's {@link HttpClient}. */
export interface HttpClientOptions {
  /** Adapter id, stamped on every error. */
  readonly provider: string;
  /** Base URL; request paths are appended to it. */
  readonly baseUrl: string;
  /** Per-try timeout in milliseconds (default 15,000). */
  readonly timeoutMs?: number;
  /** Retry policy (partial values fill in from {@link defaultRetryPolicy}). */
  readonly retry?: Partial<RetryPolicy>;
  /** An axios instance to send with (tests, proxies). Default: a private instance with keep-alive agents, made on the first request. */
  readonly httpClient?: AxiosLike;
  /** Sockets per host in the default keep-alive agent (default 64). */
  readonly maxSockets?: number;
  /**
   * Largest answer read, in decoded bytes (after decompression), default
   * 2 MiB. A bigger answer stops being read as soon as the cap is passed and
   * fails with a `DecodeError` (not retryable).
   */
  readonly maxResponseBytes?: number;
  /** Auth headers. */
  readonly auth?: AuthStrategy;
  /** Headers on every request (`User-Agent`, API version). */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Reads the provider's error body; `undefined` when it is not in a known form. */
  readonly readError?: (body: unknown, status: number) => ProviderErrorDetails | undefined;
  /** Provider error codes whose tag differs from what the HTTP status says (HSA `invalid_state` 400 = conflict). */
  readonly codeTags?: Readonly<Record<string, PaymentLinkErrorTag>>;
  /** Every secret this adapter holds; none of them ever reaches an error. */
  readonly secrets?: () => ReadonlyArray<string | undefined>;
  /** Header carrying idempotency keys (default `Idempotency-Key`). */
  readonly idempotencyHeader?: string;
  /** Response headers holding the provider's request id (default `x-request-id`, `request-id`). */
  readonly requestIdHeaders?: ReadonlyArray<string>;
  /** Waits between retries (tests inject a fake). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random source for jitter, in [0, 1). */
  readonly random?: () => number;
  /**
   * Told when each try starts, is answered or retried, and when a call fails
   * for good, with plain data only (provider, operation, method, URL template,
   * attempt, status, duration, request id, idempotency key). Client
   * operations add their own observer (`links.on`, OpenTelemetry) on top.
   */
  readonly observer?: HttpObserver;
}

/** One request through the boundary. */
export interface HttpRequest<A> {
  /** Operation name for errors (`create`, `get`). */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Path below the base URL (`/paymentlinks/`); query strings belong in `query`. */
  readonly path: string;
  /**
   * The path with its parameters as placeholders (`/payment-links/{id}`):
   * what events and spans show instead of the filled path.
   */
  readonly pathTemplate?: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Codec of a successful body; omit for answers without one (204). */
  readonly codec?: t.Type<A, unknown, unknown>;
  /**
   * Idempotency key: sent in the idempotency header and reused on every
   * retry. A POST is retried only when it carries one.
   */
  readonly idempotencyKey?: string;
  /** The id looked up, for `NotFoundError.resourceId`. */
  readonly resourceId?: string;
  /** Marks a POST without side effects (a token request) as safe to retry without an idempotency key. */
  readonly retryable?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Where the client operation making this request keeps its observer (set by {@link perCallOptions}). */
  readonly observerSlot?: ObserverSlot;
}

/** An {@link HttpRequest} without its codec: what the boundary's decisions read. */
export type RequestShape = Omit<HttpRequest<unknown>, 'codec'>;

/** A successful answer. */
export interface HttpResponse<A> {
  readonly data: A;
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId?: string;
  /** Rate-limit state from `X-RateLimit-*`, when sent. */
  readonly rateLimit?: RateLimitInfo;
  /** Tries it took (1 = no retry). */
  readonly tries: number;
}

/** The one HTTP boundary adapters send through. */
export interface HttpClient {
  /** Sends a request, retrying where safe, and decodes the answer. Never rejects. */
  request<A = undefined>(request: HttpRequest<A>): TE.TaskEither<PaymentLinkError, HttpResponse<A>>;
  /** The last `X-RateLimit-*` state seen. */
  readonly rateLimit: () => RateLimitInfo | undefined;
  /** The redactor this client applies to errors. */
  readonly redact: Redactor;
  /** The axios instance in use (the default one loads axios on its first request). */
  readonly axios: AxiosLike;
}

const idempotentMethods = new Set(['GET', 'DELETE', 'PUT', 'HEAD']);

/**
 * The per-call part of an {@link HttpRequest} from an operation's options
 * (`timeoutMs`, `signal`), for adapters to spread into their requests.
 */
export function perCallOptions(
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } | undefined,
): Pick<RequestShape, 'timeoutMs' | 'signal' | 'observerSlot'> {
  if (options === undefined) return {};
  const out: { timeoutMs?: number; signal?: AbortSignal; observerSlot?: ObserverSlot } = {};
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.signal !== undefined) out.signal = options.signal;
  const slot = observerSlotOf(options);
  if (slot !== undefined) out.observerSlot = slot;
  return out;
}

/** Generates an idempotency key (UUID v4). */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** Default cap on an answer's decoded size: 2 MiB. */
export const defaultMaxResponseBytes = 2 * 1024 * 1024;

/** Resolves when `wait` does or when `signal` aborts, whichever comes first. */
function abortable(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void wait.then(done);
  });
}

// A function, so the compiler does not carry the earlier check's narrowing past an await.
const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: true, value: text };
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const defaultRequestIdHeaders = ['x-request-id', 'request-id'];

const noHeaders: E.Either<never, Readonly<Record<string, string>>> = E.right({});

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** A failure of the auth strategy: a paylinks error is the request's error; anything else is a bug and is thrown. */
function authFailure(cause: unknown): E.Either<PaymentLinkError, never> {
  const error =
    cause instanceof PaymentLinkException ? cause.error : isPaymentLinkError(cause) ? cause : undefined;
  if (error === undefined) throw cause;
  return E.left(error);
}

/** A dot segment (`.`, `..`, or their percent-encoded forms) in a request path. */
const dotSegment = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** A request that only reads (or is marked safe) may be retried; a POST needs a key. */
function mayRetryRequest(request: RequestShape): boolean {
  return (
    idempotentMethods.has(request.method) ||
    request.idempotencyKey !== undefined ||
    request.retryable === true
  );
}

/** A POST not marked side-effect free may have changed something at the provider. */
const hasSideEffects = (request: RequestShape): boolean =>
  request.method === 'POST' && request.retryable !== true;

/** Whether a failure leaves open that the request changed something at the provider. */
const isAmbiguous = (error: PaymentLinkError): boolean =>
  (error._tag === 'NetworkError' || error._tag === 'ProviderError' || error._tag === 'DecodeError') &&
  error.ambiguous === true;

/**
 * Whether a retry's failure says nothing about what an earlier, ambiguous
 * try did (refused before any work, or no usable answer). A conflict, a
 * not-found or a validation answer is the provider's word on the state the
 * earlier try left, and is reported as it is.
 */
const provesNothing = (error: PaymentLinkError): boolean =>
  !isAmbiguous(error) &&
  (error._tag === 'RateLimitError' ||
    error._tag === 'AuthenticationError' ||
    error._tag === 'PermissionError' ||
    error._tag === 'NetworkError' ||
    error._tag === 'ProviderError' ||
    error._tag === 'DecodeError');

/** The outcome of one try, with what the retry loop needs to decide. */
type TryOutcome<A> =
  | { readonly kind: 'ok'; readonly response: HttpResponse<A> }
  | {
      readonly kind: 'error';
      readonly error: PaymentLinkError;
      /** The request was provably never written (safe to retry whatever its method). */
      readonly notSent: boolean;
      /** Headers the failed request carried (for auth renewal). */
      readonly sent?: Readonly<Record<string, string>>;
    };

/** Whether the loop may try again after `outcome` (the policy's count is checked by the caller). */
export function shouldRetry(error: PaymentLinkError, request: RequestShape, notSent: boolean): boolean {
  if (!error.retryable) return false;
  if (error._tag === 'NetworkError' && error.code === 'ABORTED') return false;
  // A 429 is refused before any work is done, so even a POST without a key may retry it.
  return mayRetryRequest(request) || notSent || error._tag === 'RateLimitError';
}

/** Milliseconds to wait before retry number `attempt + 1`: `Retry-After`, else full-jitter backoff. */
export function sleepTime(
  error: PaymentLinkError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (error._tag === 'RateLimitError' && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

function queryParams(request: RequestShape): Record<string, string> | undefined {
  if (request.query === undefined) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query))
    if (value !== undefined) params[key] = String(value);
  return params;
}

/** A create whose 2xx answer cannot be read still made the link: the failure says so. */
function ambiguityOf(request: RequestShape): { ambiguous?: true; idempotencyKey?: string } {
  if (!hasSideEffects(request)) return {};
  return {
    ambiguous: true,
    ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
  };
}

/**
 * The boundary of one adapter, in the shape of stripe-node's
 * `RequestSender`: headers, one try, reading the answer, and the retry loop
 * (which asks {@link shouldRetry} and {@link sleepTime}). Failures get their
 * meaning in `http-classify.ts` only.
 */
class RequestSender {
  readonly redact: Redactor;
  readonly instance: AxiosLike;
  lastRateLimit: RateLimitInfo | undefined;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly baseUrl: string;
  private readonly target: ReturnType<typeof httpTarget>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.redact = createRedactor(options.secrets ?? (() => []));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.target = httpTarget(this.baseUrl);
    this.instance = options.httpClient ?? lazyAxiosInstance(options.maxSockets ?? 64);
  }

  /** Sends `request`, retrying where {@link shouldRetry} allows, until it succeeds or may not go on. */
  async send<A>(request: HttpRequest<A>): Promise<E.Either<PaymentLinkError, HttpResponse<A>>> {
    const refused = this.refuseDotSegments(request);
    if (refused !== undefined) return E.left(refused);
    const watch = this.watchCall(request);
    // A retried create whose earlier try may have made the link stays ambiguous when the last
    // try's failure proves nothing (a 429 or a refused connection after a lost answer).
    let earlierAmbiguous: PaymentLinkError | undefined;
    const failed = (last: PaymentLinkError) => {
      const error =
        earlierAmbiguous !== undefined && provesNothing(last)
          ? {
              ...earlierAmbiguous,
              message: `${earlierAmbiguous.message}; a retry then failed: ${last.message}`,
            }
          : last;
      watch?.failed(error._tag);
      return E.left(error);
    };
    let renewed = false;
    let unknownOutcome = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.tryOnce(request, watch);
      if (outcome.kind === 'ok')
        return E.right(attempt === 0 ? outcome.response : { ...outcome.response, tries: attempt + 1 });
      const { error } = outcome;
      // DELETE is idempotent: a 404 after a try whose answer was lost means that try deleted it.
      if (request.method === 'DELETE' && unknownOutcome && error._tag === 'NotFoundError') {
        return E.right({ data: undefined as A, status: 204, headers: {}, tries: attempt + 1 });
      }
      unknownOutcome ||= error._tag === 'NetworkError' && !outcome.notSent;
      if (isAmbiguous(error)) earlierAmbiguous ??= error;
      if (
        error._tag === 'AuthenticationError' &&
        !renewed &&
        this.options.auth?.onUnauthorized !== undefined
      ) {
        renewed = true;
        if (await this.options.auth.onUnauthorized(outcome.sent ?? {})) {
          watch?.retrying(error._tag, 0);
          attempt--;
          continue;
        }
      }
      if (
        !shouldRetry(error, request, outcome.notSent) ||
        attempt >= this.policy.maxRetries ||
        aborted(request.signal)
      )
        return failed(error);
      const wait = sleepTime(error, attempt, this.policy, this.random);
      if (wait > this.policy.maxDelayMs) return failed(error);
      watch?.retrying(error._tag, wait);
      await abortable(this.sleep(wait), request.signal);
      if (aborted(request.signal)) return failed(error);
    }
  }

  /** A watch over one call when someone observes (this client's observer, or the operation's); else none. */
  private watchCall(request: RequestShape): CallWatch | undefined {
    const observer = bothObservers(this.options.observer, request.observerSlot?.current);
    if (observer === undefined) return undefined;
    return new CallWatch(observer, {
      provider: this.options.provider,
      operation: request.operation,
      method: request.method,
      urlTemplate: urlTemplate(this.target, request.path, request.pathTemplate),
      target: this.target,
      redact: this.redact,
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
    });
  }

  private failed<A>(
    error: PaymentLinkError,
    notSent = false,
    sent?: Readonly<Record<string, string>>,
  ): TryOutcome<A> {
    return {
      kind: 'error',
      error: redactError(error, this.redact),
      notSent,
      ...(sent !== undefined ? { sent } : {}),
    };
  }

  private refuseDotSegments(request: RequestShape): PaymentLinkError | undefined {
    if (!dotSegment.test(request.path)) return undefined;
    return validationError({
      provider: this.options.provider,
      operation: request.operation,
      field: request.resourceId !== undefined ? 'id' : 'path',
      message: `${request.operation} refused: the request path holds a dot segment (an id of "." or "..")`,
    });
  }

  /**
   * The auth headers of one try. Synchronous when the strategy answers
   * synchronously (a static key, a token already held): an `await` here
   * would cost every request a turn of the microtask queue.
   */
  private authHeaders(
    request: RequestShape,
  ):
    | E.Either<PaymentLinkError, Readonly<Record<string, string>>>
    | Promise<E.Either<PaymentLinkError, Readonly<Record<string, string>>>> {
    const auth = this.options.auth;
    if (auth === undefined) return noHeaders;
    const call: { signal?: AbortSignal; timeoutMs: number; observerSlot?: ObserverSlot } = {
      timeoutMs: request.timeoutMs ?? this.timeoutMs,
    };
    if (request.signal !== undefined) call.signal = request.signal;
    if (request.observerSlot !== undefined) call.observerSlot = request.observerSlot;
    let headers: ReturnType<AuthStrategy['headers']>;
    try {
      headers = auth.headers(call);
    } catch (cause) {
      return authFailure(cause);
    }
    return isPromise(headers) ? headers.then(E.right, authFailure) : E.right(headers);
  }

  private headers(request: RequestShape, auth: Readonly<Record<string, string>>): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.options.defaultHeaders,
      ...auth,
      ...request.headers,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.idempotencyKey !== undefined)
      headers[this.options.idempotencyHeader ?? 'Idempotency-Key'] = request.idempotencyKey;
    return headers;
  }

  private async tryOnce<A>(request: HttpRequest<A>, watch: CallWatch | undefined): Promise<TryOutcome<A>> {
    const pending = this.authHeaders(request);
    const auth = isPromise(pending) ? await pending : pending;
    if (E.isLeft(auth)) return this.failed(auth.left);
    const headers = this.headers(request, auth.right);
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    watch?.sent();
    const result = await sendTry(this.instance, {
      method: request.method,
      url: `${this.baseUrl}${request.path}`,
      params: queryParams(request),
      headers,
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      timeoutMs,
      maxResponseBytes: this.maxResponseBytes,
      signal: request.signal,
    });
    if (result.kind === 'answer') {
      watch?.answered(result.status, this.requestIdOf(result.headers));
      return this.readAnswer(request, result, headers);
    }
    const error = classifyTransportFailure({
      provider: this.options.provider,
      operation: request.operation,
      code: result.code,
      written: result.written,
      timeoutMs,
      maxResponseBytes: this.maxResponseBytes,
      sideEffects: hasSideEffects(request),
      ...(result.status !== undefined ? { httpStatus: result.status } : {}),
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
    });
    return this.failed(error, neverSent(result));
  }

  private requestIdOf(headers: Readonly<Record<string, string>>): string | undefined {
    for (const name of this.options.requestIdHeaders ?? defaultRequestIdHeaders) {
      const value = headers[name];
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private readAnswer<A>(
    request: HttpRequest<A>,
    answer: Extract<TryResult, { kind: 'answer' }>,
    sent: Readonly<Record<string, string>>,
  ): TryOutcome<A> {
    const rateLimit = parseRateLimit(answer.headers);
    if (rateLimit !== undefined) this.lastRateLimit = rateLimit;
    const requestId = this.requestIdOf(answer.headers);
    const parsed = parseJson(answer.body);
    if (answer.status < 200 || answer.status >= 300)
      return this.failed(this.classify(request, answer, parsed, requestId), false, sent);
    const context = {
      provider: this.options.provider,
      operation: request.operation,
      httpStatus: answer.status,
    };
    if (!parsed.ok) {
      return this.failed(
        decodeError({
          ...context,
          ...ambiguityOf(request),
          message: `${this.options.provider} answered HTTP ${answer.status} with a body that is not JSON`,
          errors: ['body: expected JSON'],
        }),
      );
    }
    let data: A = undefined as A;
    if (request.codec !== undefined) {
      const decoded = decodeProviderBody(request.codec, parsed.value, context);
      if (E.isLeft(decoded)) return this.failed({ ...decoded.left, ...ambiguityOf(request) });
      data = decoded.right;
    }
    const response: { -readonly [K in keyof HttpResponse<A>]: HttpResponse<A>[K] } = {
      data,
      status: answer.status,
      headers: answer.headers,
      tries: 1,
    };
    if (requestId !== undefined) response.requestId = requestId;
    if (rateLimit !== undefined) response.rateLimit = rateLimit;
    return { kind: 'ok', response };
  }

  private classify(
    request: RequestShape,
    answer: Extract<TryResult, { kind: 'answer' }>,
    parsed: ReturnType<typeof parseJson>,
    requestId: string | undefined,
  ): PaymentLinkError {
    const details =
      parsed.ok && parsed.value !== undefined
        ? this.options.readError?.(parsed.value, answer.status)
        : undefined;
    return classifyFailure({
      provider: this.options.provider,
      operation: request.operation,
      status: answer.status,
      details,
      headers: answer.headers,
      sideEffects: hasSideEffects(request),
      ...(this.options.codeTags !== undefined ? { codeTags: this.options.codeTags } : {}),
      ...(request.resourceId !== undefined ? { resourceId: request.resourceId } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
    });
  }
}

/**
 * Builds the HTTP boundary for one adapter: auth headers, a hard per-try
 * deadline, keep-alive, answers capped in decoded bytes, retries with
 * exponential backoff and full jitter honouring `Retry-After` (GET/DELETE
 * always; POST only with an idempotency key, or when it was never sent),
 * decoding, failure classification and secret redaction.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const sender = new RequestSender(options);
  return {
    request: (request) => () => sender.send(request),
    rateLimit: () => sender.lastRateLimit,
    redact: sender.redact,
    axios: sender.instance,
  };
}
