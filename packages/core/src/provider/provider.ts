// The provider contract: PaymentLinkProvider, Capabilities, ListQuery, LinkPage, OperationOptions.
import type * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { IsoDuration } from '../model/duration.js';
import type { PaymentLinkError, ValidationIssue } from '../model/errors.js';
import type { CreatePaymentLinkInput, PaymentLink } from '../model/model.js';
import type { UnifiedStatus } from '../model/status.js';
import type { ValidCreateInput } from '../model/validate-input.js';
import type { WebhookEvent, WebhookRequest } from '../webhooks/webhook.js';

/**
 * What a provider can do and what its creates need. Operations marked
 * `false` answer `UnsupportedError` through the client. `requires` and
 * `refuses` are the create input's rules as data: `checkCreate` and every
 * `create` check them (with the limits below) before anything is sent, and
 * report every problem at once.
 */
export interface Capabilities {
  /**
   * Create input fields (dotted paths, `*` for every element of a list) this
   * provider needs besides `reference` and `amount`. A path is required
   * wherever its parent is present: `lineItems.*.id` asks an `id` of each line
   * item, and nothing when there are none. A blank string counts as missing.
   */
  readonly requires: ReadonlyArray<string>;
  /**
   * Create input fields (same paths) this provider cannot take: giving one
   * (anything but `undefined`, an empty list or an empty object) is refused.
   */
  readonly refuses: ReadonlyArray<string>;
  /** Why, per path of `requires` or `refuses`, for the error messages (`webhookUrl`: `set it in the dashboard`). */
  readonly fieldNotes?: Readonly<Record<string, string>>;
  /**
   * The expiry the provider applies when a create names none. Adapters send
   * it, or leave it out where the provider applies it itself (HSA: a value
   * computed from the clock would differ on every retry of a keyed create);
   * the created link's `expiresAt` reports it either way.
   */
  readonly defaultExpiry?: IsoDuration;
  /** `list` with pagination. */
  readonly list: boolean;
  /** `cancel` (withdraw an open link). */
  readonly cancel: boolean;
  /** `activate` (make a draft link payable). */
  readonly activate: boolean;
  /** `delete`. */
  readonly delete: boolean;
  /** Recurring `subscription` on create. */
  readonly subscriptions: boolean;
  /** `lineItems` on create. */
  readonly lineItems: boolean;
  /** `metadata` on create. */
  readonly metadata: boolean;
  /** Idempotency keys on POST (retried creates never duplicate). */
  readonly idempotency: boolean;
  /** Webhooks carry a signature the adapter verifies. */
  readonly signedWebhooks: boolean;
  /**
   * `webhookUrl` can be set per link on create. When false, the provider posts
   * to one URL per account (set in its dashboard) and a `webhookUrl` on create
   * is a `ValidationError`.
   */
  readonly webhookUrlPerLink: boolean;
  /** Find a link by the merchant's `reference` (see {@link PaymentLinkProvider.reconcile}). */
  readonly reconcile: boolean;
  /** Maximum payment attempts per link, where the provider limits them. */
  readonly maxAttempts?: number;
  /** Shortest expiry the provider accepts, in seconds. */
  readonly minExpirySeconds?: number;
  /** Longest expiry the provider accepts, in seconds. */
  readonly maxExpirySeconds?: number;
}

/** Per-call options. */
export interface OperationOptions {
  /** Overrides the adapter's timeout for this call, in milliseconds. */
  readonly timeoutMs?: number;
  /** Idempotency key for this logical operation (providers that support them); generated when absent. */
  readonly idempotencyKey?: string;
  /** Aborts the call. */
  readonly signal?: AbortSignal;
}

/** Filters for `list`. Each adapter documents which it honours; an unsupported one is a `ValidationError`. */
export interface ListQuery {
  /** Only links in these unified statuses. */
  readonly status?: ReadonlyArray<UnifiedStatus>;
  /** Only links with these provider ids. */
  readonly ids?: ReadonlyArray<string>;
  /** Only links for this customer e-mail. */
  readonly customerEmail?: string;
  /** Only links created at or after this instant. */
  readonly createdAfter?: Date;
  /** Only links created before this instant. */
  readonly createdBefore?: Date;
  /** Page size (the adapter caps it at the provider's maximum). */
  readonly limit?: number;
  /** Provider-specific filters, keyed by adapter id. */
  readonly providerFilters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** One page of links. */
export interface LinkPage {
  readonly links: ReadonlyArray<PaymentLink>;
  /** Opaque cursor of the next page; absent on the last page. */
  readonly nextCursor?: string;
  /** Total matching links, where the provider says. */
  readonly total?: number;
}

/**
 * One payment-service provider behind the common interface. Build one with
 * an adapter factory (`costplus(settings)`), or let {@link createPaymentLinks}
 * pick it from configuration.
 */
export interface PaymentLinkProvider {
  /** Adapter id (`costplus`, `conomy`, `hsa-provider`). */
  readonly id: string;
  /** What this provider can do. */
  readonly capabilities: Capabilities;
  /** Creates a link. A `NetworkError` with `ambiguous: true` means it may exist: reconcile before retrying. */
  create(
    input: CreatePaymentLinkInput,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /**
   * The provider's own checks of a create input that passed core's, beyond
   * what `capabilities` say as data (a tax name, a phone number's form, its
   * `providerOptions`): every problem, never only the first. `checkCreate`
   * and `create` run it after the data checks; issues need no `provider`.
   */
  checkCreateInput?(input: ValidCreateInput): ReadonlyArray<ValidationIssue>;
  /** Fetches a link by the provider's id. */
  get(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Fetches one page; `cursor` is the previous page's `nextCursor`. */
  list?(
    query: ListQuery,
    cursor?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, LinkPage>;
  /** Withdraws an open link. */
  cancel?(
    id: string,
    reason?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Makes a draft link payable. */
  activate?(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Deletes a link. */
  delete?(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, void>;
  /**
   * Finds the link created for a merchant `reference`, after an ambiguous
   * create. `undefined` when none exists (the create did not happen).
   */
  reconcile?(
    reference: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined>;
  /**
   * Turns a link body as the provider's API answers it (one you stored,
   * logged or received some other way) into a {@link PaymentLink}, with the
   * same codec and mapping `get` uses; a body the provider would not send is
   * a `DecodeError`.
   */
  decodeLink?(body: unknown): E.Either<PaymentLinkError, PaymentLink>;
  /** Verifies (where the provider signs) and parses a notification. */
  parseWebhook?(request: WebhookRequest): E.Either<PaymentLinkError, WebhookEvent>;
  /**
   * Fetches the link a notification is about (its current state, never the
   * event's word for it). Adapters whose events name only an order implement
   * this; otherwise the client uses `get(event.linkId)`.
   */
  resolveWebhookLink?(
    event: WebhookEvent,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
}
