// The client's two faces as types: PaymentLinks (Promises) and PaymentLinksTE (TaskEithers).
import type * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { PaymentLinksEventMap, PaymentLinksEventName } from '../events/observability.js';
import type { PaymentLinkError } from '../model/errors.js';
import type { CreatePaymentLinkInput, PaymentLink } from '../model/model.js';
import type {
  Capabilities,
  LinkPage,
  ListQuery,
  OperationOptions,
  PaymentLinkProvider,
} from '../provider/provider.js';
import type { WebhookEvent, WebhookRequest } from '../webhooks/webhook.js';
import type { LinkList } from './link-list.js';

/** The TaskEither face of a client: nothing throws, every failure is a value. */
export interface PaymentLinksTE {
  /** Creates a payment link; see {@link PaymentLinks.create}. */
  create(
    input: CreatePaymentLinkInput,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Fetches a link by the provider's id. */
  get(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** One page; pass the previous page's `nextCursor`. */
  listPage(
    query?: ListQuery,
    cursor?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, LinkPage>;
  /** Every page, as Eithers; iteration stops after the first Left. */
  pages(
    query?: ListQuery,
    options?: OperationOptions,
  ): AsyncIterableIterator<E.Either<PaymentLinkError, LinkPage>>;
  /** Withdraws an open link. */
  cancel(
    id: string,
    reason?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Makes a draft link payable. */
  activate(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Deletes a link. */
  delete(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, void>;
  /** After an ambiguous create: the link made for `reference`, or `undefined` if none was. */
  reconcile(
    reference: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined>;
  /** Verifies and parses a notification. */
  parseWebhook(request: WebhookRequest): E.Either<PaymentLinkError, WebhookEvent>;
  /** Verifies a notification and re-fetches the link it is about. */
  resolveWebhook(
    request: WebhookRequest,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, { readonly event: WebhookEvent; readonly link: PaymentLink }>;
}

/**
 * A client over one provider, chosen by configuration. Promise methods
 * throw {@link PaymentLinkException}; `te` has the same operations as
 * TaskEithers. An operation the provider lacks fails with `UnsupportedError`.
 */
export interface PaymentLinks {
  /** Adapter id of the provider in use. */
  readonly id: string;
  /** What the provider can do. */
  readonly capabilities: Capabilities;
  /** The provider itself. */
  readonly provider: PaymentLinkProvider;
  /** The TaskEither API. */
  readonly te: PaymentLinksTE;
  /**
   * Creates a payment link and answers it as the provider made it (`url` is
   * where the payer pays). The input is checked first, as `checkCreate`
   * does: a bad one throws a `ValidationError` naming every problem before
   * any request. Pass `options.idempotencyKey` to make a retry safe.
   *
   * @example
   * const link = await links.create({ reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } })
   */
  create(input: CreatePaymentLinkInput, options?: OperationOptions): Promise<PaymentLink>;
  /** Fetches a link by the provider's id; a missing one throws `NotFoundError`. */
  get(id: string, options?: OperationOptions): Promise<PaymentLink>;
  /**
   * Every link matching the query, across all pages, fetched as you iterate;
   * `.toArray({ limit })` collects at most `limit` of them.
   *
   * @example
   * const open = await links.list({ status: ['open'] }).toArray({ limit: 500 })
   */
  list(query?: ListQuery, options?: OperationOptions): LinkList;
  /** Every page matching the query. */
  pages(query?: ListQuery, options?: OperationOptions): AsyncIterableIterator<LinkPage>;
  /** Withdraws an open link so it can no longer be paid, and answers it; `UnsupportedError` where the provider cannot. */
  cancel(id: string, reason?: string, options?: OperationOptions): Promise<PaymentLink>;
  /** Makes a draft link payable, and answers it; `UnsupportedError` where the provider has no drafts. */
  activate(id: string, options?: OperationOptions): Promise<PaymentLink>;
  /** Deletes a link; `UnsupportedError` where the provider cannot. */
  delete(id: string, options?: OperationOptions): Promise<void>;
  /** After an ambiguous create: the link made for `reference`, or `undefined` if none was. */
  reconcile(reference: string, options?: OperationOptions): Promise<PaymentLink | undefined>;
  /** Verifies and parses a notification; throws on a bad one. */
  parseWebhook(request: WebhookRequest): WebhookEvent;
  /** Verifies a notification and re-fetches the link it is about. */
  resolveWebhook(
    request: WebhookRequest,
    options?: OperationOptions,
  ): Promise<{ readonly event: WebhookEvent; readonly link: PaymentLink }>;
  /**
   * Listens to the HTTP calls of this client's operations: `request` (a try
   * is sent), `response` (it was answered), `retry` (it failed and another
   * follows), `error` (the call failed for good). Events carry provider,
   * operation, method, URL template, attempt, status, duration, request id
   * and idempotency key; never a header, body, query or secret. A listener
   * is a guest: if it throws, or is `async` and rejects, the call goes on
   * unchanged and the failure becomes a process warning (`PAYLINKS_LISTENER`).
   * An unknown event name (`__proto__` included) is a `TypeError`.
   *
   * @example
   * links.on('response', (e) => log.info(`${e.method} ${e.urlTemplate} ${e.status} ${e.durationMs.toFixed(0)}ms`))
   */
  on<K extends PaymentLinksEventName>(
    event: K,
    listener: (event: PaymentLinksEventMap[K]) => void,
  ): PaymentLinks;
  /** Removes a listener added with {@link PaymentLinks.on}. */
  off<K extends PaymentLinksEventName>(
    event: K,
    listener: (event: PaymentLinksEventMap[K]) => void,
  ): PaymentLinks;
}
