import type { PaymentLinkErrorTag, ProviderErrorDetails } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

const FieldErrors = t.record(t.string, t.union([t.array(t.string), t.string]));
const Details = t.partial({ field_errors: t.union([FieldErrors, t.null]) });

/** Current envelope: `{"error": {"code", "message", "details": {"field_errors": {...}}}}`. */
const HsaErrorBody = t.type({
  error: t.partial({
    code: t.string,
    message: t.string,
    details: t.union([Details, t.null]),
    request_id: t.string,
  }),
});

/** Older envelope: `{"success": false, "error_code": 422, "error_type": "unprocessable_entity", "error_message", "details"}`. */
const HsaLegacyErrorBody = t.intersection([
  t.type({ success: t.literal(false) }),
  t.partial({
    error_code: t.union([t.string, t.number]),
    error_type: t.string,
    error_message: t.string,
    details: t.union([Details, t.null]),
    request_id: t.string,
  }),
]);

/**
 * Provider error codes, in both envelopes, and the tag each means. Where
 * the HTTP status would say otherwise the code wins: `invalid_state` comes
 * with a 400 but means the link is in the wrong state (`ConflictError`).
 * @see https://docs.withgale.com/developer-manual/errors
 */
export const hsaCodeTags: Readonly<Record<string, PaymentLinkErrorTag>> = {
  bad_request: 'ValidationError',
  invalid_request: 'ValidationError',
  invalid_amount: 'ValidationError',
  invalid_currency: 'ValidationError',
  validation_error: 'ValidationError',
  unprocessable_entity: 'ValidationError',
  unauthorized: 'AuthenticationError',
  forbidden: 'PermissionError',
  not_found: 'NotFoundError',
  conflict: 'ConflictError',
  invalid_state: 'ConflictError',
  rate_limit_exceeded: 'RateLimitError',
  too_many_requests: 'RateLimitError',
  internal_error: 'ProviderError',
  internal_server_error: 'ProviderError',
};

/** Wire field names (as `field_errors` keys use them) and the create-input paths they stand for. */
const wireToInput: ReadonlyArray<readonly [RegExp, string]> = [
  [/^amount(_cents)?$/, 'amount.amount'],
  [/^currency$/, 'amount.currency'],
  [/^description$/, 'description'],
  [/^success_url$/, 'successUrl'],
  [/^cancel_url$/, 'cancelUrl'],
  [/^expires_at$/, 'expiresAt'],
  [/^metadata(\.|$)/, 'metadata'],
  [/^customer\.email$/, 'customer.email'],
  [/^customer\.first_name$/, 'customer.firstName'],
  [/^customer\.last_name$/, 'customer.lastName'],
  [/^customer$/, 'customer'],
  [/^products$/, 'lineItems'],
  [/^payment_type$/, 'subscription'],
  [/^subscription\.interval$/, 'subscription.interval'],
  [/^subscription\.interval_count$/, 'subscription.intervalCount'],
  [/^subscription\.trial_period_days$/, 'subscription.trialPeriodDays'],
  [/^subscription$/, 'subscription'],
];

const productField: Readonly<Record<string, string>> = {
  merchant_product_id: 'id',
  name: 'name',
  quantity: 'quantity',
  price_cents: 'unitAmount',
  price: 'unitAmount',
};

/**
 * The create-input path a provider field name stands for (`products[0].price_cents`
 * = `lineItems.0.unitAmount`); unknown names come back as given.
 */
export function inputFieldFor(wireField: string): string {
  const normalized = wireField.replace(/\[(\d+)\]/g, '.$1');
  const product = /^products\.(\d+)\.(\w+)$/.exec(normalized);
  if (product !== null) {
    const mapped = productField[product[2] as string];
    return `lineItems.${product[1]}${mapped !== undefined ? `.${mapped}` : ''}`;
  }
  for (const [pattern, field] of wireToInput) if (pattern.test(normalized)) return field;
  return normalized;
}

/** Every `field_errors` entry, in the provider's order. */
function fieldErrors(
  details: t.TypeOf<typeof Details> | null | undefined,
): Array<{ field: string; text: string }> {
  const errors = details?.field_errors;
  if (errors === undefined || errors === null) return [];
  return Object.entries(errors).map(([field, value]) => ({
    field,
    text: Array.isArray(value) ? value.join('; ') : value,
  }));
}

function withFieldError(
  message: string | undefined,
  fieldError: { field: string; text: string } | undefined,
) {
  if (fieldError === undefined) return message;
  const detail = `${fieldError.field}: ${fieldError.text}`;
  return message === undefined
    ? detail
    : message.includes(fieldError.text)
      ? message
      : `${message} (${detail})`;
}

function details(parts: {
  code: string | undefined;
  message: string | undefined;
  fieldErrors: ReadonlyArray<{ field: string; text: string }>;
  requestId: string | undefined;
}): ProviderErrorDetails {
  const first = parts.fieldErrors[0];
  const message = withFieldError(parts.message, first);
  const issues = parts.fieldErrors.map((e) => ({
    field: inputFieldFor(e.field),
    message: `${e.field}: ${e.text}`,
  }));
  return {
    ...(parts.code !== undefined ? { code: parts.code } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(first !== undefined ? { field: inputFieldFor(first.field) } : {}),
    ...(issues.length > 1 ? { issues } : {}),
    ...(parts.requestId !== undefined ? { requestId: parts.requestId } : {}),
  };
}

/**
 * Reads an HSA error body in either envelope. `undefined` when the body is
 * in neither (the HTTP status alone then decides the tag).
 */
export function readHsaError(body: unknown): ProviderErrorDetails | undefined {
  const current = HsaErrorBody.decode(body);
  if (E.isRight(current)) {
    const { error } = current.right;
    return details({
      code: error.code,
      message: error.message,
      fieldErrors: fieldErrors(error.details),
      requestId: error.request_id,
    });
  }
  const legacy = HsaLegacyErrorBody.decode(body);
  if (E.isRight(legacy)) {
    const b = legacy.right;
    // The older envelope puts the HTTP status in error_code and the name in error_type.
    const code =
      typeof b.error_code === 'string' && !/^\d+$/.test(b.error_code) ? b.error_code : b.error_type;
    return details({
      code,
      message: b.error_message,
      fieldErrors: fieldErrors(b.details),
      requestId: b.request_id,
    });
  }
  return undefined;
}
