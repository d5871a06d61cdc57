import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { DateFromISOString, decodeInput, Email, NonEmptyString, PositiveInt } from './codecs.js';
import {
  validationError,
  webhookVerificationError,
  type ValidationError,
  type WebhookVerificationError,
} from './errors.js';
import type { ListQuery, OperationOptions } from './provider.js';
import { UnifiedStatus } from './status.js';
import type { WebhookRequest } from './webhook.js';

/** The codec of a {@link ListQuery}: what `list` and `pages` accept. */
export const ListQueryCodec = t.partial(
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
 * Checks the shape of a webhook request from any framework: headers an
 * object (missing headers read as none), the raw body a string or bytes. A
 * parsed body (`express.json()`), `undefined` or a number is refused with a
 * `WebhookVerificationError` that says to pass the raw bytes.
 */
export function checkWebhookRequest(
  request: unknown,
  provider: string,
): E.Either<WebhookVerificationError, WebhookRequest> {
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
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    return E.left(
      webhookVerificationError({
        provider,
        operation: 'parseWebhook',
        reason: rawBody === undefined ? 'empty_body' : 'malformed_body',
        message:
          'rawBody must be the body exactly as received, a string or bytes (with express, use express.raw(), not express.json())',
      }),
    );
  }
  return E.right({
    headers: typeof headers === 'object' && headers !== null ? (headers as WebhookRequest['headers']) : {},
    rawBody,
    // Kept for whoever routes on it (a router finds the provider by the path it was posted to).
    ...(typeof url === 'string' ? { url } : {}),
  });
}
