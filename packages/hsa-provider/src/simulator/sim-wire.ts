// The link, order and subscription bodies the simulated API answers.
import type { SimLink, SimOrder } from './sim-state.js';
import type { SimSubscriptionSpec } from './sim-validate.js';

/** How answers are written. */
export interface WireOptions {
  /** `amount_cents` / `price_cents` / `is_hsa_fsa_eligible` (seed) or `amount` / `price` / `hsa_fsa_eligible` (newer). */
  readonly cents: boolean;
  /** A link's hosted page. */
  readonly pageUrl: (id: string) => string;
  readonly isEligible: (product: { readonly merchant_product_id: string; readonly name: string }) => boolean;
}

const iso = (d: Date | undefined) => (d === undefined ? null : d.toISOString());

export function orderJson(order: SimOrder, o: WireOptions): Record<string, unknown> {
  return {
    id: order.id,
    object: 'order',
    payment_link_id: order.linkId,
    status: order.status,
    [o.cents ? 'amount_cents' : 'amount']: order.amount,
    currency: order.currency,
    created_at: iso(order.createdAt),
    paid_at: iso(order.paidAt),
  };
}

export function subscriptionJson(spec: SimSubscriptionSpec, link: SimLink): Record<string, unknown> {
  return {
    interval: spec.interval,
    interval_count: spec.interval_count,
    ...(spec.trial_period_days !== undefined ? { trial_period_days: spec.trial_period_days } : {}),
    ...(link.subscription !== undefined
      ? { id: link.subscription.id, status: link.subscription.status }
      : {}),
  };
}

function productsJson(link: SimLink, o: WireOptions): Array<Record<string, unknown>> {
  return link.spec.products.map((p) => {
    const eligible = o.isEligible(p);
    return {
      merchant_product_id: p.merchant_product_id,
      name: p.name,
      quantity: p.quantity,
      ...(o.cents
        ? {
            price_cents: p.price,
            is_hsa_fsa_eligible: eligible,
            eligibility_type: eligible ? 'auto_substantiation' : 'not_eligible',
          }
        : { price: p.price, hsa_fsa_eligible: eligible }),
    };
  });
}

export function linkJson(link: SimLink, o: WireOptions): Record<string, unknown> {
  const { spec } = link;
  return {
    id: link.id,
    url: o.pageUrl(link.id),
    [o.cents ? 'amount_cents' : 'amount']: spec.amount,
    currency: spec.currency,
    description: spec.description,
    payment_type: spec.paymentType,
    status: link.status,
    ...(spec.customer !== undefined ? { customer: spec.customer } : {}),
    products: productsJson(link, o),
    ...(link.order !== undefined
      ? { order: { id: link.order.id, status: link.order.status, paid_at: iso(link.order.paidAt) } }
      : {}),
    ...(spec.subscription !== undefined ? { subscription: subscriptionJson(spec.subscription, link) } : {}),
    success_url: spec.successUrl,
    ...(spec.cancelUrl !== undefined ? { cancel_url: spec.cancelUrl } : {}),
    metadata: spec.metadata,
    expires_at: iso(spec.expiresAt),
    created_at: iso(link.createdAt),
    paid_at: iso(link.paidAt),
    ...(link.cancelledAt !== undefined ? { cancelled_at: iso(link.cancelledAt) } : {}),
    ...(link.cancellationReason !== undefined ? { cancellation_reason: link.cancellationReason } : {}),
  };
}
