// What the ledger client's parts share: the ledger, its owner, leases and the provider clients.
import * as E from 'fp-ts/lib/Either.js';

import type { PaymentLinks } from '@paylinks/core';
import {
  PaymentLinkException,
  validationError,
  type PaymentLinkError,
  type PaymentLink,
} from '@paylinks/core/adapter';

import type { LedgerLinks } from './ledger-client-types.js';
import type { Ledger, LinkObservation } from './ledger.js';

/** What every path of a ledger client (create, webhook, sync) shares: its settings and where its clients come from. */
export interface LedgerContext<Tx> {
  readonly ledger: Ledger<Tx>;
  /** This process's name in claims. */
  readonly owner: string;
  readonly createLeaseMs: number;
  readonly retentionMs: number;
  /** Whether links made outside this ledger get fulfilments (`LedgerClientOptions.fulfilForeignLinks`). */
  readonly fulfilForeign: boolean;
  readonly links: LedgerLinks;
}

/** The provider client for `provider` and `scope`; a `ValidationError` exception when there is none. */
export function clientFor(cx: LedgerContext<unknown>, provider: string, scope: string): PaymentLinks {
  const links =
    typeof cx.links === 'function'
      ? cx.links(provider, scope)
      : Object.hasOwn(cx.links, provider)
        ? cx.links[provider]
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
}

/** The right of a provider call, or its error thrown as a `PaymentLinkException`. */
export async function must<A>(task: () => Promise<E.Either<PaymentLinkError, A>>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

/** What the ledger records of a link the provider answered. */
export function observationOf(link: PaymentLink, scope?: string, reference?: string): LinkObservation {
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
