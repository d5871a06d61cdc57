// PortableCreateInput: the create input every shipped adapter takes as it is.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { boundedString, DateFromISOString, decodeInput, Email, HttpUrl, PositiveInt } from './codecs.js';
import { reportOf, type CheckReport } from './check-report.js';
import { validationError, type ValidationError } from './errors.js';
import { resolveExpiry } from './expiry.js';

/** The shortest expiry every shipped adapter accepts, in seconds (Conomy's minimum `duration`). */
export const portableMinExpirySeconds = 30;

/** The latest expiry every shipped adapter can write (the HSA provider's `expires_at` has a four-digit year). */
export const portableLatestExpiresAt = new Date('9999-12-31T23:59:59.000Z');

/** Payer fields every shipped adapter sends on: e-mail and names. */
export const PortableCustomer = t.partial(
  { email: Email, firstName: boundedString(255), lastName: boundedString(255) },
  'PortableCustomer',
);

/**
 * The shape of {@link PortableCreateInput} as a codec (a blank `description`
 * is refused). {@link checkPortableCreateInput} adds what needs a clock or
 * the key list: no field outside it, an expiry between
 * {@link portableMinExpirySeconds} and {@link portableLatestExpiresAt}.
 */
export const PortableCreateInput = t.intersection(
  [
    t.type({
      reference: boundedString(255, 1, 'Reference'),
      amount: t.type({ amount: PositiveInt, currency: t.string }),
      description: boundedString(1000, 1),
      successUrl: HttpUrl,
    }),
    t.partial({
      expiresIn: t.union([t.string, t.number]),
      expiresAt: t.union([DateFromISOString, t.string]),
      failureUrl: HttpUrl,
      customer: PortableCustomer,
    }),
  ],
  'PortableCreateInput',
);

/**
 * A create input every shipped adapter (Cost+, Conomy, the HSA/FSA provider)
 * accepts as it is: the fields all of them can take, with the ones some of
 * them require made required. Write one, and swapping the provider is a
 * configuration change; `checkCreate` still guards what types cannot say
 * (a positive amount, a known currency, an expiry at least 30 seconds away).
 *
 * | field | why it is here |
 * |---|---|
 * | `reference`, `amount` | every provider |
 * | `description` | required by the HSA/FSA provider |
 * | `successUrl` | required by the HSA/FSA provider |
 * | `failureUrl` | every provider has one URL for failed and cancelled payments |
 * | `expiresIn` / `expiresAt` | every provider; Conomy's minimum is 30 seconds |
 * | `customer.email`, `firstName`, `lastName` | what every provider sends on |
 *
 * Left out: `cancelUrl` (Cost+ and Conomy have no separate one), `webhookUrl`
 * (Conomy and HSA take it per account), `lineItems` (not Cost+), `metadata`
 * (neither Cost+ nor Conomy), `subscription` (HSA only), `paymentMethods`
 * (not HSA, and named per provider), `providerOptions`.
 *
 * @example
 * const input: PortableCreateInput = {
 *   reference: 'inv-1234',
 *   amount: { amount: 995, currency: 'EUR' },
 *   description: 'Invoice #1234',
 *   successUrl: 'https://shop.example/thanks',
 * }
 * await links.create(input) // the same on every provider
 */
export interface PortableCreateInput {
  /** The merchant's own id for what is being paid: 1 to 255 characters. */
  readonly reference: string;
  /** What the payer pays, in integer minor units. */
  readonly amount: { readonly amount: number; readonly currency: string };
  /** What is being paid for, as the payer sees it: 1 to 1000 characters, not blank. */
  readonly description: string;
  /** Where the payer lands after paying. */
  readonly successUrl: string;
  /** Where a failed or cancelled payment lands. */
  readonly failureUrl?: string;
  /** ISO 8601 duration (`P7D`) or whole seconds, at least 30 seconds. */
  readonly expiresIn?: string | number;
  /** An instant at least 30 seconds away. */
  readonly expiresAt?: Date | string;
  /** The payer, as every provider takes it. */
  readonly customer?: {
    /** E-mail address. */
    readonly email?: string;
    /** Given name, at most 255 characters. */
    readonly firstName?: string;
    /** Family name, at most 255 characters. */
    readonly lastName?: string;
  };
}

const portableFields = [
  'reference',
  'amount',
  'description',
  'successUrl',
  'failureUrl',
  'expiresIn',
  'expiresAt',
  'customer',
];

function strayKey(value: unknown, prefix: string, known: ReadonlyArray<string>): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const extra = Object.keys(value).find((k) => !known.includes(k));
  return extra !== undefined ? `${prefix}${extra}` : undefined;
}

/**
 * Checks that a value is a {@link PortableCreateInput} (no field outside it)
 * whose expiry, if any, lies between 30 seconds from `now` and
 * {@link portableLatestExpiresAt}. Answers a plain {@link CheckReport}.
 *
 * @example
 * const report = checkPortableCreateInput(invoice)
 * if (!report.ok) console.error(report.issues[0]?.message)
 */
export function checkPortableCreateInput(
  input: unknown,
  now: Date = new Date(),
): CheckReport<PortableCreateInput> {
  return reportOf(portableCreateInputEither(input, now), input as PortableCreateInput);
}

function portableCreateInputEither(
  input: unknown,
  now: Date,
): E.Either<ValidationError, PortableCreateInput> {
  const stray =
    strayKey(input, '', portableFields) ??
    strayKey((input as { amount?: unknown } | null)?.amount, 'amount.', ['amount', 'currency']) ??
    strayKey((input as { customer?: unknown } | null)?.customer, 'customer.', [
      'email',
      'firstName',
      'lastName',
    ]);
  if (stray !== undefined) {
    return E.left(
      validationError({ field: stray, message: `${stray} is not a field of a portable create input` }),
    );
  }
  const decoded = decodeInput(PortableCreateInput, input);
  if (E.isLeft(decoded)) return decoded;
  const expiry = resolveExpiry(decoded.right, now);
  if (E.isLeft(expiry)) return expiry;
  if (expiry.right !== undefined) {
    const field = expiry.right.source === 'expiresAt' ? 'expiresAt' : 'expiresIn';
    if (expiry.right.seconds < portableMinExpirySeconds) {
      return E.left(
        validationError({
          field,
          message: `${field} must be at least ${portableMinExpirySeconds} seconds away, got ${expiry.right.seconds}`,
        }),
      );
    }
    if (expiry.right.expiresAt.getTime() > portableLatestExpiresAt.getTime()) {
      return E.left(
        validationError({ field, message: `${field} must end by ${portableLatestExpiresAt.toISOString()}` }),
      );
    }
  }
  return E.right(input as PortableCreateInput);
}
