import {
  type Capabilities,
  checkId,
  clockFrom,
  decodeProviderOptions,
  defineAdapter,
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
  perCallOptions,
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
  HsaProviderSettings,
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

function createHsaProvider(settings: HsaProviderSettings): HsaProvider {
  const now = clockFrom(settings);
  const mode = hsaKeyMode(settings.apiKey);
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
  const context = {
    provider: hsaProviderId,
    referenceKey,
    ...(mode !== 'unknown' ? { testMode: mode === 'test' } : {}),
  };
  const toLink = (link: HsaLink) => convertFromHsaLink(link, context);
  const self = {
    id: hsaProviderId,
    capabilities: hsaCapabilities,
    checkCreateInput: (input: ValidCreateInput) =>
      hsaCreateIssues(input, { provider: hsaProviderId, referenceKey }),
  } as const;
  return {
    ...self,
    decodeLink: linkDecoder(HsaLink, hsaProviderId, toLink),
    mode,
    rateLimit: () => http.rateLimit(),

    // create and get use early returns rather than TE.chain pipelines: fp-ts 2.16's chain goes through
    // `dual` (an arguments copy per call), a measurable share of an end-to-end call (BENCHMARKS.md).
    create: (input, options) => {
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
        const response = await http.request({
          operation: 'create',
          method: 'POST',
          path: '/payment-links',
          pathTemplate: '/payment-links',
          body: body.right,
          codec: HsaLink,
          idempotencyKey,
          ...perCallOptions(options),
        })();
        return E.isLeft(response) ? response : E.right(toLink(response.right.data));
      };
    },

    get: (id, options) => {
      const checked = checkId(id, 'id', hsaProviderId, 'get');
      if (E.isLeft(checked)) return TE.left(checked.left);
      return pipe(
        http.request({
          operation: 'get',
          method: 'GET',
          path: `/payment-links/${encodeURIComponent(checked.right)}`,
          pathTemplate: '/payment-links/{id}',
          codec: HsaLink,
          resourceId: checked.right,
          ...perCallOptions(options),
        }),
        TE.map((response) => toLink(response.data)),
      );
    },

    list: (query, cursor, options) =>
      pipe(
        TE.fromEither(buildHsaListQuery(query, cursor)),
        TE.chainW((params) =>
          http.request({
            operation: 'list',
            method: 'GET',
            path: '/payment-links',
            pathTemplate: '/payment-links',
            query: params,
            codec: HsaLinkList,
            ...perCallOptions(options),
          }),
        ),
        TE.map(({ data }): LinkPage => {
          const links = data.data.map(toLink);
          // The cursor is a link id: fall back to the last one when has_more comes without next_cursor.
          const next = data.has_more === true ? (data.next_cursor ?? links[links.length - 1]?.id) : undefined;
          return { links, ...(next !== undefined && next !== null ? { nextCursor: next } : {}) };
        }),
      ),

    cancel: (id, reason, options) =>
      pipe(
        TE.fromEither(checkId(id, 'id', hsaProviderId, 'cancel')),
        TE.chainEitherKW((checked) => {
          if (reason !== undefined && [...reason].length > hsaMaxCancelReasonLength) {
            return invalid(
              'cancel',
              'reason',
              `reason is ${[...reason].length} characters; ${hsaProviderId} accepts at most ${hsaMaxCancelReasonLength}`,
            );
          }
          return E.right({ checked, idempotencyKey: idempotencyKeyFor(options) });
        }),
        TE.chainW(({ checked, idempotencyKey }) =>
          http.request({
            operation: 'cancel',
            method: 'POST',
            path: `/payment-links/${encodeURIComponent(checked)}/cancel`,
            pathTemplate: '/payment-links/{id}/cancel',
            body: reason !== undefined ? { reason } : {},
            codec: HsaLink,
            idempotencyKey,
            resourceId: checked,
            ...perCallOptions(options),
          }),
        ),
        TE.map((response) => toLink(response.data)),
      ),

    parseWebhook: (request) =>
      parseHsaWebhook(request, {
        provider: hsaProviderId,
        secret: settings.webhookSecret,
        now: now(),
        referenceKey,
        ...(settings.webhookToleranceSeconds !== undefined
          ? { toleranceSeconds: settings.webhookToleranceSeconds }
          : {}),
      }),
  };
}

/**
 * The HSA/FSA provider adapter.
 *
 * @example
 * const provider = hsaProvider({ apiKey: 'glm_test_...', webhookSecret: 'whsec_...' })
 * provider.mode // 'test'
 */
export const hsaProvider = defineAdapter({
  id: hsaProviderId,
  settings: HsaProviderSettings,
  secretSettings: ['apiKey', 'webhookSecret'],
  create: createHsaProvider,
}) as PaymentLinkAdapter<HsaProviderSettings, HsaProvider>;
