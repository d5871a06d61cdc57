// Codecs shared by the model and adapters (dates, URLs, e-mails, integers), decodeInput, decodeProviderBody.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { decodeWith } from './compile-decoder.js';
import { decodeError, validationError, type DecodeError, type ValidationError } from './errors.js';

/**
 * A `Date` that travels as ISO 8601 text: decodes strings with a time zone
 * (`2026-01-15T12:00:00.000000Z`, `2026-01-15T12:05:30.123456+00:00`) and
 * `Date` instances; encodes to `toISOString()`.
 */
export const DateFromISOString = new t.Type<Date, string, unknown>(
  'DateFromISOString',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) => {
    if (u instanceof Date) return Number.isNaN(u.getTime()) ? t.failure(u, c) : t.success(u);
    if (typeof u !== 'string') return t.failure(u, c);
    const date = parseTimestamp(u);
    return date === undefined ? t.failure(u, c, 'not an ISO 8601 timestamp') : t.success(date);
  },
  (d) => d.toISOString(),
);

/** Date.UTC, except that years 0-99 stay years 0-99 (Date.UTC reads them as 1900-1999). */
function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number {
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return year >= 100 ? utc : new Date(utc).setUTCFullYear(year);
}

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days in `month` (1-12) of `year`, proleptic Gregorian. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * `YYYY-MM-DDTHH:MM[:SS[.fraction of 1-9 digits]]` then `Z`, `z` or `±HH:MM`,
 * the shape providers send, read by position in one pass (a regular
 * expression costs more than the rest of the parse): the instant in
 * milliseconds, `undefined` for an impossible date or time, and `null` for
 * any other shape (left to the general parse).
 */
function strictIsoMillis(text: string): number | undefined | null {
  const n = text.length;
  if (n < 17) return null;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if ((century | yy | month | day | hour | minute) < 0) return null;
  // - - T :
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return null;
  if (text.charCodeAt(13) !== 58) return null;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(at) === 58) {
    second = twoDigits(text, 17);
    if (second < 0) return null;
    at = 19;
    if (text.charCodeAt(at) === 46) {
      const start = ++at;
      // Milliseconds from the first three digits; further digits are truncated.
      for (let scale = 100; at < n; at++, scale /= 10) {
        const c = text.charCodeAt(at) - 48;
        if (c < 0 || c > 9) break;
        if (scale >= 1) millis += c * scale;
      }
      if (at === start || at - start > 9) return null;
    }
  }
  const zone = text.charCodeAt(at);
  let offsetMinutes = 0;
  if (zone === 90 || zone === 122) {
    // Z z
    if (at + 1 !== n) return null;
  } else {
    if ((zone !== 43 && zone !== 45) || at + 6 !== n || text.charCodeAt(at + 3) !== 58) return null;
    const offsetHours = twoDigits(text, at + 1);
    const offsetMins = twoDigits(text, at + 4);
    if ((offsetHours | offsetMins) < 0) return null;
    offsetMinutes = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const year = century * 100 + yy;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date.UTC rolls impossible days over (Feb 30 = Mar 2): refuse them instead.
  if (day > 28 && day > daysInMonth(year, month)) return undefined;
  return utcMillis(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?(Z|([+-])(\d{2}):?(\d{2}))?$/i;

/**
 * Parses the timestamp forms providers send, keeping millisecond precision:
 * microseconds (`.123456`) are truncated to milliseconds, a missing zone
 * means UTC (providers that omit it send UTC). Impossible dates
 * (`2026-02-30`) are refused rather than rolled over.
 */
export function parseTimestamp(text: string): Date | undefined {
  // The usual shape (`2026-01-15T12:00:00.000000Z`, `...+00:00`): fields read by position.
  const strict = strictIsoMillis(text);
  if (strict !== null) return strict === undefined ? undefined : new Date(strict);
  const m = timestampPattern.exec(text.length > 40 ? '' : text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = utcMillis(year, month, day, hour, minute, second, millis);
  if (new Date(utc).getUTCDate() !== day) return undefined;
  const offsetMinutes =
    m[9] === undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  return new Date(utc - offsetMinutes * 60_000);
}

/**
 * `codec` or `null`: what {@link nullable} builds. Tagged so the compiled
 * decoder (compile-decoder.ts) can look through it.
 */
class NullableType<C extends t.Mixed> extends t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> {
  readonly _tag = 'NullableType' as const;
  constructor(readonly type: C) {
    super(
      `${type.name} | null`,
      (u): u is t.TypeOf<C> | null => u === null || type.is(u),
      (u, c) => (u === null ? t.success(null) : type.validate(u, c)),
      (a) => (a === null ? null : type.encode(a)),
    );
  }
}

/**
 * `codec` or `null` (providers send `null` for absent fields). Same result as
 * `t.union([codec, t.null])`, checked with one comparison instead of trying
 * both branches; wire codecs use it on most fields.
 */
export function nullable<C extends t.Mixed>(
  codec: C,
): t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> {
  return new NullableType(codec);
}

/** Brand of {@link NonEmptyString}. */
export interface NonEmptyStringBrand {
  readonly NonEmptyString: unique symbol;
}
/** A string with at least one non-blank character. */
export const NonEmptyString = t.brand(
  t.string,
  (s): s is t.Branded<string, NonEmptyStringBrand> => s.trim().length > 0,
  'NonEmptyString',
);
/** A string with at least one non-blank character. */
export type NonEmptyString = t.TypeOf<typeof NonEmptyString>;

const descriptions = new WeakMap<object, string>();

/**
 * Says what a codec accepts, for error messages (`a string of 1 to 512
 * characters`), so a message never shows an internal type name (`ApiKey`).
 */
export function describedAs<C extends t.Any>(codec: C, description: string): C {
  descriptions.set(codec, description);
  return codec;
}

/** A string of at most `max` characters (and at least `min`). */
export function boundedString(max: number, min = 0, name = `string(${min}..${max})`) {
  const codec = new t.Type<string, string, unknown>(
    name,
    (u): u is string =>
      typeof u === 'string' && u.length >= min && u.length <= max && (min === 0 || u.trim().length > 0),
    (u, c) =>
      typeof u === 'string' && u.length >= min && u.length <= max && (min === 0 || u.trim().length > 0)
        ? t.success(u)
        : t.failure(u, c),
    (s) => s,
  );
  return describedAs(
    codec,
    min === 0 ? `a string of at most ${max} characters` : `a string of ${min} to ${max} characters`,
  );
}

/**
 * An absolute `http:` or `https:` URL of at most 2048 characters, parsed
 * with WHATWG `URL`. Control characters (a `\r\n` that would split a header
 * at the provider) are refused; spaces and non-ASCII characters are sent
 * percent-encoded (the URL's `href`), so every provider gets plain ASCII.
 */
export const HttpUrl = new t.Type<string, string, unknown>(
  'HttpUrl',
  (u): u is string => typeof u === 'string' && httpUrlProblem(u) === undefined && !needsEncoding.test(u),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'an absolute http(s) URL');
    const problem = httpUrlProblem(u);
    if (problem !== undefined) return t.failure(u, c, problem);
    return t.success(needsEncoding.test(u) ? new URL(u).href : u);
  },
  (s) => s,
);

/** C0 controls, DEL and C1 controls: never part of a URL, a key or a name anyone typed. */
export const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A UTF-16 surrogate without its pair: not a character, not storable as UTF-8 (PostgreSQL turns it
 * into U+FFFD) and not encodable in a URL (`encodeURIComponent` throws `URIError`).
 */
export const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const needsEncoding = /[^\u0021-\u007e]/;

function httpUrlProblem(text: string): string | undefined {
  if (text.length > 2048) return 'an absolute http(s) URL of at most 2048 characters';
  if (controlCharacters.test(text)) return 'an absolute http(s) URL without control characters';
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
      ? undefined
      : 'an absolute http(s) URL';
  } catch {
    return 'an absolute http(s) URL';
  }
}

/** A plausible e-mail address (`local@domain.tld`), at most 254 characters. */
export const Email = new t.Type<string, string, unknown>(
  'Email',
  (u): u is string => typeof u === 'string' && isEmail(u),
  (u, c) => (typeof u === 'string' && isEmail(u) ? t.success(u) : t.failure(u, c, 'an e-mail address')),
  (s) => s,
);

function isEmail(text: string): boolean {
  return text.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** Brand of {@link PositiveInt}. */
export interface PositiveIntBrand {
  readonly PositiveInt: unique symbol;
}
/** A safe integer greater than zero. */
export const PositiveInt = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveIntBrand> => Number.isSafeInteger(n) && n > 0,
  'PositiveInt',
);
/** A safe integer greater than zero. */
export type PositiveInt = t.TypeOf<typeof PositiveInt>;

/** Brand of {@link NonNegativeInt}. */
export interface NonNegativeIntBrand {
  readonly NonNegativeInt: unique symbol;
}
/** A safe integer, zero or more. */
export const NonNegativeInt = t.brand(
  t.number,
  (n): n is t.Branded<number, NonNegativeIntBrand> => Number.isSafeInteger(n) && n >= 0,
  'NonNegativeInt',
);
/** A safe integer, zero or more. */
export type NonNegativeInt = t.TypeOf<typeof NonNegativeInt>;

/** A number given as a number or as decimal digits (environment variables are strings). */
export const IntegerFromInput = new t.Type<number, number, unknown>(
  'IntegerFromInput',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => {
    if (typeof u === 'number' && Number.isSafeInteger(u)) return t.success(u);
    if (typeof u === 'string' && /^\d+$/.test(u.trim())) return t.success(Number(u.trim()));
    return t.failure(u, c, 'a whole number');
  },
  (n) => n,
);

// Only intersections and unions add a context entry whose key is a branch
// index rather than a field; refinements, exact and readonly types validate
// in their parent's entry, so the key that follows them is a real field.
const skipKeyParents = new Set(['IntersectionType', 'UnionType']);

/** Dotted path of an io-ts error context, without intersection/union branch indexes. */
function contextPath(context: t.Context): string {
  const parts: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!.type as unknown as { _tag?: string };
    if (parent._tag !== undefined && skipKeyParents.has(parent._tag)) continue;
    parts.push(context[i]!.key);
  }
  return parts.join('.');
}

const friendly: Readonly<Record<string, string>> = {
  PositiveInt: 'a whole number greater than zero',
  NonNegativeInt: 'a whole number, zero or more',
  MinorUnits: 'whole minor units (an integer, zero or more)',
  CurrencyCode: 'an active ISO 4217 code such as "EUR"',
  NonEmptyString: 'a non-empty string',
  Reference: 'a string of 1 to 255 characters',
  HttpUrl: 'an absolute http(s) URL',
  Email: 'an e-mail address',
  CountryCode: 'an ISO 3166-1 alpha-2 code such as "NL"',
  DateFromISOString: 'a Date or an ISO 8601 timestamp',
};

/** A type as people read it: `PositiveInt` = `a whole number greater than zero`, a keyof = `one of "a", "b"`. */
function describeType(type: t.Decoder<unknown, unknown> | undefined): string {
  if (type === undefined) return 'a valid value';
  const described = descriptions.get(type);
  if (described !== undefined) return described;
  const keys = (type as unknown as { _tag?: string; keys?: Record<string, unknown> }).keys;
  if ((type as unknown as { _tag?: string })._tag === 'KeyofType' && keys !== undefined) {
    return `one of ${Object.keys(keys)
      .map((k) => JSON.stringify(k))
      .join(', ')}`;
  }
  const name = type.name;
  const known = friendly[name];
  if (known !== undefined) return known;
  const bounded = /^string\((\d+)\.\.(\d+)\)$/.exec(name);
  if (bounded !== null) {
    return bounded[1] === '0'
      ? `a string of at most ${bounded[2]} characters`
      : `a string of ${bounded[1]} to ${bounded[2]} characters`;
  }
  return name;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** One readable line per io-ts error, de-duplicated (a union reports each branch). */
export function formatErrors(errors: t.Errors): Array<{ field: string; message: string }> {
  const seen = new Map<string, { field: string; message: string }>();
  for (const error of errors) {
    const field = contextPath(error.context);
    if (seen.has(field)) continue;
    // Name the outermost type at this path: a union, not the branch that happened to fail last.
    let at = error.context.length - 1;
    while (
      at > 0 &&
      skipKeyParents.has((error.context[at - 1]!.type as unknown as { _tag?: string })._tag ?? '')
    )
      at--;
    const expected = error.message ?? describeType(error.context[at]?.type);
    const label = field === '' ? 'value' : field;
    const message =
      error.value === undefined
        ? `${label} is required (${expected})`
        : `${label} must be ${expected}, got ${describeValue(error.value)}`;
    seen.set(field, { field, message });
  }
  return [...seen.values()];
}

/** Decodes input with a codec; a failure is a {@link ValidationError} naming the first bad field. */
export function decodeInput<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  prefix = '',
): E.Either<ValidationError, A> {
  const result = decodeWith(codec, value);
  if (E.isRight(result)) return result;
  const issues = formatErrors(result.left).map((i) => ({
    field: prefix === '' ? i.field : i.field === '' ? prefix : `${prefix}.${i.field}`,
    message: prefix === '' || i.field === '' ? i.message : `${prefix}.${i.message}`,
  }));
  const first = issues[0] ?? { field: prefix, message: 'invalid value' };
  return E.left(
    validationError({ field: first.field, message: first.message, ...(issues.length > 1 ? { issues } : {}) }),
  );
}

/** Decodes a provider's answer; a failure is a {@link DecodeError} listing every refused path. */
export function decodeProviderBody<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  context: { provider: string; operation?: string; httpStatus?: number },
): E.Either<DecodeError, A> {
  const result = decodeWith(codec, value);
  if (E.isRight(result)) return result;
  const errors = formatErrors(result.left).map((i) => i.message);
  return E.left(
    decodeError({
      provider: context.provider,
      ...(context.operation !== undefined ? { operation: context.operation } : {}),
      ...(context.httpStatus !== undefined ? { httpStatus: context.httpStatus } : {}),
      message: `${context.provider} answered a body paylinks cannot read: ${errors.slice(0, 3).join('; ')}`,
      errors,
    }),
  );
}
