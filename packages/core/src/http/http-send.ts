// Default imports: the module objects themselves, so request interceptors (nock) that patch
// `http.request` are seen at call time.
import http from 'node:http';
import https from 'node:https';

import type { AxiosRequestConfig, AxiosResponse, Method } from 'axios';

import { axiosLoading, type AxiosLike } from './lazy-axios.js';

/** Longest delay `setTimeout` takes; a longer one would fire at once. */
const longestTimer = 2 ** 31 - 1;

/**
 * The deadlines of the tries in flight, earliest first, under one timer. A
 * `setTimeout` and `clearTimeout` of its own per try cost more than the rest
 * of the deadline: tries mostly end long before it and in the order they
 * started, so an ended try is dropped from the head of the queue and the one
 * timer is left to fire late (it then arms itself for the new head). While
 * no try is in flight the timer holds no reference to the event loop, as a
 * cleared timer would not.
 */
class DeadlineQueue {
  private readonly queue: DeadlineSignal[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private live = 0;

  add(signal: DeadlineSignal): void {
    const queue = this.queue;
    let at = queue.length;
    while (at > 0 && (queue[at - 1] as DeadlineSignal).at > signal.at) at--;
    if (at === queue.length) queue.push(signal);
    else queue.splice(at, 0, signal);
    this.live++;
    if (this.timer === undefined || signal.at < this.timerAt) this.arm(signal.at);
    else if (this.live === 1) this.timer.ref();
  }

  /** `signal` (already marked settled) no longer needs its deadline. */
  settle(): void {
    this.live--;
    const queue = this.queue;
    while (queue.length > 0 && (queue[0] as DeadlineSignal).settled) queue.shift();
    if (this.live === 0) this.timer?.unref();
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      this.fire,
      Math.min(longestTimer, Math.max(1, Math.ceil(at - performance.now()))),
    );
    if (this.live === 0) this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const queue = this.queue;
    while (queue.length > 0) {
      const head = queue[0] as DeadlineSignal;
      if (!head.settled && head.at > now) break;
      queue.shift();
      if (!head.settled) head.expire();
    }
    const next = queue[0];
    if (next !== undefined) this.arm(next.at);
  };
}

const deadlines = new DeadlineQueue();

/**
 * The abort signal handed to axios: fires when the per-try deadline passes
 * or the caller's signal aborts. A plain object with the `GenericAbortSignal`
 * shape axios accepts; an `AbortController` per request costs more than the
 * rest of the boundary together (measured in BENCHMARKS.md).
 */
export class DeadlineSignal {
  aborted = false;
  timedOut = false;
  /** `dispose` was called: the try is over. */
  settled = false;
  /** When the deadline passes, on the `performance.now()` clock. */
  readonly at: number;
  private readonly listeners: Array<() => void> = [];
  private readonly caller: AbortSignal | undefined;
  private onCallerAbort: (() => void) | undefined;

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.at = performance.now() + ms;
    this.caller = caller;
    deadlines.add(this);
    if (caller !== undefined) {
      if (caller.aborted) this.aborted = true;
      else {
        this.onCallerAbort = () => this.abort();
        caller.addEventListener('abort', this.onCallerAbort, { once: true });
      }
    }
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  dispose(): void {
    if (this.settled) return;
    this.settled = true;
    deadlines.settle();
    if (this.onCallerAbort !== undefined) this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  /** The deadline passed. */
  expire(): void {
    this.timedOut = true;
    this.abort();
  }

  private abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Whether a request may have reached the server. axios hands its
 * `ClientRequest` to a `transport`; this one records when the request gets
 * a connected socket. A request aborted before that (queued behind a full
 * socket pool, or still connecting) provably sent nothing. The tracker is
 * passed as the `transport` itself: axios copies a plain-object option into
 * every request's config (deep merge), but takes a class instance as it is.
 */
export class WriteTracker {
  /** The transport saw the request (false with an injected axios adapter that does not use it). */
  observed = false;
  /** A connected socket was assigned, so bytes may have left. */
  written = false;

  /** What axios calls to send: the request of `node:http` / `node:https`, watched. */
  request(options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void): http.ClientRequest {
    const module = options.protocol === 'https:' ? https : http;
    const request = callback === undefined ? module.request(options) : module.request(options, callback);
    this.observed = true;
    // No byte can leave before the TCP handshake: a request that never had a connected
    // socket (queued behind a full pool, or still connecting) sent nothing. Request mocks
    // that connect only when they answer (nock) therefore read every failure as unsent.
    request.once('socket', (socket) => {
      if (socket.connecting) socket.once('connect', this.markWritten);
      else this.written = true;
    });
    return request;
  }

  private readonly markWritten = () => {
    this.written = true;
  };

  /** `false` only when the request is known never to have been written. */
  get mayHaveBeenWritten(): boolean | undefined {
    return this.observed ? this.written : undefined;
  }
}

/** Everything one try sends. */
export interface OutgoingTry {
  readonly method: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>> | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly signal: AbortSignal | undefined;
}

/** What one try got back: an answer (any status) or a transport failure code. */
export type TryResult =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: unknown;
    }
  | {
      readonly kind: 'failed';
      readonly code: string;
      readonly written: boolean | undefined;
      readonly status?: number;
    };

const keepText = [(data: unknown) => data];
const anyStatus = () => true;

function lowerCaseHeaders(headers: AxiosResponse['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || headers === null) return out;
  const all = headers as Record<string, unknown>;
  for (const key of Object.keys(all)) {
    const value = all[key];
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** axios reports an answer over `maxContentLength` as `ERR_BAD_RESPONSE` with this message. */
const tooLargeMessage = /maxContentLength size of/;

/**
 * Sends one try through axios. The deadline is a hard one (not axios' idle
 * timer); the answer is read as text and capped at `maxResponseBytes`
 * decoded bytes, counted by axios while it streams (after decompression),
 * so a compression bomb or an endless body stops at the cap.
 */
export async function sendTry(instance: AxiosLike, out: OutgoingTry): Promise<TryResult> {
  // A lazily made axios instance is loaded before the deadline starts (lazy-axios.ts).
  const loading = axiosLoading(instance);
  // A failed load fails the request below, as a transport failure.
  if (loading !== undefined) await loading.catch(() => undefined);
  const deadline = new DeadlineSignal(out.timeoutMs, out.signal);
  const tracker = new WriteTracker();
  try {
    const config: AxiosRequestConfig = {
      method: out.method as Method,
      url: out.url,
      headers: out.headers,
      signal: deadline,
      responseType: 'text',
      transformResponse: keepText,
      validateStatus: anyStatus,
      maxRedirects: 0,
      maxContentLength: out.maxResponseBytes,
      transport: tracker,
    };
    if (out.params !== undefined) config.params = out.params;
    if (out.body !== undefined) config.data = out.body;
    const response = await instance.request(config);
    return {
      kind: 'answer',
      status: response.status,
      headers: lowerCaseHeaders(response.headers),
      body: response.data,
    };
  } catch (cause) {
    const { code, message, response } = cause as {
      code?: unknown;
      message?: unknown;
      response?: { status?: unknown };
    };
    const failure = deadline.timedOut
      ? 'ETIMEDOUT'
      : out.signal?.aborted === true
        ? 'ABORTED'
        : typeof message === 'string' && tooLargeMessage.test(message)
          ? 'ETOOLARGE'
          : typeof code === 'string'
            ? code
            : 'ENETWORK';
    return {
      kind: 'failed',
      code: failure,
      written: tracker.mayHaveBeenWritten,
      ...(typeof response?.status === 'number' ? { status: response.status } : {}),
    };
  } finally {
    deadline.dispose();
  }
}
