import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { currencies, currencyExponent, parseCurrency, type CurrencyCode } from './currency.js';
import { formatDecimal, formatMoney, money, parseDecimal, parseMinorUnits } from './money.js';
import { expectLeft, expectRight } from '@paylinks/testing';

describe('currency table', () => {
  it('holds every active ISO 4217 currency with its exponent, and no non-money codes', () => {
    expect(currencies.size).toBeGreaterThanOrEqual(150);
    expect(currencyExponent('EUR' as CurrencyCode)).toBe(2);
    expect(currencyExponent('JPY' as CurrencyCode)).toBe(0);
    expect(currencyExponent('CLP' as CurrencyCode)).toBe(0);
    expect(currencyExponent('KWD' as CurrencyCode)).toBe(3);
    expect(currencyExponent('CLF' as CurrencyCode)).toBe(4);
    for (const code of ['XAU', 'XXX', 'XTS', 'XDR']) expect(currencies.has(code)).toBe(false);
  });

  it('refuses lower-case, malformed and unknown codes, naming the field', () => {
    expect(expectLeft(parseCurrency('eur', 'amount.currency')).field).toBe('amount.currency');
    expect(E.isLeft(parseCurrency('EURO'))).toBe(true);
    expect(E.isLeft(parseCurrency('ABC'))).toBe(true);
    expect(E.isLeft(parseCurrency(978))).toBe(true);
    expect(expectRight(parseCurrency('USD'))).toBe('USD');
  });
});

describe('money', () => {
  it('converts the documented examples exactly, both ways', () => {
    expect(expectRight(parseDecimal('12.50', 'EUR'))).toEqual({ amount: 1250, currency: 'EUR' });
    expect(expectRight(parseDecimal('49990', 'CLP'))).toEqual({ amount: 49990, currency: 'CLP' });
    expect(expectRight(parseDecimal('1.250', 'KWD'))).toEqual({ amount: 1250, currency: 'KWD' });
    expect(formatDecimal({ amount: 1250, currency: 'EUR' as CurrencyCode } as never)).toBe('12.50');
    expect(formatDecimal({ amount: 49990, currency: 'CLP' } as never)).toBe('49990');
    expect(formatDecimal({ amount: 1250, currency: 'KWD' } as never)).toBe('1.250');
    expect(formatDecimal({ amount: 5, currency: 'EUR' } as never)).toBe('0.05');
    expect(formatMoney({ amount: 995, currency: 'EUR' } as never)).toBe('9.95 EUR');
  });

  it('reads short and padded fractions exactly and refuses what cannot be represented', () => {
    expect(expectRight(parseDecimal('12.5', 'EUR')).amount).toBe(1250);
    expect(expectRight(parseDecimal('12', 'EUR')).amount).toBe(1200);
    expect(expectRight(parseDecimal('12.500', 'EUR')).amount).toBe(1250);
    expect(expectRight(parseDecimal('0.1', 'EUR')).amount).toBe(10); // 0.1 is not exact as a float; here it is 10 cents
    expect(E.isLeft(parseDecimal('12.505', 'EUR'))).toBe(true);
    expect(E.isLeft(parseDecimal('12.5', 'JPY'))).toBe(true);
    for (const bad of ['-1.00', '1e3', '1,00', '', ' ', '.5', '5.', 'NaN', '0x10']) {
      expect(E.isLeft(parseDecimal(bad, 'EUR')), bad).toBe(true);
    }
    expect(E.isLeft(parseDecimal('90071992547409.92', 'EUR'))).toBe(true);
  });

  it('refuses non-integers, negatives, zero, unsafe integers and bad codes with the field named', () => {
    expect(expectLeft(money({ amount: 9.95, currency: 'EUR' })).field).toBe('amount');
    expect(expectLeft(money({ amount: -1, currency: 'EUR' })).field).toBe('amount');
    expect(expectLeft(money({ amount: 0, currency: 'EUR' })).field).toBe('amount');
    expect(expectLeft(money({ amount: 2 ** 53, currency: 'EUR' })).field).toBe('amount');
    expect(expectLeft(money({ amount: Number.NaN, currency: 'EUR' })).field).toBe('amount');
    expect(expectLeft(money({ amount: 100, currency: 'eur' }, { field: 'price' })).field).toBe(
      'price.currency',
    );
    expect(expectRight(money({ amount: 0, currency: 'EUR' }, { positive: false })).amount).toBe(0);
    expect(E.isRight(parseMinorUnits(Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('round-trips minor units through decimal strings for every currency in the table', () => {
    const codes = [...currencies.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.maxSafeNat(), (currency, amount) => {
        const value = expectRight(money({ amount, currency }, { positive: false }));
        const text = formatDecimal(value);
        const exponent = currencyExponent(value.currency);
        expect(text.includes('.') ? text.split('.')[1]!.length : 0).toBe(exponent);
        expect(expectRight(parseDecimal(text, currency))).toEqual(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('parses any decimal string with at most the exponent digits to the same value as integer arithmetic', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.stringMatching(/^\d{0,2}$/),
        (whole, fraction) => {
          const text = fraction === '' ? String(whole) : `${whole}.${fraction}`;
          const expected = whole * 100n + BigInt(fraction.padEnd(2, '0'));
          expect(expectRight(parseDecimal(text, 'EUR')).amount).toBe(Number(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
