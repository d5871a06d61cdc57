// The simulator's state: payment links (deleted ones too) and the
// transactions made on their checkout pages, with the transitions the
// Conomy docs describe.
import { randomBytes } from 'node:crypto';

/** A payment made (or tried) on a link's checkout page. */
export interface SimTransaction {
  readonly id: string;
  readonly status: 'CAPTURED' | 'RECEIVED' | 'FAILED';
  readonly createdAt: Date;
}

/** One item's tax block as stored (strings as received; every field optional). */
export interface SimTax {
  readonly name?: string;
  readonly type?: string;
  readonly value?: string;
  readonly amount?: string;
}

/** One item as stored (strings as received). */
export interface SimItem {
  readonly preTaxAmount: string;
  readonly totalAmount: string;
  readonly description?: string;
  readonly tax?: SimTax | null;
}

/** A payment link as the simulator keeps it. */
export interface SimLink {
  readonly id: string;
  readonly checkoutToken: string;
  status: string;
  readonly currency: string;
  readonly items: ReadonlyArray<SimItem>;
  readonly preTaxAmount: string;
  readonly totalAmount: string;
  readonly url: string;
  readonly createdAt: Date;
  readonly duration: number;
  readonly successUrl?: string;
  readonly failedUrl?: string;
  readonly paymentMethodsAllowed: ReadonlyArray<string>;
  readonly customer: Record<string, unknown> | null;
  readonly destinations: ReadonlyArray<Record<string, unknown>>;
  readonly owner: Record<string, unknown> | null;
  readonly customerRequirements: ReadonlyArray<string>;
  readonly transactions: SimTransaction[];
  deleted: boolean;
}

/** Conomy-style ids: 24 hex characters. */
export function newConomyId(): string {
  return randomBytes(12).toString('hex');
}

/** When the link stops being payable: `duration` seconds after creation. */
export function linkExpiresAt(link: SimLink): Date {
  return new Date(link.createdAt.getTime() + link.duration * 1000);
}

/** In-memory links, by id and by checkoutToken. */
export class ConomyLinkStore {
  private readonly links = new Map<string, SimLink>();
  private readonly byToken = new Map<string, SimLink>();

  /** Links created so far (deleted ones included). */
  get created(): number {
    return this.links.size;
  }

  /** A link by id, deleted or not. */
  get(id: string): SimLink | undefined {
    return this.links.get(id);
  }

  /** A link by id, unless deleted. */
  visible(id: string): SimLink | undefined {
    const link = this.links.get(id);
    return link === undefined || link.deleted ? undefined : link;
  }

  /** The live link whose checkout page is `token`. */
  byCheckoutToken(token: string): SimLink | undefined {
    const link = this.byToken.get(token);
    return link === undefined || link.deleted ? undefined : link;
  }

  /** Every link not deleted, oldest first. */
  live(): SimLink[] {
    return [...this.links.values()].filter((l) => !l.deleted);
  }

  /** Stores a new link; `false` when a live link already has its checkoutToken. */
  add(link: SimLink): boolean {
    if (this.byCheckoutToken(link.checkoutToken) !== undefined) return false;
    this.links.set(link.id, link);
    this.byToken.set(link.checkoutToken, link);
    return true;
  }

  /** ATTEMPT and ACTIVE links whose `duration` has run out become EXPIRED. */
  expireDue(now: Date): void {
    for (const link of this.links.values()) {
      if ((link.status === 'ATTEMPT' || link.status === 'ACTIVE') && now >= linkExpiresAt(link))
        link.status = 'EXPIRED';
    }
  }

  /** A transaction on the link's page: FAILED leaves it ACTIVE, CAPTURED makes it FINISHED. */
  attempt(link: SimLink, outcome: 'success' | 'failure', now: Date): SimTransaction {
    const transaction: SimTransaction = {
      id: newConomyId(),
      status: outcome === 'success' ? 'CAPTURED' : 'FAILED',
      createdAt: now,
    };
    link.transactions.push(transaction);
    if (outcome === 'success') link.status = 'FINISHED';
    return transaction;
  }
}
