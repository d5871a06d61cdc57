import {
  type Customer,
  decodeProviderOptions,
  formatIsoDuration,
  issuesOf,
  type ValidationError,
  type ValidationIssue,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';

import type { CostplusCreateBody } from './costplus-api.js';
import { type CostplusCustomerOptions, CostplusProviderOptions } from './costplus-options.js';
import { costplusProviderId } from './costplus-provider-id.js';

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

/** Sets `out[key]` when `value` is given, so the body carries no `undefined` field. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

// The customer and body are filled field by field, in the order they are sent, rather than
// filtered from entry lists or spread from conditional literals: this runs on every create.
function toCostplusCustomer(
  customer: Customer | undefined,
  extra: CostplusCustomerOptions | undefined,
): Record<string, unknown> | undefined {
  if (customer === undefined && extra === undefined) return undefined;
  const c = customer ?? {};
  const out: Record<string, unknown> = {};
  put(out, 'merchant_customer_id', c.id);
  put(out, 'email_address', c.email);
  put(out, 'first_name', c.firstName);
  put(out, 'last_name', c.lastName);
  put(out, 'address_type', extra?.addressType);
  put(out, 'address', extra?.address ?? (c.address !== undefined ? addressText(c.address) : undefined));
  put(out, 'postal_code', c.address?.postalCode);
  put(out, 'housenumber', c.address?.houseNumber);
  put(out, 'country', c.address?.country);
  put(out, 'locale', c.locale);
  put(out, 'phone_numbers', extra?.phoneNumbers ?? (c.phone !== undefined ? [c.phone] : undefined));
  put(out, 'ip_address', c.ipAddress);
  put(out, 'gender', c.gender);
  put(out, 'birthdate', c.birthdate);
  put(
    out,
    'additional_addresses',
    extra?.additionalAddresses?.map((a) => {
      const address: Record<string, unknown> = { address_type: a.addressType };
      put(address, 'address', a.address);
      put(address, 'postal_code', a.postalCode);
      put(address, 'housenumber', a.houseNumber);
      put(address, 'country', a.country);
      return address;
    }),
  );
  put(out, 'user_agent', c.userAgent);
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
  const options = decodeCostplusOptions(input.providerOptions?.[costplusProviderId]);
  if (E.isLeft(options)) return options;
  const customer = toCostplusCustomer(input.customer, options.right.customer);
  const body: { -readonly [K in keyof CostplusCreateBody]: CostplusCreateBody[K] } = {
    merchant_order_id: input.reference,
    amount: input.amount.amount,
    currency: input.amount.currency,
  };
  if (input.description !== undefined) body.description = input.description;
  const period = expirationPeriod(input, expiresInText);
  if (period !== undefined) body.expiration_period = period;
  if (input.successUrl !== undefined) body.return_url = input.successUrl;
  if (input.failureUrl !== undefined) body.failure_url = input.failureUrl;
  if (input.webhookUrl !== undefined) body.webhook_url = input.webhookUrl;
  if (input.paymentMethods !== undefined) body.payment_methods = [...input.paymentMethods];
  if (customer !== undefined) body.customer = customer;
  return E.right(body);
}
