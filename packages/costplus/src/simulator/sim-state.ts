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
    readonly projectId: string,
    readonly testMode: boolean,
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
}
