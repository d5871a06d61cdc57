// createLedgerClient: creates once per reference, webhooks applied once, sync, fulfilments.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import * as E from 'fp-ts/lib/Either.js';

import { type PaymentLinks, webhookEventKey, type WebhookEvent, type WebhookRequest } from '@paylinks/core';
import { PaymentLinkException, unsupportedError, type PaymentLink } from '@paylinks/core/adapter';

import { createFulfilmentWorker } from './fulfilment-worker.js';
import { clientFor, must, observationOf, type LedgerContext } from './ledger-context.js';
import { isLedgerKey, isReferenceKey } from './ledger-input.js';
import { complete, createOnce } from './ledger-create.js';
import type { LedgerClient, LedgerClientOptions, WebhookOutcome } from './ledger-client-types.js';
import { syncLedger } from './ledger-sync.js';
import { defaultDeliveryRetentionMs } from './ledger.js';

function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Builds a {@link LedgerClient}.
 *
 * @example
 * const paylinks = createLedgerClient({
 *   ledger: createPostgresLedger({ pool }),          // or createMemoryLedger()
 *   links: { costplus: fromProvider(costplus({ apiKey })) },
 * })
 * const link = await paylinks.create('costplus', { reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } })
 * // in the webhook route:
 * await paylinks.handleWebhook('costplus', { headers: req.headers, rawBody: req.body })
 */
export function createLedgerClient<Tx>(options: LedgerClientOptions<Tx>): LedgerClient<Tx> {
  const cx: LedgerContext<Tx> = {
    ledger: options.ledger,
    owner: options.owner ?? defaultOwner(),
    createLeaseMs: options.createLeaseMs ?? 60_000,
    retentionMs: options.deliveryRetentionMs ?? defaultDeliveryRetentionMs,
    fulfilForeign: options.fulfilForeignLinks === true,
    links: options.links,
  };
  const { ledger, owner } = cx;
  return {
    ledger,
    owner,
    create: (provider, input, createOptions = {}) => createOnce(cx, provider, input, createOptions),
    handleWebhook: (provider, request, webhookOptions = {}) =>
      handleWebhook(cx, provider, request, webhookOptions),
    sync: (syncOptions = {}) => syncLedger(cx, syncOptions),
    fulfilments: (handler, workerOptions) =>
      createFulfilmentWorker(ledger, handler, { owner, ...workerOptions }),
    async adoptIntent(key, linkId) {
      const links = clientFor(cx, key.provider, key.scope);
      const link = await must(links.te.get(linkId));
      return complete(cx, key, links, link);
    },
    forgetIntent: (key) => ledger.abandonIntent(key),
  };
}

async function handleWebhook<Tx>(
  cx: LedgerContext<Tx>,
  provider: string,
  request: WebhookRequest,
  webhookOptions: { readonly scope?: string },
): Promise<WebhookOutcome> {
  const scope = webhookOptions.scope ?? '';
  const links = clientFor(cx, provider, scope);
  const parsed = links.te.parseWebhook(request);
  if (E.isLeft(parsed)) throw new PaymentLinkException(parsed.left);
  const event = parsed.right;
  // Events with an id are dropped before any call; the others are keyed by what the re-fetch shows.
  if (event.eventId !== undefined) {
    const deliveryKey = storableKey(webhookEventKey(event));
    if (await cx.ledger.seen(deliveryKey)) return { outcome: 'duplicate', event, deliveryKey };
  }
  const link = await resolveLink(cx, links, event, scope);
  const deliveryKey = storableKey(webhookEventKey(event, link));
  const observed = await cx.ledger.observe(observationOf(link, scope), {
    deliveryKey,
    retentionMs: cx.retentionMs,
    fulfilForeign: cx.fulfilForeign,
  });
  return {
    outcome: observed.outcome,
    event,
    deliveryKey,
    link,
    status: observed.status,
    ...(observed.previous !== undefined ? { previous: observed.previous } : {}),
    ...(observed.fulfilmentId !== undefined ? { fulfilmentId: observed.fulfilmentId } : {}),
  };
}

/**
 * A delivery key the ledger can store: the key itself, or, when provider text made it longer than
 * a key may be or put a control character in it, its SHA-256 (the same text always gives the same
 * hash, so duplicates are still found).
 */
function storableKey(key: string): string {
  if (isLedgerKey(key, 'deliveryKey')) return key;
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

async function resolveLink<Tx>(
  cx: LedgerContext<Tx>,
  links: PaymentLinks,
  event: WebhookEvent,
  scope: string,
): Promise<PaymentLink> {
  if (event.linkId !== undefined) return must(links.te.get(event.linkId));
  // A reference no ledger key can be (too long, a control character) names no link of the ledger's.
  if (event.reference !== undefined && isReferenceKey(event.reference)) {
    const known = await cx.ledger.linkByReference({ provider: links.id, scope, reference: event.reference });
    if (known !== undefined) return must(links.te.get(known.linkId));
  }
  const resolve = links.provider.resolveWebhookLink;
  if (resolve === undefined) {
    throw new PaymentLinkException(
      unsupportedError({
        provider: links.id,
        operation: 'resolveWebhook',
        feature: 'resolveWebhook',
        message: `${links.id} event ${event.rawType} names no payment link`,
      }),
    );
  }
  return must(resolve(event));
}
