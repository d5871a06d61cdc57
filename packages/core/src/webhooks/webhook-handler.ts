import type { IncomingMessage, ServerResponse } from 'node:http';

import * as E from 'fp-ts/lib/Either.js';

import type { PaymentLinksTE } from '../client/payment-links.js';
import type { PaymentLinkError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
import {
  isWebhookBody,
  readHeader,
  webhookBodyBuffer,
  type WebhookBody,
  type WebhookHeaders,
} from './webhook-request.js';
import {
  defaultMaxWebhookBytes,
  WebhookDeduplicator,
  webhookEventKey,
  type WebhookEvent,
} from './webhook.js';

/**
 * Where handled events are remembered, to answer a repeated delivery 2xx
 * without calling `onEvent` again. The default is an in-memory
 * {@link WebhookDeduplicator}; a store shared by every process (a database
 * table, the ledger) plugs in here.
 */
export interface WebhookDedupeStore {
  /** Claims a key: true the first time it is seen, false for a duplicate. */
  firstTime(key: string): boolean | Promise<boolean>;
  /** Releases a claimed key whose handling failed, so the provider's retry is handled. */
  forget?(key: string): void | Promise<void>;
}

/** What a webhook handler does with a verified event; see {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /**
   * Called once per new event with the link as the provider reports it now
   * (re-fetched, never the event's word for it). Throw (or reject) to answer
   * 500, so the provider delivers the event again later.
   */
  readonly onEvent: (event: WebhookEvent, link: PaymentLink) => unknown;
  /** Remembers handled events (default: an in-memory {@link WebhookDeduplicator}); `false` handles every delivery. */
  readonly dedupe?: WebhookDedupeStore | false;
  /** Largest body read, in bytes (default 1 MiB); a larger one is answered 413 without being read whole. */
  readonly maxBytes?: number;
  /** Time limit of the link re-fetch, in milliseconds (default: the adapter's timeout). */
  readonly timeoutMs?: number;
  /**
   * Told about failures the answer does not describe: `onEvent` throwing,
   * the re-fetch failing, a misconfiguration. For your logs; never echoed.
   */
  readonly onError?: (error: unknown, context: WebhookFailureContext) => void;
}

/** Where a webhook failed, for {@link WebhookHandlerOptions.onError}. */
export interface WebhookFailureContext {
  /** `resolve` (verification passed, the link could not be re-fetched), `onEvent`, `dedupe` or `body`. */
  readonly stage: 'body' | 'resolve' | 'dedupe' | 'onEvent';
  /** The event, once verified. */
  readonly event?: WebhookEvent;
}

/** A webhook request once its body has been read. */
export interface ReceivedWebhookRequest {
  /** `POST` for a notification; anything else is answered 405. Default `POST`. */
  readonly method?: string;
  readonly headers: WebhookHeaders;
  readonly rawBody: WebhookBody;
  readonly url?: string;
}

/** What to answer the provider: a status and a short JSON body without any secret. */
export interface WebhookAnswer {
  readonly status: number;
  readonly body: {
    readonly received: boolean;
    readonly duplicate?: boolean;
    /** A short reason code (`signature_mismatch`, `body_too_large`, `handler_failed`...). */
    readonly error?: string;
    /** Only for misconfigurations the developer must fix (a body parser ran first). */
    readonly message?: string;
  };
  readonly headers?: Readonly<Record<string, string>>;
}

/** The client a handler resolves events with (a `PaymentLinks` from `createPaymentLinks` or `fromProvider`). */
export interface WebhookResolver {
  readonly te: Pick<PaymentLinksTE, 'resolveWebhook'>;
}

/** Verification failures that are the sender's fault (400); the rest of the reasons are ours. */
const senderFaults = new Set([
  'missing_signature',
  'malformed_signature',
  'signature_mismatch',
  'timestamp_outside_tolerance',
  'empty_body',
  'malformed_body',
]);

const answer = (
  status: number,
  body: WebhookAnswer['body'],
  headers?: Record<string, string>,
): WebhookAnswer => (headers === undefined ? { status, body } : { status, body, headers });

const tooLarge = (): WebhookAnswer =>
  answer(413, { received: false, error: 'body_too_large' }, { connection: 'close' });
const methodNotAllowed = (): WebhookAnswer =>
  answer(405, { received: false, error: 'method_not_allowed' }, { allow: 'POST' });

function tell(options: WebhookHandlerOptions, error: unknown, context: WebhookFailureContext): void {
  try {
    options.onError?.(error, context);
  } catch {
    // A failing logger must not change the answer.
  }
}

/**
 * How much of an oversized body is read and thrown away so the sender gets
 * the 413 (a server that stops reading mid-body resets the connection, and
 * the sender sees a network error instead): 8 times the limit, at least
 * 1 MiB. A longer body is cut off.
 */
const discardLimit = (maxBytes: number) => Math.max(8 * maxBytes, 1024 * 1024);

/**
 * The framework-free core of the webhook handlers: verifies a request whose
 * body is read, resolves its link, de-duplicates and calls `onEvent`.
 * Resolves to the answer (never rejects). Use it where neither a Fetch
 * `Request` nor a Node request is at hand (a queue consumer, a Lambda).
 *
 * - 200 `{ received: true }` on success, and with `duplicate: true` for an event already handled;
 * - 400 `{ error: <reason> }` for a bad signature or body, 413 over `maxBytes`, 405 for a non-POST;
 * - 500 when `onEvent` throws or no webhook secret is configured, 502 when the link
 *   could not be re-fetched (the provider delivers again later).
 */
export function createWebhookReceiver(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
): (request: ReceivedWebhookRequest) => Promise<WebhookAnswer> {
  const dedupe = options.dedupe === false ? undefined : (options.dedupe ?? new WebhookDeduplicator());
  const maxBytes = options.maxBytes ?? defaultMaxWebhookBytes;
  const report = (error: unknown, context: WebhookFailureContext) => tell(options, error, context);
  return async (request) => {
    if ((request.method ?? 'POST').toUpperCase() !== 'POST') return methodNotAllowed();
    if (!isWebhookBody(request.rawBody)) return answer(400, { received: false, error: 'malformed_body' });
    const rawBody = webhookBodyBuffer(request.rawBody);
    if (rawBody.length > maxBytes) return tooLarge();
    const resolved = await links.te.resolveWebhook(
      { headers: request.headers, rawBody, ...(request.url !== undefined ? { url: request.url } : {}) },
      options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : undefined,
    )();
    if (E.isLeft(resolved)) return refusal(resolved.left, report);
    const { event, link } = resolved.right;
    const key = dedupe !== undefined ? webhookEventKey(event, link) : undefined;
    if (dedupe !== undefined && key !== undefined) {
      try {
        if (!(await dedupe.firstTime(key))) return answer(200, { received: true, duplicate: true });
      } catch (error) {
        report(error, { stage: 'dedupe', event });
        return answer(500, { received: false, error: 'dedupe_failed' });
      }
    }
    try {
      await options.onEvent(event, link);
    } catch (error) {
      report(error, { stage: 'onEvent', event });
      if (dedupe?.forget !== undefined && key !== undefined) {
        try {
          await dedupe.forget(key);
        } catch (forgetError) {
          report(forgetError, { stage: 'dedupe', event });
        }
      }
      return answer(500, { received: false, error: 'handler_failed' });
    }
    return answer(200, { received: true });
  };
}

function refusal(
  error: PaymentLinkError,
  report: (error: unknown, context: WebhookFailureContext) => void,
): WebhookAnswer {
  if (error._tag === 'WebhookVerificationError') {
    if (error.reason === 'body_too_large') return tooLarge();
    if (senderFaults.has(error.reason)) return answer(400, { received: false, error: error.reason });
    // missing_secret: our configuration, not the sender's fault; 500 makes the provider try again after the fix.
    report(error, { stage: 'resolve' });
    return answer(500, { received: false, error: error.reason });
  }
  report(error, { stage: 'resolve' });
  return answer(502, { received: false, error: 'resolve_failed' });
}

/**
 * Reads a Fetch body, keeping up to `max` bytes; `undefined` past it (the
 * rest is read and dropped up to the discard limit, then the stream is cancelled).
 */
async function readFetchBody(request: Request, max: number): Promise<Buffer | undefined> {
  if (request.body === null) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > discardLimit(max)) {
      await reader.cancel().catch(() => undefined);
      break;
    }
    if (total <= max) chunks.push(value);
  }
  return total > max ? undefined : Buffer.concat(chunks, total);
}

const declaredLength = (headers: WebhookHeaders): number | undefined => {
  const value = readHeader(headers, 'content-length');
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
};

/** Why a handler could not read a body: something before it already did. */
export class WebhookBodyConsumedError extends Error {
  override readonly name = 'WebhookBodyConsumedError';
}

const consumedMessage = (what: string) =>
  `the webhook request body was already consumed by ${what} before the paylinks webhook handler, so its ` +
  `raw bytes (which the signature covers) are gone: register the handler before any body parser ` +
  `(in Express, app.post(path, handler) above app.use(express.json()), or express.raw({ type: '*/*' }) on the route)`;

/**
 * A webhook endpoint as a Fetch handler, `(request: Request) => Promise<Response>`:
 * Next.js route handlers (`export const POST = ...`), Hono (`c.req.raw`),
 * Bun, Deno, Cloudflare-style runtimes. It reads the raw body (at most
 * `maxBytes`), verifies it, re-fetches the link, drops duplicates and calls
 * `onEvent`; see {@link createWebhookReceiver} for the answers. No answer
 * ever carries a secret or the error's details.
 *
 * @example
 * // app/api/webhooks/route.ts (Next.js)
 * export const POST = createWebhookHandler(links, {
 *   onEvent: async (event, link) => {
 *     if (link.status.unified === 'paid') await fulfil(link.reference)
 *   },
 * })
 */
export function createWebhookHandler(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  const receive = createWebhookReceiver(links, options);
  const maxBytes = options.maxBytes ?? defaultMaxWebhookBytes;
  return async (request) => {
    const reply = (a: WebhookAnswer) => Response.json(a.body, { status: a.status, headers: a.headers ?? {} });
    if (request.method.toUpperCase() !== 'POST') return reply(methodNotAllowed());
    if ((declaredLength(request.headers) ?? 0) > discardLimit(maxBytes)) return reply(tooLarge());
    if (request.bodyUsed) {
      const error = new WebhookBodyConsumedError(consumedMessage('something that read the Request'));
      tell(options, error, { stage: 'body' });
      return reply(answer(500, { received: false, error: 'body_already_read', message: error.message }));
    }
    const rawBody = await readFetchBody(request, maxBytes);
    if (rawBody === undefined) return reply(tooLarge());
    return reply(await receive({ method: 'POST', headers: request.headers, rawBody, url: request.url }));
  };
}

/** A Node webhook handler: `node:http`, Express and Fastify (`request.raw`, `reply.raw`) middleware. */
export type NodeWebhookHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Reads a Node request body, keeping up to `max` bytes; `undefined` past it
 * (the rest is read and dropped up to the discard limit, then the request is destroyed).
 */
function readNodeBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > discardLimit(max)) {
        cleanup();
        req.destroy();
        resolve(undefined);
        return;
      }
      if (total <= max) chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      resolve(total > max ? undefined : Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * What a framework's body parser left: the raw bytes when it kept them
 * (`express.raw()`, a `rawBody` property), and whether it consumed the
 * stream. The stream's state decides, not `req.body`: Express 4's parsers
 * set `req.body = {}` even when they leave a body of another type unread.
 */
function bodyLeftByParser(req: IncomingMessage): {
  readonly raw?: Buffer | string;
  readonly consumed: boolean;
} {
  const { body, rawBody } = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
  for (const candidate of [body, rawBody]) {
    if (typeof candidate === 'string' || Buffer.isBuffer(candidate))
      return { raw: candidate, consumed: true };
    if (candidate instanceof Uint8Array) return { raw: webhookBodyBuffer(candidate), consumed: true };
  }
  return { consumed: req.readableEnded || req.readableFlowing === true };
}

/**
 * The same endpoint for Node's `(req, res)`: `node:http`, Express
 * (`app.post('/webhooks', handler)`, no `express.raw()` needed) and Fastify
 * (`reply.hijack()` then `handler(request.raw, reply.raw)`). It reads the
 * raw body from the request stream itself; after `express.raw()` it uses
 * the bytes that left. When a parser already consumed the body
 * (`express.json()` ran first), it does not guess: it passes a
 * {@link WebhookBodyConsumedError} that says how to mount it to `next` (so
 * Express reports it), or without `next` answers 500 with that message.
 *
 * @example
 * app.post('/webhooks/paylinks', createNodeWebhookHandler(links, { onEvent }))
 * app.use(express.json()) // after: the webhook route keeps its raw body
 */
export function createNodeWebhookHandler(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
): NodeWebhookHandler {
  const receive = createWebhookReceiver(links, options);
  const maxBytes = options.maxBytes ?? defaultMaxWebhookBytes;
  return async (req, res, next) => {
    const reply = (a: WebhookAnswer) => {
      if (res.headersSent || res.destroyed) return;
      const text = JSON.stringify(a.body);
      res.writeHead(a.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...a.headers,
      });
      res.end(text);
    };
    if ((req.method ?? 'POST').toUpperCase() !== 'POST') return reply(methodNotAllowed());
    if ((declaredLength(req.headers) ?? 0) > discardLimit(maxBytes)) return reply(tooLarge());
    const left = bodyLeftByParser(req);
    let rawBody: Buffer | string | undefined = left.raw;
    if (rawBody === undefined && left.consumed) {
      const error = new WebhookBodyConsumedError(
        consumedMessage('a body parser (express.json() or similar)'),
      );
      tell(options, error, { stage: 'body' });
      if (next !== undefined) return next(error);
      return reply(answer(500, { received: false, error: 'body_already_parsed', message: error.message }));
    }
    if (rawBody === undefined) {
      try {
        rawBody = await readNodeBody(req, maxBytes);
      } catch (error) {
        // The sender went away mid-body: there is most likely nobody left to answer.
        tell(options, error, { stage: 'body' });
        return reply(answer(400, { received: false, error: 'body_incomplete' }));
      }
      if (rawBody === undefined) return reply(tooLarge());
    }
    reply(
      await receive({
        method: 'POST',
        headers: req.headers,
        rawBody,
        ...(req.url !== undefined ? { url: req.url } : {}),
      }),
    );
  };
}
