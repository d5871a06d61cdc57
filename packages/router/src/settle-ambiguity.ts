// After an ambiguous create: reconcile by reference before deciding to fail over.
import * as E from 'fp-ts/lib/Either.js';

import type {
  PaymentLinkError,
  CreatePaymentLinkInput,
  PaymentLink,
  OperationOptions,
  PaymentLinkProvider,
} from '@paylinks/core/adapter';

import type { AmbiguityEvent } from './router-types.js';
import { referenceOf, tracked, type RouterState } from './router-state.js';

/** What settling an ambiguous create established. */
export type Resolution =
  | { readonly kind: 'found'; readonly link: PaymentLink; readonly how: AmbiguityEvent['how'] }
  | { readonly kind: 'absent'; readonly how: AmbiguityEvent['how'] }
  | { readonly kind: 'unresolved'; readonly notes: ReadonlyArray<string> };

/**
 * Finds out whether a create that failed ambiguously made a link: after
 * `settleMs`, a reconcile by reference where the provider has one, else
 * replays with the failed call's idempotency key where it takes keys.
 */
export async function settleAmbiguity(
  state: RouterState,
  provider: PaymentLinkProvider,
  input: CreatePaymentLinkInput,
  options: OperationOptions,
  error: PaymentLinkError,
): Promise<Resolution> {
  // Keyed providers got the router's key with the create (see routedCreate).
  const notes: string[] = [];
  await state.sleep(state.settleMs);
  const reference = referenceOf(input);
  if (
    provider.capabilities.reconcile &&
    provider.reconcile !== undefined &&
    reference !== undefined &&
    options.signal?.aborted !== true
  ) {
    const found = await tracked(state, provider.id, provider.reconcile(reference, options))();
    if (E.isRight(found))
      return found.right !== undefined
        ? { kind: 'found', link: found.right, how: 'reconcile' }
        : { kind: 'absent', how: 'reconcile' };
    notes.push(`reconcile failed (${found.left._tag}: ${found.left.message})`);
  }
  const key =
    (error._tag === 'NetworkError' || error._tag === 'ProviderError' ? error.idempotencyKey : undefined) ??
    options.idempotencyKey;
  if (provider.capabilities.idempotency && key !== undefined) {
    const replayed = await replayKey(state, provider, input, { ...options, idempotencyKey: key }, notes);
    if (replayed !== undefined) return replayed;
  }
  if (notes.length === 0) notes.push(`${provider.id} can neither reconcile nor replay an idempotency key`);
  return { kind: 'unresolved', notes };
}

// Up to keyedRetries replays of the create with `keyed`'s key; `undefined` (and a note per try) when none settles it.
async function replayKey(
  state: RouterState,
  provider: PaymentLinkProvider,
  input: CreatePaymentLinkInput,
  keyed: OperationOptions,
  notes: string[],
): Promise<Resolution | undefined> {
  for (let i = 0; i < state.keyedRetries && keyed.signal?.aborted !== true; i++) {
    if (i > 0) await state.sleep(state.settleMs);
    // The same key: the provider answers the link the lost call made, or makes it now; never a second.
    const replay = await tracked(state, provider.id, provider.create(input, keyed))();
    if (E.isRight(replay)) return { kind: 'found', link: replay.right, how: 'idempotency-key' };
    // The provider read this key and refused the body: had any try with the key made a link, it
    // would have answered that link. (A 401, 403 or 429 is refused before the key is read.)
    if (replay.left._tag === 'ValidationError' && replay.left.httpStatus !== undefined)
      return { kind: 'absent', how: 'idempotency-key' };
    notes.push(
      `replay ${i + 1} with the idempotency key failed (${replay.left._tag}: ${replay.left.message})`,
    );
  }
  return undefined;
}
