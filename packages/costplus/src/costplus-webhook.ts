import {
  type PaymentLinkError,
  readWebhookJson,
  rejectWebhook,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

import { CostplusWebhook } from './costplus-api.js';
import { costplusProviderId } from './costplus-provider-id.js';

/** What a transaction status says happened to the attempt. */
function transactionEventType(status: string | null | undefined): WebhookEventType {
  switch (status) {
    case 'new':
      return 'attempt.created';
    case 'completed':
      return 'attempt.succeeded';
    case 'error':
    case 'cancelled':
    case 'expired':
      return 'attempt.failed';
    default:
      return 'link.updated';
  }
}

/**
 * Parses a Cost+ notification.
 *
 * Cost+ signs nothing and says nothing about the new status: `status_changed`
 * names only an order (`{event, project_id, order_id}`), and
 * `transaction_status_changed` adds a transaction and its status. Every event
 * is therefore `verified: false` and names an `orderId`, never a `linkId`;
 * resolve it (the client's `resolveWebhook`) to re-fetch the order and its
 * link before acting. A `status_changed` is `link.updated`; a transaction
 * event is typed by its (unverified) transaction status.
 */
export function parseCostplusWebhook(request: WebhookRequest): E.Either<PaymentLinkError, WebhookEvent> {
  return pipe(
    readWebhookJson(costplusProviderId, request.rawBody),
    E.chain(({ body }) => {
      const decoded = CostplusWebhook.decode(body);
      if (E.isLeft(decoded)) {
        return rejectWebhook(
          costplusProviderId,
          'malformed_body',
          'Cost+ webhook body must be a JSON object with string "event" and "order_id"',
        );
      }
      const wire = decoded.right;
      const type: WebhookEventType =
        wire.event === 'transaction_status_changed'
          ? transactionEventType(wire.transaction_status)
          : 'link.updated';
      return E.right<PaymentLinkError, WebhookEvent>({
        provider: costplusProviderId,
        type,
        rawType: wire.event,
        orderId: wire.order_id,
        verified: false,
        raw: body,
      });
    }),
  );
}

/**
 * Builds a notification as Cost+ sends it (`status_changed` unless a
 * transaction is given), for tests. Cost+ signs nothing, so there are no
 * signature headers: only `Content-Type`.
 *
 * @example
 * const { headers, rawBody } = costplusWebhookRequest({ orderId: order.id, projectId: 'p1' })
 * await links.resolveWebhook({ headers, rawBody })
 */
export function costplusWebhookRequest(o: {
  readonly orderId: string;
  readonly projectId?: string;
  readonly transaction?: { readonly id: string; readonly status: string; readonly merchantId?: string };
}): { readonly headers: Record<string, string>; readonly rawBody: string } {
  const projectId = o.projectId ?? '00000000-0000-4000-8000-000000000000';
  const body =
    o.transaction === undefined
      ? { event: 'status_changed', project_id: projectId, order_id: o.orderId }
      : {
          event: 'transaction_status_changed',
          merchant_id: o.transaction.merchantId ?? '00000000-0000-4000-8000-000000000001',
          project_id: projectId,
          order_id: o.orderId,
          transaction_id: o.transaction.id,
          transaction_status: o.transaction.status,
        };
  return { headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body) };
}
