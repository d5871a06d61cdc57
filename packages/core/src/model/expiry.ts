// Expiry of a link: expiresIn or expiresAt resolved against a clock.
import * as E from 'fp-ts/lib/Either.js';

import {
  addDuration,
  durationFromSeconds,
  parseDuration,
  secondsBetween,
  type IsoDuration,
} from './duration.js';
import { parseTimestamp } from './codecs.js';
import { validationError, type ValidationError } from './errors.js';

/** When a link stops being payable, resolved against a clock. */
export interface Expiry {
  /** The instant the link expires. */
  readonly expiresAt: Date;
  /** The same expiry as a duration from `now` (as given, when given as a duration). */
  readonly duration: IsoDuration;
  /** Whole seconds from `now` to `expiresAt`. */
  readonly seconds: number;
  /** Where it came from. */
  readonly source: 'expiresIn' | 'expiresAt' | 'default';
}

/** The expiry fields of a create input. */
export interface ExpiryInput {
  /** ISO 8601 duration (`P7D`) or whole seconds. */
  readonly expiresIn?: string | number | undefined;
  /** An instant, as a `Date` or an ISO 8601 timestamp with an offset. */
  readonly expiresAt?: Date | string | undefined;
}

const isValidDate = (date: Date): boolean => !Number.isNaN(date.getTime());

/**
 * Parses an instant given as a `Date` or as ISO 8601 text with a time zone:
 * `2026-01-16T13:00:00+01:00`, `2026-01-16T12:00Z`, a space for the `T`,
 * any fraction of a second (kept to the millisecond), `+0100` for the
 * offset. Impossible dates (`2026-02-30`) are refused.
 */
export function parseInstant(value: unknown, field: string): E.Either<ValidationError, Date> {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' && /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)
        ? parseTimestamp(value)
        : undefined;
  if (date === undefined || !isValidDate(date)) {
    return E.left(
      validationError({
        field,
        message: `${field} must be a Date or an ISO 8601 timestamp with a time zone`,
      }),
    );
  }
  return E.right(date);
}

/**
 * Resolves `expiresIn` / `expiresAt` against `now`. Without either, uses
 * `fallback` (the provider's default) or answers `undefined`.
 *
 * Refuses both at once, a malformed or zero duration, and an expiry that is
 * not in the future.
 */
export function resolveExpiry(
  input: ExpiryInput,
  now: Date,
  fallback?: IsoDuration,
): E.Either<ValidationError, Expiry | undefined> {
  if (input.expiresIn !== undefined && input.expiresAt !== undefined) {
    return E.left(validationError({ field: 'expiresAt', message: 'give expiresIn or expiresAt, not both' }));
  }
  const fromDuration = (duration: IsoDuration, source: Expiry['source'], field: string) => {
    const expiresAt = addDuration(now, duration);
    // Past the last instant a Date can hold (year 275760) the sum is an Invalid Date.
    if (!isValidDate(expiresAt)) {
      return E.left(
        validationError({ field, message: `${field} is longer than any expiry a date can hold` }),
      );
    }
    // From the instant just computed: adding the duration again would double the cost of a decode.
    const seconds = secondsBetween(now, expiresAt);
    if (seconds <= 0) {
      return E.left(validationError({ field, message: `${field} must be longer than zero` }));
    }
    return E.right<ValidationError, Expiry>({ expiresAt, duration, seconds, source });
  };
  if (input.expiresIn !== undefined) {
    const duration = parseDuration(input.expiresIn, 'expiresIn');
    return E.isLeft(duration) ? duration : fromDuration(duration.right, 'expiresIn', 'expiresIn');
  }
  if (input.expiresAt !== undefined) {
    const parsed = parseInstant(input.expiresAt, 'expiresAt');
    if (E.isLeft(parsed)) return parsed;
    const expiresAt = parsed.right;
    const seconds = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
    if (seconds <= 0) {
      return E.left(
        validationError({
          field: 'expiresAt',
          message: `expiresAt ${expiresAt.toISOString()} is not in the future (now ${now.toISOString()})`,
        }),
      );
    }
    return E.right({ expiresAt, duration: durationFromSeconds(seconds), seconds, source: 'expiresAt' });
  }
  if (fallback === undefined) return E.right(undefined);
  return fromDuration(fallback, 'default', 'expiresIn');
}
