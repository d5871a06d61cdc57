import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';

import { DateFromISOString, decodeInput, parseTimestamp } from './codecs.js';

describe('timestamps', () => {
  it('reads both documented Cost+ forms and keeps milliseconds', () => {
    expect(parseTimestamp('2026-01-15T12:00:00.000000Z')).toEqual(new Date('2026-01-15T12:00:00.000Z'));
    expect(parseTimestamp('2026-01-15T12:05:30.123456+00:00')).toEqual(new Date('2026-01-15T12:05:30.123Z'));
    expect(parseTimestamp('2026-01-15T14:05:30+0200')).toEqual(new Date('2026-01-15T12:05:30.000Z'));
    expect(parseTimestamp('2026-01-15 12:05')).toEqual(new Date('2026-01-15T12:05:00.000Z'));
    expect(parseTimestamp('15/01/2026')).toBeUndefined();
    expect(parseTimestamp('2026-13-45T99:00:00Z')).toBeUndefined();
  });

  it('decodes and encodes through DateFromISOString', () => {
    const decoded = DateFromISOString.decode('2026-01-15T12:00:00Z');
    expect(E.isRight(decoded) && DateFromISOString.encode(decoded.right)).toBe('2026-01-15T12:00:00.000Z');
    expect(E.isLeft(DateFromISOString.decode(1700000000))).toBe(true);
  });
});

describe('decodeInput', () => {
  it('names nested fields without intersection or union indexes', () => {
    const codec = t.intersection([
      t.type({ a: t.type({ b: t.array(t.union([t.string, t.number])) }) }),
      t.partial({ c: t.string }),
    ]);
    const result = decodeInput(codec, { a: { b: ['x', true] }, c: 1 }, 'settings');
    expect(E.isLeft(result) && result.left).toMatchObject({
      field: 'settings.a.b.1',
      issues: [
        { field: 'settings.a.b.1', message: 'settings.a.b.1 must be (string | number), got true' },
        { field: 'settings.c', message: 'settings.c must be string, got 1' },
      ],
    });
  });
});

describe('parseTimestamp edge cases', () => {
  it('refuses impossible dates instead of rolling them over, and honours offsets', () => {
    expect(parseTimestamp('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2026-01-15T24:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2028-02-29T00:00:00Z')).toEqual(new Date('2028-02-29T00:00:00Z'));
    expect(parseTimestamp('2026-01-15T08:00:00-04:30')).toEqual(new Date('2026-01-15T12:30:00Z'));
    expect(parseTimestamp('0050-03-01T00:00:00Z')?.getUTCFullYear()).toBe(50);
    expect(parseTimestamp('0050-03-01 00:00')?.getUTCFullYear()).toBe(50);
  });
});

describe('field paths through refinements and exact types', () => {
  it('keeps the keys that follow a refinement or an exact type', () => {
    const exact = decodeInput(t.exact(t.type({ a: t.string })), { a: 1 });
    expect(E.isLeft(exact) && exact.left.field).toBe('a');
    const refined = decodeInput(
      t.refinement(t.record(t.string, t.string), () => true),
      { k: 5 },
    );
    expect(E.isLeft(refined) && refined.left.field).toBe('k');
  });
});

describe('parseTimestamp agrees with the slow path', () => {
  it('gives the same instant as the reference parser for random valid timestamps in both zones forms', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        fc.constantFrom(0, 3, 6),
        (date, offset, digits) => {
          const wall = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
          const fraction =
            digits === 0 ? '' : `.${String(date.getUTCMilliseconds()).padStart(3, '0').padEnd(digits, '0')}`;
          const sign = offset < 0 ? '-' : '+';
          const zone =
            offset === 0
              ? 'Z'
              : `${sign}${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
          const expected = new Date(
            Math.floor(date.getTime() / 1000) * 1000 + (digits === 0 ? 0 : date.getUTCMilliseconds()),
          );
          expect(parseTimestamp(`${wall}${fraction}${zone}`)).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses rolled-over fields on the fast path too', () => {
    for (const bad of [
      '2026-02-29T00:00:00Z',
      '2026-04-31T10:00:00+02:00',
      '2026-01-15T23:60:00Z',
      '2026-01-15T12:00:60.5Z',
    ]) {
      expect(parseTimestamp(bad), bad).toBeUndefined();
    }
  });
});
