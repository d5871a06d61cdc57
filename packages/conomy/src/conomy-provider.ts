import {
  checkId,
  decodeProviderBody,
  defineAdapter,
  httpClientFromSettings,
  perCallOptions,
  notFoundError,
  redactError,
  validateCreateInput,
  validationError,
  webhookSecretList,
  type Capabilities,
  type DecodeError,
  type HttpRequest,
  type HttpResponse,
  type LinkPage,
  type ListQuery,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkError,
  type PaymentLinkProvider,
  type RetryPolicy,
  type WebhookEvent,
} from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { ConomyLink, ConomyLinkList } from './conomy-api.js';
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
import { fromConomyLink } from './convert-from-conomy-link.js';
import {
  encodeConomyCursor,
  toConomyCreateRequest,
  toConomyListRequest,
} from './convert-to-conomy-request.js';

const id = 'conomy';

/** What Conomy can do through this adapter. */
export const conomyCapabilities: Capabilities = {
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
function fromConomyLinks(wires: ReadonlyArray<ConomyLink>): E.Either<DecodeError, PaymentLink[]> {
  const links: PaymentLink[] = [];
  for (const wire of wires) {
    const link = fromConomyLink(wire);
    if (E.isLeft(link)) return link;
    links.push(link.right);
  }
  return E.right(links);
}

/** Default renewal margin of the bearer token, in seconds. */
const defaultTokenMarginSeconds = 60;

function createConomyProvider(settings: ConomySettings): PaymentLinkProvider {
  const now = settings.now ?? (() => new Date());
  const common = { ...settings, retry: { ...conomyRetryPolicy, ...settings.retry } };
  const defaultHeaders: Record<string, string> = {
    'User-Agent': settings.userAgent ?? defaultConomyUserAgent,
    'x-api-key': settings.apiKey,
    ...(settings.apiVersion !== undefined ? { 'conomyhq-api-version': settings.apiVersion } : {}),
  };
  let currentToken: () => string | undefined = () => undefined;
  const boundary = {
    provider: id,
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
    pipe(fromConomyLink(response.data), E.mapLeft(inContext(operation, response)));

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
      checkId(linkId, 'id', id, operation),
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
      TE.fromEither(toConomyListRequest(query, cursor)),
      TE.mapLeft((e): PaymentLinkError => ({ ...e, provider: id, operation: 'list' })),
      TE.chain((request) => {
        if (request.kind === 'empty') return TE.right<PaymentLinkError, LinkPage>({ links: [], total: 0 });
        return pipe(
          send(
            {
              operation: 'list',
              method: 'GET',
              path: '/payment-links',
              query: request.query,
              codec: ConomyLinkList,
            },
            options,
          ),
          TE.chain((response) =>
            TE.fromEither(
              pipe(
                fromConomyLinks(response.data.results),
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

  /** Walks every page for the first link `match` accepts. */
  const find =
    (
      match: (link: PaymentLink) => boolean,
      options?: OperationOptions,
    ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined> =>
    async () => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (;;) {
        const page = await list({}, cursor, options)();
        if (E.isLeft(page)) return page;
        const found = page.right.links.find(match);
        if (found !== undefined) return E.right(found);
        cursor = page.right.nextCursor;
        if (cursor === undefined || seen.has(cursor)) return E.right(undefined);
        seen.add(cursor);
      }
    };

  return {
    id,
    capabilities: conomyCapabilities,
    decodeLink: (body) => {
      const decoded = decodeProviderBody(ConomyLink, body, { provider: id, operation: 'decodeLink' });
      return E.isLeft(decoded) ? decoded : fromConomyLink(decoded.right);
    },

    create: (input, options) => {
      const defaultDurationSeconds = settings.defaultDurationSeconds ?? defaultConomyDurationSeconds;
      const valid = validateCreateInput(input, {
        now: now(),
        defaultExpiry: { seconds: defaultDurationSeconds },
      });
      const body = E.isLeft(valid) ? valid : toConomyCreateRequest(valid.right, { defaultDurationSeconds });
      if (E.isLeft(body)) return TE.left({ ...body.left, provider: id, operation: 'create' });
      return linkRequest(
        'create',
        { operation: 'create', method: 'POST', path: '/payment-links', body: body.right, codec: ConomyLink },
        options,
      );
    },

    get: (linkId, options) => linkCall('get', linkId, 'GET', '', options),

    list,

    activate: (linkId, options) => linkCall('activate', linkId, 'POST', '/activate', options),

    delete: (linkId, options) =>
      pipe(
        TE.fromEither(linkPath(linkId, 'delete')),
        TE.chain((path) =>
          send({ operation: 'delete', method: 'DELETE', path, resourceId: linkId }, options),
        ),
        TE.map(() => undefined),
      ),

    // Conomy has no reference filter: the checkoutToken (the link's reference) is looked for page by page.
    reconcile: (reference, options) =>
      typeof reference !== 'string' || reference.trim() === ''
        ? TE.left(
            validationError({
              provider: id,
              operation: 'reconcile',
              field: 'reference',
              message: 'reconcile: reference must be a non-empty string',
            }),
          )
        : find((link) => link.reference === reference, options),

    parseWebhook: (request) => parseConomyWebhook(request, settings.webhookSecret),

    resolveWebhookLink: (event: WebhookEvent, options?: OperationOptions) => {
      if (event.linkId !== undefined) return linkCall('get', event.linkId, 'GET', '', options);
      const reference = event.reference;
      if (reference === undefined) {
        return TE.left(
          notFoundError({
            provider: id,
            operation: 'resolveWebhook',
            message: `resolveWebhook: ${event.rawType} names no transaction externalId to find its link by`,
          }),
        );
      }
      // A transaction's externalId is the link's checkoutToken; a link id is accepted too.
      return pipe(
        find((link) => link.reference === reference || link.id === reference, options),
        TE.chain((link) =>
          link !== undefined
            ? TE.right(link)
            : TE.left<PaymentLinkError, PaymentLink>(
                notFoundError({
                  provider: id,
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
 *   reference: 'invoice-1001',
 *   amount: { amount: 49990, currency: 'CLP' },
 *   expiresIn: 'P1D',
 *   providerOptions: { conomy: { checkoutToken: 'invoice-1001' } },
 * })
 */
export const conomy = defineAdapter({
  id,
  settings: ConomySettings,
  secretSettings: conomySecretSettings,
  create: createConomyProvider,
});
