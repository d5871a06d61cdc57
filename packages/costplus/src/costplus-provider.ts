import {
  type Capabilities,
  type CreatePaymentLinkInput,
  clockFrom,
  defineAdapter,
  defineEndpoint,
  type HttpClient,
  httpClientFromSettings,
  linkDecoder,
  notFoundError,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkAdapter,
  type PaymentLinkError,
  type PaymentLinkProvider,
  validateCreateFor,
  validationError,
  type WebhookEvent,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { CostplusLink, CostplusOrder, withRaw, type CostplusCreateBody } from './costplus-api.js';

const LinkBody = withRaw(CostplusLink);
const OrderBody = withRaw(CostplusOrder);
import { costplusCodeTags, readCostplusError } from './costplus-error.js';
import { CostplusSettings, costplusDefaultBaseUrl } from './costplus-settings.js';
import { parseCostplusWebhook } from './costplus-webhook.js';
import {
  convertFromCostplusLink,
  convertFromCostplusOrder,
  type CostplusOrderDetails,
} from './convert-from-costplus-link.js';
import { costplusCreateIssues, convertToCostplusRequest } from './convert-to-costplus-request.js';
import { costplusMaxAttempts } from './map-costplus-status.js';
import { costplusProviderId } from './costplus-provider-id.js';

/** Default link lifetime Cost+ applies (`P30D`), sent explicitly when none is given. */
const defaultExpiry = { days: 30 };

/**
 * What Cost+ payment links can do: create, get, unsigned webhooks; nothing
 * else is documented. A create needs nothing beyond `reference` and `amount`,
 * and refuses line items, subscriptions and metadata (and a `cancelUrl` other
 * than `failureUrl`, see `checkCreateInput`).
 */
export const costplusCapabilities: Capabilities = {
  requires: [],
  refuses: ['lineItems', 'subscription', 'metadata'],
  fieldNotes: {
    lineItems: 'Cost+ payment links carry no line items',
    subscription: 'Cost+ payment links bill once',
    metadata: 'Cost+ payment links keep no metadata',
  },
  defaultExpiry,
  list: false,
  cancel: false,
  activate: false,
  delete: false,
  subscriptions: false,
  lineItems: false,
  metadata: false,
  idempotency: false,
  signedWebhooks: false,
  webhookUrlPerLink: true,
  reconcile: false,
  maxAttempts: costplusMaxAttempts,
};

/** The Cost+ provider: the common interface plus the order lookup only Cost+ has. */
export interface CostplusProvider extends PaymentLinkProvider {
  /**
   * Fetches one order (`GET /orders/{id}/`), i.e. one payment attempt made
   * through a link, with the link it belongs to.
   */
  getOrder(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, CostplusOrderDetails>;
}

// The documented link object does not echo return_url / failure_url; after a
// create we know what was sent.
function withSentRedirects(link: PaymentLink, body: CostplusCreateBody): PaymentLink {
  return {
    ...link,
    redirects: {
      ...(body.return_url !== undefined ? { success: body.return_url } : {}),
      ...(body.failure_url !== undefined ? { failure: body.failure_url } : {}),
      ...link.redirects,
    },
  };
}

const provider = costplusProviderId;

/** The endpoints this adapter calls. */
const endpoint = {
  get: defineEndpoint({
    provider,
    operation: 'get',
    method: 'GET',
    path: '/paymentlinks/{id}/',
    codec: LinkBody,
  }),
  getOrder: defineEndpoint({
    provider,
    operation: 'getOrder',
    method: 'GET',
    path: '/orders/{id}/',
    codec: OrderBody,
    fields: { id: 'orderId' },
  }),
  create: defineEndpoint({
    provider,
    operation: 'create',
    method: 'POST',
    path: '/paymentlinks/',
    codec: LinkBody,
  }),
};

const self = {
  id: costplusProviderId,
  capabilities: costplusCapabilities,
  checkCreateInput: costplusCreateIssues,
} as const;

/** What every operation of one provider instance shares. */
interface CostplusContext {
  readonly settings: CostplusSettings;
  readonly http: HttpClient;
  readonly now: () => Date;
}

function costplusHttpClient(settings: CostplusSettings): HttpClient {
  const authorization = { Authorization: `Basic ${Buffer.from(`${settings.apiKey}:`).toString('base64')}` };
  return httpClientFromSettings(settings, {
    provider: costplusProviderId,
    defaultBaseUrl: costplusDefaultBaseUrl,
    auth: { headers: () => authorization },
    readError: readCostplusError,
    codeTags: costplusCodeTags,
    secrets: () => [settings.apiKey],
  });
}

// get and create check their input with early returns and map the answer with TE.map, rather
// than TE.chain pipelines: fp-ts 2.16's chain goes through `dual` (an arguments copy per call),
// which cost 3.5% of an end-to-end create + get (BENCHMARKS.md).
function getLink(
  { http }: CostplusContext,
  id: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return pipe(
    endpoint.get.send(http, { id }, options),
    TE.map((response) => convertFromCostplusLink(response.data.wire, response.data.raw)),
  );
}

function getOrder(
  { http }: CostplusContext,
  id: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, CostplusOrderDetails> {
  return pipe(
    endpoint.getOrder.send(http, { id }, options),
    TE.map((response) => convertFromCostplusOrder(response.data.wire, response.data.raw)),
  );
}

function createLink(
  { http, now }: CostplusContext,
  input: CreatePaymentLinkInput,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  const valid = validateCreateFor(self, input, now());
  if (E.isLeft(valid)) return TE.left(valid.left);
  const body = convertToCostplusRequest(
    valid.right,
    typeof input?.expiresIn === 'string' ? input.expiresIn : undefined,
  );
  if (E.isLeft(body)) return TE.left(body.left);
  return pipe(
    endpoint.create.send(http, {}, options, { body: body.right }),
    TE.map((response) =>
      withSentRedirects(convertFromCostplusLink(response.data.wire, response.data.raw), body.right),
    ),
  );
}

// A notification names only an order. The order's `related_payment_link_id`
// names its link; failing that, the merchant's own reference -> link lookup.
function linkIdOf(
  { settings }: CostplusContext,
  order: CostplusOrderDetails,
): TE.TaskEither<PaymentLinkError, string> {
  if (order.paymentLinkId !== undefined) return TE.right(order.paymentLinkId);
  const lookup = settings.linkIdForReference;
  const missing = notFoundError({
    provider: costplusProviderId,
    operation: 'resolveWebhook',
    resourceId: order.attempt.id,
    message:
      `order ${order.attempt.id} names no payment link (no related_payment_link_id)` +
      (order.reference !== undefined ? ` and no link is known for reference ${order.reference}` : '') +
      ': it may be a plain order, not a link attempt; set linkIdForReference to look links up by reference',
  });
  if (lookup === undefined || order.reference === undefined) return TE.left(missing);
  const reference = order.reference;
  return pipe(
    TE.tryCatch(
      async () => lookup(reference),
      () =>
        notFoundError({
          provider: costplusProviderId,
          operation: 'resolveWebhook',
          resourceId: order.attempt.id,
          message: `linkIdForReference failed for reference ${reference}`,
        }) as PaymentLinkError,
    ),
    TE.chain((id) =>
      id !== undefined && id !== '' ? TE.right(id) : TE.left<PaymentLinkError, string>(missing),
    ),
  );
}

function resolveWebhookLink(
  context: CostplusContext,
  event: WebhookEvent,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  if (event.linkId !== undefined) return getLink(context, event.linkId, options);
  if (event.orderId === undefined) {
    return TE.left(
      validationError({
        provider: costplusProviderId,
        field: 'orderId',
        message: `Cost+ event ${event.rawType} names no order`,
      }),
    );
  }
  return pipe(
    getOrder(context, event.orderId, options),
    TE.chain((order) => linkIdOf(context, order)),
    TE.chain((linkId) => getLink(context, linkId, options)),
  );
}

function createCostplusProvider(settings: CostplusSettings): CostplusProvider {
  const context: CostplusContext = { settings, http: costplusHttpClient(settings), now: clockFrom(settings) };
  return {
    ...self,
    create: (input, options) => createLink(context, input, options),
    get: (id, options) => getLink(context, id, options),
    getOrder: (id, options) => getOrder(context, id, options),
    decodeLink: linkDecoder(CostplusLink, costplusProviderId, convertFromCostplusLink),
    parseWebhook: parseCostplusWebhook,
    resolveWebhookLink: (event, options) => resolveWebhookLink(context, event, options),
  };
}

/** The Cost+ adapter factory, with its id and settings codec; see {@link CostplusSettings}. */
export type CostplusAdapter = PaymentLinkAdapter<CostplusSettings, CostplusProvider>;

/**
 * Builds a Cost+ provider. Bad settings throw a `PaymentLinkException`
 * (`ValidationError` naming `costplus.<field>`).
 *
 * @example
 * const links = fromProvider(costplus({ apiKey: process.env.COSTPLUS_API_KEY! }))
 * const link = await links.create({ reference: 'invoice-1234', amount: { amount: 995, currency: 'EUR' }, description: 'Invoice #1234' })
 */
export const costplus = defineAdapter({
  id: costplusProviderId,
  settings: CostplusSettings,
  secretSettings: ['apiKey'],
  create: createCostplusProvider,
}) as CostplusAdapter;
