// The link body the simulated API answers, and the body of a transaction webhook.
import { createHmac } from 'node:crypto';

import { trimDecimal } from './sim-decimal.js';
import type { SimLink, SimTransaction } from './sim-state.js';

/** How amounts are written in answers: the currency's digits (`12.50`) or the shortest form (`12.5`). */
export type AmountFormat = 'exponent' | 'trimmed';

/** A link as Conomy answers it. */
export function linkJson(link: SimLink, format: AmountFormat): Record<string, unknown> {
  const amount = (value: string) => (format === 'trimmed' ? trimDecimal(value) : value);
  return {
    id: link.id,
    checkoutToken: link.checkoutToken,
    status: link.status,
    items: link.items.map((item) => ({
      preTaxAmount: amount(item.preTaxAmount),
      totalAmount: amount(item.totalAmount),
      description: item.description,
      tax:
        item.tax === undefined || item.tax === null
          ? null
          : { ...item.tax, ...(item.tax.amount !== undefined ? { amount: amount(item.tax.amount) } : {}) },
    })),
    currency: link.currency,
    preTaxAmount: amount(link.preTaxAmount),
    totalAmount: amount(link.totalAmount),
    url: link.url,
    paymentMethodsAllowed: link.paymentMethodsAllowed,
    customer: link.customer,
    createdAt: link.createdAt.toISOString(),
    destinations: link.destinations,
    duration: link.duration,
    customerRequirements: link.customerRequirements,
    owner: link.owner,
    ...(link.successUrl !== undefined ? { successUrl: link.successUrl } : {}),
    ...(link.failedUrl !== undefined ? { failedUrl: link.failedUrl } : {}),
  };
}

/** Where a delivery's signature goes: in the body (documented, preferred), a header (older), or both. */
export type SignatureForm = 'body' | 'header' | 'both';

/**
 * A `Transaction.*` webhook as Conomy documents it: `{event, data:
 * {transaction}}`, signed with HMAC-SHA256 of `JSON.stringify({event, data})`
 * in a `signature` field, or of the raw body in `X-Webhook-Signature`.
 */
export function transactionWebhook(
  link: SimLink,
  transaction: SimTransaction,
  event: string,
  o: { readonly secret: string; readonly form: SignatureForm },
): { body: string; headers: Record<string, string> } {
  const data = {
    transaction: {
      id: transaction.id,
      purchaseAmount: link.totalAmount,
      totalAmount: link.totalAmount,
      // For a payment-link payment the client-provided identifier is the link's checkoutToken.
      externalId: link.checkoutToken,
      currency: link.currency,
      status: transaction.status,
    },
  };
  const sign = (payload: string) => createHmac('sha256', o.secret).update(payload).digest('hex');
  const body =
    o.form === 'header'
      ? JSON.stringify({ event, data })
      : JSON.stringify({ event, data, signature: sign(JSON.stringify({ event, data })) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.form !== 'body') headers['x-webhook-signature'] = sign(body);
  return { body, headers };
}
