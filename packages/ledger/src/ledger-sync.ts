// The ledger client's sync: stale links re-fetched, dead creates finished, old delivery keys dropped.
import * as E from 'fp-ts/lib/Either.js';

import { PaymentLinkException, type CreatePaymentLinkInput } from '@paylinks/core/adapter';

import type { SyncOptions, SyncReport } from './ledger-client-types.js';
import { clientFor, observationOf, type LedgerContext } from './ledger-context.js';
import { recover } from './ledger-create.js';

async function inBatches<A>(items: ReadonlyArray<A>, concurrency: number, work: (item: A) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as A);
  });
  await Promise.all(lanes);
}

/** {@link LedgerClient.sync}: takes over lapsed creates, re-fetches stale links, purges old delivery keys. */
export async function syncLedger<Tx>(cx: LedgerContext<Tx>, syncOptions: SyncOptions): Promise<SyncReport> {
  const limit = syncOptions.limit ?? 100;
  const concurrency = syncOptions.concurrency ?? 4;
  const providers =
    syncOptions.providers ?? (typeof cx.links === 'function' ? undefined : Object.keys(cx.links));
  const filter = providers !== undefined ? { providers } : {};
  const intents = await recoverLapsedIntents(cx, limit, concurrency, filter);
  const links = await refreshStaleLinks(cx, syncOptions, limit, concurrency, filter);
  const purgedDeliveries = await cx.ledger.purgeDeliveries();
  return { intents, links, purgedDeliveries };
}

async function recoverLapsedIntents<Tx>(
  cx: LedgerContext<Tx>,
  limit: number,
  concurrency: number,
  filter: { readonly providers?: ReadonlyArray<string> },
): Promise<SyncReport['intents']> {
  const intents = { recovered: 0, flagged: 0, failed: 0 };
  const lapsed = await cx.ledger.claimLapsedIntents({
    owner: cx.owner,
    leaseMs: cx.createLeaseMs,
    limit,
    ...filter,
  });
  await inBatches(lapsed, concurrency, async (intent) => {
    try {
      const links = clientFor(cx, intent.provider, intent.scope);
      await recover(cx, links, intent, intent.input as CreatePaymentLinkInput, undefined, 1);
      intents.recovered += 1;
    } catch (error) {
      const flagged =
        error instanceof PaymentLinkException &&
        error.error._tag === 'ConflictError' &&
        error.error.currentStatus === 'needs_attention';
      if (flagged) intents.flagged += 1;
      else intents.failed += 1;
    }
  });
  return intents;
}

async function refreshStaleLinks<Tx>(
  cx: LedgerContext<Tx>,
  syncOptions: SyncOptions,
  limit: number,
  concurrency: number,
  filter: { readonly providers?: ReadonlyArray<string> },
): Promise<SyncReport['links']> {
  const links = { claimed: 0, applied: 0, unchanged: 0, refused: 0, foreign: 0, failed: 0 };
  const stale = await cx.ledger.claimStaleLinks({
    owner: cx.owner,
    staleAfterMs: syncOptions.staleAfterMs ?? 10 * 60_000,
    leaseMs: syncOptions.leaseMs ?? 60_000,
    limit,
    ...filter,
  });
  links.claimed = stale.length;
  await inBatches(stale, concurrency, async (known) => {
    const fetched = await clientFor(cx, known.provider, known.scope).te.get(known.linkId)();
    if (E.isLeft(fetched)) {
      // The claim stays until its lease lapses: a failing link is retried after leaseMs, not at once.
      links.failed += 1;
      return;
    }
    const observed = await cx.ledger.observe(observationOf(fetched.right, known.scope), {
      fulfilForeign: cx.fulfilForeign,
    });
    links[observed.outcome] += 1;
  });
  return links;
}
