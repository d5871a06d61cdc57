import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { FaultQueue } from './fault-queue.js';

/** A request as a simulator's handler sees it. */
export interface SimRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  readonly json: unknown;
  /** The body parsed as a form (`application/x-www-form-urlencoded`). */
  readonly form: URLSearchParams;
}

/** A simulator's answer. Exactly one of `json`, `text`, `html` (or none, for 204). */
export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly text?: string;
  readonly html?: string;
}

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
  /** The provider's error answer for a `status` fault. */
  readonly errorResponse: (status: number, retryAfterSeconds?: number) => SimResponse;
  /** Largest body accepted (default 1 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
}

/** A running simulator server. */
export interface SimulatorServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** API requests received so far. */
  apiRequests(): number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

function write(res: ServerResponse, answer: SimResponse): void {
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
  res.writeHead(answer.status, headers);
  res.end(body);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts the HTTP server a simulator runs on: reads bodies, applies queued
 * faults to API requests, calls the handler, writes its answer. A handler
 * that throws answers 500 in the provider's error format.
 */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const sockets = new Set<Socket>();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let apiRequests = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      void (async () => {
        if (tooLarge) return write(res, { status: 413, json: { error: 'request body too large' } });
        const url = new URL(req.url ?? '/', 'http://simulator.invalid');
        const rawBody = Buffer.concat(chunks);
        const request: SimRequest = {
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
        const isApi = options.isApiRequest?.(request) ?? true;
        let dropAfter = false;
        if (isApi) {
          apiRequests += 1;
          const fault = options.faults.take();
          dropAfter = fault?.kind === 'drop-after';
          if (fault?.kind === 'drop') {
            req.socket.destroy();
            return;
          }
          if (fault?.kind === 'status')
            return write(res, options.errorResponse(fault.status, fault.retryAfterSeconds));
          if (fault?.kind === 'malformed') {
            return write(res, {
              status: 200,
              headers: { 'content-type': 'application/json' },
              text: '{"id": "trunc',
            });
          }
          if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
        }
        let answer: SimResponse;
        try {
          answer = await options.handle(request);
        } catch {
          answer = options.errorResponse(500);
        }
        if (isApi && dropAfter) {
          req.socket.destroy();
          return;
        }
        if (!res.destroyed) write(res, answer);
      })();
    });
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
    apiRequests: () => apiRequests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
