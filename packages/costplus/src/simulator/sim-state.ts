// The simulator's state: payment links and the orders (attempts) made
// through them, with the transitions the Cost+ docs describe.
import { randomUUID } from 'node:crypto';

import { resolveExpiry } from '@paylinks/core/adapter';

import type { CreateLinkBody } from './sim-validate.js';

/** Payment link statuses (docs: Payment Link Statuses). */
export type SimLinkStatus = 'new' | 'processing' | 'all_unsuccessful' | 'completed' | 'expired';
/** Order statuses (docs: Status Requests). */
export type SimOrderStatus = 'new' | 'processing' | 'error' | 'completed' | 'cancelled' | 'expired';

/** Most attempts one link allows (docs: "up to 25 attempts"). */
export const maxAttemptsPerLink = 25;

export interface SimLink {
  readonly id: string;
  readonly request: CreateLinkBody;
  readonly paymentUrl: string;
  readonly expirationPeriod: string;
  readonly created: Date;
  readonly expiresAt: Date;
  modified: Date;
  status: SimLinkStatus;
  reason: string;
  completed: Date | null;
  completedOrderId: string | null;
  readonly orderIds: string[];
}

export interface SimOrder {
  readonly id: string;
  readonly linkId: string;
  readonly transactionId: string;
  readonly created: Date;
  modified: Date;
  completed: Date | null;
  status: SimOrderStatus;
}

const reasons: Record<SimLinkStatus, string> = {
  new: 'Payment Link was created, not yet visited',
  processing: 'A payment attempt is in progress',
  all_unsuccessful: 'All payment attempts so far have failed',
  completed: 'Completed',
  expired: 'Payment Link has expired',
};
const exhaustedReason = `The maximum number of ${maxAttemptsPerLink} payment attempts was reached`;

const finalOrder: ReadonlySet<SimOrderStatus> = new Set(['completed', 'cancelled', 'expired']);

// The two timestamp forms the docs show: `...000000Z` on links, `...+00:00` on orders and `completed`.
const micro = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
const zulu = (d: Date) => `${micro(d)}Z`;
const offset = (d: Date) => `${micro(d)}+00:00`;

/** Why a link takes no attempt now, or `undefined` when it does. */
export function closedBecause(link: SimLink): string | undefined {
  if (link.status === 'completed') return 'This payment link has been paid.';
  if (link.status === 'expired') return 'This payment link has expired.';
  if (link.orderIds.length >= maxAttemptsPerLink) return exhaustedReason;
  return undefined;
}

/** In-memory links and orders. */
export class LinkStore {
  private readonly links = new Map<string, SimLink>();
  private readonly orders = new Map<string, SimOrder>();

  constructor(
    private readonly projectId: string,
    private readonly testMode: boolean,
  ) {}

  get linkCount(): number {
    return this.links.size;
  }

  link(id: string): SimLink | undefined {
    return this.links.get(id);
  }

  order(id: string): SimOrder | undefined {
    return this.orders.get(id);
  }

  allLinks(): ReadonlyArray<SimLink> {
    return [...this.links.values()];
  }

  create(body: CreateLinkBody, now: Date, pageUrl: (id: string) => string): SimLink {
    const id = randomUUID();
    const expirationPeriod = body.expiration_period ?? 'P30D';
    const expiry = resolveExpiry({ expiresIn: expirationPeriod }, now);
    const expiresAt =
      expiry._tag === 'Right' && expiry.right !== undefined
        ? expiry.right.expiresAt
        : new Date(now.getTime() + 30 * 86_400_000);
    const link: SimLink = {
      id,
      request: body,
      paymentUrl: pageUrl(id),
      expirationPeriod,
      created: now,
      expiresAt,
      modified: now,
      status: 'new',
      reason: reasons.new,
      completed: null,
      completedOrderId: null,
      orderIds: [],
    };
    this.links.set(id, link);
    return link;
  }

  /** One attempt through the link's page; answers the order it made. */
  attempt(link: SimLink, outcome: 'success' | 'failure', now: Date): SimOrder {
    const order: SimOrder = {
      id: randomUUID(),
      linkId: link.id,
      transactionId: randomUUID(),
      created: now,
      modified: now,
      completed: null,
      status: outcome === 'success' ? 'completed' : 'error',
    };
    if (outcome === 'success') order.completed = now;
    this.orders.set(order.id, order);
    link.orderIds.push(order.id);
    link.modified = now;
    if (outcome === 'success') {
      link.status = 'completed';
      link.reason = reasons.completed;
      link.completed = now;
      link.completedOrderId = order.id;
    } else {
      link.status = 'all_unsuccessful';
      link.reason = link.orderIds.length >= maxAttemptsPerLink ? exhaustedReason : reasons.all_unsuccessful;
    }
    return order;
  }

  /**
   * Expires every payable link whose time is up. Its unfinished orders expire
   * with it; answers those orders (each is a status change to notify).
   */
  expire(now: Date): Array<{ link: SimLink; order: SimOrder }> {
    const changed: Array<{ link: SimLink; order: SimOrder }> = [];
    for (const link of this.links.values()) {
      if (link.status === 'completed' || link.status === 'expired') continue;
      if (now.getTime() < link.expiresAt.getTime()) continue;
      link.status = 'expired';
      link.reason = reasons.expired;
      link.modified = now;
      for (const id of link.orderIds) {
        const order = this.orders.get(id);
        if (order === undefined || finalOrder.has(order.status)) continue;
        order.status = 'expired';
        order.modified = now;
        changed.push({ link, order });
      }
    }
    return changed;
  }

  /** The link as `GET /v1/paymentlinks/{id}/` answers it. */
  linkJson(link: SimLink): Record<string, unknown> {
    const grouped: Record<string, string[]> = {};
    for (const id of link.orderIds) {
      const status = this.orders.get(id)?.status ?? 'new';
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
  orderJson(order: SimOrder): Record<string, unknown> {
    const link = this.links.get(order.linkId);
    const r = link?.request;
    const transactionStatus = order.status;
    return {
      id: order.id,
      project_id: this.projectId,
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
      flags: this.testMode ? ['is-test'] : [],
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
}
