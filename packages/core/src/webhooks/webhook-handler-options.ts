// The webhook handlers' options checked at configuration: body size, read deadline, re-fetch timeout.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { integerInRange, maxTimeoutMs } from '../adapter/adapter-settings.js';
import { decodeInput, describedAs } from '../model/codecs.js';
import { validationError, type ValidationError } from '../model/errors.js';
import { findUnknownKeys, knownKeys } from '../adapter/setting-keys.js';

/** Largest `maxBytes` a webhook handler takes: 64 MiB (a notification is a few kilobytes). */
export const maxWebhookBytesLimit = 64 * 1024 * 1024;

/** Default read deadline of a webhook body: 10 seconds from the handler's first read. */
export const defaultWebhookReadTimeoutMs = 10_000;

const FunctionOption = (expected: string) =>
  describedAs(
    new t.Type<(...args: never[]) => unknown, (...args: never[]) => unknown, unknown>(
      'Function',
      (u): u is (...args: never[]) => unknown => typeof u === 'function',
      (u, c) => (typeof u === 'function' ? t.success(u as () => unknown) : t.failure(u, c, expected)),
      (f) => f,
    ),
    expected,
  );

const DedupeOption = new t.Type<unknown, unknown, unknown>(
  'WebhookDedupeStore',
  (u): u is unknown => u === false || isStore(u),
  (u, c) =>
    u === false || isStore(u)
      ? t.success(u)
      : t.failure(u, c, 'false, or a store with firstTime(key) (and forget(key))'),
  (a) => a,
);

function isStore(u: unknown): boolean {
  if (typeof u !== 'object' || u === null) return false;
  const store = u as { firstTime?: unknown; forget?: unknown };
  return (
    typeof store.firstTime === 'function' &&
    (store.forget === undefined || typeof store.forget === 'function')
  );
}

/** The codec of webhook handler options: what each key must be (see `WebhookHandlerOptions`). */
const HandlerOptionsCodec = t.intersection(
  [
    t.type({ onEvent: FunctionOption('a function (event, link) => unknown') }),
    t.partial({
      dedupe: DedupeOption,
      maxBytes: integerInRange(1, maxWebhookBytesLimit),
      timeoutMs: integerInRange(1, maxTimeoutMs),
      readTimeoutMs: integerInRange(1, maxTimeoutMs),
      onError: FunctionOption('a function (error, context) => void'),
    }),
  ],
  'WebhookHandlerOptions',
);

/** Handler options once checked: bounds as numbers, defaults still to apply. */
export interface CheckedHandlerOptions {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
  readonly readTimeoutMs?: number;
}

/**
 * Checks webhook handler options the way adapter settings are checked: a
 * key no handler reads (`maxbytes`) is refused with the closest known key
 * suggested, `onEvent` must be a function, `maxBytes` (1 B to 64 MiB) and
 * the timeouts (1 ms to 10 minutes) whole numbers. A problem is a
 * `ValidationError` naming `options.<key>`.
 */
export function checkWebhookHandlerOptions(
  options: unknown,
  operation: string,
): E.Either<ValidationError, CheckedHandlerOptions> {
  const fail = (field: string, message: string, issues?: ReadonlyArray<{ field: string; message: string }>) =>
    E.left(
      validationError({
        operation,
        field,
        message:
          issues !== undefined && issues.length > 1 ? `${message} (and ${issues.length - 1} more)` : message,
        ...(issues !== undefined && issues.length > 1 ? { issues: [...issues] } : {}),
      }),
    );
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return fail('options', `${operation} takes an options object with at least onEvent`);
  }
  const known = knownKeys(HandlerOptionsCodec);
  const unknown = (known === undefined ? [] : findUnknownKeys(options, known)).map(
    ({ path, suggestion }) => ({
      field: `options.${path}`,
      message:
        `options.${path} is not a webhook handler option` +
        (suggestion !== undefined ? `; did you mean ${suggestion}?` : ''),
    }),
  );
  const decoded = decodeInput(HandlerOptionsCodec, options, 'options');
  const issues = [
    ...unknown,
    ...(E.isLeft(decoded)
      ? (decoded.left.issues ?? [{ field: decoded.left.field, message: decoded.left.message }])
      : []),
  ];
  const first = issues[0];
  if (first !== undefined) return fail(first.field, first.message, issues);
  const right = (decoded as E.Right<CheckedHandlerOptions>).right;
  return E.right({
    ...(right.maxBytes !== undefined ? { maxBytes: right.maxBytes } : {}),
    ...(right.timeoutMs !== undefined ? { timeoutMs: right.timeoutMs } : {}),
    ...(right.readTimeoutMs !== undefined ? { readTimeoutMs: right.readTimeoutMs } : {}),
  });
}
