import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';

import { decodeProviderBody } from './codecs.js';
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
  isPaymentLinkError,
  PaymentLinkException,
  type ErrorBase,
  type PaymentLinkError,
  type PaymentLinkErrorTag,
  type RateLimitInfo,
} from './errors.js';
import {
  bothObservers,
  CallWatch,
  httpTarget,
  observerSlotOf,
  urlTemplate,
  type HttpObserver,
  type ObserverSlot,
} from './observability.js';
import { createRedactor, redactError, type Redactor } from './redact.js';

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

/** What an adapter's error-body codec read out of a failed answer. */
export interface ProviderErrorDetails {
  /** The provider's error code. */
  readonly code?: string;
  /** The provider's message. */
  readonly message?: string;
  /** The field the provider blames, as a path. */
  readonly field?: string;
  /** The provider's request / trace id. */
  readonly requestId?: string;
}

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
  /** An axios instance to send with (tests, proxies). Default: a private instance with keep-alive agents. */
  readonly httpClient?: AxiosInstance;
  /** Sockets per host in the default keep-alive agent (default 64). */
  readonly maxSockets?: number;
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
  /** The axios instance in use. */
  readonly axios: AxiosInstance;
}

const idempotentMethods = new Set(['GET', 'DELETE', 'PUT', 'HEAD']);
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);
/** Connection failures that prove the request never reached the server. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The per-call part of an {@link HttpRequest} from an operation's options
 * (`timeoutMs`, `signal`), for adapters to spread into their requests.
 */
export function perCallOptions(
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } | undefined,
): Pick<HttpRequest<unknown>, 'timeoutMs' | 'signal' | 'observerSlot'> {
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

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (unix seconds, or seconds from now when small). */
export function parseRateLimit(
  headers: Readonly<Record<string, string>>,
  now: Date = new Date(),
): RateLimitInfo | undefined {
  const num = (name: string) => {
    const v = headers[name];
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
  };
  const limit = num('x-ratelimit-limit');
  const remaining = num('x-ratelimit-remaining');
  const reset = num('x-ratelimit-reset');
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return {
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(reset !== undefined
      ? { resetAt: new Date(reset > 1_000_000_000 ? reset * 1000 : now.getTime() + reset * 1000) }
      : {}),
  };
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
}

/**
 * Classifies a failed HTTP answer: the HTTP status and the provider's code
 * go in; a tagged error with `retryable` comes out. The one place where
 * failures get their meaning.
 */
export function classifyFailure(answer: FailedAnswer): PaymentLinkError {
  const { provider, operation, status, details } = answer;
  const codeTag = details?.code !== undefined ? answer.codeTags?.[details.code] : undefined;
  const tag = codeTag ?? tagForStatus(status);
  const requestId = details?.requestId ?? answer.requestId;
  const base: Omit<ErrorBase, 'retryable'> = {
    provider,
    operation,
    httpStatus: status,
    message: `${operation} failed: ${details?.message ?? `HTTP ${status}`}`,
    ...(details?.code !== undefined ? { providerCode: details.code } : {}),
    ...(details?.message !== undefined ? { providerMessage: details.message } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  switch (tag) {
    case 'ValidationError':
      return validationError({ ...base, field: details?.field ?? '' });
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
    default:
      return providerError({ ...base, retryable: retryableStatuses.has(status) });
  }
}

function lowerCaseHeaders(headers: AxiosResponse['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || headers === null) return out;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: true, value: text };
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The abort signal handed to axios: fires when the per-try deadline passes
 * or the caller's signal aborts. A plain object with the `GenericAbortSignal`
 * shape axios accepts; an `AbortController` per request costs more than the
 * rest of the boundary together (measured in BENCHMARKS.md).
 */
class DeadlineSignal {
  aborted = false;
  timedOut = false;
  private listeners: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;
  private readonly caller: AbortSignal | undefined;
  private readonly onCallerAbort = () => this.abort();

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort();
    }, ms);
    this.caller = caller;
    if (caller !== undefined) {
      if (caller.aborted) this.aborted = true;
      else caller.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  private abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.listeners) listener();
  }
}

const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

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

const keepText = [(data: unknown) => data];
const anyStatus = () => true;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Outcome<A> = { readonly kind: 'ok'; readonly response: HttpResponse<A> } | Failure;

interface Failure {
  readonly kind: 'error';
  readonly error: PaymentLinkError;
  readonly retry: boolean;
  readonly delayMs?: number;
  /** Headers the failed request carried (for auth renewal). */
  readonly sent?: Readonly<Record<string, string>>;
}

/**
 * Builds the HTTP boundary for one adapter: auth headers, timeouts,
 * keep-alive, retries with exponential backoff and full jitter honouring
 * `Retry-After` (GET/DELETE always; POST only with an idempotency key),
 * decoding, failure classification and secret redaction.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const redact = createRedactor(options.secrets ?? (() => []));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const idempotencyHeader = options.idempotencyHeader ?? 'Idempotency-Key';
  const requestIdHeaders = options.requestIdHeaders ?? ['x-request-id', 'request-id'];
  const timeoutMs = options.timeoutMs ?? 15_000;
  const instance =
    options.httpClient ??
    axios.create({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
    });
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const target = httpTarget(baseUrl);
  let lastRateLimit: RateLimitInfo | undefined;

  const fail = (error: PaymentLinkError, retry: boolean, delayMs?: number): Failure => ({
    kind: 'error',
    error: redactError(error, redact),
    retry,
    ...(delayMs !== undefined ? { delayMs } : {}),
  });

  async function once<A>(
    request: HttpRequest<A>,
    mayRetry: boolean,
    watch: CallWatch | undefined,
  ): Promise<Outcome<A>> {
    let authHeaders: Readonly<Record<string, string>> = {};
    if (options.auth !== undefined) {
      try {
        authHeaders = await options.auth.headers({
          ...(request.signal !== undefined ? { signal: request.signal } : {}),
          timeoutMs: request.timeoutMs ?? timeoutMs,
          ...(request.observerSlot !== undefined ? { observerSlot: request.observerSlot } : {}),
        });
      } catch (cause) {
        const error =
          cause instanceof PaymentLinkException ? cause.error : isPaymentLinkError(cause) ? cause : undefined;
        if (error === undefined) throw cause;
        return fail(error, false);
      }
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...options.defaultHeaders,
      ...authHeaders,
      ...request.headers,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers[idempotencyHeader] = request.idempotencyKey;
    let params: Record<string, string> | undefined;
    if (request.query !== undefined) {
      params = {};
      for (const [key, value] of Object.entries(request.query))
        if (value !== undefined) params[key] = String(value);
    }

    const limit = request.timeoutMs ?? timeoutMs;
    watch?.sent();
    const deadline = new DeadlineSignal(limit, request.signal);
    let response: AxiosResponse<unknown>;
    try {
      response = await instance.request({
        method: request.method as Method,
        url: `${baseUrl}${request.path}`,
        ...(params !== undefined ? { params } : {}),
        headers,
        ...(request.body !== undefined ? { data: JSON.stringify(request.body) } : {}),
        // The deadline signal enforces the timeout (a hard deadline, not axios' socket-idle timer).
        signal: deadline,
        responseType: 'text',
        transformResponse: keepText,
        validateStatus: anyStatus,
        maxRedirects: 0,
      });
    } catch (cause) {
      const code = deadline.timedOut
        ? 'ETIMEDOUT'
        : request.signal?.aborted === true
          ? 'ABORTED'
          : (((cause as { code?: unknown }).code as string | undefined) ?? 'ENETWORK');
      const notSent = notSentCodes.has(code);
      // A POST that may have landed is ambiguous even with a key (the caller may not know the
      // key the adapter generated): the error carries the key to retry with.
      const ambiguous = request.method === 'POST' && request.retryable !== true && !notSent;
      const described =
        code === 'ETIMEDOUT' || code === 'ECONNABORTED'
          ? `no answer within ${limit} ms`
          : code === 'ABORTED'
            ? 'aborted by the caller'
            : `connection failed (${code})`;
      return fail(
        networkError({
          provider: options.provider,
          operation: request.operation,
          code,
          ambiguous,
          ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
          message: `${request.operation} failed: ${described}${ambiguous ? '; the request may have reached the provider' : ''}`,
          retryable: code !== 'ABORTED',
        }),
        code !== 'ABORTED' && (mayRetry || notSent),
      );
    } finally {
      deadline.dispose();
    }

    const responseHeaders = lowerCaseHeaders(response.headers);
    const rateLimit = parseRateLimit(responseHeaders);
    if (rateLimit !== undefined) lastRateLimit = rateLimit;
    let headerRequestId: string | undefined;
    for (const name of requestIdHeaders) headerRequestId ??= responseHeaders[name];
    watch?.answered(response.status, headerRequestId);
    const parsed = parseJson(response.data);

    if (response.status >= 200 && response.status < 300) {
      const context = {
        provider: options.provider,
        operation: request.operation,
        httpStatus: response.status,
      };
      if (!parsed.ok) {
        return fail(
          decodeError({
            ...context,
            message: `${options.provider} answered HTTP ${response.status} with a body that is not JSON`,
            errors: ['body: expected JSON'],
          }),
          false,
        );
      }
      let data: A;
      if (request.codec === undefined) data = undefined as A;
      else {
        const decoded = decodeProviderBody(request.codec, parsed.value, context);
        if (E.isLeft(decoded)) return fail(decoded.left, false);
        data = decoded.right;
      }
      return {
        kind: 'ok',
        response: {
          data,
          status: response.status,
          headers: responseHeaders,
          tries: 1,
          ...(headerRequestId !== undefined ? { requestId: headerRequestId } : {}),
          ...(rateLimit !== undefined ? { rateLimit } : {}),
        },
      };
    }

    const details =
      parsed.ok && parsed.value !== undefined
        ? options.readError?.(parsed.value, response.status)
        : undefined;
    const error = classifyFailure({
      provider: options.provider,
      operation: request.operation,
      status: response.status,
      details,
      headers: responseHeaders,
      ...(options.codeTags !== undefined ? { codeTags: options.codeTags } : {}),
      ...(request.resourceId !== undefined ? { resourceId: request.resourceId } : {}),
      ...(headerRequestId !== undefined ? { requestId: headerRequestId } : {}),
    });
    // A 429 is refused before any work is done, so even a POST without a key may retry it.
    const retry = error.retryable && (mayRetry || response.status === 429);
    if (
      error._tag === 'ProviderError' &&
      response.status >= 500 &&
      request.method === 'POST' &&
      request.retryable !== true
    ) {
      const ambiguousError = {
        ...error,
        ambiguous: true,
        ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
      };
      return { ...fail(ambiguousError, retry), sent: headers };
    }
    const delayMs = error._tag === 'RateLimitError' ? error.retryAfterMs : undefined;
    return { ...fail(error, retry, delayMs), sent: headers };
  }

  const request = <A>(req: HttpRequest<A>): TE.TaskEither<PaymentLinkError, HttpResponse<A>> => {
    const mayRetry =
      idempotentMethods.has(req.method) || req.idempotencyKey !== undefined || req.retryable === true;
    return async () => {
      const watch = watchCall(req);
      const failed = (error: PaymentLinkError) => {
        watch?.failed(error._tag);
        return E.left(error);
      };
      let renewed = false;
      let unknownOutcome = false;
      for (let attempt = 0; ; attempt++) {
        const outcome = await once(req, mayRetry, watch);
        if (outcome.kind === 'ok') return E.right({ ...outcome.response, tries: attempt + 1 });
        const { error } = outcome;
        // DELETE is idempotent: a 404 after a try whose answer was lost means that try deleted it.
        if (req.method === 'DELETE' && unknownOutcome && error._tag === 'NotFoundError') {
          return E.right({ data: undefined as A, status: 204, headers: {}, tries: attempt + 1 });
        }
        unknownOutcome ||= error._tag === 'NetworkError';
        if (error._tag === 'AuthenticationError' && !renewed && options.auth?.onUnauthorized !== undefined) {
          renewed = true;
          if (await options.auth.onUnauthorized(outcome.sent ?? {})) {
            watch?.retrying(error._tag, 0);
            attempt--;
            continue;
          }
        }
        if (!outcome.retry || attempt >= policy.maxRetries || req.signal?.aborted === true)
          return failed(error);
        const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        const wait = outcome.delayMs ?? backoff;
        if (wait > policy.maxDelayMs) return failed(error);
        watch?.retrying(error._tag, wait);
        await abortable(sleep(wait), req.signal);
        if (aborted(req.signal)) return failed(error);
      }
    };
  };

  /** A watch over one call when someone observes (this client's observer, or the operation's); else none. */
  const watchCall = <A>(req: HttpRequest<A>): CallWatch | undefined => {
    const observer = bothObservers(options.observer, req.observerSlot?.current);
    if (observer === undefined) return undefined;
    return new CallWatch(observer, {
      provider: options.provider,
      operation: req.operation,
      method: req.method,
      urlTemplate: urlTemplate(target, req.path, req.pathTemplate),
      target,
      redact,
      ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
    });
  };

  return { request, rateLimit: () => lastRateLimit, redact, axios: instance };
}
