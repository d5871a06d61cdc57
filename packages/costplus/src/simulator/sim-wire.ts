// Links and orders as Cost+'s API answers them.
import type { LinkStore, SimLink, SimOrder } from './sim-state.js';

// The two timestamp forms the docs show: `...000000Z` on links, `...+00:00` on orders and `completed`.
const micro = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
const zulu = (d: Date) => `${micro(d)}Z`;
const offset = (d: Date) => `${micro(d)}+00:00`;

/** The link as `GET /v1/paymentlinks/{id}/` answers it. */
export function linkJson(store: LinkStore, link: SimLink): Record<string, unknown> {
  const grouped: Record<string, string[]> = {};
  for (const id of link.orderIds) {
    const status = store.order(id)?.status ?? 'new';
    (grouped[status] ??= []).push(id);
  }
  const r = link.request;
  return {
    id: link.id,
    merchant_order_id: r.merchant_order_id,
    amount: r.amount,
    currency: r.currency,
    description: r.description,
    expiration_period: link.expirationPeriod,
    payment_url: link.paymentUrl,
    ...(r.payment_methods !== null ? { payment_methods: r.payment_methods } : {}),
    status: link.status,
    reason: link.reason,
    ...(link.completed !== null ? { completed: offset(link.completed) } : {}),
    ...(link.completedOrderId !== null ? { completed_order_id: link.completedOrderId } : {}),
    orders: grouped,
    ...(r.customer !== null ? { customer: r.customer } : {}),
    created: zulu(link.created),
    modified: zulu(link.modified),
  };
}

/** The order as `GET /v1/orders/{id}/` answers it. */
export function orderJson(store: LinkStore, order: SimOrder): Record<string, unknown> {
  const link = store.link(order.linkId);
  const r = link?.request;
  const transactionStatus = order.status;
  return {
    id: order.id,
    project_id: store.projectId,
    merchant_order_id: r?.merchant_order_id ?? null,
    related_payment_link_id: order.linkId,
    status: order.status,
    currency: r?.currency,
    amount: r?.amount,
    description: r?.description ?? null,
    created: offset(order.created),
    modified: offset(order.modified),
    completed: order.completed !== null ? offset(order.completed) : null,
    ...(r?.return_url !== null && r?.return_url !== undefined ? { return_url: r.return_url } : {}),
    ...(r?.failure_url !== null && r?.failure_url !== undefined ? { failure_url: r.failure_url } : {}),
    ...(r?.webhook_url !== null && r?.webhook_url !== undefined ? { webhook_url: r.webhook_url } : {}),
    ...(r?.customer !== null && r?.customer !== undefined ? { customer: r.customer } : {}),
    flags: store.testMode ? ['is-test'] : [],
    transactions: [
      {
        id: order.transactionId,
        payment_method: r?.payment_methods?.[0] ?? 'credit-card',
        status: transactionStatus,
        amount: r?.amount,
        currency: r?.currency,
        created: offset(order.created),
        modified: offset(order.modified),
      },
    ],
  };
}
