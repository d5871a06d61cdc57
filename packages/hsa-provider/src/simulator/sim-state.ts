// The simulator's state: payment links and the orders made through their
// hosted pages, with the transitions the documentation describes. It emits
// nothing itself: callers turn each change into the documented events.
import { randomBytes } from 'node:crypto';

import type { SimCreateSpec } from './sim-validate.js';

/** Link statuses (seed 003, Payment Link Status). */
export type LinkStatus = 'active' | 'paid' | 'expired' | 'cancelled';

/** An order: one attempt on a link's hosted page. */
export interface SimOrder {
  readonly id: string;
  readonly linkId: string;
  readonly status: 'completed' | 'failed';
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: Date;
  readonly paidAt?: Date;
}

/** A payment link as the simulator keeps it. */
export interface SimLink {
  readonly id: string;
  /** Creation order, to sort links made in the same millisecond. */
  readonly seq: number;
  readonly spec: SimCreateSpec;
  readonly createdAt: Date;
  status: LinkStatus;
  paidAt?: Date;
  cancelledAt?: Date;
  cancellationReason?: string;
  /** The paying order. */
  order?: SimOrder;
  readonly attempts: SimOrder[];
  subscription?: { readonly id: string; readonly status: string };
  /** What the hosted page says under the amount. */
  lastMessage?: string;
}

/** Provider-style ids: `plink_...`, `ord_...`, `evt_...`. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;

/** In-memory links. */
export class HsaLinkStore {
  private readonly links = new Map<string, SimLink>();
  private seq = 0;

  /** Links created so far. */
  get created(): number {
    return this.links.size;
  }

  create(spec: SimCreateSpec, now: Date): SimLink {
    const link: SimLink = {
      id: newId('plink'),
      seq: this.seq++,
      spec,
      createdAt: now,
      status: 'active',
      attempts: [],
    };
    this.links.set(link.id, link);
    return link;
  }

  get(id: string): SimLink | undefined {
    return this.links.get(id);
  }

  /** Every link, newest first (the list order). */
  newestFirst(): SimLink[] {
    return [...this.links.values()].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq,
    );
  }

  /** Expires every active link whose `expires_at` has passed; answers those links. */
  expireDue(now: Date): SimLink[] {
    const expired: SimLink[] = [];
    for (const link of this.links.values()) {
      if (link.status === 'active' && link.spec.expiresAt.getTime() <= now.getTime()) {
        link.status = 'expired';
        expired.push(link);
      }
    }
    return expired;
  }

  /**
   * One attempt on the hosted page: a failed order leaves the link active; a
   * completed one pays it (and starts its subscription). Answers the order.
   */
  attempt(link: SimLink, outcome: 'success' | 'failure', now: Date): SimOrder {
    const order: SimOrder = {
      id: newId('ord'),
      linkId: link.id,
      status: outcome === 'success' ? 'completed' : 'failed',
      amount: link.spec.amount,
      currency: link.spec.currency,
      createdAt: now,
      ...(outcome === 'success' ? { paidAt: now } : {}),
    };
    link.attempts.push(order);
    if (outcome === 'failure') {
      link.lastMessage = 'Payment declined. Try another card.';
      return order;
    }
    link.status = 'paid';
    link.paidAt = now;
    link.order = order;
    link.lastMessage = 'Payment received.';
    if (link.spec.subscription !== undefined) {
      const trial = link.spec.subscription.trial_period_days ?? 0;
      link.subscription = { id: newId('sub'), status: trial > 0 ? 'trialing' : 'active' };
    }
    return order;
  }

  /** Cancels an active link (the caller has checked it is one). */
  cancel(link: SimLink, reason: string | undefined, now: Date): void {
    link.status = 'cancelled';
    link.cancelledAt = now;
    if (reason !== undefined && reason !== '') link.cancellationReason = reason;
  }
}
