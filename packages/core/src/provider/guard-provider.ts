// Every operation's arguments checked before an adapter sees them. JavaScript callers (and
// webhooks, which come from the network) can pass anything; a bad argument becomes a typed
// error naming it, never a throw and never a request.
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { checkId, checkListQuery, checkOptions, checkWebhookRequest } from './check-call.js';
import {
  validationError,
  webhookVerificationError,
  type PaymentLinkError,
  type ValidationError,
} from '../model/errors.js';
import type { PaymentLinkProvider } from './provider.js';
import type { WebhookEvent } from '../webhooks/webhook.js';

const guardedMark = Symbol.for('paylinks.guardedProvider');

type Task<A> = () => TE.TaskEither<PaymentLinkError, A>;
type Operations = { -readonly [K in keyof PaymentLinkProvider]?: PaymentLinkProvider[K] };

/**
 * The same provider with every operation's arguments checked before the
 * adapter sees them: `options` (`timeoutMs`, `signal`, `idempotencyKey`),
 * list queries (dates given as ISO text become `Date`s), cancel reasons and
 * webhook requests. JavaScript callers can pass anything; a bad argument is
 * a `ValidationError` (or `WebhookVerificationError`) naming it, never a
 * throw. `defineAdapter` and `fromProvider` apply it, so every adapter and
 * every client gets it; applying it twice changes nothing. Extra members of
 * the provider (Cost+'s `getOrder`, HSA's `mode`) are kept.
 */
export function guardProvider<P extends PaymentLinkProvider>(provider: P): P {
  if ((provider as unknown as Record<symbol, unknown>)[guardedMark] === true) return provider;
  const guarded = { ...provider, ...guardedOperations(provider) };
  Object.defineProperty(guarded, guardedMark, { value: true });
  return guarded;
}

/** Runs `task` once `options` are valid. */
function withOptions<A>(id: string, operation: string, options: unknown, task: Task<A>) {
  const checked = checkOptions(options, id, operation);
  return E.isLeft(checked) ? TE.left<PaymentLinkError, A>(checked.left) : task();
}

/** Runs `task` once the link id and `options` are valid. */
function withLinkId<A>(id: string, operation: string, linkId: unknown, options: unknown, task: Task<A>) {
  const checked = checkId(linkId, 'id', id, operation);
  return E.isLeft(checked)
    ? TE.left<PaymentLinkError, A>(checked.left)
    : withOptions(id, operation, options, task);
}

/** A webhook's ids come from the network: checked like a caller's before they reach a path. */
function checkEventIds(event: WebhookEvent, id: string): E.Either<ValidationError, WebhookEvent> {
  for (const field of ['linkId', 'orderId'] as const) {
    const value = event[field];
    if (value === undefined) continue;
    const checked = checkId(value, field, id, 'resolveWebhook');
    if (E.isLeft(checked)) return checked;
  }
  return E.right(event);
}

function guardedOperations(provider: PaymentLinkProvider): Operations {
  const {
    id,
    list,
    cancel,
    activate,
    delete: remove,
    reconcile,
    parseWebhook,
    resolveWebhookLink,
  } = provider;
  const operations: Operations = {
    create: (input, options) => withOptions(id, 'create', options, () => provider.create(input, options)),
    get: (linkId, options) => withLinkId(id, 'get', linkId, options, () => provider.get(linkId, options)),
  };
  if (list !== undefined) {
    operations.list = (query, cursor, options) =>
      withOptions(id, 'list', options, () => {
        const checked = checkListQuery(query ?? {}, id);
        return E.isLeft(checked)
          ? TE.left(checked.left)
          : list.call(provider, checked.right, cursor, options);
      });
  }
  if (cancel !== undefined) {
    operations.cancel = (linkId, reason, options) =>
      withLinkId(id, 'cancel', linkId, options, () =>
        reason !== undefined && typeof reason !== 'string'
          ? TE.left(
              validationError({
                provider: id,
                operation: 'cancel',
                field: 'reason',
                message: 'reason must be a string',
              }),
            )
          : cancel.call(provider, linkId, reason, options),
      );
  }
  if (activate !== undefined) {
    operations.activate = (linkId, options) =>
      withLinkId(id, 'activate', linkId, options, () => activate.call(provider, linkId, options));
  }
  if (remove !== undefined) {
    operations.delete = (linkId, options) =>
      withLinkId(id, 'delete', linkId, options, () => remove.call(provider, linkId, options));
  }
  if (reconcile !== undefined) {
    operations.reconcile = (reference, options) =>
      withOptions(id, 'reconcile', options, () => reconcile.call(provider, reference, options));
  }
  if (resolveWebhookLink !== undefined) {
    operations.resolveWebhookLink = (event, options) =>
      withOptions(id, 'resolveWebhook', options, () => {
        const checked = checkEventIds(event, id);
        return E.isLeft(checked) ? TE.left(checked.left) : resolveWebhookLink.call(provider, event, options);
      });
  }
  if (parseWebhook !== undefined) operations.parseWebhook = guardedParseWebhook(provider, parseWebhook);
  return operations;
}

/** A request checked for shape first; an adapter that throws on a hostile body still answers with a value. */
function guardedParseWebhook(
  provider: PaymentLinkProvider,
  parseWebhook: NonNullable<PaymentLinkProvider['parseWebhook']>,
): NonNullable<PaymentLinkProvider['parseWebhook']> {
  const id = provider.id;
  return (request) => {
    const checked = checkWebhookRequest(request, id);
    if (E.isLeft(checked)) return checked;
    try {
      return parseWebhook.call(provider, checked.right);
    } catch {
      return E.left(
        webhookVerificationError({
          provider: id,
          operation: 'parseWebhook',
          reason: 'malformed_body',
          message: `${id} could not read this webhook`,
        }),
      );
    }
  };
}
