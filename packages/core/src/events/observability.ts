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
    try {
      this.observer(event, this);
    } catch {
      // An observer's failure never changes the call.
    }
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
  return (event, call) => {
    a(event, call);
    b(event, call);
  };
}

/** Listeners by event name, for `links.on` / `links.off`. */
export class EventHub {
  private readonly listeners: {
    [K in PaymentLinksEventName]: Set<(event: PaymentLinksEventMap[K]) => void>;
  } = { request: new Set(), response: new Set(), retry: new Set(), error: new Set() };
  private count = 0;

  /** Whether anyone listens (checked once per operation: nothing is built otherwise). */
  get active(): boolean {
    return this.count > 0;
  }

  on<K extends PaymentLinksEventName>(name: K, listener: (event: PaymentLinksEventMap[K]) => void): void {
    const set = this.listeners[name] as Set<(event: PaymentLinksEventMap[K]) => void> | undefined;
    if (set === undefined)
      throw new TypeError(`unknown event "${String(name)}": use request, response, retry or error`);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    if (!set.has(listener)) {
      set.add(listener);
      this.count += 1;
    }
  }

  off<K extends PaymentLinksEventName>(name: K, listener: (event: PaymentLinksEventMap[K]) => void): void {
    const set = this.listeners[name] as Set<(event: PaymentLinksEventMap[K]) => void> | undefined;
    if (set?.delete(listener) === true) this.count -= 1;
  }

  /** Calls every listener of the event's kind; a throwing listener is reported as a process warning, never to the call. */
  emit(event: HttpEvent): void {
    for (const listener of this.listeners[event.kind] as Set<(event: HttpEvent) => void>) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(
          `a paylinks "${event.kind}" listener threw: ${error instanceof Error ? error.message : String(error)}`,
          { code: 'PAYLINKS_LISTENER' },
        );
      }
    }
  }
}
