// Default imports: the module objects themselves, so request interceptors (nock) that patch
// `http.request` are seen at call time.
import http from 'node:http';
import https from 'node:https';

import type { AxiosRequestConfig, AxiosResponse, Method } from 'axios';

import { axiosLoading, type AxiosLike } from './lazy-axios.js';

/**
 * The abort signal handed to axios: fires when the per-try deadline passes
 * or the caller's signal aborts. A plain object with the `GenericAbortSignal`
 * shape axios accepts; an `AbortController` per request costs more than the
 * rest of the boundary together (measured in BENCHMARKS.md).
 */
export class DeadlineSignal {
  aborted = false;
  timedOut = false;
  private readonly listeners: Array<() => void> = [];
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
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
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
