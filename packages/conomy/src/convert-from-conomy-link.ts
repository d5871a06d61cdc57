import {
  type Customer,
  decodeError,
  type DecodeError,
  type LineItem,
  type LineItemTax,
  type Money,
  parseDecimal,
  parseTimestamp,
  type PaymentLink,
  type PositiveInt,
  unreportedAttempts,
  validCustomer,
  validLineItem,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';

import type { ConomyCustomer, ConomyItem, ConomyLink } from './conomy-api.js';
import { referenceFromCheckoutToken } from './conomy-checkout-token.js';
import { mapConomyStatus } from './map-conomy-status.js';
import { conomyProviderId } from './conomy-provider-id.js';

const provider = conomyProviderId;

function refused(path: string, message: string): DecodeError {
  return decodeError({
    provider,
    message: `conomy answered a body paylinks cannot read: ${path}: ${message}`,
    errors: [`${path}: ${message}`],
  });
}

/** A decimal string in major units as exact minor units; a bad one is a DecodeError naming the path. */
function amount(value: string, currency: string, path: string): E.Either<DecodeError, Money> {
  const parsed = parseDecimal(value, currency, { field: path, positive: false });
  return E.isLeft(parsed) ? E.left(refused(path, parsed.left.message)) : parsed;
}

function date(value: string, path: string): E.Either<DecodeError, Date> {
  const parsed = parseTimestamp(value);
  return parsed === undefined
    ? E.left(refused(path, `expected an ISO 8601 timestamp, got ${JSON.stringify(value)}`))
    : E.right(parsed);
}

function tax(
  item: ConomyItem,
  currency: string,
  path: string,
): E.Either<DecodeError, LineItemTax | undefined> {
  const wire = item.tax;
  if (wire === undefined || wire === null || wire.amount === undefined) return E.right(undefined);
  const type = wire.type === 'PERCENTAGE' ? 'percentage' : wire.type === 'FIXED' ? 'fixed' : undefined;
  // A tax type this version does not know is left out of the model (raw keeps it).
  if (type === undefined) return E.right(undefined);
  const taxAmount = amount(wire.amount, currency, `${path}.tax.amount`);
  if (E.isLeft(taxAmount)) return taxAmount;
  const rate =
    type === 'percentage' && wire.value !== undefined && /^\d{1,3}(?:\.\d{1,4})?$/.test(wire.value)
      ? wire.value
      : undefined;
  return E.right({
    type,
    amount: taxAmount.right.amount,
    ...(wire.name !== undefined && wire.name !== '' ? { name: wire.name } : {}),
    ...(rate !== undefined ? { rate } : {}),
  });
}

/** Conomy items have no quantity: each reads back as one unit priced at its total. */
function lineItems(items: ReadonlyArray<ConomyItem>, currency: string): E.Either<DecodeError, LineItem[]> {
  const out: LineItem[] = [];
  for (const [i, item] of items.entries()) {
    const path = `items.${i}`;
    const total = amount(item.totalAmount, currency, `${path}.totalAmount`);
    if (E.isLeft(total)) return total;
    const itemTax = tax(item, currency, path);
    if (E.isLeft(itemTax)) return itemTax;
    // validLineItem names a blank item `Item <n>`, cuts an over-long one and drops what core refuses.
    out.push(
      validLineItem(
        {
          name: item.description,
          quantity: 1 as PositiveInt,
          unitAmount: total.right.amount,
          tax: itemTax.right,
        },
        i,
      ),
    );
  }
  return E.right(out);
}

function customer(wire: ConomyCustomer | null | undefined): Customer | undefined {
  if (wire === undefined || wire === null) return undefined;
  const phone =
    wire.phoneNumber !== undefined && wire.phoneNumber !== null && wire.phoneNumber !== ''
      ? wire.phoneNumberPrefix !== undefined &&
        wire.phoneNumberPrefix !== null &&
        wire.phoneNumberPrefix !== ''
        ? `${wire.phoneNumberPrefix} ${wire.phoneNumber}`
        : wire.phoneNumber
      : undefined;
  const out: Record<string, string> = {};
  if (wire.email !== undefined && wire.email !== null && wire.email !== '') out['email'] = wire.email;
  if (wire.firstName !== undefined && wire.firstName !== null && wire.firstName !== '')
    out['firstName'] = wire.firstName;
  if (wire.lastName !== undefined && wire.lastName !== null && wire.lastName !== '')
    out['lastName'] = wire.lastName;
  if (phone !== undefined) out['phone'] = phone;
  // A value core's Customer refuses (an e-mail that is not one) stays in raw only.
  return validCustomer(out);
}

const present = (value: string | null | undefined): value is string =>
  value !== undefined && value !== null && value !== '';

/**
 * A Conomy link as a {@link PaymentLink}:
 *
 * - `amount` from `totalAmount` + `currency` (decimal major units, exact);
 * - `reference` from `checkoutToken` (Conomy keeps no other merchant reference; a
 *   token derived from a reference reads back as it, see `referenceFromCheckoutToken`);
 * - `status` from `status` (see `mapConomyStatus`);
 * - `createdAt`; `expiresAt` = `expiresAt` when sent, else `createdAt` + `duration` seconds;
 * - `redirects.success` = `successUrl`; `redirects.failure` and `.cancel` = `failedUrl`;
 * - `lineItems` from `items`; `description` = the single item's description;
 * - `customer` from `customer` (e-mail, names, phone); `paymentMethods` = `paymentMethodsAllowed`;
 * - `attempts` not reported (`reported: false`): a Conomy link carries no attempts (webhooks report transactions);
 * - `raw` = the decoded body.
 */
export function convertFromConomyLink(wire: ConomyLink): E.Either<DecodeError, PaymentLink> {
  const total = amount(wire.totalAmount, wire.currency, 'totalAmount');
  if (E.isLeft(total)) return total;
  const createdAt = present(wire.createdAt) ? date(wire.createdAt, 'createdAt') : E.right(undefined);
  if (E.isLeft(createdAt)) return createdAt;
  let expiresAt: Date | undefined;
  if (present(wire.expiresAt)) {
    const parsed = date(wire.expiresAt, 'expiresAt');
    if (E.isLeft(parsed)) return parsed;
    expiresAt = parsed.right;
  } else if (
    createdAt.right !== undefined &&
    typeof wire.duration === 'number' &&
    Number.isFinite(wire.duration)
  ) {
    const end = new Date(createdAt.right.getTime() + wire.duration * 1000);
    // A duration past the last date a Date can hold leaves expiresAt out (raw keeps it).
    if (!Number.isNaN(end.getTime())) expiresAt = end;
  }
  const items = wire.items ?? [];
  const decodedItems = lineItems(items, wire.currency);
  if (E.isLeft(decodedItems)) return decodedItems;
  const payer = customer(wire.customer);
  const onlyItem = items.length === 1 ? items[0] : undefined;
  const redirects: PaymentLink['redirects'] = {};
  if (present(wire.successUrl)) redirects.success = wire.successUrl;
  if (present(wire.failedUrl)) {
    redirects.failure = wire.failedUrl;
    redirects.cancel = wire.failedUrl;
  }
  // Optional fields are assigned one by one: spreading `...(cond ? { k: v } : {})` literals cost more
  // than the rest of the mapping together (BENCHMARKS.md).
  const link: PaymentLink = {
    provider,
    id: wire.id,
    amount: total.right,
    status: mapConomyStatus(wire.status),
    // A Conomy link reports no attempts (webhooks report transactions): not reported, never 0.
    attempts: unreportedAttempts(),
    redirects,
    metadata: {},
    raw: wire,
  };
  if (present(wire.checkoutToken)) link.reference = referenceFromCheckoutToken(wire.checkoutToken);
  if (present(wire.url)) link.url = wire.url;
  if (onlyItem !== undefined && present(onlyItem.description)) link.description = onlyItem.description;
  if (createdAt.right !== undefined) link.createdAt = createdAt.right;
  if (expiresAt !== undefined) link.expiresAt = expiresAt;
  if (payer !== undefined) link.customer = payer;
  if (decodedItems.right.length > 0) link.lineItems = decodedItems.right;
  if (wire.paymentMethodsAllowed !== undefined && wire.paymentMethodsAllowed !== null)
    link.paymentMethods = wire.paymentMethodsAllowed;
  return E.right(link);
}
