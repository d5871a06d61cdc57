import {
  boundedString,
  type Customer,
  decodeProviderOptions,
  formatIsoDuration,
  issuesOf,
  type ValidationError,
  type ValidationIssue,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';

import type { CostplusCreateBody } from './costplus-api.js';
import { costplusProviderId } from './costplus-provider-id.js';

/** Cost+ address kinds (`customer.address_type`). */
export const CostplusAddressType = t.keyof(
  { customer: null, delivery: null, billing: null },
  'CostplusAddressType',
);
/** Cost+ address kinds; see {@link CostplusAddressType}. */
export type CostplusAddressType = t.TypeOf<typeof CostplusAddressType>;

/** One entry of `customer.additional_addresses` (a delivery or billing address besides the main one). */
export const CostplusAdditionalAddress = t.intersection(
  [
    t.type({ addressType: CostplusAddressType }),
    t.partial({
      /** Street address, may span lines. */
      address: boundedString(1024, 1),
      postalCode: boundedString(32, 1),
      houseNumber: boundedString(32, 1),
      /** ISO 3166-1 alpha-2. */
      country: t.refinement(t.string, (s) => /^[A-Z]{2}$/.test(s), 'CountryCode'),
    }),
  ],
  'CostplusAdditionalAddress',
);
/** One additional address; see {@link CostplusAdditionalAddress}. */
export type CostplusAdditionalAddress = t.TypeOf<typeof CostplusAdditionalAddress>;

/** Customer fields only Cost+ has, under `providerOptions.costplus.customer`. */
export const CostplusCustomerOptions = t.partial(
  {
    /** `customer.address_type`: what the main address is. */
    addressType: CostplusAddressType,
    /** `customer.address` as sent, instead of the one built from `customer.address` lines. */
    address: boundedString(1024, 1),
    /** `customer.phone_numbers`, instead of `[customer.phone]`. */
    phoneNumbers: t.array(boundedString(64, 1)),
    /** `customer.additional_addresses`. */
    additionalAddresses: t.array(CostplusAdditionalAddress),
  },
  'CostplusCustomerOptions',
);
/** Cost+-only customer fields; see {@link CostplusCustomerOptions}. */
export type CostplusCustomerOptions = t.TypeOf<typeof CostplusCustomerOptions>;

/**
 * What `providerOptions.costplus` may hold.
 *
 * @example
 * providerOptions: { costplus: { customer: { addressType: 'billing', additionalAddresses: [{ addressType: 'delivery', address: 'Kade 1', country: 'NL' }] } } }
 */
export const CostplusProviderOptions = t.partial(
  { customer: CostplusCustomerOptions },
  'CostplusProviderOptions',
);
/** What `providerOptions.costplus` may hold; see {@link CostplusProviderOptions}. */
export type CostplusProviderOptions = t.TypeOf<typeof CostplusProviderOptions>;

function decodeCostplusOptions(value: unknown): E.Either<ValidationError, CostplusProviderOptions> {
  return decodeProviderOptions(CostplusProviderOptions, value, `providerOptions.${costplusProviderId}`);
}

/**
 * What Cost+ refuses beyond its capabilities' data: a `cancelUrl` other than
 * `failureUrl` (it has one failure_url), and `providerOptions.costplus` keys
 * or values it does not know. Every problem, for `checkCreateInput`.
 */
export function costplusCreateIssues(input: ValidCreateInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (input.cancelUrl !== undefined && input.cancelUrl !== input.failureUrl) {
    issues.push({
      field: 'cancelUrl',
      message:
        'cancelUrl is not supported unless it equals failureUrl (Cost+ has one failure_url for cancelled, expired and failed payments)',
    });
  }
  const options = decodeCostplusOptions(input.providerOptions?.[costplusProviderId]);
  if (E.isLeft(options)) issues.push(...issuesOf(options.left));
  return issues;
}

/** Builds `customer.address` from the address lines: street lines, then "postal code city", then region. */
function addressText(address: NonNullable<Customer['address']>): string | undefined {
  const cityLine = [address.postalCode, address.city]
    .filter((s) => s !== undefined && s.trim() !== '')
    .join(' ');
  const lines = [address.line1, address.line2, cityLine, address.region].filter(
    (s): s is string => s !== undefined && s.trim() !== '',
  );
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function toCostplusCustomer(
  customer: Customer | undefined,
  extra: CostplusCustomerOptions | undefined,
): Record<string, unknown> | undefined {
  const c = customer ?? {};
  const address = c.address !== undefined ? addressText(c.address) : undefined;
  const phones = extra?.phoneNumbers ?? (c.phone !== undefined ? [c.phone] : undefined);
  const entries: Array<[string, unknown]> = [
    ['merchant_customer_id', c.id],
    ['email_address', c.email],
    ['first_name', c.firstName],
    ['last_name', c.lastName],
    ['address_type', extra?.addressType],
    ['address', extra?.address ?? address],
    ['postal_code', c.address?.postalCode],
    ['housenumber', c.address?.houseNumber],
    ['country', c.address?.country],
    ['locale', c.locale],
    ['phone_numbers', phones],
    ['ip_address', c.ipAddress],
    ['gender', c.gender],
    ['birthdate', c.birthdate],
    [
      'additional_addresses',
      extra?.additionalAddresses?.map((a) =>
        Object.fromEntries(
          (
            [
              ['address_type', a.addressType],
              ['address', a.address],
              ['postal_code', a.postalCode],
              ['housenumber', a.houseNumber],
              ['country', a.country],
            ] as Array<[string, unknown]>
          ).filter(([, v]) => v !== undefined),
        ),
      ),
    ],
    ['user_agent', c.userAgent],
  ];
  const out = Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The ISO 8601 duration to send: `expiresIn` as given, else the expiry counted from the clock, else `P30D`. */
function expirationPeriod(input: ValidCreateInput, expiresInText: string | undefined): string | undefined {
  if (input.expiry === undefined) return undefined;
  if (input.expiry.source === 'expiresIn' && expiresInText !== undefined) return expiresInText;
  return formatIsoDuration(input.expiry.duration);
}

/**
 * Turns a checked create input (see {@link costplusCreateIssues} and the
 * adapter's capabilities) into the `POST /paymentlinks/` body.
 *
 * @param expiresInText the caller's `expiresIn` when it was an ISO 8601 string, sent verbatim
 */
export function convertToCostplusRequest(
  input: ValidCreateInput,
  expiresInText?: string,
): E.Either<ValidationError, CostplusCreateBody> {
  return pipe(
    decodeCostplusOptions(input.providerOptions?.[costplusProviderId]),
    E.map((options) => {
      const customer = toCostplusCustomer(input.customer, options.customer);
      const period = expirationPeriod(input, expiresInText);
      const body: CostplusCreateBody = {
        merchant_order_id: input.reference,
        amount: input.amount.amount,
        currency: input.amount.currency,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(period !== undefined ? { expiration_period: period } : {}),
        ...(input.successUrl !== undefined ? { return_url: input.successUrl } : {}),
        ...(input.failureUrl !== undefined ? { failure_url: input.failureUrl } : {}),
        ...(input.webhookUrl !== undefined ? { webhook_url: input.webhookUrl } : {}),
        ...(input.paymentMethods !== undefined ? { payment_methods: [...input.paymentMethods] } : {}),
        ...(customer !== undefined ? { customer } : {}),
      };
      return body;
    }),
  );
}
