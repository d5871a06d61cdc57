import type { PaymentLinkErrorTag, ProviderErrorDetails } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

// Documented form: {"error": {"status": 400, "type": "...", "value": "...",
// "property_path": "...", "property_description": "..."}}.
const DocumentedErrorBody = t.type({
  error: t.partial({
    status: t.union([t.number, t.string]),
    type: t.string,
    value: t.unknown,
    property_path: t.string,
    property_description: t.string,
    message: t.string,
  }),
});

// Seen on 401: {"error": "werkzeug.exceptions.Unauthorized", "message": "..."}.
const WerkzeugErrorBody = t.intersection([t.type({ error: t.string }), t.partial({ message: t.string })]);

const nonEmpty = (s: string | undefined): string | undefined =>
  s !== undefined && s.trim() !== '' ? s : undefined;

/** Create-body field names and the create-input paths they stand for. */
const wireToInput: Readonly<Record<string, string>> = {
  merchant_order_id: 'reference',
  amount: 'amount.amount',
  currency: 'amount.currency',
  description: 'description',
  expiration_period: 'expiresIn',
  return_url: 'successUrl',
  failure_url: 'failureUrl',
  webhook_url: 'webhookUrl',
  payment_methods: 'paymentMethods',
  customer: 'customer',
  'customer.email_address': 'customer.email',
  'customer.first_name': 'customer.firstName',
  'customer.last_name': 'customer.lastName',
  'customer.locale': 'customer.locale',
};

/** The caller's field a Cost+ `property_path` blames (`return_url` = `successUrl`); unknown paths as given. */
export function costplusInputField(propertyPath: string): string {
  return wireToInput[propertyPath] ?? propertyPath;
}

/**
 * Reads a Cost+ error body (either documented form) into what core's
 * classifier needs: the error type as the code, the provider's message and
 * the `property_path` it blames. `undefined` for any other body.
 */
export function readCostplusError(body: unknown, _status: number): ProviderErrorDetails | undefined {
  const werkzeug = WerkzeugErrorBody.decode(body);
  if (E.isRight(werkzeug)) {
    const message = nonEmpty(werkzeug.right.message);
    return { code: werkzeug.right.error, ...(message !== undefined ? { message } : {}) };
  }
  const documented = DocumentedErrorBody.decode(body);
  if (E.isLeft(documented)) return undefined;
  const {
    type,
    value,
    property_path: field,
    property_description: description,
    message: text,
  } = documented.right.error;
  const valueText = typeof value === 'string' ? nonEmpty(value) : undefined;
  const message = nonEmpty(description) ?? valueText ?? nonEmpty(text);
  const details: ProviderErrorDetails = {
    ...(nonEmpty(type) !== undefined ? { code: type as string } : {}),
    ...(message !== undefined
      ? {
          message:
            nonEmpty(field) !== undefined && !message.includes(field as string)
              ? `${field}: ${message}`
              : message,
        }
      : {}),
    ...(nonEmpty(field) !== undefined ? { field: costplusInputField(field as string) } : {}),
  };
  return Object.keys(details).length > 0 ? details : undefined;
}

/**
 * Error types whose meaning differs from (or is sharper than) the HTTP status.
 * Cost+ runs on werkzeug (Flask); its exception names travel as the code.
 */
export const costplusCodeTags: Readonly<Record<string, PaymentLinkErrorTag>> = {
  'werkzeug.exceptions.BadRequest': 'ValidationError',
  'werkzeug.exceptions.UnprocessableEntity': 'ValidationError',
  'werkzeug.exceptions.Unauthorized': 'AuthenticationError',
  'werkzeug.exceptions.Forbidden': 'PermissionError',
  'werkzeug.exceptions.NotFound': 'NotFoundError',
  'werkzeug.exceptions.Conflict': 'ConflictError',
  'werkzeug.exceptions.TooManyRequests': 'RateLimitError',
};
