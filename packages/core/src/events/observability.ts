// The client's events (request, response, retry, error) and the hub that delivers them to listeners.
import type { PaymentLinkErrorTag } from '../model/errors.js';

/**
 * What every HTTP event says. Only data that is safe to log: no header,
 * body, query string, filled-in path or secret, ever.
 */
export interface HttpEventBase {
  /** Adapter id (`costplus`, `conomy`, `hsa-provider`). */
  readonly provider: string;
  /** The boundary operation (`create`, `get`, `list`, `activate`, Conomy's `auth`...). */
  readonly operation: string;
  /** HTTP method. */
  readonly method: string;
  /**
   * The route with its parameters as placeholders, below the host:
   * `/v2/payment-links/{id}`, never the id-filled path or a query string.
   */
  readonly urlTemplate: string;
  /** The provider's host name. */
  readonly serverAddress: string;
  /** The provider's port. */
  readonly serverPort: number;
  /**
   * Which try of the call this is: 1 for the first, 2 for the first retry...
   * An `error` event says how many were sent: 0 when the call failed before
   * its first try (its credentials could not be obtained).
   */
  readonly attempt: number;
  /** The idempotency key the call carries, where the provider takes one. */
  readonly idempotencyKey?: string;
}

/** A try is about to be sent. */
export interface HttpRequestEvent extends HttpEventBase {
  readonly kind: 'request';
}

/** A try got an HTTP answer (any status). */
export interface HttpResponseEvent extends HttpEventBase {
  readonly kind: 'response';
  /** HTTP status. */
  readonly status: number;
  /** Milliseconds from sending the try to its answer. */
  readonly durationMs: number;
  /** The provider's request id, when it sent one. */
  readonly requestId?: string;
}

/** A try failed and the call will be tried again. */
export interface HttpRetryEvent extends HttpEventBase {
  readonly kind: 'retry';
  /** The tag of the failure (`ProviderError`, `NetworkError`, `RateLimitError`...). */
  readonly errorType: PaymentLinkErrorTag;
  /** HTTP status of the failed try, when it got an answer. */
  readonly status?: number;
  /** Milliseconds waited before the next try (backoff or `Retry-After`). */
  readonly delayMs: number;
  /** Milliseconds the failed try took. */
  readonly durationMs: number;
}

/** The call failed for good (every retry spent, or a failure not worth retrying). */
export interface HttpErrorEvent extends HttpEventBase {
  readonly kind: 'error';
  /** The tag of the failure. */
  readonly errorType: PaymentLinkErrorTag;
  /** HTTP status of the last try, when it got an answer. */
  readonly status?: number;
  /** Milliseconds of the whole call, retries and waits included. */
  readonly durationMs: number;
  /** The provider's request id, when it sent one. */
  readonly requestId?: string;
}

/** Any event of the HTTP boundary. */
export type HttpEvent = HttpRequestEvent | HttpResponseEvent | HttpRetryEvent | HttpErrorEvent;

/** The events by name, as `links.on(name, listener)` takes them. */
export interface PaymentLinksEventMap {
  readonly request: HttpRequestEvent;
  readonly response: HttpResponseEvent;
  readonly retry: HttpRetryEvent;
  readonly error: HttpErrorEvent;
}

/** A name `links.on` takes. */
export type PaymentLinksEventName = keyof PaymentLinksEventMap;

/** One logical HTTP call (all its tries): the same object for each of its events. */
export interface HttpCall {
  /** Removes the secrets of the boundary the call went through from a text (for values read from answers). */
  redact(text: string): string;
}

/**
 * Receives the boundary's events. `call` is the same object for every event
 * of one logical HTTP call, so an observer can pair them.
 */
export type HttpObserver = (event: HttpEvent, call: HttpCall) => void;

/** Where the boundary sends, as events name it: the host, the port and the path the base URL adds. */
export interface HttpTarget {
  readonly serverAddress: string;
  readonly serverPort: number;
  /** The base URL's path (`/v2`), without a trailing slash. */
  readonly basePath: string;
}

/** Reads an {@link HttpTarget} from a base URL (never its user-info, query or fragment). */
export function httpTarget(baseUrl: string): HttpTarget {
  try {
    const url = new URL(baseUrl);
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    return { serverAddress: url.hostname, serverPort: port, basePath: url.pathname.replace(/\/+$/, '') };
  } catch {
    return { serverAddress: '', serverPort: 0, basePath: '' };
  }
}

/** A segment kept when a request names no template: words only, nothing that can be an id. */
const staticSegment = /^[a-z_-]{1,40}$/i;

/**
 * The route of a request for events: the adapter's `pathTemplate`, or else
 * its path with every segment that is not a plain word replaced by `{}`
 * (adapters set templates; this only keeps an id out of events if one does not).
 */
export function urlTemplate(target: HttpTarget, path: string, pathTemplate: string | undefined): string {
  const route =
    pathTemplate ??
    path
      .split('?')[0]!
      .split('/')
      .map((segment) => (segment === '' || staticSegment.test(segment) ? segment : '{}'))
      .join('/');
  return `${target.basePath}${route}`;
}

/** What the boundary tells a {@link CallWatch} about a call. */
interface WatchedCall {
  readonly provider: string;
  readonly operation: string;
  readonly method: string;
  readonly urlTemplate: string;
  readonly target: HttpTarget;
  readonly idempotencyKey?: string;
  /** Keeps a secret a provider echoed in a request id out of events. */
  readonly redact: (text: string) => string;
}

/**
 * Turns the boundary's moments (a try sent, answered, retried, the call
 * failed) into {@link HttpEvent}s for an observer. The boundary makes one
 * per call, and only when someone observes.
 */
export class CallWatch implements HttpCall {
  private attempt = 0;
  private readonly callStart = performance.now();
  private tryStart = this.callStart;
  private status: number | undefined;
  private requestId: string | undefined;
  private readonly base: Omit<HttpEventBase, 'attempt'>;

  constructor(
    private readonly observer: HttpObserver,
    call: WatchedCall,
  ) {
    this.base = {
      provider: call.provider,
      operation: call.operation,
      method: call.method,
      urlTemplate: call.urlTemplate,
      serverAddress: call.target.serverAddress,
      serverPort: call.target.serverPort,
      ...(call.idempotencyKey !== undefined ? { idempotencyKey: call.redact(call.idempotencyKey) } : {}),
    };
    this.redact = call.redact;
  }

  /** The boundary's redactor. */
  readonly redact: (text: string) => string;

  private emit(event: HttpEvent): void {
    callGuest('a paylinks HTTP observer', listenerWarning, () => this.observer(event, this), undefined);
  }

  /** A try is about to go out. */
  sent(): void {
    this.attempt += 1;
    this.tryStart = performance.now();
    this.status = undefined;
    this.requestId = undefined;
    this.emit({ kind: 'request', ...this.base, attempt: this.attempt });
  }

  /** The try got an HTTP answer. */
  answered(status: number, requestId: string | undefined): void {
    this.status = status;
    this.requestId = requestId !== undefined ? this.redact(requestId) : undefined;
    this.emit({
      kind: 'response',
      ...this.base,
      attempt: this.attempt,
      status,
      durationMs: performance.now() - this.tryStart,
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
    });
  }

  /** The try failed; another follows after `delayMs`. */
  retrying(errorType: PaymentLinkErrorTag, delayMs: number): void {
    this.emit({
      kind: 'retry',
      ...this.base,
      attempt: this.attempt,
      errorType,
      delayMs,
      durationMs: performance.now() - this.tryStart,
      ...(this.status !== undefined ? { status: this.status } : {}),
    });
  }

  /** The call failed for good. */
  failed(errorType: PaymentLinkErrorTag): void {
    this.emit({
      kind: 'error',
      ...this.base,
      attempt: this.attempt,
      errorType,
      durationMs: performance.now() - this.callStart,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
    });
  }
}

/**
 * Where the requests of one client operation find its observer: the client
 * puts a slot in the operation's options, adapters pass it on to every
 * request with `perCallOptions`, and the client fills it while the
 * operation runs (only while someone listens or traces). Explicit rather
 * than an `AsyncLocalStorage`: on Node 20 one of those, once used, slows
 * every promise of the process.
 */
export interface ObserverSlot {
  current: HttpObserver | undefined;
}

/** The key of the {@link ObserverSlot} in an operation's options. */
const observerSlotKey: unique symbol = Symbol.for('paylinks.observerSlot');

/**
 * The options with `slot` added (a copy; the caller's object is left as it
 * was). Options that are not an object are left as they are, for the
 * operation to refuse.
 */
export function withObserverSlot<O>(options: O | undefined, slot: ObserverSlot): O | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null)) return options;
  return { ...(options as O), [observerSlotKey]: slot };
}

/** The {@link ObserverSlot} an operation's options carry, if any. */
export function observerSlotOf(options: unknown): ObserverSlot | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  return (options as { [observerSlotKey]?: ObserverSlot })[observerSlotKey];
}

/** Both observers, either, or `undefined` when there is none (the boundary then builds no event). */
export function bothObservers(
  a: HttpObserver | undefined,
  b: HttpObserver | undefined,
): HttpObserver | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  // Each is a guest: one failing must not keep the other from its event.
  return (event, call) => {
    callGuest('a paylinks HTTP observer', listenerWarning, () => a(event, call), undefined);
    callGuest('a paylinks HTTP observer', listenerWarning, () => b(event, call), undefined);
  };
}

/** The warning code of a listener or HTTP observer that threw or rejected. */
export const listenerWarning = 'PAYLINKS_LISTENER';

/** The longest part of an observer's error message a warning repeats. */
const warningMessageLimit = 200;

/**
 * Reports an observer's failure as a process warning (`code`), never to the
 * call it observed. The message is the observer's own, cut to 200 characters.
 */
export function reportGuestFailure(who: string, code: string, error: unknown): void {
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'an error that cannot be printed';
  }
  if (message.length > warningMessageLimit) message = `${message.slice(0, warningMessageLimit)}...`;
  try {
    process.emitWarning(`${who} failed: ${message}`, { code });
  } catch {
    // A replaced emitWarning that throws must not turn the report into the call's failure.
  }
}

/**
 * Calls an observer's function (a listener, a tracer's method) as a guest:
 * a throw, or the rejection of a promise it returns, is reported as a
 * process warning with `code` and `fallback` is answered instead of a
 * throw. Whatever the guest does, the call observed goes on unchanged.
 */
export function callGuest<R, F>(who: string, code: string, guest: () => R, fallback: F): R | F {
  let result: R;
  try {
    result = guest();
  } catch (error) {
    reportGuestFailure(who, code, error);
    return fallback;
  }
  watchGuestPromise(who, code, result);
  return result;
}

/** Reports the rejection of a thenable a guest returned (an `async` listener); anything else is left alone. */
export function watchGuestPromise(who: string, code: string, value: unknown): void {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
  try {
    const then = (value as { then?: unknown }).then;
    if (typeof then === 'function') {
      (then as (ok: unknown, fail: (error: unknown) => void) => unknown).call(value, undefined, (error) =>
        reportGuestFailure(who, code, error),
      );
    }
  } catch (error) {
    reportGuestFailure(who, code, error);
  }
}

/**
 * A table of listener sets by event name that only knows its own names:
 * `__proto__`, `constructor` or `toString` are unknown names like any other,
 * never a member of `Object.prototype`.
 */
export class ListenerTable<M> {
  private readonly sets = new Map<keyof M, Set<(payload: never) => unknown>>();

  constructor(
    private readonly what: string,
    names: ReadonlyArray<keyof M>,
  ) {
    for (const name of names) this.sets.set(name, new Set());
  }

  /** The listeners of `name`; a `TypeError` naming the known events when it is not one. */
  of<K extends keyof M>(name: K): Set<(payload: M[K]) => unknown> {
    const set = typeof name === 'string' ? this.sets.get(name) : undefined;
    if (set === undefined) {
      throw new TypeError(
        `unknown event ${JSON.stringify(String(name)).slice(0, 60)}: ${this.what} events are ${[...this.sets.keys()].join(', ')}`,
      );
    }
    return set as Set<(payload: M[K]) => unknown>;
  }

  /** Whether `name` is one of the table's events (own names only). */
  has(name: unknown): name is keyof M {
    return typeof name === 'string' && this.sets.has(name as keyof M);
  }

  /** Calls every listener of `name` as a guest (see {@link callGuest}). */
  emit<K extends keyof M>(name: K, payload: M[K], code: string): void {
    const set = this.sets.get(name);
    if (set === undefined) return;
    for (const listener of set) {
      callGuest(
        `a ${this.what} "${String(name)}" listener`,
        code,
        () => listener(payload as never),
        undefined,
      );
    }
  }
}

/** Listeners by event name, for `links.on` / `links.off`. */
export class EventHub {
  private readonly listeners = new ListenerTable<PaymentLinksEventMap>('paylinks', [
    'request',
    'response',
    'retry',
    'error',
  ]);
  private count = 0;

  /** Whether anyone listens (checked once per operation: nothing is built otherwise). */
  get active(): boolean {
    return this.count > 0;
  }

  /**
   * Adds a listener (once). An unknown event name, `__proto__` and
   * `constructor` included, is a `TypeError`; so is a listener that is not
   * a function.
   */
  on<K extends PaymentLinksEventName>(name: K, listener: (event: PaymentLinksEventMap[K]) => unknown): void {
    const set = this.listeners.of(name);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    if (!set.has(listener)) {
      set.add(listener);
      this.count += 1;
    }
  }

  /** Removes a listener; a name that is not an event is left alone. */
  off<K extends PaymentLinksEventName>(name: K, listener: (event: PaymentLinksEventMap[K]) => unknown): void {
    if (!this.listeners.has(name)) return;
    if (this.listeners.of(name).delete(listener)) this.count -= 1;
  }

  /**
   * Calls every listener of the event's kind. A listener that throws, or
   * returns a promise that rejects, is reported as a process warning
   * (`PAYLINKS_LISTENER`), never to the call.
   */
  emit(event: HttpEvent): void {
    this.listeners.emit(event.kind, event as never, listenerWarning);
  }
}
