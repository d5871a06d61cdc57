// Webhook events, their de-duplication key, and signature verification helpers (HMAC, timestamps).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import * as E from 'fp-ts/lib/Either.js';

import {
  webhookVerificationError,
  type WebhookFailureReason,
  type WebhookVerificationError,
} from '../model/errors.js';
import type { Attempts } from '../model/model.js';
import {
  isWebhookBody,
  readHeader,
  webhookBodyBuffer,
  type WebhookBody,
  type WebhookHeaders,
} from './webhook-request.js';
import { webhookSecretList, type WebhookSecrets } from './webhook-secrets.js';

/**
 * A notification as it reached your server: headers and the raw, unparsed body.
 *
 * @example
 * // Fetch (Next.js route handler, Hono, Bun, Deno)
 * links.parseWebhook({ headers: request.headers, rawBody: await request.arrayBuffer() })
 * // Node (node:http, Express with express.raw())
 * links.parseWebhook({ headers: req.headers, rawBody: req.body })
 */
export interface WebhookRequest {
  /** Request headers: Fetch `Headers`, Node's `IncomingHttpHeaders` or a record; names match case-insensitively. */
  readonly headers: WebhookHeaders;
  /** The body exactly as received, as a string, `Buffer`, `Uint8Array` or `ArrayBuffer` (parse it yourself and the signature will not match). */
  readonly rawBody: WebhookBody;
  /** The URL the notification was posted to, for adapters that route by query parameters. */
  readonly url?: string;
}

/** Normalized notification types. */
export type WebhookEventType =
  | 'link.created'
  | 'link.paid'
  | 'link.expired'
  | 'link.cancelled'
  | 'link.updated'
  | 'attempt.created'
  | 'attempt.succeeded'
  | 'attempt.failed';

/**
 * A notification, the same whichever provider sent it. It says what
 * happened; for the link's state, resolve it (the client's `resolveWebhook`
 * re-fetches the link).
 */
export interface WebhookEvent {
  /** Adapter id. */
  readonly provider: string;
  /** Normalized type. */
  readonly type: WebhookEventType;
  /** The provider's own event name (`payment_link.paid`, `status_changed`). */
  readonly rawType: string;
  /** The provider's event id where it sends one (for de-duplication). */
  readonly eventId?: string;
  /** The link the event is about, when the event names it. */
  readonly linkId?: string;
  /** The order / transaction / attempt the event is about, when it names one. */
  readonly orderId?: string;
  /** The merchant reference, when the event carries it. */
  readonly reference?: string;
  /** When the provider says the event happened. */
  readonly occurredAt?: Date;
  /** True when a signature was checked; false where the provider signs nothing (Cost+). */
  readonly verified: boolean;
  /** The parsed body. */
  readonly raw: unknown;
}

/** Largest webhook body accepted by default (1 MiB). */
export const defaultMaxWebhookBytes = 1024 * 1024;

/** Reads a header of any accepted form case-insensitively; the first value of a repeated header. */
export function headerValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  return readHeader(headers, name);
}

/** The raw body as a Buffer (no copy for bytes). */
export function rawBodyBuffer(rawBody: WebhookBody): Buffer {
  return webhookBodyBuffer(rawBody);
}

/**
 * A refused notification: the `WebhookVerificationError` of `provider` with
 * its reason and a message saying what to check, as a `Left`.
 *
 * @example
 * if (body['event'] === undefined) return rejectWebhook('conomy', 'malformed_body', 'the body has no event')
 */
export function rejectWebhook(
  provider: string,
  reason: WebhookFailureReason,
  message: string,
): E.Either<WebhookVerificationError, never> {
  return E.left(webhookVerificationError({ provider, reason, message }));
}

const fail = rejectWebhook;

/**
 * The configured webhook secrets (several during a rotation), or a
 * `missing_secret` refusal when none is: a notification is never accepted
 * unverified by an adapter whose provider signs them. Blank secrets do not
 * count (see {@link webhookSecretList}): a signature made with an empty key
 * proves nothing.
 *
 * @param hint where the secret comes from, e.g. `set the endpoint secret from the dashboard`
 */
export function requireWebhookSecrets(
  provider: string,
  secrets: WebhookSecrets | null | undefined,
  hint: string,
): E.Either<WebhookVerificationError, ReadonlyArray<string>> {
  const list = webhookSecretList(secrets);
  return list.length > 0
    ? E.right(list)
    : fail(provider, 'missing_secret', `no webhookSecret is configured for ${provider}: ${hint}`);
}

/**
 * Checks size and emptiness, then parses a webhook body as a JSON object.
 * Every failure is a {@link WebhookVerificationError} with a reason.
 */
export function readWebhookJson(
  provider: string,
  rawBody: WebhookBody,
  maxBytes = defaultMaxWebhookBytes,
): E.Either<WebhookVerificationError, { readonly body: Record<string, unknown>; readonly bytes: Buffer }> {
  if (!isWebhookBody(rawBody)) {
    return fail(
      provider,
      'malformed_body',
      'rawBody must be the body exactly as received, a string or bytes',
    );
  }
  const bytes = rawBodyBuffer(rawBody);
  if (bytes.length === 0) return fail(provider, 'empty_body', 'webhook body is empty');
  if (bytes.length > maxBytes) {
    return fail(
      provider,
      'body_too_large',
      `webhook body is ${bytes.length} bytes, more than the ${maxBytes} allowed`,
    );
  }
  const text = bytes.toString('utf8');
  if (nestingDepth(text) > maxWebhookDepth) {
    return fail(provider, 'malformed_body', `webhook body nests deeper than ${maxWebhookDepth} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(provider, 'malformed_body', 'webhook body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(provider, 'malformed_body', 'webhook body is not a JSON object');
  }
  return E.right({ body: body as Record<string, unknown>, bytes });
}

/**
 * Deepest object/array nesting a webhook body may have. Real notifications
 * nest a handful of levels; a hostile one nested 100,000 deep would overflow
 * the stack of any recursive code that walks it (re-serialising it to check
 * a signature, decoding it).
 */
export const maxWebhookDepth = 64;

/** Deepest bracket nesting of a JSON text, outside strings, in one pass without recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Hex HMAC-SHA256 of a payload. */
export function hmacSha256Hex(secret: string, payload: string | Uint8Array): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** Constant-time comparison of two hex signatures (false for different lengths or non-hex). */
export function timingSafeEqualHex(expected: string, given: string): boolean {
  if (!/^[0-9a-f]*$/i.test(given) || given.length !== expected.length || given.length % 2 !== 0) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given.toLowerCase(), 'hex'));
}

/** Constant-time comparison of two strings of any content (false for different lengths). */
export function timingSafeEqualString(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses `t=1700000000,v1=abc,v1=def` into the timestamp and every `v1` signature. */
export function parseTimestampedSignature(
  header: string,
  scheme = 'v1',
): { readonly timestamp: number; readonly signatures: ReadonlyArray<string> } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === scheme && value !== '') signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/** Options for {@link verifyTimestampedSignature}. */
export interface TimestampedSignatureCheck {
  readonly provider: string;
  /** The signature header's value (`t=...,v1=...`), or undefined when missing. */
  readonly header: string | undefined;
  /** Name of the header, for error messages. */
  readonly headerName: string;
  readonly rawBody: Buffer;
  /** The secret, or every secret of a rotation (a signature made with any of them verifies). */
  readonly secret: WebhookSecrets;
  /** Seconds either side of `now` a timestamp may be (default 300). */
  readonly toleranceSeconds?: number;
  readonly now: Date;
}

/**
 * Verifies a `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` signature
 * (the Stripe scheme) with a timestamp tolerance and a timing-safe compare.
 */
export function verifyTimestampedSignature(
  check: TimestampedSignatureCheck,
): E.Either<WebhookVerificationError, number> {
  const { provider, header, headerName } = check;
  const secrets = requireWebhookSecrets(
    provider,
    check.secret,
    `${headerName} cannot be checked without one`,
  );
  if (E.isLeft(secrets)) return secrets;
  if (header === undefined || header.trim() === '') {
    return fail(
      provider,
      'missing_signature',
      `no ${headerName} header: is the webhook secret configured at the provider?`,
    );
  }
  const parsed = parseTimestampedSignature(header);
  if (parsed === undefined) {
    return fail(
      provider,
      'malformed_signature',
      `${headerName} is not of the form t=<unix seconds>,v1=<hex signature>`,
    );
  }
  const tolerance = check.toleranceSeconds ?? 300;
  const age = Math.abs(Math.floor(check.now.getTime() / 1000) - parsed.timestamp);
  if (age > tolerance) {
    return fail(
      provider,
      'timestamp_outside_tolerance',
      `${headerName} timestamp is ${age}s away from now (tolerance ${tolerance}s): a replay, or a clock out of sync`,
    );
  }
  const payload = Buffer.concat([Buffer.from(`${parsed.timestamp}.`), check.rawBody]);
  const expected = secrets.right.map((secret) => hmacSha256Hex(secret, payload));
  if (!parsed.signatures.some((s) => expected.some((e) => timingSafeEqualHex(e, s)))) {
    return fail(
      provider,
      'signature_mismatch',
      `${headerName} does not match the body: check the webhook secret, and that the raw body was not re-serialized`,
    );
  }
  return E.right(parsed.timestamp);
}

/** Builds a `t=...,v1=...` signature header for a payload (tests and simulators). */
export function signTimestamped(secret: string, rawBody: WebhookBody, timestampSeconds: number): string {
  const payload = Buffer.concat([Buffer.from(`${timestampSeconds}.`), rawBodyBuffer(rawBody)]);
  return `t=${timestampSeconds},v1=${hmacSha256Hex(secret, payload)}`;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Longest key a {@link WebhookDeduplicator} stores as given; a longer one is stored as its SHA-256. */
export const maxStoredKeyLength = 128;

/**
 * A key as a de-duplication store keeps it: as given up to
 * {@link maxStoredKeyLength} characters, else `sha256:<hex>` of it, so the
 * memory a key takes is bounded whoever chose it.
 */
export function storedDedupeKey(key: string): string {
  return key.length <= maxStoredKeyLength ? key : `sha256:${sha256Hex(key)}`;
}

/** Most keys a {@link WebhookDeduplicator} may be told to keep: 10 million. */
export const maxDeduplicatorEntries = 10_000_000;

function checkedWhole(name: string, value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`WebhookDeduplicator ${name} must be a whole number from 1 to ${max}`);
  }
  return value;
}

/**
 * Remembers event keys for a while to drop duplicates of at-least-once
 * deliveries. Bounded in memory: at most `maxEntries` keys (the oldest go
 * first), each stored in at most {@link maxStoredKeyLength} characters (a
 * longer key is kept as its SHA-256), so a flood of distinct keys costs a
 * fixed amount of memory.
 *
 * @example
 * const seen = new WebhookDeduplicator()
 * if (!seen.firstTime(webhookEventKey(event, link))) return res.status(200).end()
 */
export class WebhookDeduplicator {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  /**
   * @param ttlMs how long a key is remembered, 1 ms to 1 year (default 24 h)
   * @param maxEntries most keys kept, 1 to {@link maxDeduplicatorEntries} (default 100,000)
   * @param now clock
   * @throws RangeError for a bound that is not a whole number in range (`NaN` would keep every key)
   */
  constructor(
    ttlMs = 24 * 60 * 60 * 1000,
    maxEntries = 100_000,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.ttlMs = checkedWhole('ttlMs', ttlMs, 365 * 24 * 60 * 60 * 1000);
    this.maxEntries = checkedWhole('maxEntries', maxEntries, maxDeduplicatorEntries);
  }

  /** How many keys are remembered now (at most `maxEntries`). */
  get size(): number {
    return this.seen.size;
  }

  /** True the first time a key is seen within the window, false for a duplicate. */
  firstTime(key: string): boolean {
    const stored = storedDedupeKey(key);
    const at = this.now().getTime();
    const previous = this.seen.get(stored);
    if (previous !== undefined && at - previous < this.ttlMs) return false;
    this.seen.delete(stored);
    this.seen.set(stored, at);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  /** Forgets a key (its handling failed), so the next delivery of the event counts as the first. */
  forget(key: string): void {
    this.seen.delete(storedDedupeKey(key));
  }
}

/** What of a re-fetched link decides whether a webhook showed something new. */
export interface ResolvedLinkState {
  readonly id: string;
  readonly status: { readonly raw: string };
  readonly attempts: Attempts;
}

/**
 * The state of a link as a de-duplication key: provider, link id, raw status
 * and attempts (their count, and each attempt's id and raw status), as
 * `<provider>:state:<SHA-256>`. Two deliveries that show the same state
 * share it, whatever their bodies say.
 */
export function linkStateKey(provider: string, link: ResolvedLinkState): string {
  const attempts = link.attempts.reported ? link.attempts.total : link.attempts.items.length;
  const each = link.attempts.items.map((a) => `${a.id}\u0000${a.status.raw}`).sort();
  const state = JSON.stringify([link.id, link.status.raw, attempts, each]);
  return `${provider}:state:${sha256Hex(state)}`;
}

/**
 * A de-duplication key for an event.
 *
 * - A **verified** event with an id (Conomy, HSA sign the body the id is in):
 *   `<provider>:<event id>`, with or without the link, so a signed replay is
 *   known before any re-fetch. An id past {@link maxStoredKeyLength}
 *   characters is replaced by its SHA-256.
 * - Any other event (unsigned: Cost+; or signed without an id): nothing in
 *   its body can be trusted, so with the resolved link the key is the link's
 *   state ({@link linkStateKey}: provider, link id, raw status, attempts),
 *   never the event's name, id or timestamps. A real change (an attempt
 *   failed, then the link was paid) makes a new key; a forged variant of a
 *   delivery does not.
 * - Without the resolved link, such an event's key is its content (type,
 *   link, order, time, as `<provider>:unresolved:<SHA-256>`): the sender
 *   chose all of it, so it may tell a redelivery apart but never proves a
 *   duplicate. Pass the link.
 */
export function webhookEventKey(event: WebhookEvent, resolved?: ResolvedLinkState): string {
  if (event.verified && event.eventId !== undefined) {
    const key = `${event.provider}:${event.eventId}`;
    return key.length <= maxStoredKeyLength ? key : `${event.provider}:sha256:${sha256Hex(event.eventId)}`;
  }
  if (resolved !== undefined) return linkStateKey(event.provider, resolved);
  const at = event.occurredAt;
  const content = JSON.stringify([
    event.rawType,
    event.linkId ?? '',
    event.orderId ?? '',
    at instanceof Date && !Number.isNaN(at.getTime()) ? at.toISOString() : '',
  ]);
  return `${event.provider}:unresolved:${sha256Hex(content)}`;
}
