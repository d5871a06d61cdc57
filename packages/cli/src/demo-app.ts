import {
  advanceStatus,
  type CreatePaymentLinkInput,
  type LineItem,
  type LinkStatus,
  type Money,
  parseDecimal,
  type PaymentLink,
  type PaymentLinks,
  type WebhookRequest,
} from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';

import { formatAttemptsBrief } from './format-link.js';

/** An invoice as the merchant's own system holds it: prices are decimal strings in major units. */
export interface Invoice {
  readonly number: string;
  readonly currency: string;
  readonly description: string;
  readonly customerEmail: string;
  readonly lines: ReadonlyArray<{
    readonly sku: string;
    readonly name: string;
    readonly quantity: number;
    /** Price of one unit, tax included, in major units (`"79.95"`). */
    readonly unitPrice: string;
  }>;
}

/** The merchant's own pages and endpoint. */
export interface Storefront {
  readonly successUrl: string;
  readonly failureUrl: string;
  /** Where this merchant receives notifications. */
  readonly webhookUrl: string;
}

/** The person paying, at the hosted checkout page. */
export interface Payer {
  /** Opens the page; answers its HTTP status. */
  open(url: string): Promise<{ readonly status: number }>;
  /** Makes one attempt; answers the redirect the provider sends the payer to. */
  attempt(
    url: string,
    outcome: 'success' | 'failure',
  ): Promise<{ readonly status: number; readonly location?: string }>;
}

/** The merchant's webhook endpoint: notifications received since the last call. */
export interface WebhookInbox {
  take(): Promise<ReadonlyArray<WebhookRequest>>;
}

/** One step of a sale, as the application saw it. */
export interface TimelineEntry {
  readonly step: string;
  /** The application's view of the link's status after this step (folded with `advanceStatus`). */
  readonly status: LinkStatus;
  /** Attempts the provider reports: `1`, or `1/25` where it limits them. */
  readonly attempts: string;
}

/** What happened to one invoice on one provider. */
export interface Sale {
  readonly provider: string;
  readonly link: PaymentLink;
  /** The status the application holds at the end. */
  readonly status: LinkStatus;
  readonly timeline: ReadonlyArray<TimelineEntry>;
  /** Webhooks received, verified by signature, and refused. */
  readonly webhooks: { readonly received: number; readonly verified: number; readonly refused: number };
}

/** Thrown when the sale cannot go on (the link could not be created, the page did not open). */
export class SaleError extends Error {
  override readonly name = 'SaleError';
}

function invoiceAmount(invoice: Invoice): { amount: Money; lineItems: LineItem[] } {
  const lineItems: LineItem[] = [];
  let total = 0;
  for (const line of invoice.lines) {
    const unit = parseDecimal(line.unitPrice, invoice.currency);
    if (E.isLeft(unit)) throw new SaleError(`invoice line ${line.sku}: ${unit.left.message}`);
    lineItems.push({
      id: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitAmount: unit.right.amount,
    } as LineItem);
    total += line.quantity * unit.right.amount;
  }
  return { amount: { amount: total, currency: invoice.currency } as Money, lineItems };
}

async function must<A>(what: string, task: () => Promise<E.Either<{ message: string }, A>>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new SaleError(`${what}: ${result.left.message}`);
  return result.right;
}

/** The create input for an invoice, with what this provider takes (webhook URL per link, line items, metadata). */
function createInputFor(
  invoice: Invoice,
  storefront: Storefront,
  caps: PaymentLinks['capabilities'],
): CreatePaymentLinkInput {
  const { amount, lineItems } = invoiceAmount(invoice);
  return {
    reference: invoice.number,
    amount,
    description: invoice.description,
    expiresIn: 'P7D',
    successUrl: storefront.successUrl,
    failureUrl: storefront.failureUrl,
    // Providers with one webhook URL per account (set in their dashboard) refuse one per link.
    ...(caps.webhookUrlPerLink ? { webhookUrl: storefront.webhookUrl } : {}),
    customer: { email: invoice.customerEmail },
    ...(caps.lineItems ? { lineItems } : {}),
    ...(caps.metadata ? { metadata: { invoice: invoice.number } } : {}),
  };
}

/**
 * The merchant's application code: sells one invoice through a payment link
 * on whichever provider `links` was configured for. It uses only the common
 * API and the provider's `capabilities`:
 *
 * 1. creates the link (line items and metadata where the provider takes them;
 *    the per-link webhook URL unless the provider registers one per account);
 * 2. activates it if the provider creates drafts;
 * 3. lets the payer open the page, decline once, then pay;
 * 4. takes every webhook, verifies it where the provider signs (`resolveWebhook`
 *    refuses a bad signature; an unsigned one is re-fetched), and folds the
 *    link's status into its own record with `advanceStatus`, so a late or
 *    repeated notification can never move a paid link back.
 */
export async function sellInvoice(
  links: PaymentLinks,
  invoice: Invoice,
  shop: { readonly storefront: Storefront; readonly payer: Payer; readonly inbox: WebhookInbox },
): Promise<Sale> {
  const caps = links.capabilities;
  const timeline: TimelineEntry[] = [];
  const webhooks = { received: 0, verified: 0, refused: 0 };
  // The application's own record of the link's status: every observation is folded in with advanceStatus.
  const held: { status?: LinkStatus } = {};
  let link: PaymentLink;

  const record = (step: string, seen: PaymentLink) => {
    const next = advanceStatus(held.status, seen.status);
    held.status = next;
    const attempts = formatAttemptsBrief(seen.attempts);
    timeline.push({
      step: next === seen.status ? step : `${step} (late ${seen.status.raw}: ignored)`,
      status: next,
      attempts,
    });
  };

  const readWebhooks = async () => {
    for (const request of await shop.inbox.take()) {
      webhooks.received += 1;
      const resolved = await links.te.resolveWebhook(request)();
      if (E.isLeft(resolved)) {
        webhooks.refused += 1;
        if (held.status !== undefined) {
          timeline.push({ step: `hook refused: ${resolved.left._tag}`, status: held.status, attempts: '' });
        }
        continue;
      }
      const { event } = resolved.right;
      if (event.verified) webhooks.verified += 1;
      record(`hook ${event.rawType} ${event.verified ? '✓' : '↻'}`, resolved.right.link);
      link = resolved.right.link;
    }
  };

  const input = createInputFor(invoice, shop.storefront, caps);
  const created = await links.te.create(input)();
  if (E.isLeft(created)) throw new SaleError(`create: ${created.left.message}`);
  link = created.right;
  record('create', link);

  if (link.status.unified === 'draft' && caps.activate) {
    link = await must('activate', links.te.activate(link.id));
    record('activate', link);
  }

  await readWebhooks();

  const url = link.url;
  if (url === undefined) throw new SaleError(`${links.id} gave no payment URL`);
  const page = await shop.payer.open(url);
  if (page.status !== 200) throw new SaleError(`the checkout page answered HTTP ${page.status}`);
  record('payer opens page', link);

  const landing = (location: string | undefined, expected: string, name: string) =>
    location === expected ? name : `-> ${location ?? 'nowhere'}`;

  const declined = await shop.payer.attempt(url, 'failure');
  link = await must('get', links.te.get(link.id));
  record(`payer declines ${landing(declined.location, shop.storefront.failureUrl, '-> failed')}`, link);
  await readWebhooks();

  const paid = await shop.payer.attempt(url, 'success');
  link = await must('get', links.te.get(link.id));
  record(`payer pays ${landing(paid.location, shop.storefront.successUrl, '-> thanks')}`, link);
  await readWebhooks();

  return { provider: links.id, link, status: held.status ?? link.status, timeline, webhooks };
}
