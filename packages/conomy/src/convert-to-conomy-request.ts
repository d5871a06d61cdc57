import {
  type Customer,
  decodeProviderOptions,
  formatDecimal,
  issuesOf,
  type ListQuery,
  type Money,
  validationError,
  type ValidationError,
  type ValidationIssue,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

import type { ConomyCreateRequest, ConomyItemRequest } from './conomy-api.js';
import { conomyCheckoutToken } from './conomy-checkout-token.js';
import { ConomyProviderOptions } from './conomy-options.js';
import { conomyStatusesFor } from './map-conomy-status.js';
import { conomyProviderId } from './conomy-provider-id.js';

const refuse = (field: string, message: string) => E.left(validationError({ field, message }));

/** Conomy's tax types. */
const taxTypes = { percentage: 'PERCENTAGE', fixed: 'FIXED' } as const;

function items(input: ValidCreateInput): ReadonlyArray<ConomyItemRequest> {
  const currency = input.amount.currency;
  const decimal = (amount: number) => formatDecimal({ amount, currency } as Money);
  const lineItems = input.lineItems ?? [];
  if (lineItems.length === 0) {
    const amount = decimal(input.amount.amount);
    return [{ preTaxAmount: amount, totalAmount: amount, description: input.description ?? input.reference }];
  }
  return lineItems.map((item): ConomyItemRequest => {
    // Conomy items have no quantity: one item per line, priced for the whole line.
    const total = item.quantity * item.unitAmount;
    const description = item.quantity === 1 ? item.name : `${item.name} x ${item.quantity}`;
    const tax = item.tax;
    if (tax === undefined) return { preTaxAmount: decimal(total), totalAmount: decimal(total), description };
    return {
      preTaxAmount: decimal(total - tax.amount),
      totalAmount: decimal(total),
      description,
      tax: {
        // Required by the capabilities (`lineItems.*.tax.name`), so present here.
        name: tax.name ?? '',
        type: taxTypes[tax.type],
        // A percentage's value is its rate; a fixed tax's value is the amount itself.
        value: tax.type === 'percentage' ? (tax.rate as string) : decimal(tax.amount),
        amount: decimal(tax.amount),
      },
    };
  });
}

/** `+56 912345678` split into prefix and number; `undefined` when a `+` number cannot be told apart. */
function splitPhone(phone: string): { prefix?: string; number: string } | undefined {
  const trimmed = phone.trim();
  const split = /^\+(\d{1,4})[\s-]+([\d\s-]+)$/.exec(trimmed);
  if (split !== null) return { prefix: `+${split[1]}`, number: (split[2] as string).replace(/[\s-]/g, '') };
  return trimmed.startsWith('+') ? undefined : { number: trimmed.replace(/[\s-]/g, '') };
}

/**
 * The common customer in Conomy's terms: e-mail and names as they are; a
 * phone is split into `phoneNumberPrefix` and `phoneNumber` when written
 * `+56 912345678`, and sent as the number when it has no `+` (one that has a
 * `+` but no separable prefix is refused by {@link conomyCreateIssues}).
 * Fields Conomy has no place for (locale, ip address, ...) are not sent, as
 * the model documents; the address is not mapped (Conomy wants an alpha-3
 * country and administrative areas: pass it in
 * `providerOptions.conomy.customer.address`).
 */
function customer(
  from: Customer | undefined,
  extra: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  const out: Record<string, unknown> = {};
  if (from?.email !== undefined) out['email'] = from.email;
  if (from?.firstName !== undefined) out['firstName'] = from.firstName;
  if (from?.lastName !== undefined) out['lastName'] = from.lastName;
  const phone = from?.phone !== undefined ? splitPhone(from.phone) : undefined;
  if (phone?.prefix !== undefined) out['phoneNumberPrefix'] = phone.prefix;
  if (phone !== undefined) out['phoneNumber'] = phone.number;
  const merged = extra === undefined ? out : { ...out, ...extra };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Decodes `providerOptions.conomy`, refusing keys it does not know; errors name `providerOptions.conomy.<field>`. */
export function conomyProviderOptions(
  input: ValidCreateInput,
): E.Either<ValidationError, ConomyProviderOptions> {
  return decodeProviderOptions(
    ConomyProviderOptions,
    input.providerOptions?.[conomyProviderId],
    `providerOptions.${conomyProviderId}`,
  );
}

/**
 * What Conomy refuses beyond its capabilities' data: a `cancelUrl` other
 * than `failureUrl` (one failedUrl serves both), a phone whose country
 * prefix cannot be told apart, and bad `providerOptions.conomy`. Every
 * problem, for `checkCreateInput`.
 */
export function conomyCreateIssues(input: ValidCreateInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (
    input.cancelUrl !== undefined &&
    input.failureUrl !== undefined &&
    input.cancelUrl !== input.failureUrl
  ) {
    issues.push({
      field: 'cancelUrl',
      message:
        'cancelUrl is not supported unless it equals failureUrl (Conomy sends failed and cancelled payments to one failedUrl)',
    });
  }
  const options = conomyProviderOptions(input);
  if (E.isLeft(options)) issues.push(...issuesOf(options.left));
  const phone = input.customer?.phone;
  const extraPhone = E.isRight(options) ? options.right.customer?.['phoneNumber'] : undefined;
  if (phone !== undefined && splitPhone(phone) === undefined && extraPhone === undefined) {
    issues.push({
      field: 'customer.phone',
      message:
        'customer.phone must be written "+56 912345678" (Conomy takes the country prefix apart), or pass providerOptions.conomy.customer.phoneNumber and phoneNumberPrefix',
    });
  }
  return issues;
}

/**
 * Builds the `POST /payment-links` body from an input checked against the
 * adapter's capabilities and {@link conomyCreateIssues}. Amounts go out in
 * major units with the currency's exponent digits; `duration` is the
 * resolved expiry in seconds.
 */
export function convertToConomyRequest(
  input: ValidCreateInput,
  options: { readonly defaultDurationSeconds: number },
): E.Either<ValidationError, ConomyCreateRequest> {
  const decoded = conomyProviderOptions(input);
  if (E.isLeft(decoded)) return decoded;
  const conomy = decoded.right;
  // Optional fields are assigned one by one, in the order they are sent, rather than spread
  // from conditional literals: this runs on every create.
  const body: { -readonly [K in keyof ConomyCreateRequest]: ConomyCreateRequest[K] } = {
    checkoutToken: conomy.checkoutToken ?? conomyCheckoutToken(input.reference),
    currency: input.amount.currency,
    items: items(input),
    duration: input.expiry?.seconds ?? options.defaultDurationSeconds,
  };
  if (input.paymentMethods !== undefined) body.paymentMethodsAllowed = input.paymentMethods;
  if (conomy.destinations !== undefined) body.destinations = conomy.destinations;
  if (conomy.owner !== undefined) body.owner = conomy.owner;
  const payer = customer(input.customer, conomy.customer);
  if (payer !== undefined) body.customer = payer;
  if (conomy.customerRequirements !== undefined) body.customerRequirements = conomy.customerRequirements;
  if (input.successUrl !== undefined) body.successUrl = input.successUrl;
  const failedUrl = input.failureUrl ?? input.cancelUrl;
  if (failedUrl !== undefined) body.failedUrl = failedUrl;
  return E.right(body);
}

/** Conomy's page size limit. */
export const conomyMaxPageSize = 50;

/**
 * Filters of `providerFilters.conomy`: Conomy's own query names, or their
 * camel-case aliases. Values are comma-separated lists.
 */
const providerFilterNames: Readonly<Record<string, string>> = {
  'destination.accountNumber': 'destination.accountNumber',
  destinationAccountNumber: 'destination.accountNumber',
  'owner.identityId': 'owner.identityId',
  ownerIdentityId: 'owner.identityId',
};

/** What one list call sends, or `empty` when the filters can match nothing. */
export type ConomyListRequest =
  | {
      readonly kind: 'query';
      readonly offset: number;
      readonly query: Readonly<Record<string, string | number>>;
    }
  | { readonly kind: 'empty' };

/** Encodes a page position as the opaque cursor handed to callers. */
export function encodeConomyCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): E.Either<ValidationError, number> {
  if (cursor === undefined) return E.right(0);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const offset = (parsed as { offset?: unknown } | null)?.offset;
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return E.right(offset);
  } catch {
    // falls through to the error below
  }
  return refuse('cursor', "cursor is not one this adapter handed out (pass a page's nextCursor unchanged)");
}

function commaList(field: string, values: ReadonlyArray<string>): E.Either<ValidationError, string> {
  const bad = values.findIndex((v) => v.trim() === '' || v.includes(','));
  if (bad >= 0) return refuse(`${field}.${bad}`, `${field}.${bad} must be non-empty and hold no comma`);
  return E.right(values.join(','));
}

/**
 * Translates a {@link ListQuery} and cursor into Conomy's query: unified
 * statuses become raw ones (`open` = `ACTIVE`), `ids` = `id`, `customerEmail`
 * = `customer.email`, `limit` capped at 50 (default 50), the cursor becomes
 * `offset`, and `providerFilters.conomy` passes `destination.accountNumber`
 * and `owner.identityId`. Date filters are refused: Conomy has none.
 */
export function convertToConomyListRequest(
  query: ListQuery,
  cursor: string | undefined,
): E.Either<ValidationError, ConomyListRequest> {
  if (query.createdAfter !== undefined)
    return refuse('createdAfter', 'createdAfter: Conomy cannot filter links by date');
  if (query.createdBefore !== undefined)
    return refuse('createdBefore', 'createdBefore: Conomy cannot filter links by date');
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 1)) {
    return refuse('limit', `limit must be a whole number from 1 to ${conomyMaxPageSize}`);
  }
  const out: Record<string, string | number> = {};
  if (query.status !== undefined && query.status.length > 0) {
    if (query.status.includes('unknown')) {
      return refuse('status', 'status: unknown has no Conomy value to filter by');
    }
    const raw = [...new Set(query.status.flatMap(conomyStatusesFor))];
    // Only `cancelled` asked: deleted links cannot be listed, so nothing matches.
    if (raw.length === 0) return E.right({ kind: 'empty' });
    out['status'] = raw.join(',');
  }
  if (query.ids !== undefined && query.ids.length > 0) {
    const ids = commaList('ids', query.ids);
    if (E.isLeft(ids)) return ids;
    out['id'] = ids.right;
  }
  if (query.customerEmail !== undefined) {
    const email = commaList('customerEmail', [query.customerEmail]);
    if (E.isLeft(email)) return refuse('customerEmail', 'customerEmail must be one address without commas');
    out['customer.email'] = email.right;
  }
  for (const [key, value] of Object.entries(query.providerFilters?.[conomyProviderId] ?? {})) {
    const name = providerFilterNames[key];
    if (name === undefined) {
      return refuse(
        `providerFilters.conomy.${key}`,
        `providerFilters.conomy.${key} is not a Conomy filter (destination.accountNumber, owner.identityId)`,
      );
    }
    if (typeof value !== 'string' || value.trim() === '') {
      return refuse(
        `providerFilters.conomy.${key}`,
        `providerFilters.conomy.${key} must be a comma-separated list`,
      );
    }
    out[name] = value;
  }
  return pipe(
    decodeCursor(cursor),
    E.map((offset): ConomyListRequest => {
      out['limit'] = Math.min(query.limit ?? conomyMaxPageSize, conomyMaxPageSize);
      if (offset > 0) out['offset'] = offset;
      return { kind: 'query', offset, query: out };
    }),
  );
}
