import {
  linkStatus,
  type Attempt,
  type Customer,
  type LineItem,
  type MinorUnits,
  type NonNegativeInt,
  type PaymentLink,
  type Subscription,
  type SubscriptionInterval,
} from '@paylinks/core';

import type { HsaCustomer, HsaLink, HsaOrder, HsaProduct, HsaSubscription } from './hsa-api.js';
import { mapHsaLinkStatus, mapHsaOrderStatus } from './map-hsa-status.js';

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
  const out: Customer = {
    ...(present(customer.email) ? { email: customer.email } : {}),
    ...(present(customer.first_name) ? { firstName: customer.first_name } : {}),
    ...(present(customer.last_name) ? { lastName: customer.last_name } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function toLineItem(product: HsaProduct): LineItem {
  // The codec guarantees one of the two price fields.
  const unitAmount = (product.price_cents ?? product.price) as MinorUnits;
  const eligible = product.hsa_fsa_eligible ?? product.is_hsa_fsa_eligible;
  return {
    name: product.name,
    quantity: product.quantity,
    unitAmount,
    ...(present(product.merchant_product_id) ? { id: product.merchant_product_id } : {}),
    ...(present(eligible) ? { hsaFsaEligible: eligible } : {}),
  };
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
    else out[key] = text;
  }
  return { metadata: out, reference };
}

/** Converts an HSA payment link object into a {@link PaymentLink}. */
export function convertFromHsaLink(link: HsaLink, context: FromHsaLinkContext): PaymentLink {
  // The codec guarantees one of the two amount fields.
  const amount = (link.amount_cents ?? link.amount) as MinorUnits;
  const unified = mapHsaLinkStatus(link.status);
  const { metadata, reference } = toMetadata(link.metadata, context.referenceKey);
  const customer = present(link.customer) ? toCustomer(link.customer) : undefined;
  const subscription = present(link.subscription) ? toSubscription(link.subscription) : undefined;
  const paidAt = link.paid_at ?? link.order?.paid_at ?? undefined;
  const attempts = present(link.order) ? [toAttempt(link.order, unified === 'paid')] : [];
  return {
    provider: context.provider,
    id: link.id,
    amount: { amount, currency: link.currency },
    status: linkStatus(unified, link.status, unified === 'cancelled' ? link.cancellation_reason : undefined),
    attempts: { items: attempts, count: attempts.length as NonNegativeInt },
    redirects: {
      ...(present(link.success_url) ? { success: link.success_url } : {}),
      // One URL serves both: the hosted page sends cancelled and failed payers to cancel_url.
      ...(present(link.cancel_url) ? { failure: link.cancel_url, cancel: link.cancel_url } : {}),
    },
    metadata,
    raw: link,
    ...(reference !== undefined ? { reference } : {}),
    ...(present(link.url) ? { url: link.url } : {}),
    ...(present(link.description) ? { description: link.description } : {}),
    ...(present(link.created_at) ? { createdAt: link.created_at } : {}),
    ...(present(link.updated_at) ? { updatedAt: link.updated_at } : {}),
    ...(present(link.expires_at) ? { expiresAt: link.expires_at } : {}),
    ...(present(paidAt) ? { paidAt } : {}),
    ...(present(link.cancelled_at) ? { cancelledAt: link.cancelled_at } : {}),
    ...(present(link.cancellation_reason) ? { cancellationReason: link.cancellation_reason } : {}),
    ...(customer !== undefined ? { customer } : {}),
    ...(present(link.products) ? { lineItems: link.products.map(toLineItem) } : {}),
    ...(subscription !== undefined ? { subscription } : {}),
    ...(context.testMode !== undefined ? { testMode: context.testMode } : {}),
  };
}
