// Conomy has no reference filter: a link is looked for page by page (adopting a create's link,
// reconcile, and a webhook that names only a transaction).
import {
  notFoundError,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkError,
  validationError,
  walkPages,
  type WebhookEvent,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import type { ConomyLink } from './conomy-api.js';
import { conomyCheckoutToken } from './conomy-checkout-token.js';
import type { ConomyContext } from './conomy-context.js';
import { linkCall, listLinks } from './conomy-links.js';
import { conomyProviderId } from './conomy-provider-id.js';

/** The checkoutToken a link was created with, as Conomy holds it. */
export function checkoutTokenOf(link: PaymentLink): string | undefined {
  return (link.raw as Partial<ConomyLink> | undefined)?.checkoutToken ?? undefined;
}

/** The first link `match` accepts, page by page; `operation` is what a failed page's error names. */
export function findLink(
  context: ConomyContext,
  operation: string,
  match: (link: PaymentLink) => boolean,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink | undefined> {
  return async () => {
    for await (const page of walkPages((cursor) => listLinks(context, {}, cursor, options), {
      provider: conomyProviderId,
      operation,
    })) {
      if (E.isLeft(page)) return page;
      const found = page.right.links.find(match);
      if (found !== undefined) return E.right(found);
    }
    return E.right(undefined);
  };
}

/** The link whose reference is `reference` or whose checkoutToken derives from it (a hashed one reads back only as itself). */
export function reconcileLink(
  context: ConomyContext,
  reference: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink | undefined> {
  if (typeof reference !== 'string' || reference.trim() === '') {
    return TE.left(
      validationError({
        provider: conomyProviderId,
        operation: 'reconcile',
        field: 'reference',
        message: 'reconcile: reference must be a non-empty string',
      }),
    );
  }
  return findLink(
    context,
    'reconcile',
    (link) => link.reference === reference || checkoutTokenOf(link) === conomyCheckoutToken(reference),
    options,
  );
}

/** The link an event is about: by its id, or by the transaction's externalId (the link's checkoutToken; a link id is accepted too). */
export function resolveWebhookLink(
  context: ConomyContext,
  event: WebhookEvent,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  if (event.linkId !== undefined) return linkCall(context, 'get', event.linkId, options);
  const reference = event.reference;
  if (reference === undefined) {
    return TE.left(
      notFoundError({
        provider: conomyProviderId,
        operation: 'resolveWebhook',
        message: `resolveWebhook: ${event.rawType} names no transaction externalId to find its link by`,
      }),
    );
  }
  return pipe(
    findLink(
      context,
      'resolveWebhook',
      (link) => link.reference === reference || link.id === reference,
      options,
    ),
    TE.chain((link) =>
      link !== undefined
        ? TE.right(link)
        : TE.left<PaymentLinkError, PaymentLink>(
            notFoundError({
              provider: conomyProviderId,
              operation: 'resolveWebhook',
              resourceId: reference,
              message: `resolveWebhook: no payment link has checkoutToken or id ${reference}`,
            }),
          ),
    ),
  );
}
