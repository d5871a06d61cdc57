import { parseISO } from 'date-fns/parseISO';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import {
  durationFromSeconds,
  durationToSeconds,
  formatIsoDuration,
  parseDuration,
  parseIsoDuration,
} from './duration.js';
import { parseInstant, resolveExpiry } from './expiry.js';
import { expectLeft, expectRight } from '@paylinks/testing';

const now = new Date('2026-01-15T12:00:00.000Z');

/** Every duration field, each absent or a whole number up to `max`. */
const durationFields = (max: number) => {
  const part = fc.option(fc.nat({ max }), { nil: undefined });
  return fc.record({
    years: part,
    months: part,
    weeks: part,
    days: part,
    hours: part,
    minutes: part,
    seconds: part,
  });
};

describe('ISO 8601 durations', () => {
  it.each([
    ['P30D', { days: 30 }, 30 * 86_400],
    ['PT30M', { minutes: 30 }, 1_800],
    ['P1DT12H', { days: 1, hours: 12 }, 129_600],
    ['P2W', { weeks: 2 }, 14 * 86_400],
    ['PT45S', { seconds: 45 }, 45],
    ['P1Y2M', { years: 1, months: 2 }, undefined],
  ])('parses %s', (text, duration, seconds) => {
    expect(expectRight(parseIsoDuration(text))).toEqual(duration);
    expect(formatIsoDuration(duration)).toBe(text);
    if (seconds !== undefined) expect(durationToSeconds(duration, now)).toBe(seconds);
  });

  it('counts months from the anchor (calendar months differ in length)', () => {
    expect(durationToSeconds({ months: 1 }, new Date('2026-02-01T00:00:00Z'))).toBe(28 * 86_400);
    expect(durationToSeconds({ months: 1 }, new Date('2026-03-01T00:00:00Z'))).toBe(31 * 86_400);
  });

  it.each(['', 'P', 'PT', '30D', 'P-1D', '-P1D', 'PT0.5S', 'P1H', 'P1DT', 'pt30m', 'P1D2H', 'PT1H30S1M'])(
    'refuses %j naming the field',
    (text) => {
      expect(expectLeft(parseIsoDuration(text, 'expiresIn')).field).toBe('expiresIn');
    },
  );

  it('takes whole seconds too', () => {
    expect(expectRight(parseDuration(129_600))).toEqual({ days: 1, hours: 12 });
    expect(formatIsoDuration(durationFromSeconds(0))).toBe('PT0S');
    expect(E.isLeft(parseDuration(1.5))).toBe(true);
    expect(E.isLeft(parseDuration(-30))).toBe(true);
  });

  it('round-trips formatted durations through the parser', () => {
    fc.assert(
      fc.property(durationFields(10_000), (raw) => {
        const duration = Object.fromEntries(
          Object.entries(raw).filter(([, v]) => v !== undefined && v !== 0),
        );
        const text = formatIsoDuration(duration);
        const parsed = expectRight(parseIsoDuration(text));
        expect(formatIsoDuration(parsed)).toBe(text);
        if (text !== 'PT0S') expect(parsed).toEqual(duration);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips seconds through durations', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 9 }), (seconds) => {
        expect(durationToSeconds(durationFromSeconds(seconds), now)).toBe(seconds);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseInstant', () => {
  it('reads ISO 8601 text with a zone as date-fns parseISO (the reference it replaces) does', () => {
    const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.nat({ max: 6 }),
        fc.constantFrom('T', ' '),
        fc.boolean(),
        (ms, offsetMinutes, digits, separator, colon) => {
          // The instant's wall clock at the offset, written with that offset.
          const wall = new Date(ms + offsetMinutes * 60_000);
          const fraction =
            digits === 0 ? '' : `.${pad(wall.getUTCMilliseconds(), 3).padEnd(digits, '7').slice(0, digits)}`;
          const zone =
            offsetMinutes === 0 && colon
              ? 'Z'
              : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60))}${colon ? ':' : ''}${pad(offsetMinutes % 60)}`;
          const text = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}${separator}${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${fraction}${zone}`;
          expect(expectRight(parseInstant(text, 'expiresAt')).getTime()).toBe(parseISO(text).getTime());
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('resolveExpiry', () => {
  it('resolves expiresIn against the injected clock', () => {
    const expiry = expectRight(resolveExpiry({ expiresIn: 'P7D' }, now));
    expect(expiry).toEqual({
      expiresAt: new Date('2026-01-22T12:00:00.000Z'),
      duration: { days: 7 },
      seconds: 7 * 86_400,
      source: 'expiresIn',
    });
    expect(expectRight(resolveExpiry({ expiresIn: 90 }, now))?.expiresAt).toEqual(
      new Date('2026-01-15T12:01:30.000Z'),
    );
  });

  it('resolves expiresAt given as a Date or as ISO text with a zone', () => {
    const expiry = expectRight(resolveExpiry({ expiresAt: '2026-01-16T13:00:00+01:00' }, now));
    expect(expiry?.seconds).toBe(86_400);
    expect(expiry?.duration).toEqual({ days: 1 });
    expect(expectRight(resolveExpiry({ expiresAt: new Date('2026-01-15T12:30:00Z') }, now))?.seconds).toBe(
      1_800,
    );
  });

  it('applies the provider default only when nothing is given', () => {
    expect(expectRight(resolveExpiry({}, now, { days: 30 }))?.source).toBe('default');
    expect(expectRight(resolveExpiry({}, now))).toBeUndefined();
  });

  it('refuses an expiry in the past, a zero duration, both fields, and zone-less text', () => {
    expect(expectLeft(resolveExpiry({ expiresAt: new Date('2026-01-15T11:59:59Z') }, now)).field).toBe(
      'expiresAt',
    );
    expect(expectLeft(resolveExpiry({ expiresAt: now }, now)).message).toContain('not in the future');
    expect(expectLeft(resolveExpiry({ expiresIn: 'PT0S' }, now)).field).toBe('expiresIn');
    expect(expectLeft(resolveExpiry({ expiresIn: 'P1D', expiresAt: now }, now)).message).toContain(
      'not both',
    );
    expect(expectLeft(resolveExpiry({ expiresAt: '2026-02-01T00:00:00' }, now)).field).toBe('expiresAt');
    expect(expectLeft(resolveExpiry({ expiresAt: 'tomorrow' }, now)).field).toBe('expiresAt');
  });
});

describe('resolveExpiry limits', () => {
  it('refuses a duration that ends past the last representable date instead of answering an Invalid Date', () => {
    const result = resolveExpiry({ expiresIn: 'P99999999Y' }, now);
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ValidationError', field: 'expiresIn' });
    expect(E.isLeft(resolveExpiry({ expiresIn: 10 ** 15 }, now))).toBe(true);
  });
});
