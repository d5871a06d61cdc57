import {
  Address,
  type Attempt,
  Customer,
  isFinal,
  linkStatus,
  type Money,
  type PaymentLink,
  reportedAttempts,
  resolveExpiry,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';

import type { CostplusCustomer, CostplusLink, CostplusOrder } from './costplus-api.js';
import { costplusMaxAttempts, mapCostplusOrderStatus, mapCostplusStatus } from './map-costplus-status.js';
import { costplusProviderId } from './costplus-provider-id.js';

const present = <A>(value: A | null | undefined): value is A => value !== undefined && value !== null;

/** Keeps only the values core's codec accepts: a provider may hold data we would refuse on input. */
function pick<P extends Record<string, { is: (u: unknown) => boolean }>>(
  props: P,
  entries: ReadonlyArray<readonly [keyof P & string, unknown]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) if (present(value) && props[key]!.is(value)) out[key] = value;
  return out;
}

/** Cost+ customer object -> core `Customer` (fields core cannot represent stay in `raw`). */
export function convertFromCostplusCustomer(wire: CostplusCustomer): Customer | undefined {
  const address = pick(Address.props, [
    ['line1', wire.address],
    ['postalCode', wire.postal_code],
    ['houseNumber', wire.housenumber],
    ['country', wire.country],
  ]);
  const birthdate = present(wire.birthdate) ? wire.birthdate.slice(0, 10) : undefined;
  const customer = pick(Customer.props, [
    ['id', wire.merchant_customer_id],
    ['email', wire.email_address],
    ['firstName', wire.first_name],
    ['lastName', wire.last_name],
    ['phone', wire.phone_numbers?.[0]],
    ['locale', wire.locale],
    ['ipAddress', wire.ip_address],
    ['userAgent', wire.user_agent],
    ['gender', wire.gender],
    ['birthdate', birthdate],
    ['address', Object.keys(address).length > 0 ? address : undefined],
  ]);
  return Object.keys(customer).length > 0 ? (customer as Customer) : undefined;
}

/**
 * `orders` ({ order status: [order ids] }) -> attempts, one per order id, each
 * with its order status. Cost+ groups by status, so the order between groups
 * is the body's, not the payer's.
 */
export function attemptsFromOrders(orders: CostplusLink['orders']): Attempt[] {
  const seen = new Set<string>();
  const items: Attempt[] = [];
  for (const [status, ids] of Object.entries(orders ?? {})) {
    for (const id of ids ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      items.push({ id, status: { unified: mapCostplusOrderStatus(status), raw: status } });
    }
  }
  return items;
}

/** A Cost+ payment link -> the normalized {@link PaymentLink}. `raw` is the decoded body. */
export function convertFromCostplusLink(wire: CostplusLink, raw: unknown = wire): PaymentLink {
  const items = attemptsFromOrders(wire.orders);
  const unified = mapCostplusStatus(wire.status, items.length);
  const status = linkStatus(unified, wire.status, wire.reason);
  const created = wire.created ?? undefined;
  const expiry =
    present(created) && present(wire.expiration_period)
      ? resolveExpiry({ expiresIn: wire.expiration_period }, created)
      : undefined;
  const expiresAt = expiry !== undefined && E.isRight(expiry) ? expiry.right?.expiresAt : undefined;
  const paidAt = wire.status === 'completed' && present(wire.completed) ? wire.completed : undefined;
  const customer = present(wire.customer) ? convertFromCostplusCustomer(wire.customer) : undefined;
  const amount: Money = { amount: wire.amount, currency: wire.currency };
  const redirects: PaymentLink['redirects'] = {};
  if (present(wire.return_url)) redirects.success = wire.return_url;
  if (present(wire.failure_url)) redirects.failure = wire.failure_url;
  // Optional fields are assigned one by one: spreading `...(cond ? { k: v } : {})` literals cost more
  // than the rest of the mapping together (BENCHMARKS.md).
  const link: PaymentLink = {
    provider: costplusProviderId,
    id: wire.id,
    amount,
    status,
    // Cost+ reports every order (attempt) on the link, and allows at most 25.
    attempts: reportedAttempts(items, { limit: costplusMaxAttempts, final: isFinal(unified) }),
    redirects,
    metadata: {},
    raw,
  };
  if (present(wire.merchant_order_id)) link.reference = wire.merchant_order_id;
  if (present(wire.payment_url)) link.url = wire.payment_url;
  if (present(wire.description)) link.description = wire.description;
  if (present(created)) link.createdAt = created;
  if (present(wire.modified)) link.updatedAt = wire.modified;
  if (expiresAt !== undefined) link.expiresAt = expiresAt;
  if (paidAt !== undefined) link.paidAt = paidAt;
  if (customer !== undefined) link.customer = customer;
  if (present(wire.payment_methods)) link.paymentMethods = wire.payment_methods;
  if (present(wire.flags)) link.testMode = wire.flags.includes('is-test');
  return link;
}

/**
 * One order (payment attempt) as `getOrder` returns it: the normalized
 * attempt, the link it belongs to and the merchant reference, plus `raw`.
 */
export interface CostplusOrderDetails {
  /** The order as an attempt (`id`, `status { unified, raw }`, `createdAt`, `amount`). */
  readonly attempt: Attempt;
  /** The payment link the order was made through (`related_payment_link_id`), when Cost+ says. */
  readonly paymentLinkId?: string;
  /** The order's `merchant_order_id` (a link's orders carry the link's reference). */
  readonly reference?: string;
  /** When the order last changed. */
  readonly updatedAt?: Date;
  /** When the order completed. */
  readonly completedAt?: Date;
  /** The payment method of each transaction, in order. */
  readonly paymentMethods: ReadonlyArray<string>;
  /** True for orders made with a test key (`flags` holds `is-test`). */
  readonly testMode?: boolean;
  /** The decoded body. */
  readonly raw: unknown;
}

/** A Cost+ order -> {@link CostplusOrderDetails}. */
export function convertFromCostplusOrder(wire: CostplusOrder, raw: unknown = wire): CostplusOrderDetails {
  const attempt: Attempt = {
    id: wire.id,
    status: { unified: mapCostplusOrderStatus(wire.status), raw: wire.status },
    ...(present(wire.created) ? { createdAt: wire.created } : {}),
    ...(present(wire.amount) && present(wire.currency)
      ? { amount: { amount: wire.amount, currency: wire.currency } }
      : {}),
  };
  return {
    attempt,
    paymentMethods: (wire.transactions ?? []).map((tx) => tx.payment_method).filter(present),
    raw,
    ...(present(wire.related_payment_link_id) ? { paymentLinkId: wire.related_payment_link_id } : {}),
    ...(present(wire.merchant_order_id) ? { reference: wire.merchant_order_id } : {}),
    ...(present(wire.modified) ? { updatedAt: wire.modified } : {}),
    ...(present(wire.completed) ? { completedAt: wire.completed } : {}),
    ...(present(wire.flags) ? { testMode: wire.flags.includes('is-test') } : {}),
  };
}
