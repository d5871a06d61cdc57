import {
  type Capabilities,
  clockFrom,
  decodeProviderOptions,
  type CreatePaymentLinkInput,
  defineAdapter,
  defineEndpoint,
  type HttpClient,
  httpClientFromSettings,
  type LinkPage,
  linkDecoder,
  type ListQuery,
  newIdempotencyKey,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkAdapter,
  type PaymentLinkError,
  type PaymentLinkProvider,
  type RateLimitInfo,
  type UnifiedStatus,
  validateCreateFor,
  validationError,
  type ValidationError,
  type ValidCreateInput,
  type WebhookEvent,
  type WebhookRequest,
  webhookSecretList,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { convertFromHsaLink } from './convert-from-hsa-link.js';
import { convertToHsaRequest, hsaCreateIssues } from './convert-to-hsa-request.js';
import { HsaLink, HsaLinkList } from './hsa-api.js';
import { hsaCodeTags, readHsaError } from './hsa-error.js';
import { HsaListFilters } from './hsa-options.js';
import {
  defaultReferenceMetadataKey,
  hsaDefaultBaseUrl,
  hsaKeyMode,
  HsaSettings,
  type HsaKeyMode,
} from './hsa-settings.js';
import { parseHsaWebhook } from './hsa-webhook.js';
import { hsaProviderId } from './hsa-provider-id.js';

/** Longest list page the provider serves. */
export const hsaMaxPageSize = 100;

/** Longest cancellation reason the provider accepts, in characters. */
export const hsaMaxCancelReasonLength = 500;

/**
 * What the HSA/FSA provider can do. A create needs a `description`, a
 * `successUrl` and an `id` on every line item, and refuses a per-link
 * webhook URL, payment methods and eligibility flags.
 */
export const hsaCapabilities: Capabilities = {
  requires: ['description', 'successUrl', 'lineItems.*.id'],
  refuses: ['webhookUrl', 'paymentMethods', 'lineItems.*.hsaFsaEligible'],
  fieldNotes: {
    description: 'the checkout page shows it',
    successUrl: 'success_url: where the payer lands after paying',
    'lineItems.*.id': 'products[].merchant_product_id: your product reference',
    webhookUrl: 'register the endpoint in the dashboard, Settings → Webhooks',
    paymentMethods: 'the provider decides the payment methods',
    'lineItems.*.hsaFsaEligible': 'the provider decides eligibility (SIGIS)',
  },
  defaultExpiry: { days: 15 },
  list: true,
  cancel: true,
  activate: false,
  delete: false,
  subscriptions: true,
  lineItems: true,
  metadata: true,
  idempotency: true,
  signedWebhooks: true,
  webhookUrlPerLink: false,
  reconcile: false,
};

/** The HSA/FSA provider: the common operations, plus its key mode and rate-limit state. */
export interface HsaProvider extends PaymentLinkProvider {
  /** `test` for a `glm_test_` key, `live` for `glm_live_`, `unknown` otherwise. */
  readonly mode: HsaKeyMode;
  /** The last `X-RateLimit-Limit/Remaining/Reset` the provider sent. */
  rateLimit(): RateLimitInfo | undefined;
  list(
    query: ListQuery,
    cursor?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, LinkPage>;
  cancel(
    id: string,
    reason?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  parseWebhook(request: WebhookRequest): E.Either<PaymentLinkError, WebhookEvent>;
}

const wireStatus: Partial<Record<UnifiedStatus, string>> = {
  open: 'active',
  paid: 'paid',
  expired: 'expired',
  cancelled: 'cancelled',
};

function invalid(operation: string, field: string, message: string): E.Either<ValidationError, never> {
  return E.left(validationError({ provider: hsaProviderId, operation, field, message }));
}

/**
 * The key of one logical POST: the caller's (core's guardProvider has checked
 * its form before the adapter sees it) or a new UUID v4.
 */
function idempotencyKeyFor(options: OperationOptions | undefined): string {
  return options?.idempotencyKey ?? newIdempotencyKey();
}

/** Builds the `GET /payment-links` query; filters HSA cannot apply are a ValidationError. */
export function buildHsaListQuery(
  query: ListQuery,
  cursor: string | undefined,
): E.Either<ValidationError, Record<string, string | number>> {
  const out: Record<string, string | number> = {};
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 1)) {
    return invalid(
      'list',
      'limit',
      `limit must be a whole number from 1 (the provider serves at most ${hsaMaxPageSize})`,
    );
  }
  // Without a limit the provider serves 10 links a page: ask for its largest page instead.
  out['limit'] = Math.min(query.limit ?? hsaMaxPageSize, hsaMaxPageSize);
  if (cursor !== undefined) out['starting_after'] = cursor;
  if (query.status !== undefined && query.status.length > 0) {
    if (query.status.length > 1)
      return invalid('list', 'status', `${hsaProviderId} filters on one status at a time`);
    const raw = wireStatus[query.status[0] as UnifiedStatus];
    if (raw === undefined) {
      return invalid(
        'list',
        'status',
        `${hsaProviderId} has no links in status ${query.status[0]} (it filters open, paid, expired, cancelled)`,
      );
    }
    out['status'] = raw;
  }
  if (query.ids !== undefined)
    return invalid('list', 'ids', `${hsaProviderId} cannot filter links by id: use get`);
  if (query.customerEmail !== undefined) out['customer_email'] = query.customerEmail;
  if (query.createdAfter !== undefined) out['created_after'] = query.createdAfter.toISOString();
  if (query.createdBefore !== undefined) out['created_before'] = query.createdBefore.toISOString();
  const filters = query.providerFilters?.[hsaProviderId];
  if (filters !== undefined) {
    const decoded = decodeProviderOptions(HsaListFilters, filters, `providerFilters.${hsaProviderId}`);
    if (E.isLeft(decoded)) return E.left({ ...decoded.left, provider: hsaProviderId, operation: 'list' });
    if (decoded.right.payment_type !== undefined) out['payment_type'] = decoded.right.payment_type;
  }
  return E.right(out);
}

const provider = hsaProviderId;

/** The endpoints this adapter calls. */
const endpoint = {
  create: defineEndpoint({
    provider,
    operation: 'create',
    method: 'POST',
    path: '/payment-links',
    codec: HsaLink,
  }),
  get: defineEndpoint({
    provider,
    operation: 'get',
    method: 'GET',
    path: '/payment-links/{id}',
    codec: HsaLink,
  }),
  list: defineEndpoint({
    provider,
    operation: 'list',
    method: 'GET',
    path: '/payment-links',
    codec: HsaLinkList,
  }),
  cancel: defineEndpoint({
    provider,
    operation: 'cancel',
    method: 'POST',
    path: '/payment-links/{id}/cancel',
    codec: HsaLink,
  }),
};

/** What every operation of one provider instance shares. */
interface HsaContext {
  readonly settings: HsaSettings;
  readonly http: HttpClient;
  readonly now: () => Date;
  readonly referenceKey: string;
  readonly toLink: (link: HsaLink) => PaymentLink;
  readonly self: Pick<PaymentLinkProvider, 'id' | 'capabilities' | 'checkCreateInput'>;
}

function hsaContext(settings: HsaSettings, mode: HsaKeyMode): HsaContext {
  const referenceKey = settings.referenceMetadataKey ?? defaultReferenceMetadataKey;
  const http = httpClientFromSettings(settings, {
    provider: hsaProviderId,
    defaultBaseUrl: hsaDefaultBaseUrl,
    auth: { headers: () => ({ Authorization: `Bearer ${settings.apiKey}` }) },
    readError: readHsaError,
    codeTags: hsaCodeTags,
    secrets: () => [settings.apiKey, ...webhookSecretList(settings.webhookSecret)],
    idempotencyHeader: 'Idempotency-Key',
  });
  const linkContext = {
    provider: hsaProviderId,
    referenceKey,
    ...(mode !== 'unknown' ? { testMode: mode === 'test' } : {}),
  };
  return {
    settings,
    http,
    now: clockFrom(settings),
    referenceKey,
    toLink: (link) => convertFromHsaLink(link, linkContext),
    self: {
      id: hsaProviderId,
      capabilities: hsaCapabilities,
      checkCreateInput: (input: ValidCreateInput) =>
        hsaCreateIssues(input, { provider: hsaProviderId, referenceKey }),
    },
  };
}

// create and get use early returns rather than TE.chain pipelines: fp-ts 2.16's chain goes through
// `dual` (an arguments copy per call), a measurable share of an end-to-end call (BENCHMARKS.md).
function createLink(
  { settings, http, now, referenceKey, toLink, self }: HsaContext,
  input: CreatePaymentLinkInput,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  // The key is fixed per call, so re-running the same task replays it; the checks run when the
  // task runs (against the clock then).
  const idempotencyKey = idempotencyKeyFor(options);
  return async () => {
    const valid = validateCreateFor(self, input, now());
    const body = E.isLeft(valid)
      ? valid
      : convertToHsaRequest(valid.right, {
          provider: hsaProviderId,
          amountFields: settings.amountFields ?? 'cents',
          referenceKey,
        });
    if (E.isLeft(body)) return E.left({ ...body.left, provider: hsaProviderId, operation: 'create' });
    const response = await endpoint.create.send(http, {}, options, { body: body.right, idempotencyKey })();
    return E.isLeft(response) ? response : E.right(toLink(response.right.data));
  };
}

function getLink(
  { http, toLink }: HsaContext,
  id: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return pipe(
    endpoint.get.send(http, { id }, options),
    TE.map((response) => toLink(response.data)),
  );
}

function listLinks(
  { http, toLink }: HsaContext,
  query: ListQuery,
  cursor?: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, LinkPage> {
  return pipe(
    TE.fromEither(buildHsaListQuery(query, cursor)),
    TE.chainW((params) => endpoint.list.send(http, {}, options, { query: params })),
    TE.map(({ data }): LinkPage => {
      const links = data.data.map(toLink);
      // The cursor is a link id: fall back to the last one when has_more comes without next_cursor.
      const next = data.has_more === true ? (data.next_cursor ?? links[links.length - 1]?.id) : undefined;
      return { links, ...(next !== undefined && next !== null ? { nextCursor: next } : {}) };
    }),
  );
}

// The id is checked first, then the reason; the idempotency key is made when the task runs.
function cancelLink(
  { http, toLink }: HsaContext,
  id: string,
  reason: string | undefined,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return async () => {
    const request = endpoint.cancel.build({ id }, options, {
      body: reason !== undefined ? { reason } : {},
      idempotencyKey: idempotencyKeyFor(options),
    });
    if (E.isLeft(request)) return request;
    if (reason !== undefined && [...reason].length > hsaMaxCancelReasonLength) {
      return invalid(
        'cancel',
        'reason',
        `reason is ${[...reason].length} characters; ${hsaProviderId} accepts at most ${hsaMaxCancelReasonLength}`,
      );
    }
    const response = await http.request(request.right)();
    return E.isLeft(response) ? response : E.right(toLink(response.right.data));
  };
}

function parseWebhook({ settings, now, referenceKey }: HsaContext, request: WebhookRequest) {
  return parseHsaWebhook(request, {
    provider: hsaProviderId,
    secret: settings.webhookSecret,
    now: now(),
    referenceKey,
    ...(settings.webhookToleranceSeconds !== undefined
      ? { toleranceSeconds: settings.webhookToleranceSeconds }
      : {}),
  });
}

function createHsaProvider(settings: HsaSettings): HsaProvider {
  const mode = hsaKeyMode(settings.apiKey);
  const context = hsaContext(settings, mode);
  return {
    ...context.self,
    decodeLink: linkDecoder(HsaLink, hsaProviderId, context.toLink),
    mode,
    rateLimit: () => context.http.rateLimit(),
    create: (input, options) => createLink(context, input, options),
    get: (id, options) => getLink(context, id, options),
    list: (query, cursor, options) => listLinks(context, query, cursor, options),
    cancel: (id, reason, options) => cancelLink(context, id, reason, options),
    parseWebhook: (request) => parseWebhook(context, request),
  };
}

/** The HSA/FSA adapter factory, with its id and settings codec; see {@link HsaSettings}. */
export type HsaAdapter = PaymentLinkAdapter<HsaSettings, HsaProvider>;

/**
 * The HSA/FSA provider adapter.
 *
 * @example
 * const provider = hsaProvider({ apiKey: 'glm_test_...', webhookSecret: 'whsec_...' })
 * provider.mode // 'test'
 */
export const hsaProvider: HsaAdapter = defineAdapter({
  id: hsaProviderId,
  settings: HsaSettings,
  secretSettings: ['apiKey', 'webhookSecret'],
  create: createHsaProvider,
}) as HsaAdapter;
