// Checks a create body the way the documentation describes the fields.
// Written from the docs, independent of the adapter's codecs on purpose.
import type { SimError } from './sim-errors.js';

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
// The docs call these redirect URLs and say no more: any absolute URL passes (an app's own scheme too).
const isUrl = (u: unknown): u is string => typeof u === 'string' && URL.canParse(u);

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

type FieldErrors = Record<string, string[]>;
const add = (errors: FieldErrors, field: string, message: string) => {
  (errors[field] ??= []).push(message);
};

/** The documented 400s: missing required fields, a bad amount, an unsupported currency. */
function checkRequired(
  body: Record<string, unknown>,
  acceptsCurrency: (upperCaseCode: string) => boolean,
): Checked<{ readonly amount: number; readonly currency: string }> {
  const amountField = body['amount_cents'] !== undefined ? 'amount_cents' : 'amount';
  const missing: FieldErrors = {};
  const amount = readAmount(body['amount_cents'], body['amount'], amountField);
  if (amount === undefined) missing['amount_cents'] = ['This field is required'];
  for (const field of ['currency', 'description', 'success_url']) {
    if (body[field] === undefined || body[field] === null || body[field] === '')
      missing[field] = ['This field is required'];
  }
  if (Object.keys(missing).length > 0) {
    const names = Object.keys(missing).join(', ');
    return fail(400, 'invalid_request', `Missing required parameters: ${names}`, missing);
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
  )
    return fail(400, 'invalid_currency', 'Unsupported currency code', { currency: ['unsupported currency'] });
  return { ok: true, value: { amount: total, currency: currency.toUpperCase() } };
}

/** `customer{email, first_name, last_name}`: strings, nothing more is documented (no e-mail format). */
function readCustomer(raw: unknown, errors: FieldErrors): SimCreateSpec['customer'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) {
    add(errors, 'customer', 'must be an object');
    return undefined;
  }
  const customer: Record<string, string> = {};
  for (const name of ['email', 'first_name', 'last_name']) {
    const v = raw[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') add(errors, `customer.${name}`, 'must be a string');
    else customer[name] = v;
  }
  return customer;
}

/** One product: its four documented fields (`price_cents` or the newer `price`). */
function readProduct(p: unknown, at: string, errors: FieldErrors): SimProduct | undefined {
  if (!isObject(p)) {
    add(errors, at, 'must be an object');
    return undefined;
  }
  const priceField = p['price_cents'] !== undefined ? 'price_cents' : 'price';
  const price = p['price_cents'] !== undefined ? p['price_cents'] : p['price'];
  const before = Object.keys(errors).length;
  if (typeof p['merchant_product_id'] !== 'string' || p['merchant_product_id'] === '')
    add(errors, `${at}.merchant_product_id`, 'This field is required');
  if (typeof p['name'] !== 'string' || p['name'] === '') add(errors, `${at}.name`, 'This field is required');
  if (!isInt(p['quantity'], 1)) add(errors, `${at}.quantity`, 'must be an integer of at least 1');
  if (!isInt(price, 0)) add(errors, `${at}.${priceField}`, 'must be a non-negative integer in cents');
  else if (p['price_cents'] !== undefined && p['price'] !== undefined && p['price_cents'] !== p['price'])
    add(errors, `${at}.price`, 'price and price_cents disagree');
  if (Object.keys(errors).length > before) return undefined;
  return {
    merchant_product_id: p['merchant_product_id'] as string,
    name: p['name'] as string,
    quantity: p['quantity'] as number,
    price: price as number,
  };
}

/**
 * Products as line items. Whether they must add up to the amount is not
 * documented (shipping or tax may sit outside them), so it is not checked.
 */
function readProducts(raw: unknown, errors: FieldErrors): SimProduct[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(errors, 'products', 'must be an array');
    return [];
  }
  return raw.flatMap((p: unknown, i) => readProduct(p, `products[${i}]`, errors) ?? []);
}

/** `payment_type` and, for a subscription, its block (a block sent with `one_time` is ignored). */
function readPaymentType(
  body: Record<string, unknown>,
  errors: FieldErrors,
): Pick<SimCreateSpec, 'paymentType' | 'subscription'> {
  const paymentType = body['payment_type'] ?? 'one_time';
  if (paymentType !== 'one_time' && paymentType !== 'subscription') {
    add(errors, 'payment_type', 'must be one_time or subscription');
    return { paymentType: 'one_time' };
  }
  const raw = body['subscription'];
  if (paymentType === 'one_time') return { paymentType };
  if (!isObject(raw)) {
    add(errors, 'subscription', 'Required if payment_type is subscription');
    return { paymentType };
  }
  const interval = raw['interval'];
  const count = raw['interval_count'] ?? 1;
  const trial = raw['trial_period_days'];
  if (typeof interval !== 'string' || !intervals.has(interval))
    add(errors, 'subscription.interval', 'must be daily, weekly, monthly or yearly');
  if (!isInt(count, 1)) add(errors, 'subscription.interval_count', 'must be an integer of at least 1');
  if (trial !== undefined && trial !== null && !isInt(trial, 0))
    add(errors, 'subscription.trial_period_days', 'must be a non-negative integer');
  return {
    paymentType,
    subscription: {
      interval: interval as SimSubscriptionSpec['interval'],
      interval_count: count as number,
      ...(typeof trial === 'number' ? { trial_period_days: trial } : {}),
    },
  };
}

/** `metadata`: a string map. */
function readMetadata(raw: unknown, errors: FieldErrors): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (raw === undefined || raw === null) return metadata;
  if (!isObject(raw)) {
    add(errors, 'metadata', 'must be an object of strings');
    return metadata;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') add(errors, `metadata.${key}`, 'must be a string');
    else metadata[key] = value;
  }
  return metadata;
}

/** `expires_at`, default now + 15 days. */
function readExpiry(raw: unknown, now: Date, errors: FieldErrors): Date {
  const fallback = new Date(now.getTime() + 15 * DAY_MS);
  if (raw === undefined || raw === null) return fallback;
  const parsed = parseTimestamp(raw);
  if (parsed === undefined) add(errors, 'expires_at', 'must be an ISO 8601 timestamp');
  else if (parsed.getTime() <= now.getTime()) add(errors, 'expires_at', 'must be in the future');
  return parsed ?? fallback;
}

/**
 * Validates a `POST /v2/payment-links` body: missing required fields are a
 * 400 `invalid_request`, a bad amount 400 `invalid_amount`, a bad currency
 * 400 `invalid_currency`, every other field problem a 422 `validation_error`
 * naming every field at fault.
 */
export function validateCreateBody(
  body: unknown,
  now: Date,
  acceptsCurrency: (upperCaseCode: string) => boolean,
): Checked<SimCreateSpec> {
  if (!isObject(body)) return fail(400, 'bad_request', 'Request body must be a JSON object');
  const required = checkRequired(body, acceptsCurrency);
  if (!required.ok) return required;
  const errors: FieldErrors = {};
  const description = body['description'];
  if (typeof description !== 'string' || description.trim() === '')
    add(errors, 'description', 'must be a non-empty string');
  if (!isUrl(body['success_url'])) add(errors, 'success_url', 'must be an absolute URL');
  if (body['cancel_url'] !== undefined && body['cancel_url'] !== null && !isUrl(body['cancel_url']))
    add(errors, 'cancel_url', 'must be an absolute URL');
  const customer = readCustomer(body['customer'], errors);
  const spec: SimCreateSpec = {
    ...required.value,
    description: description as string,
    ...(customer !== undefined ? { customer } : {}),
    products: readProducts(body['products'], errors),
    ...readPaymentType(body, errors),
    successUrl: body['success_url'] as string,
    ...(typeof body['cancel_url'] === 'string' ? { cancelUrl: body['cancel_url'] } : {}),
    metadata: readMetadata(body['metadata'], errors),
    expiresAt: readExpiry(body['expires_at'], now, errors),
  };
  if (Object.keys(errors).length > 0) {
    const [first] = Object.entries(errors);
    return fail(422, 'validation_error', `Validation failed: ${first?.[0]} ${first?.[1][0]}`, errors);
  }
  return { ok: true, value: spec };
}
