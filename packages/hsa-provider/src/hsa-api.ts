// Private wire codecs of the HSA/FSA provider API. Partial on purpose: only
// the fields the adapter reads, extra fields accepted, null treated as absent.
import {
  CurrencyCode,
  DateFromISOString,
  MinorUnits,
  NonNegativeInt,
  nullable,
  PositiveInt,
} from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** Both namings of an amount: at least one present, and equal when both are. */
function oneAmount(cents: number | undefined, plain: number | undefined): boolean {
  return cents !== undefined ? plain === undefined || plain === cents : plain !== undefined;
}

/** A currency code as sent (`USD`, or `usd` in older payloads), upper-cased. */
export const HsaCurrency = new t.Type<CurrencyCode, string, unknown>(
  'HsaCurrency',
  (u): u is CurrencyCode => CurrencyCode.is(u),
  (u, c) =>
    typeof u === 'string' && CurrencyCode.is(u.toUpperCase())
      ? t.success(u.toUpperCase() as CurrencyCode)
      : t.failure(u, c, 'an ISO 4217 currency code'),
  (code) => code,
);

export const HsaCustomer = t.partial({
  email: nullable(t.string),
  first_name: nullable(t.string),
  last_name: nullable(t.string),
});
export type HsaCustomer = t.TypeOf<typeof HsaCustomer>;

const HsaProductFields = t.intersection([
  t.type({ name: t.string, quantity: PositiveInt }),
  t.partial({
    merchant_product_id: nullable(t.string),
    price_cents: MinorUnits,
    price: MinorUnits,
    is_hsa_fsa_eligible: nullable(t.boolean),
    hsa_fsa_eligible: nullable(t.boolean),
    eligibility_type: nullable(t.string),
  }),
]);

/**
 * One product line: `price_cents` (seed) or `price` (newer docs), and the
 * eligibility flag as `is_hsa_fsa_eligible` (older) or `hsa_fsa_eligible` (newer).
 */
export const HsaProduct = t.refinement(
  HsaProductFields,
  (p) => oneAmount(p.price_cents, p.price),
  'HsaProduct (with price_cents or price, equal when both)',
);
export type HsaProduct = t.TypeOf<typeof HsaProduct>;

export const HsaOrder = t.intersection([
  t.type({ id: t.string }),
  t.partial({
    status: nullable(t.string),
    paid_at: nullable(DateFromISOString),
    created_at: nullable(DateFromISOString),
  }),
]);
export type HsaOrder = t.TypeOf<typeof HsaOrder>;

export const HsaSubscription = t.partial({
  id: nullable(t.string),
  status: nullable(t.string),
  interval: nullable(t.string),
  interval_count: nullable(PositiveInt),
  trial_period_days: nullable(NonNegativeInt),
});
export type HsaSubscription = t.TypeOf<typeof HsaSubscription>;

const HsaLinkFields = t.intersection([
  t.type({ id: t.string, status: t.string, currency: HsaCurrency }),
  t.partial({
    url: nullable(t.string),
    amount_cents: MinorUnits,
    amount: MinorUnits,
    description: nullable(t.string),
    payment_type: nullable(t.string),
    customer: nullable(HsaCustomer),
    products: nullable(t.array(HsaProduct)),
    order: nullable(HsaOrder),
    subscription: nullable(HsaSubscription),
    success_url: nullable(t.string),
    cancel_url: nullable(t.string),
    metadata: nullable(t.record(t.string, t.unknown)),
    expires_at: nullable(DateFromISOString),
    created_at: nullable(DateFromISOString),
    updated_at: nullable(DateFromISOString),
    paid_at: nullable(DateFromISOString),
    cancelled_at: nullable(DateFromISOString),
    cancellation_reason: nullable(t.string),
  }),
]);

/** A payment link object. It carries its total as `amount_cents` (seed) or `amount` (newer docs). */
export const HsaLink = t.refinement(
  HsaLinkFields,
  (link) => oneAmount(link.amount_cents, link.amount),
  'HsaLink (with amount_cents or amount, equal when both)',
);
export type HsaLink = t.TypeOf<typeof HsaLink>;

/** `GET /payment-links` answer. */
export const HsaLinkList = t.intersection([
  t.type({ data: t.array(HsaLink) }),
  t.partial({ has_more: nullable(t.boolean), next_cursor: nullable(t.string) }),
]);
export type HsaLinkList = t.TypeOf<typeof HsaLinkList>;

/** A webhook: `{ type, data }`, with an id and a time where sent. */
export const HsaWebhookEnvelope = t.intersection([
  t.type({ type: t.string, data: t.UnknownRecord }),
  t.partial({ id: nullable(t.string), created_at: nullable(DateFromISOString) }),
]);
export type HsaWebhookEnvelope = t.TypeOf<typeof HsaWebhookEnvelope>;

/** What the adapter reads out of a webhook's `data`: a link or an order. */
export const HsaWebhookData = t.partial({
  id: nullable(t.string),
  object: nullable(t.string),
  status: nullable(t.string),
  payment_link_id: nullable(t.string),
  payment_link: nullable(t.partial({ id: nullable(t.string) })),
  order: nullable(t.partial({ id: nullable(t.string) })),
  metadata: nullable(t.record(t.string, t.unknown)),
});
export type HsaWebhookData = t.TypeOf<typeof HsaWebhookData>;
