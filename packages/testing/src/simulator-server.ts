// startSimulatorServer: the HTTP server every simulator runs on, with fault injection.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { malformedBody } from './after-processing-faults.js';
import type { FaultQueue, SimulatorFault } from './fault-queue.js';
import type { SimRequest, SimResponse } from './sim-messages.js';

/** Options of {@link startSimulatorServer}. */
export interface SimulatorServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  readonly faults: FaultQueue;
  readonly handle: (request: SimRequest) => Promise<SimResponse> | SimResponse;
  /** Which requests are API calls (faults and counters apply to them); default all. */
  readonly isApiRequest?: (request: SimRequest) => boolean;
  /**
   * The provider's error answer for a bare status: `status` faults, and the
   * server's own refusals (400 malformed request, 413, 431, 500 handler failure).
   */
  readonly errorResponse: (status: number, retryAfterSeconds?: number) => SimResponse;
  /** Largest body accepted (default 1 MiB); larger ones get 413 and the connection is closed. */
  readonly maxBodyBytes?: number;
  /**
   * How long a client may take to send a whole request (default 30 s); a slower
   * one gets 408. Keeps a trickling client from holding a socket for Node's 5 minutes.
   */
  readonly requestTimeoutMs?: number;
}

/** A running simulator server. */
export interface SimulatorServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** API requests received so far. */
  apiRequests(): number;
  /** Requests refused before any handler saw them (unparsable, too large, timed out, bad headers). */
  refusedRequests(): number;
  /** Handler calls that threw (each answered 500). */
  handlerFailures(): number;
  /**
   * Resolves once no request can still reach a handler: idle connections are
   * closed (a request a client wrote and gave up on, still unread in one, is
   * then never processed, as when a connection dies on the way) and every
   * request already read has been through its faults and handed to its
   * handler. After it, nothing sent before takes a queued fault or changes state.
   */
  quiesce(): Promise<void>;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** A body, its headers and its status, ready for the wire. */
function serialize(answer: SimResponse): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = { ...answer.headers };
  let body: string | undefined;
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json);
    headers['content-type'] ??= 'application/json';
  } else if (answer.html !== undefined) {
    body = answer.html;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (answer.text !== undefined) {
    body = answer.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return { headers, body };
}

const lastResort: SimResponse = { status: 500, json: { error: 'simulator failure' } };

/** The provider's error answer, or a plain JSON one should the provider's own builder fail. */
function providerError(options: SimulatorServerOptions, status: number): SimResponse {
  try {
    return options.errorResponse(status);
  } catch {
    return { status, json: { error: STATUS_CODES[status] ?? 'error' } };
  }
}

/**
 * Writes an answer. A header Node refuses (a control or non-Latin-1
 * character a handler let through) becomes a 500 rather than an exception.
 */
function write(res: ServerResponse, answer: SimResponse, close = false): void {
  if (res.headersSent || res.destroyed) return;
  try {
    const { headers, body } = serialize(answer);
    if (close) headers['connection'] = 'close';
    res.writeHead(answer.status, headers);
    res.end(body);
  } catch {
    if (res.headersSent) res.destroy();
    else write(res, lastResort, true);
  }
}

/** Answers on a socket the HTTP parser gave up on (no `ServerResponse` exists). */
function writeRaw(socket: Duplex, answer: SimResponse): void {
  const { headers, body } = serialize(answer);
  const head = Object.entries({ ...headers, connection: 'close' })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n${head}\r\n\r\n${body ?? ''}`,
  );
}

/** The status for an error the HTTP parser reports (`clientError`). */
function clientErrorStatus(error: Error & { code?: string }): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

type BodyRead =
  | { readonly kind: 'body'; readonly raw: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

/**
 * Reads a request body up to `max` bytes. A declared or actual size past the
 * cap is known at once (no waiting for an absurd `Content-Length` to arrive);
 * a client that goes away mid-body is `aborted`.
 */
function readBody(req: IncomingMessage, max: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        resolve({ kind: 'too-large' });
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ kind: 'body', raw: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON text is UTF-8 (RFC 8259): a body with invalid UTF-8 is not JSON, rather than JSON with U+FFFD in it. */
function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(strictUtf8.decode(raw));
  } catch {
    return undefined;
  }
}

/**
 * The request a handler sees, or `undefined` when its target is no URL
 * (`http://[::1`) or its path holds a broken percent-escape (`%E0%A4%A`):
 * handlers can decode path segments without guarding.
 */
function toSimRequest(req: IncomingMessage, rawBody: Buffer): SimRequest | undefined {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://simulator.invalid');
    decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody,
    json: parseJson(rawBody),
    form: new URLSearchParams(
      (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
        ? rawBody.toString('utf8')
        : '',
    ),
  };
}

/** What a fault applied before the handler leaves to do: answer now, drop, or go on (maybe dropping after). */
async function applyFaultBefore(
  fault: SimulatorFault | undefined,
  options: SimulatorServerOptions,
): Promise<SimResponse | 'drop' | 'go-on'> {
  switch (fault?.kind) {
    case 'drop':
      return 'drop';
    case 'status':
      return options.errorResponse(fault.status, fault.retryAfterSeconds);
    case 'malformed':
      return malformedBody;
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return 'go-on';
    default:
      return 'go-on';
  }
}

interface Counters {
  api: number;
  refused: number;
  failures: number;
  /** Requests read (or being read) that have not yet reached their handler. */
  unprocessed: number;
  /** Called when `unprocessed` drops to 0. */
  drained: Array<() => void>;
}

/** A request has reached its handler (or ended without one). */
function processed(counters: Counters): void {
  counters.unprocessed -= 1;
  if (counters.unprocessed > 0) return;
  for (const resolve of counters.drained.splice(0)) resolve();
}

/** One request, start to end. Never throws: every failure becomes an answer. */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: SimulatorServerOptions,
  counters: Counters,
): Promise<void> {
  counters.unprocessed += 1;
  let reached = false;
  const reach = () => {
    if (reached) return;
    reached = true;
    processed(counters);
  };
  try {
    await serveOnce(req, res, options, counters, reach);
  } finally {
    reach();
  }
}

/** {@link serve}'s work; calls `reach` as the handler is called. */
async function serveOnce(
  req: IncomingMessage,
  res: ServerResponse,
  options: SimulatorServerOptions,
  counters: Counters,
  reach: () => void,
): Promise<void> {
  const body = await readBody(req, options.maxBodyBytes ?? 1024 * 1024);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    counters.refused += 1;
    return write(res, providerError(options, 413), true);
  }
  const request = toSimRequest(req, body.raw);
  if (request === undefined) {
    counters.refused += 1;
    return write(res, providerError(options, 400), true);
  }
  let answer: SimResponse;
  let dropAfter = false;
  try {
    const isApi = options.isApiRequest?.(request) ?? true;
    if (isApi) {
      counters.api += 1;
      const fault = options.faults.take();
      dropAfter = fault?.kind === 'drop-after';
      const before = await applyFaultBefore(fault, options);
      if (before === 'drop') return void req.socket.destroy();
      if (before !== 'go-on') return write(res, before);
    }
    const handled = options.handle(request);
    // The handler's synchronous part (every simulator's state change) has run; what it awaits
    // after (an after-processing fault, a held answer) no longer changes state.
    reach();
    answer = await handled;
  } catch {
    counters.failures += 1;
    answer = providerError(options, 500);
  }
  if (dropAfter) return void req.socket.destroy();
  write(res, answer);
}

/**
 * Starts the HTTP server a simulator runs on: reads bodies, applies queued
 * faults to API requests, calls the handler, writes its answer.
 *
 * Nothing a client sends stops it. A request the HTTP parser refuses (bad
 * headers, oversized headers, a request that takes too long) gets 400, 431 or
 * 408; an unparsable target 400; a body over `maxBodyBytes` 413; a handler
 * that throws, or an answer Node cannot write, 500; each in the provider's
 * error format, and the server goes on serving.
 */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const sockets = new Set<Socket>();
  const counters: Counters = { api: 0, refused: 0, failures: 0, unprocessed: 0, drained: [] };
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 60_000),
      // Node checks for late requests this often; a short test timeout needs a short check.
      connectionsCheckingInterval: Math.max(10, Math.min(30_000, Math.floor(requestTimeout / 4))),
    },
    (req, res) => void serve(req, res, options, counters),
  );
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    counters.refused += 1;
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    writeRaw(socket, providerError(options, clientErrorStatus(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `http://${host}:${address.port}`,
    apiRequests: () => counters.api,
    refusedRequests: () => counters.refused,
    handlerFailures: () => counters.failures,
    quiesce: async () => {
      for (;;) {
        server.closeIdleConnections();
        if (counters.unprocessed === 0) break;
        await new Promise<void>((resolve) => counters.drained.push(resolve));
      }
      // Let clients read the closes (loopback delivers them at once) before they pick a pooled connection.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
