import {
  type Capabilities,
  checkId,
  clockFrom,
  conflictError,
  type DecodeError,
  defineAdapter,
  formatMoney,
  httpClientFromSettings,
  type HttpRequest,
  type HttpResponse,
  linkDecoder,
  type LinkPage,
  type ListQuery,
  type Money,
  notFoundError,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkError,
  type PaymentLinkProvider,
  perCallOptions,
  redactError,
  type RetryPolicy,
  validateCreateFor,
  validationError,
  type ValidCreateInput,
  walkPages,
  type WebhookEvent,
  webhookSecretList,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { ConomyLink, ConomyLinkList } from './conomy-api.js';
import { conomyCheckoutToken } from './conomy-checkout-token.js';
import { createConomyAuth } from './conomy-auth.js';
import { conomyCodeTags, readConomyError } from './conomy-error.js';
import {
  ConomySettings,
  conomySandboxUrl,
  conomySecretSettings,
  defaultConomyDurationSeconds,
  defaultConomyUserAgent,
  minConomyDurationSeconds,
} from './conomy-settings.js';
import { parseConomyWebhook } from './conomy-webhook.js';
import { convertFromConomyLink } from './convert-from-conomy-link.js';
import {
  conomyCreateIssues,
  encodeConomyCursor,
  convertToConomyRequest,
  convertToConomyListRequest,
} from './convert-to-conomy-request.js';
import { conomyProviderId } from './conomy-provider-id.js';

/**
 * What Conomy can do through this adapter. A create needs a name on every
 * tax, and refuses subscriptions, metadata and a per-link webhook URL (and a
 * `cancelUrl` other than `failureUrl`, see `checkCreateInput`). A provider
 * built with `defaultDurationSeconds` reports that as its `defaultExpiry`.
 */
export const conomyCapabilities: Capabilities = {
  requires: ['lineItems.*.tax.name'],
  refuses: ['subscription', 'metadata', 'webhookUrl'],
  fieldNotes: {
    'lineItems.*.tax.name': 'Conomy names every tax: IVA, VAT',
    subscription: 'Conomy payment links bill once',
    metadata: 'Conomy payment links keep no metadata; the reference travels as the checkoutToken',
    webhookUrl: 'Conomy posts to the one URL registered per environment in its dashboard',
  },
  defaultExpiry: { seconds: defaultConomyDurationSeconds },
  list: true,
  cancel: false,
  activate: true,
  delete: true,
  subscriptions: false,
  lineItems: true,
  metadata: false,
  idempotency: false,
  signedWebhooks: true,
  webhookUrlPerLink: false,
  reconcile: true,
  minExpirySeconds: minConomyDurationSeconds,
};

/** Conomy's documented advice: retry 5xx backing off from 1 s, capped at 32 s, at most 5 attempts. */
export const conomyRetryPolicy: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 32_000 };

/**
 * Every link of a page, or the first that cannot be read. A loop rather than fp-ts' Array.traverse:
 * importing fp-ts/lib/Array.js (82 KB, scanned by node's CommonJS lexer when imported from an ES
 * module) was a sixth of a cold import of this adapter (BENCHMARKS.md).
 */
function convertFromConomyLinks(wires: ReadonlyArray<ConomyLink>): E.Either<DecodeError, PaymentLink[]> {
  const links: PaymentLink[] = [];
  for (const wire of wires) {
    const link = convertFromConomyLink(wire);
    if (E.isLeft(link)) return link;
    links.push(link.right);
  }
  return E.right(links);
}

const defaultTokenMarginSeconds = 60;

/** The checkoutToken a link was created with, as Conomy holds it. */
function checkoutTokenOf(link: PaymentLink): string | undefined {
  return (link.raw as Partial<ConomyLink> | undefined)?.checkoutToken ?? undefined;
}

/** Conomy's `13 alreadyExist`: the checkoutToken is taken. */
const isTokenTaken = (error: PaymentLinkError): boolean =>
  error._tag === 'ConflictError' && error.providerCode === '13';

/** An ambiguous create says how to settle it: the same input again finds the link if it was made. */
function withRetryHint(error: PaymentLinkError, token: string): PaymentLinkError {
  const ambiguous =
    (error._tag === 'NetworkError' || error._tag === 'ProviderError') && error.ambiguous === true;
  return ambiguous
    ? {
        ...error,
        message: `${error.message}. Retrying create with the same input is safe: checkoutToken ${token} is unique, so a retry finds the link if this one was made`,
      }
    : error;
}

/**
 * A link whose activation failed after create made it: the error of the
 * activation, saying the link exists as a draft and how to finish.
 */
function activationFailed(error: PaymentLinkError, link: PaymentLink, token: string): PaymentLinkError {
  return {
    ...error,
    operation: 'create',
    linkId: link.id,
    message:
      `create: payment link ${link.id} exists but is a draft (checkoutToken ${token}): activating it failed: ${error.message}. ` +
      `Retrying create with the same input activates this link and makes no second one; so does activate('${link.id}')`,
  };
}

function createConomyProvider(settings: ConomySettings): PaymentLinkProvider {
  const now = clockFrom(settings);
  const defaultDurationSeconds = settings.defaultDurationSeconds ?? defaultConomyDurationSeconds;
  const self = {
    id: conomyProviderId,
    capabilities: { ...conomyCapabilities, defaultExpiry: { seconds: defaultDurationSeconds } },
    checkCreateInput: conomyCreateIssues,
  } as const;
  const common = { ...settings, retry: { ...conomyRetryPolicy, ...settings.retry } };
  const defaultHeaders: Record<string, string> = {
    'User-Agent': settings.userAgent ?? defaultConomyUserAgent,
    'x-api-key': settings.apiKey,
    ...(settings.apiVersion !== undefined ? { 'conomyhq-api-version': settings.apiVersion } : {}),
  };
  let currentToken: () => string | undefined = () => undefined;
  const boundary = {
    provider: conomyProviderId,
    defaultBaseUrl: conomySandboxUrl,
    defaultHeaders,
    readError: readConomyError,
    codeTags: conomyCodeTags,
    secrets: () => [
      settings.apiKey,
      settings.clientSecret,
      settings.accessToken,
      ...webhookSecretList(settings.webhookSecret),
      currentToken(),
    ],
  };
  // `POST /auth` goes through the same boundary (retries, classification, redaction) but carries no bearer.
  const authHttp = httpClientFromSettings(common, boundary);
  const auth = createConomyAuth({
    authHttp,
    now,
    marginSeconds: settings.tokenRenewalMarginSeconds ?? defaultTokenMarginSeconds,
    ...(settings.clientId !== undefined ? { clientId: settings.clientId } : {}),
    ...(settings.clientSecret !== undefined ? { clientSecret: settings.clientSecret } : {}),
    ...(settings.accessToken !== undefined ? { accessToken: settings.accessToken } : {}),
  });
  currentToken = auth.currentToken;
  const api = httpClientFromSettings(
    { ...common, httpClient: authHttp.axios },
    { ...boundary, auth: auth.strategy },
  );

  const send = <A>(request: HttpRequest<A>, options: OperationOptions | undefined) =>
    api.request({ ...request, ...perCallOptions(options) });

  const inContext =
    (operation: string, response: HttpResponse<unknown>) =>
    (error: DecodeError): PaymentLinkError =>
      // Built after the boundary, so it is redacted here: a body may quote a credential back.
      redactError(
        {
          ...error,
          operation,
          httpStatus: response.status,
          ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
        },
        api.redact,
      );

  const toLink = (operation: string) => (response: HttpResponse<ConomyLink>) =>
    pipe(convertFromConomyLink(response.data), E.mapLeft(inContext(operation, response)));

  // Link calls and create use early returns rather than TE.chain pipelines: fp-ts 2.16's chain goes
  // through `dual` (an arguments copy per call), a measurable share of an end-to-end call (BENCHMARKS.md).
  const linkRequest =
    (operation: string, request: HttpRequest<ConomyLink>, options: OperationOptions | undefined) =>
    async (): Promise<E.Either<PaymentLinkError, PaymentLink>> => {
      const response = await send(request, options)();
      return E.isLeft(response) ? response : toLink(operation)(response.right);
    };

  const linkPath = (linkId: unknown, operation: string): E.Either<PaymentLinkError, string> =>
    pipe(
      checkId(linkId, 'id', conomyProviderId, operation),
      E.map((checked) => `/payment-links/${encodeURIComponent(checked)}`),
    );

  const linkCall = (
    operation: string,
    linkId: string,
    method: 'GET' | 'POST',
    suffix: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink> => {
    const path = linkPath(linkId, operation);
    if (E.isLeft(path)) return TE.left(path.left);
    return linkRequest(
      operation,
      {
        operation,
        method,
        path: `${path.right}${suffix}`,
        pathTemplate: `/payment-links/{id}${suffix}`,
        codec: ConomyLink,
        resourceId: linkId,
        // Activating an active link changes nothing, so a lost answer can be retried.
        ...(operation === 'activate' ? { retryable: true } : {}),
      },
      options,
    );
  };

  const list = (
    query: ListQuery,
    cursor?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, LinkPage> =>
    pipe(
      TE.fromEither(convertToConomyListRequest(query, cursor)),
      TE.mapLeft((e): PaymentLinkError => ({ ...e, provider: conomyProviderId, operation: 'list' })),
      TE.chain((request) => {
        if (request.kind === 'empty') return TE.right<PaymentLinkError, LinkPage>({ links: [], total: 0 });
        return pipe(
          send(
            {
              operation: 'list',
              method: 'GET',
              path: '/payment-links',
              pathTemplate: '/payment-links',
              query: request.query,
              codec: ConomyLinkList,
            },
            options,
          ),
          TE.chain((response) =>
            TE.fromEither(
              pipe(
                convertFromConomyLinks(response.data.results),
                E.mapLeft(inContext('list', response)),
                E.map((links): LinkPage => {
                  const pagination = response.data.pagination ?? undefined;
                  const total = typeof pagination?.total === 'number' ? pagination.total : undefined;
                  const nextOffset = request.offset + links.length;
                  // `total` settles it when sent; otherwise Conomy's `next` (null on the last page);
                  // without pagination at all, a full page means there may be more.
                  const more =
                    links.length > 0 &&
                    (total !== undefined
                      ? nextOffset < total
                      : pagination !== undefined
                        ? pagination.next !== undefined && pagination.next !== null
                        : links.length >= Number(request.query['limit']));
                  return {
                    links,
                    ...(more ? { nextCursor: encodeConomyCursor(nextOffset) } : {}),
                    ...(total !== undefined ? { total } : {}),
                  };
                }),
              ),
            ),
          ),
        );
      }),
    );

  /** The first link `match` accepts, page by page; `operation` is what a failed page's error names. */
  const find =
    (
      operation: string,
      match: (link: PaymentLink) => boolean,
      options?: OperationOptions,
    ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined> =>
    async () => {
      for await (const page of walkPages((cursor) => list({}, cursor, options), {
        provider: conomyProviderId,
        operation,
      })) {
        if (E.isLeft(page)) return page;
        const found = page.right.links.find(match);
        if (found !== undefined) return E.right(found);
      }
      return E.right(undefined);
    };

  /**
   * A create refused because its checkoutToken is taken: by this same sale
   * (an earlier try whose answer was lost, or whose activation failed), whose
   * live link is adopted so a retry never makes a second one; or by another
   * sale (another amount) or a finished link, which stays a ConflictError.
   */
  const adopt = async (
    token: string,
    amount: Money,
    conflict: PaymentLinkError,
    options: OperationOptions | undefined,
  ): Promise<E.Either<PaymentLinkError, PaymentLink>> => {
    const found = await find('create', (l) => checkoutTokenOf(l) === token, options)();
    if (E.isLeft(found) || found.right === undefined) return E.left(conflict);
    const existing = found.right;
    const live = ['draft', 'open', 'processing'].includes(existing.status.unified);
    if (live && existing.amount.amount === amount.amount && existing.amount.currency === amount.currency) {
      return E.right(existing);
    }
    return E.left(
      conflictError({
        ...conflict,
        linkId: existing.id,
        currentStatus: existing.status.raw,
        message:
          `create: checkoutToken ${token} belongs to payment link ${existing.id} ` +
          `(${formatMoney(existing.amount)}, ${existing.status.raw}), not to this ${formatMoney(amount)} sale: ` +
          'use another reference, or pass providerOptions.conomy.checkoutToken',
      }),
    );
  };

  return {
    ...self,
    decodeLink: linkDecoder(ConomyLink, conomyProviderId, convertFromConomyLink),

    create: (input, options) => async () => {
      const valid = validateCreateFor(self, input, now());
      const body = E.isLeft(valid) ? valid : convertToConomyRequest(valid.right, { defaultDurationSeconds });
      if (E.isLeft(body)) return E.left({ ...body.left, provider: conomyProviderId, operation: 'create' });
      const token = body.right.checkoutToken;
      const created = await linkRequest(
        'create',
        {
          operation: 'create',
          method: 'POST',
          path: '/payment-links',
          pathTemplate: '/payment-links',
          body: body.right,
          codec: ConomyLink,
        },
        options,
      )();
      const checked = (valid as E.Right<ValidCreateInput>).right;
      const link = E.isRight(created)
        ? created
        : isTokenTaken(created.left)
          ? await adopt(token, checked.amount, created.left, options)
          : E.left(withRetryHint(created.left, token));
      if (E.isLeft(link)) return link;
      const wantsActive = checked.providerOptions?.[conomyProviderId]?.['activate'] !== false;
      if (!wantsActive || link.right.status.unified !== 'draft') return link;
      const active = await linkCall('activate', link.right.id, 'POST', '/activate', options)();
      return E.isRight(active) ? active : E.left(activationFailed(active.left, link.right, token));
    },

    get: (linkId, options) => linkCall('get', linkId, 'GET', '', options),

    list,

    activate: (linkId, options) => linkCall('activate', linkId, 'POST', '/activate', options),

    delete: (linkId, options) =>
      pipe(
        TE.fromEither(linkPath(linkId, 'delete')),
        TE.chain((path) =>
          send(
            {
              operation: 'delete',
              method: 'DELETE',
              path,
              pathTemplate: '/payment-links/{id}',
              resourceId: linkId,
            },
            options,
          ),
        ),
        TE.map(() => undefined),
      ),

    // Conomy has no reference filter: the link is looked for page by page, by its reference or the
    // checkoutToken the reference derives (a hashed one reads back only as itself).
    reconcile: (reference, options) =>
      typeof reference !== 'string' || reference.trim() === ''
        ? TE.left(
            validationError({
              provider: conomyProviderId,
              operation: 'reconcile',
              field: 'reference',
              message: 'reconcile: reference must be a non-empty string',
            }),
          )
        : find(
            'reconcile',
            (link) =>
              link.reference === reference || checkoutTokenOf(link) === conomyCheckoutToken(reference),
            options,
          ),

    parseWebhook: (request) => parseConomyWebhook(request, settings.webhookSecret),

    resolveWebhookLink: (event: WebhookEvent, options?: OperationOptions) => {
      if (event.linkId !== undefined) return linkCall('get', event.linkId, 'GET', '', options);
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
      // A transaction's externalId is the link's checkoutToken; a link id is accepted too.
      return pipe(
        find('resolveWebhook', (link) => link.reference === reference || link.id === reference, options),
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
    },
  };
}

/**
 * The Conomy adapter.
 *
 * @example
 * const provider = conomy({ apiKey, clientId, clientSecret, webhookSecret })
 * const link = await fromProvider(provider).create({
 *   reference: 'invoice-1001', // sent as the checkoutToken
 *   amount: { amount: 49990, currency: 'CLP' },
 *   expiresIn: 'P1D',
 * })
 * link.status.unified // 'open': create activated the link
 */
export const conomy = defineAdapter({
  id: conomyProviderId,
  settings: ConomySettings,
  secretSettings: conomySecretSettings,
  create: createConomyProvider,
});
