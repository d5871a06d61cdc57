// Checks of a call's arguments (ids, list queries, options, webhook requests) before a provider sees them.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { DateFromISOString, decodeInput, Email, NonEmptyString, PositiveInt } from '../model/codecs.js';
import {
  validationError,
  webhookVerificationError,
  type ValidationError,
  type WebhookVerificationError,
} from '../model/errors.js';
import type { ListQuery, OperationOptions } from './provider.js';
import { UnifiedStatus } from '../model/status.js';
import { isWebhookBody, normalizeHeaders, webhookBodyBuffer } from '../webhooks/webhook-request.js';
import type { WebhookRequest } from '../webhooks/webhook.js';

/**
 * A {@link WebhookRequest} in the one shape adapters' webhook parsers get:
 * headers as a record of lower-case names, the body as a Buffer.
 */
interface NormalizedWebhookRequest extends WebhookRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

/** The codec of a {@link ListQuery}: what `list` and `pages` accept. */
const ListQueryCodec = t.partial(
  {
    status: t.array(UnifiedStatus),
    ids: t.array(NonEmptyString),
    customerEmail: Email,
    createdAfter: DateFromISOString,
    createdBefore: DateFromISOString,
    limit: PositiveInt,
    providerFilters: t.record(t.string, t.record(t.string, t.string)),
  },
  'ListQuery',
);

/** Checks a list query from any caller; dates given as ISO text become `Date`s. */
export function checkListQuery(query: unknown, provider: string): E.Either<ValidationError, ListQuery> {
  const decoded = decodeInput(ListQueryCodec, query);
  return E.isLeft(decoded)
    ? E.left({ ...decoded.left, provider, operation: 'list' })
    : (decoded as E.Right<ListQuery>);
}

const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * Checks per-call options from any caller: `timeoutMs` a positive whole
 * number, `signal` an `AbortSignal`, `idempotencyKey` 1 to 255 visible ASCII
 * characters. A bad one is a `ValidationError` naming `options.<field>`.
 */
export function checkOptions(
  options: unknown,
  provider: string,
  operation: string,
): E.Either<ValidationError, OperationOptions | undefined> {
  if (options === undefined) return E.right(undefined);
  const fail = (field: string, message: string) =>
    E.left(
      validationError({
        provider,
        operation,
        field: `options.${field}`,
        message: `options.${field} ${message}`,
      }),
    );
  if (typeof options !== 'object' || options === null) {
    return E.left(
      validationError({ provider, operation, field: 'options', message: 'options must be an object' }),
    );
  }
  const o = options as Record<string, unknown>;
  if (
    o['timeoutMs'] !== undefined &&
    !(Number.isSafeInteger(o['timeoutMs']) && (o['timeoutMs'] as number) > 0)
  ) {
    return fail('timeoutMs', 'must be a whole number of milliseconds greater than zero');
  }
  const signal = o['signal'];
  if (
    signal !== undefined &&
    !(
      typeof signal === 'object' &&
      signal !== null &&
      typeof (signal as AbortSignal).aborted === 'boolean' &&
      typeof (signal as AbortSignal).addEventListener === 'function' &&
      typeof (signal as AbortSignal).removeEventListener === 'function'
    )
  ) {
    return fail('signal', 'must be an AbortSignal');
  }
  const key = o['idempotencyKey'];
  if (key !== undefined && !(typeof key === 'string' && idempotencyKeyPattern.test(key))) {
    return fail('idempotencyKey', 'must be 1 to 255 visible ASCII characters (a UUID v4 is best)');
  }
  return E.right(options as OperationOptions);
}

/**
 * Checks a webhook request from any framework and normalizes it once, so
 * adapters see one shape: headers (Fetch `Headers`, Node's
 * `IncomingHttpHeaders` with arrays, or a record; anything else reads as
 * none) become a record of lower-case names, and the raw body (string,
 * `Buffer`, `Uint8Array` or `ArrayBuffer`) a Buffer. A parsed body
 * (`express.json()`), `undefined` or a number is refused with a
 * `WebhookVerificationError` that says to pass the raw bytes.
 */
export function checkWebhookRequest(
  request: unknown,
  provider: string,
): E.Either<WebhookVerificationError, NormalizedWebhookRequest> {
  if (typeof request !== 'object' || request === null) {
    return E.left(
      webhookVerificationError({
        provider,
        operation: 'parseWebhook',
        reason: 'malformed_body',
        message: 'parseWebhook takes { headers, rawBody }',
      }),
    );
  }
  const { headers, rawBody, url } = request as { headers?: unknown; rawBody?: unknown; url?: unknown };
  if (!isWebhookBody(rawBody)) {
    return E.left(
      webhookVerificationError({
        provider,
        operation: 'parseWebhook',
        reason: rawBody === undefined ? 'empty_body' : 'malformed_body',
        message:
          'rawBody must be the body exactly as received, a string or bytes (with express, use express.raw(), not express.json(); or createWebhookHandler, which reads it for you)',
      }),
    );
  }
  return E.right({
    headers: normalizeHeaders(headers),
    rawBody: webhookBodyBuffer(rawBody),
    // Kept for whoever routes on it (a router finds the provider by the path it was posted to).
    ...(typeof url === 'string' ? { url } : {}),
  });
}

/** Longest id paylinks sends in a path (every shipped provider's ids are far shorter). */
export const maxIdLength = 255;

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks an id that will become a path segment (`get(id)`, a webhook's
 * order id): a string of 1 to 255 characters, not blank, without control
 * characters, and not a dot segment (`.` or `..`, which would reach another
 * endpoint once the URL is normalised). A bad one is a `ValidationError`
 * naming `field`, before any request.
 */
export function checkId(
  id: unknown,
  field: string,
  provider: string,
  operation: string,
): E.Either<ValidationError, string> {
  const problem =
    typeof id !== 'string'
      ? `must be a string, got ${id === null ? 'null' : typeof id}`
      : id.trim() === ''
        ? 'must not be empty or blank'
        : id.length > maxIdLength
          ? `must be at most ${maxIdLength} characters, got ${id.length}`
          : controlCharacter.test(id)
            ? 'must not hold control characters'
            : id === '.' || id === '..'
              ? `must not be "${id}" (a dot segment would reach another endpoint)`
              : undefined;
  return problem === undefined
    ? E.right(id as string)
    : E.left(validationError({ provider, operation, field, message: `${operation}: ${field} ${problem}` }));
}
