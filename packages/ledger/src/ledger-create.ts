// The ledger client's create: one intent per reference, taken over when its process died.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import * as E from 'fp-ts/lib/Either.js';

import type { PaymentLinks } from '@paylinks/core';
import {
  checkCreateFor,
  conflictError,
  PaymentLinkException,
  validationError,
  type PaymentLinkError,
  resolveExpiry,
  type CreatePaymentLinkInput,
  type PaymentLink,
} from '@paylinks/core/adapter';

import type { LedgerCreateOptions } from './ledger-client-types.js';
import { clientFor, must, observationOf, type LedgerContext } from './ledger-context.js';
import { normalizeReference } from './ledger-input.js';
import { inputFingerprint, inputToJson, type CreateIntent, type IntentKey } from './ledger.js';

function isAmbiguous(error: PaymentLinkError): boolean {
  return (
    (error._tag === 'NetworkError' && error.ambiguous) ||
    (error._tag === 'ProviderError' && error.ambiguous === true)
  );
}

function needsPerson(intent: IntentKey, note: string): PaymentLinkException {
  return new PaymentLinkException(
    conflictError({
      provider: intent.provider,
      operation: 'create',
      currentStatus: 'needs_attention',
      message: `create of reference ${intent.reference} needs a person: ${note}`,
    }),
  );
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

function requireReference(provider: string, input: CreatePaymentLinkInput): string {
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
  return normalizeReference(reference);
}

/** {@link LedgerClient.create}: claims the intent for the reference, then makes, recovers or waits for its link. */
export async function createOnce<Tx>(
  cx: LedgerContext<Tx>,
  provider: string,
  given: CreatePaymentLinkInput,
  createOptions: LedgerCreateOptions,
): Promise<PaymentLink> {
  const scope = createOptions.scope ?? '';
  const links = clientFor(cx, provider, scope);
  const reference = requireReference(provider, given);
  // One visible reference is one key: the provider gets the NFC form too, so the stored input agrees.
  const input: CreatePaymentLinkInput = { ...given, reference };
  // The checks the adapter's create runs first, before the intent is written: bad input writes nothing.
  const checked = checkCreateFor(input, links.provider);
  if (E.isLeft(checked)) throw new PaymentLinkException(checked.left);
  const key: IntentKey = { provider, scope, reference };
  const fingerprint = inputFingerprint(input);
  const recorded = pinExpiry(input, links);
  const deadline = Date.now() + (createOptions.waitMs ?? 2 * cx.createLeaseMs);
  for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
    const claim = await cx.ledger.claimIntent({
      ...key,
      idempotencyKey: randomUUID(),
      fingerprint,
      input: inputToJson(recorded),
      owner: cx.owner,
      leaseMs: cx.createLeaseMs,
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
        return recordedLink(cx, links, provider, intent.linkId as string);
      case 'needs_attention':
        throw needsPerson(intent, intent.note ?? 'an earlier create was interrupted');
      case 'started':
        return attempt(cx, links, intent, recorded, createOptions.timeoutMs, true, 1);
      case 'recovering':
        // Every try sends what the first claimant recorded, so a replayed key meets the same body.
        return recover(cx, links, intent, intent.input as CreatePaymentLinkInput, createOptions.timeoutMs, 1);
      case 'busy':
        if (Date.now() > deadline) throw stillBusy(provider, reference, intent);
        await sleep(wait);
    }
  }
}

function stillBusy(provider: string, reference: string, intent: CreateIntent): PaymentLinkException {
  return new PaymentLinkException(
    conflictError({
      provider,
      operation: 'create',
      retryable: true,
      message: `reference ${reference} is still being created by ${intent.owner ?? 'another process'}`,
    }),
  );
}

/** Records `link` as the intent's; when the ledger already holds another link for it, that one wins. */
export async function complete<Tx>(
  cx: LedgerContext<Tx>,
  intent: IntentKey,
  links: PaymentLinks,
  link: PaymentLink,
): Promise<PaymentLink> {
  const { linkId } = await cx.ledger.completeIntent(
    intent,
    observationOf(link, intent.scope, intent.reference),
  );
  return linkId === link.id ? link : recordedLink(cx, links, intent.provider, linkId);
}

// The stored body decodes without a call where the adapter can decode; otherwise ask the provider.
async function recordedLink<Tx>(
  cx: LedgerContext<Tx>,
  links: PaymentLinks,
  provider: string,
  linkId: string,
): Promise<PaymentLink> {
  const stored = await cx.ledger.link(provider, linkId);
  if (stored !== undefined && links.provider.decodeLink !== undefined) {
    const decoded = links.provider.decodeLink(stored.body);
    if (E.isRight(decoded)) return decoded.right;
  }
  return must(links.te.get(linkId));
}

// One call to the provider for a claimed intent. `nothingMade`: no earlier try can have made the
// link (a new intent, or the provider's lookup found none), so a definite refusal frees the
// reference. `recoveries`: how many more times an ambiguous answer is looked into at once.
async function attempt<Tx>(
  cx: LedgerContext<Tx>,
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
  if (E.isRight(result)) return complete(cx, intent, links, result.right);
  const error = result.left;
  if (isAmbiguous(error)) {
    if (recoveries > 0) return recover(cx, links, intent, input, timeoutMs, recoveries - 1);
    await cx.ledger.releaseIntent(intent, cx.owner);
    throw new PaymentLinkException(error);
  }
  // A provider with unique references refuses a second link: the first one exists, adopt it.
  if (error._tag === 'ConflictError' && links.capabilities.reconcile) {
    const found = await links.te.reconcile(intent.reference)();
    if (E.isRight(found) && found.right !== undefined) return complete(cx, intent, links, found.right);
  }
  if (nothingMade) {
    await cx.ledger.abandonIntent(intent, cx.owner);
  } else if (error.retryable) {
    await cx.ledger.releaseIntent(intent, cx.owner);
  } else {
    // An earlier try may have made the link and this one cannot say: a person must look.
    const note = `retrying the interrupted create was refused (${error._tag}: ${error.message}); look for reference ${intent.reference} at ${intent.provider}, then adoptIntent or forgetIntent`;
    await cx.ledger.flagIntent(intent, cx.owner, note);
    throw needsPerson(intent, note);
  }
  throw new PaymentLinkException(error);
}

/** The intent may have reached the provider: finds out before making a link. */
export async function recover<Tx>(
  cx: LedgerContext<Tx>,
  links: PaymentLinks,
  intent: CreateIntent,
  input: CreatePaymentLinkInput,
  timeoutMs: number | undefined,
  recoveries: number,
): Promise<PaymentLink> {
  if (links.capabilities.idempotency) return attempt(cx, links, intent, input, timeoutMs, false, recoveries);
  if (links.capabilities.reconcile) {
    const found = await links.te.reconcile(intent.reference)();
    if (E.isLeft(found)) {
      await cx.ledger.releaseIntent(intent, cx.owner);
      throw new PaymentLinkException(found.left);
    }
    if (found.right !== undefined) return complete(cx, intent, links, found.right);
    return attempt(cx, links, intent, input, timeoutMs, true, recoveries);
  }
  const note = `${intent.provider} has neither idempotency keys nor a lookup by reference, so whether the interrupted create made a link cannot be asked: look for reference ${intent.reference} at the provider, then adoptIntent or forgetIntent`;
  await cx.ledger.flagIntent(intent, cx.owner, note);
  throw needsPerson(intent, note);
}
