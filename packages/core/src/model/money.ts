// Money in integer minor units: parsing and formatting decimals per currency.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { CurrencyCode, currencyExponent, parseCurrency } from './currency.js';
import { validationError, type ValidationError } from './errors.js';

/** Brand of {@link MinorUnits}. */
export interface MinorUnitsBrand {
  readonly MinorUnits: unique symbol;
}

/** A non-negative safe integer count of a currency's minor units (cents for EUR, yen for JPY). */
export const MinorUnits = t.brand(
  t.number,
  (n): n is t.Branded<number, MinorUnitsBrand> => Number.isSafeInteger(n) && n >= 0,
  'MinorUnits',
);
/** A non-negative safe integer count of a currency's minor units. */
export type MinorUnits = t.TypeOf<typeof MinorUnits>;

/**
 * An amount of money: integer minor units and an ISO 4217 code.
 *
 * @example
 * const price: Money = { amount: 1250, currency: 'EUR' } // 12.50 EUR
 */
export const Money = t.type({ amount: MinorUnits, currency: CurrencyCode }, 'Money');
/**
 * An amount of money: integer minor units and an ISO 4217 code. Links
 * carry it checked; build one from plain numbers with {@link money}.
 */
export interface Money {
  /** Whole minor units of `currency`, never a float: 1250 is 12.50 EUR, 500 is 500 JPY, 1250 is 1.250 KWD. */
  amount: MinorUnits;
  /** Upper-case ISO 4217 code (`EUR`, `USD`, `JPY`). */
  currency: CurrencyCode;
}

/** What {@link money} accepts: plain numbers and strings, checked. */
export interface MoneyInput {
  readonly amount: number;
  readonly currency: string;
}

/** Options for {@link money} and {@link parseDecimal}. */
export interface MoneyCheckOptions {
  /** Field path used in errors (default `amount`). */
  readonly field?: string;
  /** Refuse zero (default true: a payment link asks for a positive amount). */
  readonly positive?: boolean;
}

/** Checks a minor-unit amount: a safe integer, not negative, and positive unless `positive: false`. */
export function parseMinorUnits(
  value: unknown,
  options: MoneyCheckOptions = {},
): E.Either<ValidationError, MinorUnits> {
  const field = options.field ?? 'amount';
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return E.left(validationError({ field, message: `${field} must be an integer number of minor units` }));
  }
  if (!Number.isInteger(value)) {
    return E.left(validationError({ field, message: `${field} must be whole minor units, got ${value}` }));
  }
  if (!Number.isSafeInteger(value)) {
    return E.left(validationError({ field, message: `${field} is larger than ${Number.MAX_SAFE_INTEGER}` }));
  }
  if (value < 0)
    return E.left(validationError({ field, message: `${field} must not be negative, got ${value}` }));
  if (value === 0 && options.positive !== false) {
    return E.left(validationError({ field, message: `${field} must be greater than zero` }));
  }
  return E.right(value as MinorUnits);
}

/**
 * Checks and builds a {@link Money}. Errors name `amount` or `currency`
 * under the given field prefix.
 *
 * @example
 * money({ amount: 995, currency: 'EUR' }) // Right({ amount: 995, currency: 'EUR' })
 * money({ amount: 9.95, currency: 'EUR' }) // Left(ValidationError field 'amount')
 */
export function money(input: MoneyInput, options: MoneyCheckOptions = {}): E.Either<ValidationError, Money> {
  const prefix = options.field ?? '';
  const at = (f: string) => (prefix === '' ? f : `${prefix}.${f}`);
  const currency = parseCurrency(input.currency, at('currency'));
  if (E.isLeft(currency)) return currency;
  const amount = parseMinorUnits(input.amount, { field: at('amount'), positive: options.positive ?? true });
  if (E.isLeft(amount)) return amount;
  return E.right({ amount: amount.right, currency: currency.right });
}

const decimalPattern = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string in major units into minor units, exactly (no floats).
 *
 * Accepts fewer fraction digits than the currency has ("12.5" EUR = 1250) and
 * extra trailing zeros ("12.500" EUR = 1250); refuses a fraction that cannot
 * be represented ("12.505" EUR), signs, exponents and separators.
 *
 * @example
 * parseDecimal('12.50', 'EUR') // Right({ amount: 1250, currency: 'EUR' })
 * parseDecimal('49990', 'CLP') // Right({ amount: 49990, currency: 'CLP' })
 * parseDecimal('1.250', 'KWD') // Right({ amount: 1250, currency: 'KWD' })
 */
export function parseDecimal(
  value: string,
  currency: string,
  options: MoneyCheckOptions = {},
): E.Either<ValidationError, Money> {
  const field = options.field ?? 'amount';
  const code = parseCurrency(currency, 'currency');
  if (E.isLeft(code)) return code;
  const match = decimalPattern.exec(value.trim());
  if (match === null) {
    return E.left(
      validationError({
        field,
        message: `${field} must be a decimal string like "12.50", got "${value.slice(0, 32)}"`,
      }),
    );
  }
  const whole = match[1] as string;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const exponent = currencyExponent(code.right);
  if (fraction.length > exponent) {
    return E.left(
      validationError({
        field,
        message: `${field} "${value}" has more decimals than ${code.right} allows (${exponent})`,
      }),
    );
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  // Up to 15 digits a double holds every integer exactly; beyond, BigInt decides.
  if (digits.length > 15 && BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER)) {
    return E.left(validationError({ field, message: `${field} "${value}" is too large` }));
  }
  const amount = parseMinorUnits(Number(digits), { field, positive: options.positive ?? false });
  if (E.isLeft(amount)) return amount;
  return E.right({ amount: amount.right, currency: code.right });
}

/**
 * Formats minor units as a decimal string with exactly the currency's
 * exponent digits (1250 EUR = "12.50", 49990 CLP = "49990", 1250 KWD = "1.250").
 */
export function formatDecimal(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const digits = String(value.amount);
  if (exponent === 0) return digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** Formats money for people: `12.50 EUR`. */
export function formatMoney(value: Money): string {
  return `${formatDecimal(value)} ${value.currency}`;
}
