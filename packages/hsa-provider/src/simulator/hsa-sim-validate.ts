// Checks a create body the way the documentation describes the fields.
// Written from the docs, independent of the adapter's codecs on purpose.
import type { SimError } from './hsa-sim-errors.js';

export interface SimProduct {
  readonly merchant_product_id: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: number;
}

export interface SimSubscriptionSpec {
  readonly interval: 'daily' | 'weekly' | 'monthly' | 'yearly';
  readonly interval_count: number;
  readonly trial_period_days?: number;
}

/** A create request that passed every check. */
export interface SimCreateSpec {
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly customer?: { readonly email?: string; readonly first_name?: string; readonly last_name?: string };
  readonly products: ReadonlyArray<SimProduct>;
  readonly paymentType: 'one_time' | 'subscription';
  readonly subscription?: SimSubscriptionSpec;
  readonly successUrl: string;
  readonly cancelUrl?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly expiresAt: Date;
}

export type Checked<A> =
  { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: SimError };

const DAY_MS = 24 * 60 * 60 * 1000;
const intervals = new Set(['daily', 'weekly', 'monthly', 'yearly']);

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);
const isInt = (u: unknown, min: number): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= min;
const isUrl = (u: unknown): u is string => {
  if (typeof u !== 'string') return false;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** ISO 8601 with a time zone, as `expires_at` and the list filters take it. */
export function parseTimestamp(u: unknown): Date | undefined {
  if (typeof u !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(u))
    return undefined;
  const date = new Date(u);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function fail(
  status: number,
  code: string,
  message: string,
  fieldErrors?: Record<string, string[]>,
): Checked<never> {
  return {
    ok: false,
    error: { status, code, message, ...(fieldErrors !== undefined ? { fieldErrors } : {}) },
  };
}

/** Reads `amount_cents` (seed) or `amount` (newer); both may be sent when they agree. */
function readAmount(cents: unknown, plain: unknown, field: string): Checked<number> | undefined {
  if (cents === undefined && plain === undefined) return undefined;
  const given = cents !== undefined ? cents : plain;
  if (cents !== undefined && plain !== undefined && cents !== plain) {
    return fail(400, 'invalid_amount', `${field} and its other name disagree`, {
      [field]: ['values disagree'],
    });
  }
  return { ok: true, value: given as number };
}

/**
 * Validates a `POST /v2/payment-links` body: missing required fields are a
 * 400 `invalid_request`, a bad amount 400 `invalid_amount`, a bad currency
 * 400 `invalid_currency`, every other field problem a 422 `validation_error`.
 */
export function validateCreateBody(
  body: unknown,
  now: Date,
  acceptsCurrency: (upperCaseCode: string) => boolean,
): Checked<SimCreateSpec> {
  if (!isObject(body)) return fail(400, 'bad_request', 'Request body must be a JSON object');
  const amountField = body['amount_cents'] !== undefined ? 'amount_cents' : 'amount';
  const missing: Record<string, string[]> = {};
  const amount = readAmount(body['amount_cents'], body['amount'], amountField);
  if (amount === undefined) missing['amount_cents'] = ['This field is required'];
  for (const field of ['currency', 'description', 'success_url']) {
    if (body[field] === undefined || body[field] === null || body[field] === '')
      missing[field] = ['This field is required'];
  }
  if (Object.keys(missing).length > 0) {
    return fail(
      400,
      'invalid_request',
      `Missing required parameters: ${Object.keys(missing).join(', ')}`,
      missing,
    );
  }
  if (amount !== undefined && !amount.ok) return amount;
  const total = (amount as { value: number }).value;
  if (!isInt(total, 1)) {
    return fail(400, 'invalid_amount', 'Amount must be positive integer in cents', {
      [amountField]: ['must be a positive integer'],
    });
  }
  const currency = body['currency'];
  if (
    typeof currency !== 'string' ||
    !/^[A-Za-z]{3}$/.test(currency) ||
    !acceptsCurrency(currency.toUpperCase())
  ) {
    return fail(400, 'invalid_currency', 'Unsupported currency code', { currency: ['unsupported currency'] });
  }

  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    (errors[field] ??= []).push(message);
  };
  const description = body['description'];
  if (typeof description !== 'string' || description.trim() === '')
    add('description', 'must be a non-empty string');
  if (!isUrl(body['success_url'])) add('success_url', 'must be an http(s) URL');
  if (body['cancel_url'] !== undefined && body['cancel_url'] !== null && !isUrl(body['cancel_url']))
    add('cancel_url', 'must be an http(s) URL');

  let customer: SimCreateSpec['customer'];
  const rawCustomer = body['customer'];
  if (rawCustomer !== undefined && rawCustomer !== null) {
    if (!isObject(rawCustomer)) add('customer', 'must be an object');
    else {
      const c: Record<string, string> = {};
      const email = rawCustomer['email'];
      if (email !== undefined) {
        if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          add('customer.email', 'Invalid email format');
        else c['email'] = email;
      }
      for (const name of ['first_name', 'last_name']) {
        const v = rawCustomer[name];
        if (v === undefined) continue;
        if (typeof v !== 'string') add(`customer.${name}`, 'must be a string');
        else c[name] = v;
      }
      customer = c;
    }
  }

  const products: SimProduct[] = [];
  const rawProducts = body['products'];
  if (rawProducts !== undefined && rawProducts !== null) {
    if (!Array.isArray(rawProducts)) add('products', 'must be an array');
    else {
      rawProducts.forEach((p: unknown, i) => {
        const at = `products[${i}]`;
        if (!isObject(p)) return add(at, 'must be an object');
        const priceField = p['price_cents'] !== undefined ? 'price_cents' : 'price';
        const price = p['price_cents'] !== undefined ? p['price_cents'] : p['price'];
        let ok = true;
        if (typeof p['merchant_product_id'] !== 'string' || p['merchant_product_id'] === '') {
          add(`${at}.merchant_product_id`, 'This field is required');
          ok = false;
        }
        if (typeof p['name'] !== 'string' || p['name'] === '') {
          add(`${at}.name`, 'This field is required');
          ok = false;
        }
        if (!isInt(p['quantity'], 1)) {
          add(`${at}.quantity`, 'must be an integer of at least 1');
          ok = false;
        }
        if (!isInt(price, 0)) {
          add(`${at}.${priceField}`, 'must be a non-negative integer in cents');
          ok = false;
        } else if (
          p['price_cents'] !== undefined &&
          p['price'] !== undefined &&
          p['price_cents'] !== p['price']
        ) {
          add(`${at}.price`, 'price and price_cents disagree');
          ok = false;
        }
        if (ok) {
          products.push({
            merchant_product_id: p['merchant_product_id'] as string,
            name: p['name'] as string,
            quantity: p['quantity'] as number,
            price: price as number,
          });
        }
      });
      if (products.length === rawProducts.length && products.length > 0) {
        const sum = products.reduce((s, p) => s + p.quantity * p.price, 0);
        if (sum !== total) add('products', `Product total (${sum}) does not match ${amountField} (${total})`);
      }
    }
  }

  const paymentType = body['payment_type'] ?? 'one_time';
  if (paymentType !== 'one_time' && paymentType !== 'subscription')
    add('payment_type', 'must be one_time or subscription');
  let subscription: SimSubscriptionSpec | undefined;
  const rawSubscription = body['subscription'];
  if (paymentType === 'subscription') {
    if (!isObject(rawSubscription)) add('subscription', 'Required if payment_type is subscription');
    else {
      const interval = rawSubscription['interval'];
      const count = rawSubscription['interval_count'] ?? 1;
      const trial = rawSubscription['trial_period_days'];
      if (typeof interval !== 'string' || !intervals.has(interval))
        add('subscription.interval', 'must be daily, weekly, monthly or yearly');
      if (!isInt(count, 1)) add('subscription.interval_count', 'must be an integer of at least 1');
      if (trial !== undefined && trial !== null && !isInt(trial, 0))
        add('subscription.trial_period_days', 'must be a non-negative integer');
      subscription = {
        interval: interval as SimSubscriptionSpec['interval'],
        interval_count: count as number,
        ...(typeof trial === 'number' ? { trial_period_days: trial } : {}),
      };
    }
  } else if (rawSubscription !== undefined && rawSubscription !== null) {
    add('subscription', 'Only allowed when payment_type is subscription');
  }

  const metadata: Record<string, string> = {};
  const rawMetadata = body['metadata'];
  if (rawMetadata !== undefined && rawMetadata !== null) {
    if (!isObject(rawMetadata)) add('metadata', 'must be an object of strings');
    else {
      for (const [key, value] of Object.entries(rawMetadata)) {
        if (typeof value !== 'string') add(`metadata.${key}`, 'must be a string');
        else metadata[key] = value;
      }
    }
  }

  let expiresAt = new Date(now.getTime() + 15 * DAY_MS);
  const rawExpiry = body['expires_at'];
  if (rawExpiry !== undefined && rawExpiry !== null) {
    const parsed = parseTimestamp(rawExpiry);
    if (parsed === undefined) add('expires_at', 'must be an ISO 8601 timestamp');
    else if (parsed.getTime() <= now.getTime()) add('expires_at', 'must be in the future');
    else expiresAt = parsed;
  }

  if (Object.keys(errors).length > 0) {
    const [first] = Object.entries(errors);
    return fail(422, 'validation_error', `Validation failed: ${first?.[0]} ${first?.[1][0]}`, errors);
  }
  return {
    ok: true,
    value: {
      amount: total,
      currency: currency.toUpperCase(),
      description: description as string,
      ...(customer !== undefined ? { customer } : {}),
      products,
      paymentType: paymentType as SimCreateSpec['paymentType'],
      ...(subscription !== undefined ? { subscription } : {}),
      successUrl: body['success_url'] as string,
      ...(typeof body['cancel_url'] === 'string' ? { cancelUrl: body['cancel_url'] } : {}),
      metadata,
      expiresAt,
    },
  };
}
