// ISO 8601 durations (P30D, PT30M): parsing, formatting and arithmetic on dates.
import { createRequire } from 'node:module';

import type { add as dateFnsAddType } from 'date-fns/add';
import * as E from 'fp-ts/lib/Either.js';

import { validationError, type ValidationError } from './errors.js';

/**
 * A calendar duration (`{ days: 30 }`, `{ hours: 1, minutes: 30 }`), the
 * shape date-fns calls `Duration`. Every present field is a non-negative
 * integer.
 */
export interface IsoDuration {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

const units = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/** Unit letters in the order ISO 8601 writes them, date part then time part (after `T`). */
const dateLetters = [89, 77, 87, 68]; // Y M W D
const timeLetters = [72, 77, 83]; // H M S

/**
 * The digits given per unit (in {@link units} order), what
 * `^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`
 * captures, or `null` where it does not match; read by hand because the
 * expression cost more than the rest of a Cost+ link's decode.
 */
function matchIsoDuration(text: string): Array<string | undefined> | null {
  if (text.charCodeAt(0) !== 80) return null; // P
  const groups: Array<string | undefined> = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  const n = text.length;
  let at = 1;
  let time = false;
  // The next unit allowed, as an index into groups: each unit at most once, in order.
  let next = 0;
  while (at < n) {
    if (text.charCodeAt(at) === 84) {
      // T
      if (time) return null;
      time = true;
      next = 4;
      at++;
      continue;
    }
    const start = at;
    while (at < n && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === start || at === n) return null;
    const letters = time ? timeLetters : dateLetters;
    const offset = time ? 4 : 0;
    const unit = letters.indexOf(text.charCodeAt(at));
    if (unit < 0 || unit + offset < next) return null;
    groups[unit + offset] = text.slice(start, at);
    next = unit + offset + 1;
    at++;
  }
  return groups;
}

/**
 * Parses an ISO 8601 duration (`P30D`, `PT30M`, `P1DT12H`, `P2W`, `P1Y2M`).
 * Refuses negative (`-P1D`), fractional (`PT0.5S`), empty (`P`, `PT`) and
 * malformed values with a {@link ValidationError} naming `field`.
 */
export function parseIsoDuration(text: unknown, field = 'expiresIn'): E.Either<ValidationError, IsoDuration> {
  if (typeof text !== 'string') {
    return E.left(
      validationError({ field, message: `${field} must be an ISO 8601 duration string like "P30D"` }),
    );
  }
  if (text.startsWith('-')) {
    return E.left(
      validationError({ field, message: `${field} must not be negative, got "${text.slice(0, 32)}"` }),
    );
  }
  const match = matchIsoDuration(text);
  if (match === null || text === 'P' || text.endsWith('T')) {
    return E.left(
      validationError({
        field,
        message: `${field} "${text.slice(0, 32)}" is not an ISO 8601 duration (expected e.g. P30D, PT30M, P1DT12H, P2W)`,
      }),
    );
  }
  const duration: Record<string, number> = {};
  for (let i = 0; i < units.length; i++) {
    const digits = match[i];
    if (digits === undefined) continue;
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) {
      return E.left(validationError({ field, message: `${field} "${text.slice(0, 32)}" is too large` }));
    }
    duration[units[i] as string] = value;
  }
  return E.right(duration);
}

/**
 * Formats a duration in the shortest ISO 8601 form: `{ days: 30 }` = `P30D`,
 * `{ days: 1, hours: 12 }` = `P1DT12H`, zero = `PT0S`.
 */
export function formatIsoDuration(duration: IsoDuration): string {
  const part = (value: number | undefined, suffix: string) =>
    value !== undefined && value !== 0 ? `${value}${suffix}` : '';
  const date =
    part(duration.years, 'Y') +
    part(duration.months, 'M') +
    part(duration.weeks, 'W') +
    part(duration.days, 'D');
  const time = part(duration.hours, 'H') + part(duration.minutes, 'M') + part(duration.seconds, 'S');
  if (date === '' && time === '') return 'PT0S';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/**
 * Splits whole seconds into days, hours, minutes and seconds
 * (`129600` = `{ days: 1, hours: 12 }`), dropping zero fields.
 */
export function durationFromSeconds(totalSeconds: number): IsoDuration {
  const out: Record<string, number> = {};
  let rest = totalSeconds;
  for (const [unit, size] of [
    ['days', 86_400],
    ['hours', 3_600],
    ['minutes', 60],
    ['seconds', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) out[unit] = count;
  }
  return out;
}

/**
 * `date` plus `duration` with date-fns `add`: months and years first
 * (clamped to the end of a shorter month), then days and weeks as calendar
 * days in local time (so they follow daylight-saving changes), then hours,
 * minutes and seconds as elapsed time. date-fns is one of the libraries the
 * project keeps on purpose; its import cost is in BENCHMARKS.md.
 */
export function addDuration(date: Date, duration: IsoDuration): Date {
  return dateFnsAdd()(date, duration);
}

let loadedAdd: typeof dateFnsAddType | undefined;

/**
 * date-fns' `add`, loaded on the first addition rather than when core is
 * imported: resolving any date-fns module makes Node read date-fns' 200 KB
 * `package.json` (its exports map), a measurable share of a cold import of
 * core (BENCHMARKS.md, footprint). Required, not imported, so the load is
 * synchronous, as `addDuration` is.
 */
function dateFnsAdd(): typeof dateFnsAddType {
  loadedAdd ??= (createRequire(import.meta.url)('date-fns/add') as { add: typeof dateFnsAddType }).add;
  return loadedAdd;
}

/**
 * Length of a duration in seconds, counted from `anchor` (months and years
 * have no fixed length: `P1M` from 31 January is 28 or 29 days).
 */
export function durationToSeconds(duration: IsoDuration, anchor: Date): number {
  return secondsBetween(anchor, addDuration(anchor, duration));
}

/** Whole seconds from `from` to `to`, truncated toward zero (date-fns `differenceInSeconds`). */
export function secondsBetween(from: Date, to: Date): number {
  const seconds = Math.trunc((to.getTime() - from.getTime()) / 1000);
  return seconds === 0 ? 0 : seconds; // no -0
}

/**
 * Parses a duration given as ISO 8601 text or as a number of seconds.
 * Seconds must be a positive safe integer.
 */
export function parseDuration(value: unknown, field = 'expiresIn'): E.Either<ValidationError, IsoDuration> {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      return E.left(
        validationError({ field, message: `${field} must be a whole, non-negative number of seconds` }),
      );
    }
    return E.right(durationFromSeconds(value));
  }
  return parseIsoDuration(value, field);
}
