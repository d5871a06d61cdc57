import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createHttpClient, type HttpClient, type HttpRequest } from '../http/http-client.js';
import { defineEndpoint } from './define-endpoint.js';

const base = 'https://api.psp.test/v1';
const Link = t.type({ id: t.string });

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

/** An HttpClient stand-in that records what it is asked to send. */
function recorder(): { http: Pick<HttpClient, 'request'>; sent: HttpRequest<unknown>[] } {
  const sent: HttpRequest<unknown>[] = [];
  return {
    sent,
    http: {
      request: (request) => {
        sent.push(request as HttpRequest<unknown>);
        return TE.right({ data: undefined as never, status: 200, headers: {}, tries: 1 });
      },
    },
  };
}

const refundOfLink = defineEndpoint({
  provider: 'psp',
  operation: 'getRefund',
  method: 'GET',
  path: '/customers/{customerId}/links/{linkId}/refunds/{id}',
  codec: Link,
  fields: { linkId: 'paymentLinkId' },
});

describe('defineEndpoint', () => {
  it('fills a template with several ids, keeps the template and names the last id as the resource', () => {
    const request = refundOfLink.build(
      { customerId: 'cst_1', linkId: 'pl_2', id: 're_3' },
      { timeoutMs: 1500 },
      { query: { expand: 'payment' } },
    );
    expect(request).toEqual(
      E.right({
        operation: 'getRefund',
        method: 'GET',
        path: '/customers/cst_1/links/pl_2/refunds/re_3',
        pathTemplate: '/customers/{customerId}/links/{linkId}/refunds/{id}',
        codec: Link,
        query: { expand: 'payment' },
        resourceId: 're_3',
        timeoutMs: 1500,
      }),
    );
  });

  it('percent-encodes odd ids: slashes, dots, query and fragment marks, $ patterns, Unicode', () => {
    const get = defineEndpoint({ provider: 'psp', operation: 'get', method: 'GET', path: '/links/{id}/' });
    const pathOf = (id: string) => {
      const request = get.build({ id });
      return E.isRight(request) ? request.right.path : request.left.message;
    };
    expect(pathOf('a/b')).toBe('/links/a%2Fb/');
    expect(pathOf('../admin')).toBe('/links/..%2Fadmin/');
    expect(pathOf('x?y=1#z')).toBe('/links/x%3Fy%3D1%23z/');
    expect(pathOf("$&$'$1")).toBe("/links/%24%26%24'%241/");
    expect(pathOf('ﬁ é')).toBe('/links/%EF%AC%81%20%C3%A9/');
    expect(pathOf('pl_\u{1F600}')).toBe('/links/pl_%F0%9F%98%80/');
    expect(pathOf('{id}')).toBe('/links/%7Bid%7D/');
    expect(pathOf('__proto__')).toBe('/links/__proto__/');
  });

  it('refuses a bad id with a ValidationError naming its field, before any request', async () => {
    const { http, sent } = recorder();
    for (const [ids, field, problem] of [
      [
        { customerId: 'cst_1', linkId: '..', id: 're_3' },
        'paymentLinkId',
        'must not be ".." (a dot segment would reach another endpoint)',
      ],
      [{ customerId: ' ', linkId: 'pl_2', id: 're_3' }, 'customerId', 'must not be empty or blank'],
      [{ customerId: 'cst_1', linkId: 'pl_2', id: 're\u00003' }, 'id', 'must not hold control characters'],
      [{ customerId: 'cst_1', linkId: 'pl_2', id: undefined }, 'id', 'must be a string, got undefined'],
      [
        { customerId: 'cst_1', linkId: 'pl_\uD800', id: 're_3' },
        'paymentLinkId',
        'must be well-formed Unicode (it holds half of a surrogate pair)',
      ],
      [
        { customerId: 'cst_1', linkId: 'pl_2', id: '\uDC00re' },
        'id',
        'must be well-formed Unicode (it holds half of a surrogate pair)',
      ],
    ] as const) {
      const answer = await refundOfLink.send(http, ids as never, { timeoutMs: 10 })();
      expect(answer).toEqual(
        E.left(
          expect.objectContaining({
            _tag: 'ValidationError',
            provider: 'psp',
            operation: 'getRefund',
            field,
            message: `getRefund: ${field} ${problem}`,
          }),
        ),
      );
    }
    expect(sent).toEqual([]);
  });

  it('throws on a parameter the call leaves out: a bug in the adapter, not bad input', () => {
    const ids = { customerId: 'cst_1', id: 're_3' };
    // @ts-expect-error linkId is missing: the compiler catches it where the ids are literal
    expect(() => refundOfLink.build(ids)).toThrow(
      'getRefund: no value for {linkId} of /customers/{customerId}/links/{linkId}/refunds/{id} (a bug in the adapter)',
    );
  });

  it('refuses a malformed template when it is declared', () => {
    const declare = (path: string) => () =>
      defineEndpoint({ provider: 'psp', operation: 'get', method: 'GET', path });
    expect(declare('links/{id}')).toThrow('path template links/{id} must start with "/"');
    expect(declare('/links/{id')).toThrow('has an unbalanced "{" or "}"');
    expect(declare('/links/{}/x')).toThrow('has a placeholder that is not a plain name');
    expect(declare('/links/{a-b}')).toThrow('has a placeholder that is not a plain name');
    expect(declare('/links/{id}/items/{id}')).toThrow('names a placeholder twice');
  });

  it('leaves out what is not set, and sets retryable and an explicit resource id', () => {
    const create = defineEndpoint({ provider: 'psp', operation: 'create', method: 'POST', path: '/links' });
    expect(create.build({}, undefined, { body: { amount: 1 }, idempotencyKey: 'k1' })).toEqual(
      E.right({
        operation: 'create',
        method: 'POST',
        path: '/links',
        pathTemplate: '/links',
        body: { amount: 1 },
        idempotencyKey: 'k1',
      }),
    );
    const activate = defineEndpoint({
      provider: 'psp',
      operation: 'activate',
      method: 'POST',
      path: '/accounts/{account}/links/{id}/activate',
      resourceId: 'account',
      retryable: true,
    });
    expect(activate.build({ account: 'acc_1', id: 'pl_1' })).toEqual(
      E.right(expect.objectContaining({ resourceId: 'acc_1', retryable: true })),
    );
    const anonymous = defineEndpoint({
      provider: 'psp',
      operation: 'get',
      method: 'GET',
      path: '/links/{id}',
      resourceId: false,
    });
    expect(anonymous.build({ id: 'pl_1' })).toEqual(
      E.right(expect.not.objectContaining({ resourceId: 'pl_1' })),
    );
  });

  it('sends the encoded path through the boundary and decodes the answer with its codec', async () => {
    const scope = nock(base).get('/customers/c%2F1/links/pl_2/refunds/re%203').reply(200, { id: 're 3' });
    const http = createHttpClient({ provider: 'psp', baseUrl: base });
    const answer = await refundOfLink.send(http, { customerId: 'c/1', linkId: 'pl_2', id: 're 3' })();
    expect(E.isRight(answer) && answer.right.data).toEqual({ id: 're 3' });
    scope.done();
  });

  it('carries a not-found answer with the resource id it was asked for', async () => {
    const scope = nock(base).get('/customers/c1/links/pl_2/refunds/re_9').reply(404, {});
    const http = createHttpClient({ provider: 'psp', baseUrl: base });
    const answer = await refundOfLink.send(http, { customerId: 'c1', linkId: 'pl_2', id: 're_9' })();
    expect(answer).toEqual(E.left(expect.objectContaining({ _tag: 'NotFoundError', resourceId: 're_9' })));
    scope.done();
  });
});
