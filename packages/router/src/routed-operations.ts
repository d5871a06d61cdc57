// The router's other operations, sent to the provider holding the link.
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import {
  unsupportedError,
  validationError,
  type PaymentLinkError,
  type PaymentLink,
  type LinkPage,
  type ListQuery,
  type OperationOptions,
  type PaymentLinkProvider,
  type WebhookEvent,
} from '@paylinks/core/adapter';

import { parseRoutedLinkId, routedLinkId, withRoutedId } from './routed-link-id.js';
import { tracked, type RouterState } from './router-state.js';

/** The provider holding link `id` and its own id for it: from a router id, else from `ownerOf`. */
export function ownerOf(
  state: RouterState,
  id: string,
  operation: string,
): E.Either<PaymentLinkError, { readonly provider: PaymentLinkProvider; readonly id: string }> {
  const { byId, ids, options } = state;
  const routed = typeof id === 'string' ? parseRoutedLinkId(id, ids) : undefined;
  if (routed !== undefined)
    return E.right({ provider: byId.get(routed.provider) as PaymentLinkProvider, id: routed.id });
  const known = typeof id === 'string' ? options.ownerOf?.(id) : undefined;
  const provider = known !== undefined ? byId.get(known) : undefined;
  if (provider !== undefined) return E.right({ provider, id });
  return E.left(
    validationError({
      operation,
      field: 'id',
      message: `id must be a router link id "<provider>:<id>" with a provider of this router (${ids.join(', ')}), as create returns it${options.ownerOf !== undefined ? ', or an id ownerOf knows' : ''}`,
    }),
  );
}

/** Runs `call` on the provider holding link `id`; `UnsupportedError` when that provider has no such operation. */
export function onOwner<A>(
  state: RouterState,
  id: string,
  operation: string,
  call: (provider: PaymentLinkProvider, id: string) => TE.TaskEither<PaymentLinkError, A> | undefined,
  routeResult: (provider: string, value: A) => A,
): TE.TaskEither<PaymentLinkError, A> {
  return async () => {
    const found = ownerOf(state, id, operation);
    if (E.isLeft(found)) return found;
    const { provider } = found.right;
    const task = call(provider, found.right.id);
    if (task === undefined) {
      return E.left(
        unsupportedError({
          provider: provider.id,
          operation,
          feature: operation,
          message: `${provider.id} has no ${operation} operation for payment links`,
        }),
      );
    }
    const result = await tracked(state, provider.id, task)();
    return E.isRight(result) ? E.right(routeResult(provider.id, result.right)) : result;
  };
}

/**
 * Lists the providers that list, one after the other. The router's cursor is
 * `<provider>:<that provider's cursor>`, empty after the colon for its first page.
 */
export function listRouted(
  state: RouterState,
): (
  query: ListQuery,
  cursor?: string,
  options?: OperationOptions,
) => TE.TaskEither<PaymentLinkError, LinkPage> {
  const listers = state.providers.filter((p) => p.list !== undefined);
  return (query, cursor, options) => async () => {
    const at =
      cursor === undefined
        ? undefined
        : parseRoutedLinkId(
            cursor,
            listers.map((p) => p.id),
          );
    if (cursor !== undefined && at === undefined) {
      return E.left(
        validationError({
          operation: 'list',
          field: 'cursor',
          message: 'cursor must be a nextCursor this router answered',
        }),
      );
    }
    const index = at === undefined ? 0 : listers.findIndex((p) => p.id === at.provider);
    const provider = listers[index];
    if (provider === undefined || provider.list === undefined) {
      return E.left(
        unsupportedError({
          operation: 'list',
          feature: 'list',
          message: 'none of the router providers lists payment links',
        }),
      );
    }
    const scoped = scopeIds(state, query, provider);
    const page =
      scoped.ids !== undefined && scoped.ids.length === 0
        ? E.right<PaymentLinkError, LinkPage>({ links: [] })
        : await tracked(
            state,
            provider.id,
            provider.list(scoped, at?.id === '' ? undefined : at?.id, options),
          )();
    if (E.isLeft(page)) return page;
    const next = listers[index + 1];
    const nextCursor =
      page.right.nextCursor !== undefined
        ? routedLinkId(provider.id, page.right.nextCursor)
        : next !== undefined
          ? routedLinkId(next.id, '')
          : undefined;
    return E.right({
      links: page.right.links.map((link) => withRoutedId(provider.id, link)),
      ...(nextCursor !== undefined ? { nextCursor } : {}),
    });
  };
}

// A query by ids asks each provider only for its own links, by its own ids.
function scopeIds(state: RouterState, query: ListQuery, provider: PaymentLinkProvider): ListQuery {
  if (query.ids === undefined) return query;
  const own = query.ids.flatMap((id) => {
    const found = ownerOf(state, id, 'list');
    return E.isRight(found) && found.right.provider.id === provider.id ? [found.right.id] : [];
  });
  return { ...query, ids: own };
}

/** Asks each provider that reconciles, in order, for the link of `reference`; the first found is the answer. */
export function reconcileRouted(
  state: RouterState,
): (
  reference: string,
  options?: OperationOptions,
) => TE.TaskEither<PaymentLinkError, PaymentLink | undefined> {
  return (reference, options) => async () => {
    for (const provider of state.providers) {
      if (!provider.capabilities.reconcile || provider.reconcile === undefined) continue;
      const found = await tracked(state, provider.id, provider.reconcile(reference, options))();
      if (E.isLeft(found)) return found;
      if (found.right !== undefined) return E.right(withRoutedId(provider.id, found.right));
    }
    return E.right(undefined);
  };
}

/** The event with its link id made a router id. */
export function routedEvent(provider: string, event: WebhookEvent): WebhookEvent {
  return event.linkId !== undefined ? { ...event, linkId: routedLinkId(provider, event.linkId) } : event;
}

/** The link a routed webhook event is about, fetched from the provider that sent it. */
export function resolveRoutedWebhookLink(
  state: RouterState,
  event: WebhookEvent,
  opts: OperationOptions | undefined,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  const linkId = event.linkId;
  const provider = state.byId.get(event.provider);
  if (provider === undefined) {
    return async () =>
      E.left(
        validationError({
          operation: 'resolveWebhook',
          field: 'provider',
          message: `the event names provider ${event.provider}, which is not one of this router's`,
        }),
      );
  }
  const own = linkId !== undefined ? (parseRoutedLinkId(linkId, [provider.id])?.id ?? linkId) : undefined;
  const bare: WebhookEvent = { ...event, ...(own !== undefined ? { linkId: own } : {}) };
  const task =
    provider.resolveWebhookLink !== undefined
      ? provider.resolveWebhookLink(bare, opts)
      : own !== undefined
        ? provider.get(own, opts)
        : undefined;
  if (task === undefined) {
    return async () =>
      E.left(
        unsupportedError({
          provider: provider.id,
          operation: 'resolveWebhook',
          feature: 'resolveWebhook',
          message: `${provider.id} event ${event.rawType} names no payment link`,
        }),
      );
  }
  return async () => {
    const result = await tracked(state, provider.id, task)();
    return E.isRight(result) ? E.right(withRoutedId(provider.id, result.right)) : result;
  };
}
