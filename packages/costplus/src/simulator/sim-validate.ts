// Checks a `POST /v1/paymentlinks/` body the way the Cost+ docs describe the
// request, answering the first problem as Cost+'s documented 400 body. Written
// from the docs, independently of the adapter's request builder.
import { currencies, parseIsoDuration } from '@paylinks/core/adapter';

/** The documented 400 body. */
export interface CostplusErrorBody {
  readonly error: {
    readonly status: number;
    readonly type: string;
    readonly value: string;
    readonly property_path?: string;
    readonly property_description?: string;
  };
}

/** A request body that passed the checks. */
export interface CreateLinkBody {
  readonly merchant_order_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly description: string | null;
  readonly expiration_period: string | null;
  readonly return_url: string | null;
  readonly failure_url: string | null;
  readonly webhook_url: string | null;
  readonly payment_methods: ReadonlyArray<string> | null;
  readonly customer: Readonly<Record<string, unknown>> | null;
}

// The customer fields providers.md lists: each is checked for its type when present; others are ignored.
const customerFields = [
  'merchant_customer_id',
  'email_address',
  'first_name',
  'last_name',
  'address_type',
  'address',
  'postal_code',
  'housenumber',
  'country',
  'locale',
  'phone_numbers',
  'ip_address',
  'gender',
  'birthdate',
  'additional_addresses',
  'user_agent',
];

/** The offending value as the error's `value` text: at most 200 characters, and never a throw (a 10,000-deep array overflows `JSON.stringify`). */
function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  } catch {
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Builds the documented 400 body for one property. */
export function validationFailure(path: string, value: unknown, description: string): CostplusErrorBody {
  return {
    error: {
      status: 400,
      type: 'ValidationError',
      value: shown(value),
      property_path: path,
      property_description: description,
    },
  };
}

class Invalid {
  constructor(readonly body: CostplusErrorBody) {}
}

const fail = (path: string, value: unknown, description: string): never => {
  throw new Invalid(validationFailure(path, value, description));
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalString(body: Record<string, unknown>, key: string, path = key): string | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return fail(path, v, `${path} must be a string or null`);
  return v;
}

function optionalUrl(body: Record<string, unknown>, key: string): string | null {
  const v = optionalString(body, key);
  if (v === null) return null;
  // The docs call these URLs and say no more: any absolute URL passes (an app's own scheme too).
  if (!URL.canParse(v)) return fail(key, v, `${key} must be an absolute URL`);
  return v;
}

function checkCustomer(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) return fail('customer', value, 'customer must be an object');
  for (const key of customerFields) {
    if (key === 'phone_numbers' || key === 'additional_addresses') continue;
    optionalString(value, key, `customer.${key}`);
  }
  const phones = value['phone_numbers'];
  if (phones !== undefined && phones !== null) {
    if (!Array.isArray(phones))
      fail('customer.phone_numbers', phones, 'customer.phone_numbers must be an array');
    (phones as unknown[]).forEach((p, i) => {
      if (typeof p !== 'string') fail(`customer.phone_numbers.${i}`, p, 'a phone number must be a string');
    });
  }
  const extra = value['additional_addresses'];
  if (extra !== undefined && extra !== null) {
    if (!Array.isArray(extra))
      fail('customer.additional_addresses', extra, 'customer.additional_addresses must be an array');
    (extra as unknown[]).forEach((a, i) => {
      if (!isObject(a))
        fail(`customer.additional_addresses.${i}`, a, 'an additional address must be an object');
    });
  }
  return value;
}

function checkBody(json: unknown): CreateLinkBody {
  if (!isObject(json)) return fail('', json, 'the request body must be a JSON object');
  const reference = json['merchant_order_id'];
  if (typeof reference !== 'string' || reference.trim() === '') {
    fail('merchant_order_id', reference, 'merchant_order_id is required and must be a non-empty string');
  }
  const amount = json['amount'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
    fail('amount', amount, 'amount is required: a positive integer in minor units');
  }
  const currency = json['currency'];
  if (typeof currency !== 'string' || !currencies.has(currency)) {
    fail('currency', currency, 'currency is required: an ISO 4217 code');
  }
  const period = optionalString(json, 'expiration_period');
  if (period !== null) {
    const parsed = parseIsoDuration(period, 'expiration_period');
    if (parsed._tag === 'Left' || Object.values(parsed.right).every((v) => v === 0)) {
      fail('expiration_period', period, 'expiration_period must be a positive ISO 8601 duration (e.g. P30D)');
    }
  }
  const methods = json['payment_methods'];
  if (methods !== undefined && methods !== null) {
    if (!Array.isArray(methods)) fail('payment_methods', methods, 'payment_methods must be an array');
    (methods as unknown[]).forEach((m, i) => {
      if (typeof m !== 'string' || m === '')
        fail(`payment_methods.${i}`, m, 'a payment method must be a non-empty string');
    });
  }
  return {
    merchant_order_id: reference as string,
    amount: amount as number,
    currency: currency as string,
    description: optionalString(json, 'description'),
    expiration_period: period,
    return_url: optionalUrl(json, 'return_url'),
    failure_url: optionalUrl(json, 'failure_url'),
    webhook_url: optionalUrl(json, 'webhook_url'),
    payment_methods: (methods as string[] | null | undefined) ?? null,
    customer: checkCustomer(json['customer']),
  };
}

/** Checks a create body: the accepted body, or the 400 body to answer. */
export function validateCreateBody(
  json: unknown,
): { ok: true; body: CreateLinkBody } | { ok: false; error: CostplusErrorBody } {
  try {
    return { ok: true, body: checkBody(json) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.body };
    throw e;
  }
}
