// Checks a `POST /payment-links` body the way the Conomy docs describe it,
// into a new link. Written from the docs, independently of the adapter.
import { currencies } from '@paylinks/core/adapter';
import type { SimResponse } from '@paylinks/testing';

import { fromScaled, toScaled } from './sim-decimal.js';
import { conomyError } from './sim-errors.js';
import { newConomyId, type SimItem, type SimLink, type SimTax } from './sim-state.js';

type Check<A> =
  { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: SimResponse };

const missing = (field: string): Check<never> => ({
  ok: false,
  error: conomyError('missingParam', `${field} is required`),
});
const invalid = (field: string, why: string): Check<never> => ({
  ok: false,
  error: conomyError('invalidParam', `${field} ${why}`),
});

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

function optionalUrl(body: Record<string, unknown>, field: string): Check<string | undefined> {
  const value = body[field];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'string') return invalid(field, 'must be a URL string');
  // The docs say "the URL to which the end user will be redirected", no more: any absolute URL passes.
  if (!URL.canParse(value)) return invalid(field, 'must be an absolute URL');
  return { ok: true, value };
}

const amountRule = (digits: number) => `must be a decimal amount with at most ${digits} decimals`;

/** The optional tax block: only its documented `type` values are checked, and `amount` read when given. */
function parseTax(raw: unknown, at: string, digits: number): Check<SimTax | null> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (!isRecord(raw)) return invalid(at, 'must be an object');
  const tax: Record<string, string> = {};
  for (const field of ['name', 'type', 'value', 'amount'] as const) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return invalid(`${at}.${field}`, 'must be a string');
    tax[field] = value;
  }
  if (tax['type'] !== undefined && tax['type'] !== 'FIXED' && tax['type'] !== 'PERCENTAGE')
    return invalid(`${at}.type`, 'must be FIXED or PERCENTAGE');
  if (tax['amount'] !== undefined && toScaled(tax['amount'], digits) === undefined)
    return invalid(`${at}.amount`, amountRule(digits));
  return { ok: true, value: tax };
}

/**
 * One item. Its two amounts are needed (a link's amounts are the sums of its
 * items'); how they relate is not documented, so none is checked: a price
 * with VAT included and no tax block is ordinary.
 */
function parseItem(item: unknown, at: string, digits: number): Check<SimItem> {
  if (!isRecord(item)) return invalid(at, 'must be an object');
  for (const field of ['preTaxAmount', 'totalAmount'] as const) {
    if (item[field] === undefined || item[field] === null) return missing(`${at}.${field}`);
    if (toScaled(item[field], digits) === undefined) return invalid(`${at}.${field}`, amountRule(digits));
  }
  const description = item['description'];
  if (description !== undefined && description !== null && typeof description !== 'string')
    return invalid(`${at}.description`, 'must be a string');
  const tax = parseTax(item['tax'], `${at}.tax`, digits);
  if (!tax.ok) return tax;
  return {
    ok: true,
    value: {
      preTaxAmount: item['preTaxAmount'] as string,
      totalAmount: item['totalAmount'] as string,
      ...(typeof description === 'string' ? { description } : {}),
      tax: tax.value,
    },
  };
}

function parseItems(
  raw: unknown,
  digits: number,
): Check<{ items: SimItem[]; preTax: bigint; total: bigint }> {
  if (raw === undefined || raw === null) return missing('items');
  if (!Array.isArray(raw) || raw.length === 0) return invalid('items', 'must hold at least one item');
  const items: SimItem[] = [];
  let preTax = 0n;
  let total = 0n;
  for (const [i, entry] of raw.entries()) {
    const item = parseItem(entry, `items[${i}]`, digits);
    if (!item.ok) return item;
    preTax += toScaled(item.value.preTaxAmount, digits) ?? 0n;
    total += toScaled(item.value.totalAmount, digits) ?? 0n;
    items.push(item.value);
  }
  if (total <= 0n) return invalid('items', 'must add up to more than zero');
  return { ok: true, value: { items, preTax, total } };
}

/** The three documented required fields. */
function parseRequired(
  body: Record<string, unknown>,
): Check<{ checkoutToken: string; currency: string; duration: number }> {
  const checkoutToken = body['checkoutToken'];
  if (checkoutToken === undefined || checkoutToken === null || checkoutToken === '')
    return missing('checkoutToken');
  if (typeof checkoutToken !== 'string') return invalid('checkoutToken', 'must be a string');
  const currency = body['currency'];
  if (currency === undefined || currency === null) return missing('currency');
  if (typeof currency !== 'string' || !currencies.has(currency))
    return invalid('currency', 'must be an ISO 4217 code');
  const duration = body['duration'];
  if (duration === undefined || duration === null) return missing('duration');
  if (typeof duration !== 'number' || !Number.isSafeInteger(duration) || duration < 30) {
    return invalid('duration', 'must be a whole number of seconds, at least 30');
  }
  return { ok: true, value: { checkoutToken, currency, duration } };
}

type Extras = Pick<
  SimLink,
  'paymentMethodsAllowed' | 'customer' | 'destinations' | 'owner' | 'customerRequirements'
>;

/** The optional fields the fuller docs add, each checked for its documented shape. */
function parseExtras(body: Record<string, unknown>): Check<Extras> {
  const methods = body['paymentMethodsAllowed'];
  if (methods !== undefined && (!Array.isArray(methods) || !methods.every((m) => typeof m === 'string'))) {
    return invalid('paymentMethodsAllowed', 'must be a list of payment methods');
  }
  const destinations = body['destinations'];
  if (destinations !== undefined && (!Array.isArray(destinations) || !destinations.every(isRecord))) {
    return invalid('destinations', 'must be a list of destinations');
  }
  const owner = body['owner'];
  if (
    owner !== undefined &&
    owner !== null &&
    (!isRecord(owner) || typeof owner['identityId'] !== 'string')
  ) {
    return invalid('owner', 'must hold an identityId');
  }
  const customer = body['customer'];
  if (customer !== undefined && customer !== null && !isRecord(customer))
    return invalid('customer', 'must be an object');
  const requirements = body['customerRequirements'];
  if (
    requirements !== undefined &&
    (!Array.isArray(requirements) || !requirements.every((r) => typeof r === 'string'))
  ) {
    return invalid('customerRequirements', 'must be a list of customer fields');
  }
  return {
    ok: true,
    value: {
      paymentMethodsAllowed: (methods as string[] | undefined) ?? ['CARD'],
      customer: isRecord(customer) ? customer : null,
      destinations: (destinations as Record<string, unknown>[] | undefined) ?? [],
      owner: isRecord(owner) ? owner : null,
      customerRequirements: (requirements as string[] | undefined) ?? [],
    },
  };
}

/** Validates a `POST /payment-links` body the way the docs describe it, into a new link (status ATTEMPT). */
export function parseCreateBody(
  body: unknown,
  context: { readonly now: Date; readonly checkoutUrl: (token: string) => string },
): Check<SimLink> {
  if (!isRecord(body)) {
    return {
      ok: false,
      error: conomyError('parsingResource', 'the request body could not be parsed as a JSON object'),
    };
  }
  const required = parseRequired(body);
  if (!required.ok) return required;
  const { checkoutToken, currency, duration } = required.value;
  const digits = currencies.get(currency)?.exponent ?? 2;
  const items = parseItems(body['items'], digits);
  if (!items.ok) return items;
  const successUrl = optionalUrl(body, 'successUrl');
  if (!successUrl.ok) return successUrl;
  const failedUrl = optionalUrl(body, 'failedUrl');
  if (!failedUrl.ok) return failedUrl;
  const extras = parseExtras(body);
  if (!extras.ok) return extras;
  return {
    ok: true,
    value: {
      id: newConomyId(),
      checkoutToken,
      status: 'ATTEMPT',
      currency,
      items: items.value.items,
      preTaxAmount: fromScaled(items.value.preTax, digits),
      totalAmount: fromScaled(items.value.total, digits),
      url: context.checkoutUrl(checkoutToken),
      createdAt: context.now,
      duration,
      ...(successUrl.value !== undefined ? { successUrl: successUrl.value } : {}),
      ...(failedUrl.value !== undefined ? { failedUrl: failedUrl.value } : {}),
      ...extras.value,
      transactions: [],
      deleted: false,
    },
  };
}
