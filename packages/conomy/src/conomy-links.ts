// Conomy's payment-link endpoints, declared once, and the calls that read links from them.
import {
  type DecodeError,
  defineEndpoint,
  type HttpResponse,
  type LinkPage,
  type ListQuery,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkError,
  redactError,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { ConomyLink, ConomyLinkList } from './conomy-api.js';
import type { ConomyContext } from './conomy-context.js';
import { conomyProviderId } from './conomy-provider-id.js';
import { convertFromConomyLink } from './convert-from-conomy-link.js';
import { convertToConomyListRequest, encodeConomyCursor } from './convert-to-conomy-request.js';

const provider = conomyProviderId;

/** The endpoints this adapter calls. */
export const conomyEndpoint = {
  create: defineEndpoint({
    provider,
    operation: 'create',
    method: 'POST',
    path: '/payment-links',
    codec: ConomyLink,
  }),
  get: defineEndpoint({
    provider,
    operation: 'get',
    method: 'GET',
    path: '/payment-links/{id}',
    codec: ConomyLink,
  }),
  // Activating an active link changes nothing, so a lost answer can be retried.
  activate: defineEndpoint({
    provider,
    operation: 'activate',
    method: 'POST',
    path: '/payment-links/{id}/activate',
    codec: ConomyLink,
    retryable: true,
  }),
  delete: defineEndpoint({ provider, operation: 'delete', method: 'DELETE', path: '/payment-links/{id}' }),
  list: defineEndpoint({
    provider,
    operation: 'list',
    method: 'GET',
    path: '/payment-links',
    codec: ConomyLinkList,
  }),
};

/** A link that cannot be read, as an error of the call that fetched it. */
function inContext({ api }: ConomyContext, operation: string, response: HttpResponse<unknown>) {
  return (error: DecodeError): PaymentLinkError =>
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
}

/**
 * The link of a create, get or activate answer. Early returns rather than TE.chain pipelines:
 * fp-ts 2.16's chain goes through `dual` (an arguments copy per call), a measurable share of an
 * end-to-end call (BENCHMARKS.md).
 */
export function readLink(
  context: ConomyContext,
  answer: TE.TaskEither<PaymentLinkError, HttpResponse<ConomyLink>>,
  operation: string,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return async () => {
    const response = await answer();
    if (E.isLeft(response)) return response;
    return pipe(
      convertFromConomyLink(response.right.data),
      E.mapLeft(inContext(context, operation, response.right)),
    );
  };
}

/** `GET /payment-links/{id}` or `POST /payment-links/{id}/activate`. */
export function linkCall(
  context: ConomyContext,
  operation: 'get' | 'activate',
  id: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return readLink(context, conomyEndpoint[operation].send(context.api, { id }, options), operation);
}

export function deleteLink(
  { api }: ConomyContext,
  id: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, void> {
  return pipe(
    conomyEndpoint.delete.send(api, { id }, options),
    TE.map(() => undefined),
  );
}

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

/**
 * The page after `offset`: `total` settles whether there is more when sent; otherwise Conomy's
 * `next` (null on the last page); without pagination at all, a full page means there may be more.
 */
function pageOf(links: PaymentLink[], data: ConomyLinkList, offset: number, limit: number): LinkPage {
  const pagination = data.pagination ?? undefined;
  const total = typeof pagination?.total === 'number' ? pagination.total : undefined;
  const nextOffset = offset + links.length;
  const more =
    links.length > 0 &&
    (total !== undefined
      ? nextOffset < total
      : pagination !== undefined
        ? pagination.next !== undefined && pagination.next !== null
        : links.length >= limit);
  return {
    links,
    ...(more ? { nextCursor: encodeConomyCursor(nextOffset) } : {}),
    ...(total !== undefined ? { total } : {}),
  };
}

export function listLinks(
  context: ConomyContext,
  query: ListQuery,
  cursor?: string,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, LinkPage> {
  return pipe(
    TE.fromEither(convertToConomyListRequest(query, cursor)),
    TE.mapLeft((e): PaymentLinkError => ({ ...e, provider: conomyProviderId, operation: 'list' })),
    TE.chain((request) => {
      if (request.kind === 'empty') return TE.right<PaymentLinkError, LinkPage>({ links: [], total: 0 });
      return pipe(
        conomyEndpoint.list.send(context.api, {}, options, { query: request.query }),
        TE.chainEitherK((response) =>
          pipe(
            convertFromConomyLinks(response.data.results),
            E.mapLeft(inContext(context, 'list', response)),
            E.map((links) => pageOf(links, response.data, request.offset, Number(request.query['limit']))),
          ),
        ),
      );
    }),
  );
}
