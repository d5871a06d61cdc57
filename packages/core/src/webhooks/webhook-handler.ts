// Webhook endpoints for any framework: createWebhookHandler (Fetch), createNodeWebhookHandler (Node).
import type { IncomingMessage, ServerResponse } from 'node:http';

import * as E from 'fp-ts/lib/Either.js';

import type { PaymentLinksTE } from '../client/payment-links.js';
import { PaymentLinkException, type PaymentLinkError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
import { checkWebhookHandlerOptions, defaultWebhookReadTimeoutMs } from './webhook-handler-options.js';
import {
  isWebhookBody,
  readHeader,
  webhookBodyBuffer,
  type WebhookBody,
  type WebhookHeaders,
} from './webhook-request.js';
import {
  defaultMaxWebhookBytes,
  linkStateKey,
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

/**
 * What a webhook handler does with a verified event; see {@link createWebhookHandler}.
 * Checked when the handler is created, as adapter settings are: an unknown
 * key (`maxbytes`) is refused with the closest known key suggested, and a
 * bad value throws a {@link PaymentLinkException} (a `ValidationError`
 * naming `options.<key>`).
 */
export interface WebhookHandlerOptions {
  /**
   * Called once per new state of a link, with the link as the provider
   * reports it now (re-fetched, never the event's word for it). Throw (or
   * reject) to answer 500, so the provider delivers the event again later.
   * Required.
   *
   * "New" is decided by the re-fetched state (provider, link id, raw status,
   * attempts), never by what the sender wrote: a forged or renamed Cost+
   * notification for a link whose state was already handled is a duplicate,
   * and so is a second signed event (`order.paid` after
   * `payment_link.paid`) that shows the same state. `event` is the delivery
   * that first showed the state. A link that returns to a state it showed
   * before, within the dedup window, is not reported again (the ledger
   * records every transition).
   */
  readonly onEvent: (event: WebhookEvent, link: PaymentLink) => unknown;
  /**
   * Remembers handled deliveries (default: an in-memory {@link WebhookDeduplicator},
   * 24 h, 100,000 keys); `false` handles every delivery.
   */
  readonly dedupe?: WebhookDedupeStore | false;
  /** Largest body read, in bytes, 1 to 64 MiB (default 1 MiB); a larger one is answered 413 without being read whole. */
  readonly maxBytes?: number;
  /** Time limit of the link re-fetch, in milliseconds, 1 to 600,000 (default: the adapter's timeout). */
  readonly timeoutMs?: number;
  /**
   * Deadline for reading the whole request body, in milliseconds, 1 to
   * 600,000 (default 10,000). A sender that stalls or trickles is answered
   * 408 `body_timeout` and its connection closed, whatever the framework's
   * own timeouts are (Fastify's `requestTimeout` is 0 by default).
   */
  readonly readTimeoutMs?: number;
  /**
   * Told about failures the answer does not describe: `onEvent` throwing,
   * the re-fetch failing, a misconfiguration, a stalled body. For your logs; never echoed.
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
    /** A short reason code (`signature_mismatch`, `body_too_large`, `body_timeout`, `handler_failed`...). */
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
const bodyTimeout = (): WebhookAnswer =>
  answer(408, { received: false, error: 'body_timeout' }, { connection: 'close' });
const bodyIncomplete = (): WebhookAnswer => answer(400, { received: false, error: 'body_incomplete' });
const internalError = (): WebhookAnswer => answer(500, { received: false, error: 'internal_error' });

/** Why a handler stopped reading a body before its end: the read deadline passed. */
export class WebhookBodyTimeoutError extends Error {
  override readonly name = 'WebhookBodyTimeoutError';
}

const timeoutError = (ms: number) =>
  new WebhookBodyTimeoutError(`the webhook request body was not received within ${ms} ms (readTimeoutMs)`);

/** The limits a handler works with: checked options, defaults applied. */
interface HandlerLimits {
  readonly maxBytes: number;
  readonly readTimeoutMs: number;
  readonly timeoutMs?: number;
}

/** Checks handler options at creation; a bad one throws a {@link PaymentLinkException}. */
function checked(options: WebhookHandlerOptions, operation: string): HandlerLimits {
  const result = checkWebhookHandlerOptions(options, operation);
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  const { timeoutMs } = result.right;
  return {
    maxBytes: result.right.maxBytes ?? defaultMaxWebhookBytes,
    readTimeoutMs: result.right.readTimeoutMs ?? defaultWebhookReadTimeoutMs,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}

/**
 * The keys a delivery claims: the link's state (provider, link id, raw
 * status, attempts) always, so one state reaches `onEvent` once whatever
 * the bodies say; before it, a signed event's id, so a signed replay stays
 * a duplicate even when the link moved on since.
 */
function deliveryKeys(event: WebhookEvent, link: PaymentLink): ReadonlyArray<string> {
  const state = linkStateKey(event.provider, link);
  const own = webhookEventKey(event, link);
  return own === state ? [state] : [own, state];
}

function tell(options: WebhookHandlerOptions, error: unknown, context: WebhookFailureContext): void {
  try {
    const result: unknown = options.onError?.(error, context);
    // An async logger that rejects is as harmless as one that throws: never an unhandled rejection.
    if (result instanceof Promise) result.catch(() => undefined);
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
 * - 200 `{ received: true }` on success, and with `duplicate: true` for a delivery
 *   whose link state (or signed event id) was already handled: `onEvent` is not called again;
 * - 400 `{ error: <reason> }` for a bad signature or body, 413 over `maxBytes`, 405 for a non-POST;
 * - 408 `body_timeout` when the body is not read within `readTimeoutMs` (the Fetch and Node forms);
 * - 500 when `onEvent` throws or no webhook secret is configured, 502 when the link
 *   could not be re-fetched (the provider delivers again later).
 *
 * Throws a {@link PaymentLinkException} (a `ValidationError` naming
 * `options.<key>`) at creation for bad options; see {@link WebhookHandlerOptions}.
 */
export function createWebhookReceiver(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
): (request: ReceivedWebhookRequest) => Promise<WebhookAnswer> {
  return receiverFor(links, options, checked(options, 'createWebhookReceiver'));
}

function receiverFor(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
  { maxBytes, timeoutMs }: HandlerLimits,
): (request: ReceivedWebhookRequest) => Promise<WebhookAnswer> {
  const dedupe = options.dedupe === false ? undefined : (options.dedupe ?? new WebhookDeduplicator());
  const report = (error: unknown, context: WebhookFailureContext) => tell(options, error, context);
  const handle = async (request: ReceivedWebhookRequest): Promise<WebhookAnswer> => {
    if ((request.method ?? 'POST').toUpperCase() !== 'POST') return methodNotAllowed();
    if (!isWebhookBody(request.rawBody)) return answer(400, { received: false, error: 'malformed_body' });
    const rawBody = webhookBodyBuffer(request.rawBody);
    if (rawBody.length > maxBytes) return tooLarge();
    const resolved = await links.te.resolveWebhook(
      { headers: request.headers, rawBody, ...(request.url !== undefined ? { url: request.url } : {}) },
      timeoutMs !== undefined ? { timeoutMs } : undefined,
    )();
    if (E.isLeft(resolved)) return refusal(resolved.left, report);
    const { event, link } = resolved.right;
    const claimed: string[] = [];
    if (dedupe !== undefined) {
      try {
        for (const key of deliveryKeys(event, link)) {
          if (!(await dedupe.firstTime(key))) return answer(200, { received: true, duplicate: true });
          claimed.push(key);
        }
      } catch (error) {
        report(error, { stage: 'dedupe', event });
        await release(dedupe, claimed, report, event);
        return answer(500, { received: false, error: 'dedupe_failed' });
      }
    }
    try {
      await options.onEvent(event, link);
    } catch (error) {
      report(error, { stage: 'onEvent', event });
      if (dedupe !== undefined) await release(dedupe, claimed, report, event);
      return answer(500, { received: false, error: 'handler_failed' });
    }
    return answer(200, { received: true });
  };
  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      // A resolver or store that throws instead of answering a Left: still an answer, never a rejection.
      report(error, { stage: 'resolve' });
      return internalError();
    }
  };
}

/** Forgets keys a failed delivery claimed, so the provider's retry is handled. */
async function release(
  dedupe: WebhookDedupeStore,
  keys: ReadonlyArray<string>,
  report: (error: unknown, context: WebhookFailureContext) => void,
  event: WebhookEvent,
): Promise<void> {
  if (dedupe.forget === undefined) return;
  for (const key of keys) {
    try {
      await dedupe.forget(key);
    } catch (forgetError) {
      report(forgetError, { stage: 'dedupe', event });
    }
  }
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

/** What reading a body gave: its bytes, or why there are none. */
type BodyRead =
  | { readonly kind: 'read'; readonly bytes: Buffer }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The answer to a body that was not read whole: 413 past the limit, 408
 * past the deadline, 400 when the sender went away mid-body (most likely
 * nobody is left to answer). Each but the first is reported to `onError`.
 */
function unread(
  read: Exclude<BodyRead, { readonly kind: 'read' }>,
  options: WebhookHandlerOptions,
  readTimeoutMs: number,
): WebhookAnswer {
  if (read.kind === 'too_large') return tooLarge();
  tell(options, read.kind === 'timeout' ? timeoutError(readTimeoutMs) : read.error, { stage: 'body' });
  return read.kind === 'timeout' ? bodyTimeout() : bodyIncomplete();
}

/**
 * Runs a handler's steps to an answer. A fault they did not expect (not a
 * `Request`, a runtime error) is reported and answered 500 without details:
 * never a rejection, which a framework would render with its stack trace.
 */
async function settle(
  options: WebhookHandlerOptions,
  steps: () => Promise<WebhookAnswer>,
): Promise<WebhookAnswer> {
  try {
    return await steps();
  } catch (error) {
    tell(options, error, { stage: 'body' });
    return internalError();
  }
}

/**
 * Reads a Fetch body, keeping up to `max` bytes; past it the rest is read
 * and dropped up to the discard limit, then the stream is cancelled. The
 * whole read has `deadlineMs`: a body that stalls or trickles is cancelled
 * (its source released) and reads as `timeout`.
 */
async function readFetchBody(request: Request, max: number, deadlineMs: number): Promise<BodyRead> {
  if (request.body === null) return { kind: 'read', bytes: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  const stop = () => void reader.cancel().catch(() => undefined);
  try {
    for (;;) {
      const read = reader.read();
      // The read that loses the race settles later (cancelled, or failed): never an unhandled rejection.
      read.catch(() => undefined);
      const next = await Promise.race([read, deadline]);
      if (next === 'timeout') {
        stop();
        return { kind: 'timeout' };
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > discardLimit(max)) {
        stop();
        break;
      }
      if (total <= max) chunks.push(next.value);
    }
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
  return total > max ? { kind: 'too_large' } : { kind: 'read', bytes: Buffer.concat(chunks, total) };
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
  const limits = checked(options, 'createWebhookHandler');
  const { maxBytes, readTimeoutMs } = limits;
  const receive = receiverFor(links, options, limits);
  const handle = async (request: Request): Promise<WebhookAnswer> => {
    if (request.method.toUpperCase() !== 'POST') return methodNotAllowed();
    if ((declaredLength(request.headers) ?? 0) > discardLimit(maxBytes)) return tooLarge();
    if (request.bodyUsed) {
      const error = new WebhookBodyConsumedError(consumedMessage('something that read the Request'));
      tell(options, error, { stage: 'body' });
      return answer(500, { received: false, error: 'body_already_read', message: error.message });
    }
    const read = await readFetchBody(request, maxBytes, readTimeoutMs);
    if (read.kind !== 'read') return unread(read, options, readTimeoutMs);
    return receive({ method: 'POST', headers: request.headers, rawBody: read.bytes, url: request.url });
  };
  return async (request) => {
    const reply = await settle(options, () => handle(request));
    return Response.json(reply.body, { status: reply.status, headers: reply.headers ?? {} });
  };
}

/** A Node webhook handler: `node:http`, Express and Fastify (`request.raw`, `reply.raw`) middleware. */
export type NodeWebhookHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/**
 * Reads a Node request body, keeping up to `max` bytes; past it the rest is
 * read and dropped up to the discard limit, then the request is destroyed.
 * The whole read has `deadlineMs`: a sender that stalls or trickles reads
 * as `timeout` (the caller answers 408 and closes the connection).
 */
function readNodeBody(req: IncomingMessage, max: number, deadlineMs: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > discardLimit(max)) {
        finish({ kind: 'too_large' });
        req.destroy();
        return;
      }
      if (total <= max) chunks.push(bytes);
    };
    const onEnd = () =>
      finish(total > max ? { kind: 'too_large' } : { kind: 'read', bytes: Buffer.concat(chunks, total) });
    const onError = (error: Error) => finish({ kind: 'failed', error });
    const onAborted = () =>
      finish({ kind: 'failed', error: new Error('the sender closed the request mid-body') });
    const timer = setTimeout(() => {
      finish({ kind: 'timeout' });
      req.pause();
    }, deadlineMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
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
 * raw body from the request stream itself, within `readTimeoutMs`; after
 * `express.raw()` it uses the bytes that left. When a parser already
 * consumed the body (`express.json()` ran first), it does not guess: it
 * answers 500 `{ error: 'body_already_parsed', message }`, the message
 * saying how to mount it (no stack, no file path), and reports a
 * {@link WebhookBodyConsumedError} to `onError`. It answers every request
 * itself and never calls `next` or rejects, so a framework's error page
 * (with its stack trace) never reaches the sender.
 *
 * @example
 * app.post('/webhooks/paylinks', createNodeWebhookHandler(links, { onEvent }))
 * app.use(express.json()) // after: the webhook route keeps its raw body
 */
export function createNodeWebhookHandler(
  links: WebhookResolver,
  options: WebhookHandlerOptions,
): NodeWebhookHandler {
  const limits = checked(options, 'createNodeWebhookHandler');
  const { maxBytes, readTimeoutMs } = limits;
  const receive = receiverFor(links, options, limits);
  const handle = async (req: IncomingMessage): Promise<WebhookAnswer> => {
    if ((req.method ?? 'POST').toUpperCase() !== 'POST') return methodNotAllowed();
    if ((declaredLength(req.headers) ?? 0) > discardLimit(maxBytes)) return tooLarge();
    const left = bodyLeftByParser(req);
    let rawBody: Buffer | string | undefined = left.raw;
    if (rawBody === undefined && left.consumed) {
      const error = new WebhookBodyConsumedError(
        consumedMessage('a body parser (express.json() or similar)'),
      );
      tell(options, error, { stage: 'body' });
      return answer(500, { received: false, error: 'body_already_parsed', message: error.message });
    }
    if (rawBody === undefined) {
      const read = await readNodeBody(req, maxBytes, readTimeoutMs);
      if (read.kind !== 'read') return unread(read, options, readTimeoutMs);
      rawBody = read.bytes;
    }
    return receive({
      method: 'POST',
      headers: req.headers,
      rawBody,
      ...(req.url !== undefined ? { url: req.url } : {}),
    });
  };
  return async (req, res) => {
    const reply = await settle(options, () => handle(req));
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
    });
    // A body left unread (a stalled or oversized sender) goes with its connection once the answer is out.
    if (reply.headers?.['connection'] === 'close') res.once('finish', () => req.destroy());
    res.end(text);
  };
}
