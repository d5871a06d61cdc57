// Wire codecs of the Cost+ API. Private to the adapter: partial, tolerant of
// extra fields, and only as strict as the fields the adapter reads.
// @see https://docs.costplus.io/api-reference/payment-links/createPaymentLink
import { CurrencyCode, DateFromISOString, MinorUnits, nullable, validateWith } from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** Customer object, as sent and as returned. */
export const CostplusCustomer = t.partial({
  merchant_customer_id: nullable(t.string),
  email_address: nullable(t.string),
  first_name: nullable(t.string),
  last_name: nullable(t.string),
  address_type: nullable(t.string),
  address: nullable(t.string),
  postal_code: nullable(t.string),
  housenumber: nullable(t.string),
  country: nullable(t.string),
  locale: nullable(t.string),
  phone_numbers: nullable(t.array(t.string)),
  ip_address: nullable(t.string),
  gender: nullable(t.string),
  birthdate: nullable(t.string),
  additional_addresses: nullable(t.array(t.unknown)),
  user_agent: nullable(t.string),
});
export type CostplusCustomer = t.TypeOf<typeof CostplusCustomer>;

/** A payment link (`POST /paymentlinks/` 201, `GET /paymentlinks/{id}/`). */
export const CostplusLink = t.intersection(
  [
    t.type({
      id: t.string,
      amount: MinorUnits,
      currency: CurrencyCode,
      status: t.string,
    }),
    t.partial({
      merchant_order_id: nullable(t.string),
      description: nullable(t.string),
      expiration_period: nullable(t.string),
      payment_url: nullable(t.string),
      payment_methods: nullable(t.array(t.string)),
      created: nullable(DateFromISOString),
      modified: nullable(DateFromISOString),
      completed: nullable(DateFromISOString),
      completed_order_id: nullable(t.string),
      reason: nullable(t.string),
      /** Order ids grouped by order status: `{ "error": ["..."], "completed": ["..."] }`. */
      orders: nullable(t.record(t.string, nullable(t.array(t.string)))),
      customer: nullable(CostplusCustomer),
      return_url: nullable(t.string),
      failure_url: nullable(t.string),
      webhook_url: nullable(t.string),
      flags: nullable(t.array(t.string)),
    }),
  ],
  'CostplusPaymentLink',
);
export type CostplusLink = t.TypeOf<typeof CostplusLink>;

/** An order (`GET /orders/{id}/`): one payment attempt made through a link. */
export const CostplusOrder = t.intersection(
  [
    t.type({ id: t.string, status: t.string }),
    t.partial({
      merchant_order_id: nullable(t.string),
      /** The payment link the order was made through (OpenAPI `Order.related_payment_link_id`). */
      related_payment_link_id: nullable(t.string),
      project_id: nullable(t.string),
      amount: nullable(MinorUnits),
      currency: nullable(CurrencyCode),
      description: nullable(t.string),
      created: nullable(DateFromISOString),
      modified: nullable(DateFromISOString),
      completed: nullable(DateFromISOString),
      expiration_period: nullable(t.string),
      flags: nullable(t.array(t.string)),
      transactions: nullable(
        t.array(
          t.intersection([
            t.type({ id: t.string }),
            t.partial({ status: nullable(t.string), payment_method: nullable(t.string) }),
          ]),
        ),
      ),
    }),
  ],
  'CostplusOrder',
);
export type CostplusOrder = t.TypeOf<typeof CostplusOrder>;

/** The body of `POST /paymentlinks/` as the adapter sends it. */
export interface CostplusCreateBody {
  readonly merchant_order_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly description?: string;
  readonly expiration_period?: string;
  readonly return_url?: string;
  readonly failure_url?: string;
  readonly webhook_url?: string;
  readonly payment_methods?: ReadonlyArray<string>;
  readonly customer?: Readonly<Record<string, unknown>>;
}

/** Notification bodies (`status_changed`, `transaction_status_changed`). Cost+ signs neither. */
export const CostplusWebhook = t.intersection(
  [
    t.type({ event: t.string, order_id: t.string }),
    t.partial({
      project_id: nullable(t.string),
      merchant_id: nullable(t.string),
      transaction_id: nullable(t.string),
      transaction_status: nullable(t.string),
    }),
  ],
  'CostplusWebhook',
);
export type CostplusWebhook = t.TypeOf<typeof CostplusWebhook>;

/**
 * Decodes with `codec` and keeps the JSON as it came next to the decoded
 * value, so a link's `raw` holds Cost+'s own strings (timestamps untouched).
 */
export function withRaw<A, O>(
  codec: t.Type<A, O, unknown>,
): t.Type<{ readonly wire: A; readonly raw: unknown }, O, unknown> {
  return new t.Type<{ readonly wire: A; readonly raw: unknown }, O, unknown>(
    codec.name,
    (u): u is { readonly wire: A; readonly raw: unknown } =>
      typeof u === 'object' && u !== null && 'wire' in u && codec.is((u as { wire: unknown }).wire),
    (u, c) => {
      const decoded = validateWith(codec, u, c);
      return decoded._tag === 'Left' ? decoded : t.success({ wire: decoded.right, raw: u });
    },
    (a) => codec.encode(a.wire),
  );
}
