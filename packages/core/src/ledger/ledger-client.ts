import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import * as E from 'fp-ts/lib/Either.js';

import type { PaymentLinks } from '../client.js';
import {
  conflictError,
  PaymentLinkException,
  unsupportedError,
  validationError,
  type PaymentLinkError,
} from '../errors.js';
import { resolveExpiry } from '../expiry.js';
import type { CreatePaymentLinkInput, PaymentLink } from '../model.js';
import type { LinkStatus } from '../status.js';
import { webhookEventKey, type WebhookEvent, type WebhookRequest } from '../webhook.js';

import {
  createFulfilmentWorker,
  type FulfilmentHandler,
  type FulfilmentWorker,
  type FulfilmentWorkerOptions,
} from './fulfilment-worker.js';
import {
  defaultDeliveryRetentionMs,
  inputFingerprint,
  inputToJson,
  type CreateIntent,
  type IntentKey,
  type Ledger,
  type LinkObservation,
} from './ledger.js';

/** The provider clients a ledger client calls: by adapter id, or per provider and merchant scope. */
export type LedgerLinks =
  Readonly<Record<string, PaymentLinks>> | ((provider: string, scope: string) => PaymentLinks | undefined);

/** Options of {@link createLedgerClient}. */
export interface LedgerClientOptions<Tx> {
  /** Where the truth is kept: `createMemoryLedger()` or `@paylinks/postgres`'s `createPostgresLedger`. */
  readonly ledger: Ledger<Tx>;
  /**
   * The provider clients (`fromProvider(costplus(...))`), by adapter id; a
   * function of provider and scope when each merchant has its own credentials.
   */
  readonly links: LedgerLinks;
  /** This process's name in claims (default `<host>:<pid>:<random>`); unique per process. */
  readonly owner?: string;
  /**
   * How long a create holds its claim, in milliseconds (default 60 s): longer
   * than one create with all its retries, or another process could take over
   * while the first is still waiting for the provider.
   */
  readonly createLeaseMs?: number;
  /** How long webhook delivery keys are remembered, in milliseconds (default 7 days). */
  readonly deliveryRetentionMs?: number;
}

/** Options of {@link LedgerClient.create}. */
export interface LedgerCreateOptions {
  /** The merchant the link is for, on a platform with several (default `''`). */
  readonly scope?: string;
  /** Longest wait for another process creating the same reference, in milliseconds (default twice the create lease). */
  readonly waitMs?: number;
  /** Per-try timeout passed to the provider. */
  readonly timeoutMs?: number;
}

/**
 * What {@link LedgerClient.handleWebhook} did with a delivery:
 * - `duplicate`: the delivery key was already recorded; nothing fetched or changed;
 * - `applied`: the link's status changed (`fulfilmentId` when it entered a final status);
 * - `unchanged`: the ledger already held this status;
 * - `refused`: the provider showed a status the ledger may not move to (a late `open` after `paid`).
 * Answer the provider 2xx for all four.
 */
export interface WebhookOutcome {
  readonly outcome: 'applied' | 'unchanged' | 'refused' | 'duplicate';
  readonly event: WebhookEvent;
  /** The de-duplication key (see `webhookEventKey`). */
  readonly deliveryKey: string;
  /** The link as re-fetched from the provider (absent for a duplicate). */
  readonly link?: PaymentLink;
  /** The status the ledger holds after this delivery (absent for a duplicate). */
  readonly status?: LinkStatus;
  /** The status before, when the link was known. */
  readonly previous?: LinkStatus;
  /** The fulfilment this delivery enqueued. */
  readonly fulfilmentId?: string;
}

/** Options of {@link LedgerClient.sync}. */
export interface SyncOptions {
  /** Links not seen for this long are re-fetched, in milliseconds (default 10 minutes). */
  readonly staleAfterMs?: number;
  /** Most links (and most lapsed intents) handled by this call (default 100). */
  readonly limit?: number;
  /** Fetches in flight at once (default 4). */
  readonly concurrency?: number;
  /** How long a sync claim on a link holds, in milliseconds (default 60 s); a failed fetch is retried after it. */
  readonly leaseMs?: number;
  /** Only these providers (default every one with a client). */
  readonly providers?: ReadonlyArray<string>;
}

/** What {@link LedgerClient.sync} did. */
export interface SyncReport {
  /** Creates whose process died, taken over: finished, flagged for a person, or failed again. */
  readonly intents: { readonly recovered: number; readonly flagged: number; readonly failed: number };
  /** Stale links re-fetched, by what the observation did, and fetches that failed. */
  readonly links: {
    readonly claimed: number;
    readonly applied: number;
    readonly unchanged: number;
    readonly refused: number;
    readonly failed: number;
  };
  /** Delivery keys past their retention window, deleted. */
  readonly purgedDeliveries: number;
}

/**
 * Payment links whose truth is kept in a {@link Ledger}, so several
 * processes (web instances, workers) agree on it: one link per reference,
 * each webhook applied once, statuses that only move along the state
 * machine, and each final status handed to a fulfilment handler.
 */
export interface LedgerClient<Tx> {
  readonly ledger: Ledger<Tx>;
  /** This process's name in claims. */
  readonly owner: string;
  /**
   * Creates the link for `input.reference` once, whichever process asks and
   * however often. The intent is recorded before the provider is called; a
   * second caller waits for the first; a create whose process died is taken
   * over: retried with the same idempotency key where the provider has keys,
   * looked up by reference where it can (adopting what it finds), and
   * otherwise reported as needing a person (a `ConflictError`; see
   * {@link LedgerClient.adoptIntent}). Throws `PaymentLinkException`.
   */
  create(
    provider: string,
    input: CreatePaymentLinkInput,
    options?: LedgerCreateOptions,
  ): Promise<PaymentLink>;
  /**
   * Verifies a webhook, drops a duplicate delivery, re-fetches the link it
   * is about, advances the ledger's status and enqueues the fulfilment, in
   * one transaction. Throws `PaymentLinkException`: a `WebhookVerificationError`
   * (answer 400) or the provider's error while re-fetching (answer 5xx so the
   * provider tries again).
   */
  handleWebhook(
    provider: string,
    request: WebhookRequest,
    options?: { readonly scope?: string },
  ): Promise<WebhookOutcome>;
  /**
   * Re-fetches links that are not final and were not seen for a while
   * (webhooks get lost), claiming each so that two workers never fetch the
   * same one at once, and takes over creates whose process died. Run it on a
   * schedule from one or more workers.
   */
  sync(options?: SyncOptions): Promise<SyncReport>;
  /** A worker that hands due fulfilments to `handler`; see {@link FulfilmentWorker}. */
  fulfilments(handler: FulfilmentHandler<Tx>, options?: FulfilmentWorkerOptions): FulfilmentWorker;
  /** A person's decision on an intent that needs one: the link `linkId` (checked at the provider) is the one. */
  adoptIntent(key: IntentKey, linkId: string): Promise<PaymentLink>;
  /** A person's decision: no link was made for this intent; the next create makes one. */
  forgetIntent(key: IntentKey): Promise<void>;
}

function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function isAmbiguous(error: PaymentLinkError): boolean {
  return (
    (error._tag === 'NetworkError' && error.ambiguous) ||
    (error._tag === 'ProviderError' && error.ambiguous === true)
  );
}

async function must<A>(task: () => Promise<E.Either<PaymentLinkError, A>>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

/**
 * Where the provider replays creates by idempotency key, every try of a logical create must send the
 * same body; a relative `expiresIn` would give each try another absolute expiry (and the provider a
 * reason to refuse the key). It is fixed once, when the intent is recorded, as `expiresAt`.
 */
function pinExpiry(input: CreatePaymentLinkInput, links: PaymentLinks): CreatePaymentLinkInput {
  if (!links.capabilities.idempotency || input.expiresIn === undefined) return input;
  const expiry = resolveExpiry(input, new Date());
  if (E.isLeft(expiry) || expiry.right === undefined) return input;
  const { expiresIn: _relative, ...rest } = input;
  return { ...rest, expiresAt: expiry.right.expiresAt.toISOString() };
}

function observationOf(link: PaymentLink, scope?: string, reference?: string): LinkObservation {
  const ref = reference ?? link.reference;
  return {
    provider: link.provider,
    linkId: link.id,
    status: link.status,
    body: link.raw,
    ...(scope !== undefined ? { scope } : {}),
    ...(ref !== undefined ? { reference: ref } : {}),
  };
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
  const { ledger } = options;
  const owner = options.owner ?? defaultOwner();
  const createLeaseMs = options.createLeaseMs ?? 60_000;
  const retentionMs = options.deliveryRetentionMs ?? defaultDeliveryRetentionMs;

  const clientFor = (provider: string, scope: string): PaymentLinks => {
    const links =
      typeof options.links === 'function'
        ? options.links(provider, scope)
        : Object.hasOwn(options.links, provider)
          ? options.links[provider]
          : undefined;
    if (links === undefined) {
      throw new PaymentLinkException(
        validationError({
          provider,
          field: 'provider',
          message: `no payment-link client for provider ${provider}${scope !== '' ? ` and scope ${scope}` : ''}`,
        }),
      );
    }
    return links;
  };

  const needsPerson = (intent: IntentKey, note: string) =>
    new PaymentLinkException(
      conflictError({
        provider: intent.provider,
        operation: 'create',
        currentStatus: 'needs_attention',
        message: `create of reference ${intent.reference} needs a person: ${note}`,
      }),
    );

  async function complete(intent: IntentKey, links: PaymentLinks, link: PaymentLink): Promise<PaymentLink> {
    const { linkId } = await ledger.completeIntent(
      intent,
      observationOf(link, intent.scope, intent.reference),
    );
    return linkId === link.id ? link : recordedLink(links, intent.provider, linkId);
  }

  // The stored body decodes without a call where the adapter can decode; otherwise ask the provider.
  async function recordedLink(links: PaymentLinks, provider: string, linkId: string): Promise<PaymentLink> {
    const stored = await ledger.link(provider, linkId);
    if (stored !== undefined && links.provider.decodeLink !== undefined) {
      const decoded = links.provider.decodeLink(stored.body);
      if (E.isRight(decoded)) return decoded.right;
    }
    return must(links.te.get(linkId));
  }

  // One call to the provider for a claimed intent. `nothingMade`: no earlier try can have made the
  // link (a new intent, or the provider's lookup found none), so a definite refusal frees the
  // reference. `recoveries`: how many more times an ambiguous answer is looked into at once.
  async function attempt(
    links: PaymentLinks,
    intent: CreateIntent,
    input: CreatePaymentLinkInput,
    timeoutMs: number | undefined,
    nothingMade: boolean,
    recoveries: number,
  ): Promise<PaymentLink> {
    const result = await links.te.create(input, {
      idempotencyKey: intent.idempotencyKey,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    })();
    if (E.isRight(result)) return complete(intent, links, result.right);
    const error = result.left;
    if (isAmbiguous(error)) {
      if (recoveries > 0) return recover(links, intent, input, timeoutMs, recoveries - 1);
      await ledger.releaseIntent(intent, owner);
      throw new PaymentLinkException(error);
    }
    // A provider with unique references refuses a second link: the first one exists, adopt it.
    if (error._tag === 'ConflictError' && links.capabilities.reconcile) {
      const found = await links.te.reconcile(intent.reference)();
      if (E.isRight(found) && found.right !== undefined) return complete(intent, links, found.right);
    }
    if (nothingMade) {
      await ledger.abandonIntent(intent, owner);
    } else if (error.retryable) {
      await ledger.releaseIntent(intent, owner);
    } else {
      // An earlier try may have made the link and this one cannot say: a person must look.
      const note = `retrying the interrupted create was refused (${error._tag}: ${error.message}); look for reference ${intent.reference} at ${intent.provider}, then adoptIntent or forgetIntent`;
      await ledger.flagIntent(intent, owner, note);
      throw needsPerson(intent, note);
    }
    throw new PaymentLinkException(error);
  }

  // The intent may have reached the provider: find out before making a link.
  async function recover(
    links: PaymentLinks,
    intent: CreateIntent,
    input: CreatePaymentLinkInput,
    timeoutMs: number | undefined,
    recoveries: number,
  ): Promise<PaymentLink> {
    if (links.capabilities.idempotency) return attempt(links, intent, input, timeoutMs, false, recoveries);
    if (links.capabilities.reconcile) {
      const found = await links.te.reconcile(intent.reference)();
      if (E.isLeft(found)) {
        await ledger.releaseIntent(intent, owner);
        throw new PaymentLinkException(found.left);
      }
      if (found.right !== undefined) return complete(intent, links, found.right);
      return attempt(links, intent, input, timeoutMs, true, recoveries);
    }
    const note = `${intent.provider} has neither idempotency keys nor a lookup by reference, so whether the interrupted create made a link cannot be asked: look for reference ${intent.reference} at the provider, then adoptIntent or forgetIntent`;
    await ledger.flagIntent(intent, owner, note);
    throw needsPerson(intent, note);
  }

  async function create(
    provider: string,
    input: CreatePaymentLinkInput,
    createOptions: LedgerCreateOptions = {},
  ): Promise<PaymentLink> {
    const scope = createOptions.scope ?? '';
    const links = clientFor(provider, scope);
    const reference = (input as { reference?: unknown }).reference;
    if (typeof reference !== 'string' || reference === '') {
      throw new PaymentLinkException(
        validationError({
          provider,
          operation: 'create',
          field: 'reference',
          message: 'reference is required',
        }),
      );
    }
    const key: IntentKey = { provider, scope, reference };
    const fingerprint = inputFingerprint(input);
    const recorded = pinExpiry(input, links);
    const deadline = Date.now() + (createOptions.waitMs ?? 2 * createLeaseMs);
    for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
      const claim = await ledger.claimIntent({
        ...key,
        idempotencyKey: randomUUID(),
        fingerprint,
        input: inputToJson(recorded),
        owner,
        leaseMs: createLeaseMs,
      });
      const { intent } = claim;
      if (intent.fingerprint !== '' && intent.fingerprint !== fingerprint) {
        throw new PaymentLinkException(
          conflictError({
            provider,
            operation: 'create',
            message: `reference ${reference} is already being created with another input`,
          }),
        );
      }
      switch (claim.kind) {
        case 'created':
          return recordedLink(links, provider, intent.linkId as string);
        case 'needs_attention':
          throw needsPerson(intent, intent.note ?? 'an earlier create was interrupted');
        case 'started':
          return attempt(links, intent, recorded, createOptions.timeoutMs, true, 1);
        case 'recovering':
          // Every try sends what the first claimant recorded, so a replayed key meets the same body.
          return recover(links, intent, intent.input as CreatePaymentLinkInput, createOptions.timeoutMs, 1);
        case 'busy':
          if (Date.now() > deadline) {
            throw new PaymentLinkException(
              conflictError({
                provider,
                operation: 'create',
                retryable: true,
                message: `reference ${reference} is still being created by ${intent.owner ?? 'another process'}`,
              }),
            );
          }
          await sleep(wait);
      }
    }
  }

  async function resolveLink(links: PaymentLinks, event: WebhookEvent, scope: string): Promise<PaymentLink> {
    if (event.linkId !== undefined) return must(links.te.get(event.linkId));
    if (event.reference !== undefined) {
      const known = await ledger.linkByReference({ provider: links.id, scope, reference: event.reference });
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

  async function handleWebhook(
    provider: string,
    request: WebhookRequest,
    webhookOptions: { readonly scope?: string } = {},
  ): Promise<WebhookOutcome> {
    const scope = webhookOptions.scope ?? '';
    const links = clientFor(provider, scope);
    const parsed = links.te.parseWebhook(request);
    if (E.isLeft(parsed)) throw new PaymentLinkException(parsed.left);
    const event = parsed.right;
    // Events with an id are dropped before any call; the others are keyed by what the re-fetch shows.
    if (event.eventId !== undefined) {
      const deliveryKey = webhookEventKey(event);
      if (await ledger.seen(deliveryKey)) return { outcome: 'duplicate', event, deliveryKey };
    }
    const link = await resolveLink(links, event, scope);
    const deliveryKey = webhookEventKey(event, link);
    const observed = await ledger.observe(observationOf(link, scope), { deliveryKey, retentionMs });
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

  async function inBatches<A>(
    items: ReadonlyArray<A>,
    concurrency: number,
    work: (item: A) => Promise<void>,
  ) {
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as A);
    });
    await Promise.all(lanes);
  }

  async function sync(syncOptions: SyncOptions = {}): Promise<SyncReport> {
    const limit = syncOptions.limit ?? 100;
    const leaseMs = syncOptions.leaseMs ?? 60_000;
    const concurrency = syncOptions.concurrency ?? 4;
    const providers =
      syncOptions.providers ?? (typeof options.links === 'function' ? undefined : Object.keys(options.links));
    const filter = providers !== undefined ? { providers } : {};
    const intents = { recovered: 0, flagged: 0, failed: 0 };
    const lapsed = await ledger.claimLapsedIntents({ owner, leaseMs: createLeaseMs, limit, ...filter });
    await inBatches(lapsed, concurrency, async (intent) => {
      try {
        await recover(
          clientFor(intent.provider, intent.scope),
          intent,
          intent.input as CreatePaymentLinkInput,
          undefined,
          1,
        );
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
    const links = { claimed: 0, applied: 0, unchanged: 0, refused: 0, failed: 0 };
    const stale = await ledger.claimStaleLinks({
      owner,
      staleAfterMs: syncOptions.staleAfterMs ?? 10 * 60_000,
      leaseMs,
      limit,
      ...filter,
    });
    links.claimed = stale.length;
    await inBatches(stale, concurrency, async (known) => {
      const fetched = await clientFor(known.provider, known.scope).te.get(known.linkId)();
      if (E.isLeft(fetched)) {
        // The claim stays until its lease lapses: a failing link is retried after leaseMs, not at once.
        links.failed += 1;
        return;
      }
      const observed = await ledger.observe(observationOf(fetched.right, known.scope));
      links[observed.outcome] += 1;
    });
    const purgedDeliveries = await ledger.purgeDeliveries();
    return { intents, links, purgedDeliveries };
  }

  return {
    ledger,
    owner,
    create,
    handleWebhook,
    sync,
    fulfilments: (handler, workerOptions) =>
      createFulfilmentWorker(ledger, handler, { owner, ...workerOptions }),
    async adoptIntent(key, linkId) {
      const links = clientFor(key.provider, key.scope);
      const link = await must(links.te.get(linkId));
      return complete(key, links, link);
    },
    forgetIntent: (key) => ledger.abandonIntent(key),
  };
}
