import { describeError, type PaymentLinkError } from '@paylinks/core';

/** Input field paths (`amount.amount`, `providerOptions.conomy.checkoutToken`) to the flags that set them. */
export type FieldFlags = Readonly<Record<string, string>>;

/** How `create`'s input fields map to its flags. */
export const createFieldFlags: FieldFlags = {
  reference: '--reference',
  amount: '--amount',
  'amount.amount': '--amount',
  'amount.currency': '--currency',
  currency: '--currency',
  description: '--description',
  expiresIn: '--expires-in',
  expiresAt: '--expires-at',
  expiry: '--expires-in',
  successUrl: '--success-url',
  failureUrl: '--failure-url',
  cancelUrl: '--cancel-url',
  webhookUrl: '--webhook-url',
  customer: '--customer-email',
  'customer.email': '--customer-email',
  'providerOptions.conomy': '--checkout-token',
  'providerOptions.conomy.checkoutToken': '--checkout-token',
};

/** How `list`'s query fields map to its flags. */
export const listFieldFlags: FieldFlags = {
  status: '--status',
  customerEmail: '--customer-email',
  limit: '--page-size',
};

/** How `cancel`'s fields map to its flags. */
export const cancelFieldFlags: FieldFlags = { reason: '--reason' };

/** The flag that sets a field: an exact entry, else the entry of its nearest parent path. */
export function flagForField(field: string, flags: FieldFlags): string | undefined {
  for (let path = field; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const flag = flags[path];
    if (flag !== undefined) return flag;
  }
  return undefined;
}

/**
 * The one-line message for a failed operation. A `ValidationError` names the
 * flag that set the field (`--amount must be greater than zero`); an
 * `UnsupportedError` says the provider lacks the operation; the rest use
 * core's `[provider] Tag: message (HTTP 404, code x, request r)` with a hint
 * where one helps.
 */
export function describeFailure(error: PaymentLinkError, flags: FieldFlags = {}): string {
  const prefix = error.provider !== undefined ? `[${error.provider}] ` : '';
  switch (error._tag) {
    case 'ValidationError': {
      const flag = flagForField(error.field, flags);
      if (flag === undefined) return `${prefix}invalid ${error.field || 'input'}: ${error.message}`;
      const rest = error.message.startsWith(error.field)
        ? error.message.slice(error.field.length)
        : `: ${error.message}`;
      const named = `${flag}${rest}`;
      return `${prefix}${named}${error.field !== flag.slice(2) ? ` (${error.field})` : ''}`;
    }
    case 'UnsupportedError':
      return `${prefix}not supported: ${error.message}`;
    case 'RateLimitError':
      return `${describeError(error)}${
        error.retryAfterMs !== undefined ? `; retry in ${Math.ceil(error.retryAfterMs / 1000)} s` : ''
      }`;
    case 'NetworkError':
      return `${describeError(error)}${
        error.ambiguous
          ? '; the request may have reached the provider (the link may exist): check before retrying'
          : ''
      }`;
    default:
      return describeError(error);
  }
}
