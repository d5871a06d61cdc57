// ISO 4217 currencies and their exponents (minor-unit digits).
import { data as iso4217 } from 'currency-codes';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { validationError, type ValidationError } from './errors.js';

/**
 * ISO 4217 codes whose minor unit is "N.A." in the ISO list (precious metals,
 * SDR, bond-market units, test and "no currency" codes). They are not money a
 * payment link can ask for, so the table leaves them out.
 */
const notMoney = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/** One active ISO 4217 currency. */
export interface CurrencyInfo {
  /** Alphabetic code, e.g. `EUR`. */
  readonly code: string;
  /** Numeric code, e.g. `978`. */
  readonly number: string;
  /** Minor-unit exponent: EUR 2, JPY 0, KWD 3, CLF 4. */
  readonly exponent: number;
  /** English name. */
  readonly name: string;
}

/**
 * Every active ISO 4217 currency with its minor-unit exponent, from the
 * `currency-codes` package (which tracks the ISO list_one publication).
 */
export const currencies: ReadonlyMap<string, CurrencyInfo> = new Map(
  iso4217
    .filter((c) => !notMoney.has(c.code))
    .map((c) => [c.code, { code: c.code, number: c.number, exponent: c.digits, name: c.currency }] as const),
);

/** The ISO 4217 publication date the table follows. */
export const currencyTableDate = '2024-06-25';

/** Brand of {@link CurrencyCode}. */
export interface CurrencyCodeBrand {
  readonly CurrencyCode: unique symbol;
}

/** An upper-case ISO 4217 code present in {@link currencies}. */
export const CurrencyCode = t.brand(
  t.string,
  (s): s is t.Branded<string, CurrencyCodeBrand> => currencies.has(s),
  'CurrencyCode',
);
/** An upper-case ISO 4217 code present in {@link currencies}. */
export type CurrencyCode = t.TypeOf<typeof CurrencyCode>;

/** Whether a string is a known currency code (exact, upper case). */
export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return CurrencyCode.is(value);
}

/** Checks a currency code; `eur` and `EURO` are refused, naming `field`. */
export function parseCurrency(value: unknown, field = 'currency'): E.Either<ValidationError, CurrencyCode> {
  if (typeof value !== 'string') {
    return E.left(validationError({ field, message: `${field} must be an ISO 4217 code string` }));
  }
  if (!/^[A-Z]{3}$/.test(value)) {
    return E.left(
      validationError({
        field,
        message: `${field} must be three upper-case letters (ISO 4217), got "${value.slice(0, 16)}"`,
      }),
    );
  }
  if (!currencies.has(value)) {
    return E.left(
      validationError({ field, message: `${field} "${value}" is not an active ISO 4217 currency` }),
    );
  }
  return E.right(value as CurrencyCode);
}

/** Minor-unit exponent of a known currency (EUR 2, JPY 0, KWD 3). */
export function currencyExponent(currency: CurrencyCode): number {
  // Branded codes are always in the table.
  return (currencies.get(currency) as CurrencyInfo).exponent;
}
