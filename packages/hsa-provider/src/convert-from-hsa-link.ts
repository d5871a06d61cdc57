import {
  type Attempt,
  type Customer,
  type LineItem,
  linkStatus,
  type MinorUnits,
  type PaymentLink,
  type Subscription,
  type SubscriptionInterval,
  unreportedAttempts,
  validCustomer,
  validLineItem,
} from '@paylinks/core/adapter';

import type { HsaCustomer, HsaLink, HsaOrder, HsaProduct, HsaSubscription } from './hsa-api.js';
import { mapHsaStatus, mapHsaOrderStatus } from './map-hsa-status.js';

/** What the conversion needs besides the wire body. */
export interface FromHsaLinkContext {
  /** Adapter id stamped on the link. */
  readonly provider: string;
  /** Metadata key that carries the merchant reference. */
  readonly referenceKey: string;
  /** `true`/`false` when the API key says test/live; omitted when unknown. */
  readonly testMode?: boolean;
}

const intervals: Readonly<Record<string, SubscriptionInterval>> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};

const present = <A>(value: A | null | undefined): value is A => value !== undefined && value !== null;

function toCustomer(customer: HsaCustomer): Customer | undefined {
  // A value core's Customer refuses (an e-mail that is not one) stays in raw only.
  return validCustomer({
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
  });
}

function toLineItem(product: HsaProduct, index: number): LineItem {
  // The codec guarantees one of the two price fields; validLineItem drops what core refuses (a blank id).
  return validLineItem(
    {
      name: product.name,
      quantity: product.quantity,
      unitAmount: (product.price_cents ?? product.price) as MinorUnits,
      id: product.merchant_product_id,
      hsaFsaEligible: product.hsa_fsa_eligible ?? product.is_hsa_fsa_eligible,
    },
    index,
  );
}

function toSubscription(subscription: HsaSubscription): Subscription | undefined {
  const interval = present(subscription.interval) ? intervals[subscription.interval] : undefined;
  // The list example shows only `{id, status}`: without an interval there is no Subscription to report (raw keeps it).
  if (interval === undefined) return undefined;
  return {
    interval,
    ...(present(subscription.interval_count) ? { intervalCount: subscription.interval_count } : {}),
    ...(present(subscription.trial_period_days) ? { trialPeriodDays: subscription.trial_period_days } : {}),
    ...(present(subscription.id) ? { id: subscription.id } : {}),
    ...(present(subscription.status) ? { status: subscription.status } : {}),
  };
}

function toAttempt(order: HsaOrder, linkPaid: boolean): Attempt {
  // An order without a status (list answers show only its id) exists because a payment went through when the link is paid.
  const raw = order.status ?? '';
  const unified = present(order.status)
    ? mapHsaOrderStatus(order.status)
    : linkPaid
      ? 'succeeded'
      : 'unknown';
  return {
    id: order.id,
    status: { unified, raw },
    ...(present(order.created_at) ? { createdAt: order.created_at } : {}),
  };
}

function toMetadata(metadata: Record<string, unknown> | null | undefined, referenceKey: string) {
  const out: Record<string, string> = {};
  let reference: string | undefined;
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === undefined || value === null) continue;
    const text =
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (key === referenceKey) reference = text;
    // defineProperty, not assignment: a key such as `__proto__` must stay a key.
    else
      Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return { metadata: out, reference };
}

/** Converts an HSA payment link object into a {@link PaymentLink}. */
export function convertFromHsaLink(link: HsaLink, context: FromHsaLinkContext): PaymentLink {
  // The codec guarantees one of the two amount fields.
  const amount = (link.amount_cents ?? link.amount) as MinorUnits;
  const unified = mapHsaStatus(link.status);
  const { metadata, reference } = toMetadata(link.metadata, context.referenceKey);
  const customer = present(link.customer) ? toCustomer(link.customer) : undefined;
  const subscription = present(link.subscription) ? toSubscription(link.subscription) : undefined;
  const paidAt = link.paid_at ?? link.order?.paid_at ?? undefined;
  const attempts = present(link.order) ? [toAttempt(link.order, unified === 'paid')] : [];
  const redirects: PaymentLink['redirects'] = {};
  if (present(link.success_url)) redirects.success = link.success_url;
  // One URL serves both: the hosted page sends cancelled and failed payers to cancel_url.
  if (present(link.cancel_url)) {
    redirects.failure = link.cancel_url;
    redirects.cancel = link.cancel_url;
  }
  const out: PaymentLink = {
    provider: context.provider,
    id: link.id,
    amount: { amount, currency: link.currency },
    status: linkStatus(unified, link.status, unified === 'cancelled' ? link.cancellation_reason : undefined),
    // The link names only the order that paid it, never the failed ones: attempts are not reported.
    attempts: unreportedAttempts(attempts),
    redirects,
    metadata,
    raw: link,
  };
  if (reference !== undefined) out.reference = reference;
  if (present(link.url)) out.url = link.url;
  if (present(link.description)) out.description = link.description;
  if (present(link.created_at)) out.createdAt = link.created_at;
  if (present(link.updated_at)) out.updatedAt = link.updated_at;
  if (present(link.expires_at)) out.expiresAt = link.expires_at;
  if (present(paidAt)) out.paidAt = paidAt;
  if (present(link.cancelled_at)) out.cancelledAt = link.cancelled_at;
  if (present(link.cancellation_reason)) out.cancellationReason = link.cancellation_reason;
  if (customer !== undefined) out.customer = customer;
  if (present(link.products)) out.lineItems = link.products.map(toLineItem);
  if (subscription !== undefined) out.subscription = subscription;
  if (context.testMode !== undefined) out.testMode = context.testMode;
  return out;
}
