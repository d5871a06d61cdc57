import { inspect } from 'node:util';

import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { authenticationError, PaymentLinkException } from '../model/errors.js';
import { classifyFailure, createHttpClient, parseRetryAfter, type HttpClientOptions } from './http-client.js';
import { FaultQueue, startSimulatorServer, expectLeft, startDroppingServer } from '@paylinks/testing';

const base = 'https://api.psp.test/v1';
const Link = t.type({ id: t.string, status: t.string });

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  const waits: number[] = [];
  const http = createHttpClient({
    provider: 'psp',
    baseUrl: base,
    auth: { headers: () => ({ Authorization: 'Bearer sk_live_SECRET123' }) },
    secrets: () => ['sk_live_SECRET123'],
    readError: (body) => {
      const b = body as { error?: { code?: string; message?: string; field?: string } };
      return b.error === undefined
        ? undefined
        : {
            ...(b.error.code !== undefined ? { code: b.error.code } : {}),
            ...(b.error.message !== undefined ? { message: b.error.message } : {}),
            ...(b.error.field !== undefined ? { field: b.error.field } : {}),
          };
    },
    codeTags: { invalid_state: 'ConflictError' },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { http, waits };
}

describe('HTTP boundary', () => {
  it('sends auth and JSON, decodes the answer and reports tries', async () => {
    const scope = nock(base, {
      reqheaders: { authorization: 'Bearer sk_live_SECRET123', 'content-type': 'application/json' },
    })
      .post('/links', { amount: 995 })
      .reply(201, { id: 'l_1', status: 'new', extra: true }, { 'x-request-id': 'req_9' });
    const { http } = client();
    const result = await http.request({
      operation: 'create',
      method: 'POST',
      path: '/links',
      body: { amount: 995 },
      codec: Link,
    })();
    expect(E.isRight(result) && result.right).toMatchObject({
      data: { id: 'l_1', status: 'new' },
      status: 201,
      tries: 1,
      requestId: 'req_9',
    });
    scope.done();
  });

  it('retries a GET through 5xx with exponential backoff and full jitter', async () => {
    nock(base)
      .get('/links/l_1')
      .reply(503)
      .get('/links/l_1')
      .reply(502)
      .get('/links/l_1')
      .reply(200, { id: 'l_1', status: 'new' });
    const { http, waits } = client();
    const result = await http.request({ operation: 'get', method: 'GET', path: '/links/l_1', codec: Link })();
    expect(E.isRight(result) && result.right.tries).toBe(3);
    expect(waits).toEqual([125, 250]); // random 0.5 * 250 * 2^n
  });

  it('honours Retry-After on 429, and gives up at once when it is longer than the policy allows', async () => {
    nock(base)
      .get('/links/l_1')
      .reply(429, {}, { 'Retry-After': '2' })
      .get('/links/l_1')
      .reply(200, { id: 'l_1', status: 'new' });
    const { http, waits } = client();
    expect(
      E.isRight(await http.request({ operation: 'get', method: 'GET', path: '/links/l_1', codec: Link })()),
    ).toBe(true);
    expect(waits).toEqual([2000]);

    nock(base)
      .get('/links/l_2')
      .reply(
        429,
        { error: { code: 'rate_limit_exceeded' } },
        {
          'Retry-After': '60',
          'X-RateLimit-Limit': '100',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': '1768478400',
        },
      );
    const second = client();
    const error = expectLeft(
      await second.http.request({ operation: 'get', method: 'GET', path: '/links/l_2', codec: Link })(),
    );
    expect(error).toMatchObject({
      _tag: 'RateLimitError',
      retryAfterMs: 60_000,
      providerCode: 'rate_limit_exceeded',
    });
    expect(error._tag === 'RateLimitError' && error.rateLimit).toEqual({
      limit: 100,
      remaining: 0,
      resetAt: new Date(1768478400 * 1000),
    });
    expect(second.waits).toEqual([]);
  });

  it('never retries a POST without an idempotency key after a 5xx, and reuses the key when it has one', async () => {
    nock(base).post('/links').reply(503);
    const plain = client();
    expect(
      expectLeft(
        await plain.http.request({
          operation: 'create',
          method: 'POST',
          path: '/links',
          body: {},
          codec: Link,
        })(),
      )._tag,
    ).toBe('ProviderError');
    expect(plain.waits).toEqual([]);

    const keys: string[] = [];
    nock(base)
      .post('/links')
      .times(2)
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return keys.length === 1 ? [503, ''] : [201, { id: 'l_1', status: 'new' }];
      });
    const keyed = client();
    const result = await keyed.http.request({
      operation: 'create',
      method: 'POST',
      path: '/links',
      body: {},
      codec: Link,
      idempotencyKey: 'key-1',
    })();
    expect(E.isRight(result)).toBe(true);
    expect(keys).toEqual(['key-1', 'key-1']);
  });

  it('marks a POST that lost its connection as ambiguous, a GET or a refused connection as not', async () => {
    // nock's replyWithError({ code }) never settles under axios, so a real loopback server drops the sockets.
    const faults = new FaultQueue();
    const server = await startSimulatorServer({
      faults,
      handle: () => ({ status: 200, json: { id: 'l', status: 'new' } }),
      errorResponse: (status) => ({ status, json: {} }),
    });
    try {
      const { http } = client({ baseUrl: server.origin, retry: { maxRetries: 0 } });
      faults.inject({ kind: 'drop' }, 2);
      expect(
        expectLeft(
          await http.request({
            operation: 'create',
            method: 'POST',
            path: '/links',
            body: {},
            codec: Link,
          })(),
        ),
      ).toMatchObject({
        _tag: 'NetworkError',
        ambiguous: true,
        retryable: true,
      });
      expect(
        expectLeft(await http.request({ operation: 'get', method: 'GET', path: '/links/x', codec: Link })()),
      ).toMatchObject({
        _tag: 'NetworkError',
        ambiguous: false,
      });
      const retrying = client({ baseUrl: server.origin });
      faults.inject({ kind: 'drop' }, 2);
      const result = await retrying.http.request({
        operation: 'get',
        method: 'GET',
        path: '/links/x',
        codec: Link,
      })();
      expect(E.isRight(result) && result.right.tries).toBe(3);
    } finally {
      await server.close();
    }
    const refused = client({ baseUrl: server.origin, retry: { maxRetries: 0 } });
    expect(
      expectLeft(
        await refused.http.request({
          operation: 'create',
          method: 'POST',
          path: '/links',
          body: {},
          codec: Link,
        })(),
      ),
    ).toMatchObject({
      _tag: 'NetworkError',
      code: 'ECONNREFUSED',
      ambiguous: false,
    });
  });

  it('never retries a POST without a key whose try timed out after it was written: one call, one change', async () => {
    // Issue 20, finding 11: under load a create's try outlived its deadline while the server held it. The
    // boundary must call that ambiguous and stop; only a try never written may go again without a key.
    let handled = 0;
    const faults = new FaultQueue();
    const server = await startSimulatorServer({
      faults,
      handle: () => {
        handled += 1;
        return { status: 201, json: { id: `l${handled}`, status: 'new' } };
      },
      errorResponse: (status) => ({ status, json: {} }),
    });
    try {
      const { http } = client({ baseUrl: server.origin, timeoutMs: 50, retry: { maxRetries: 3 } });
      faults.inject({ kind: 'delay', ms: 300 }, 4);
      const error = expectLeft(
        await http.request({ operation: 'create', method: 'POST', path: '/links', body: {}, codec: Link })(),
      );
      expect(error).toMatchObject({ _tag: 'NetworkError', code: 'ETIMEDOUT', ambiguous: true });
      await server.quiesce();
      expect({ requests: server.apiRequests(), handled }).toEqual({ requests: 1, handled: 1 });
    } finally {
      await server.close();
    }
  });

  it('times out a slow answer', async () => {
    nock(base).get('/links/slow').delay(500).reply(200, { id: 'l', status: 'new' });
    const { http } = client({ retry: { maxRetries: 0 }, timeoutMs: 50 });
    expect(
      expectLeft(await http.request({ operation: 'get', method: 'GET', path: '/links/slow', codec: Link })()),
    ).toMatchObject({
      _tag: 'NetworkError',
      code: 'ETIMEDOUT',
      ambiguous: false,
    });
  });

  it('answers DecodeError for a body the codec refuses or that is not JSON', async () => {
    nock(base).get('/links/a').reply(200, { id: 42 }).get('/links/b').reply(200, '<html>oops</html>');
    const { http } = client();
    const bad = expectLeft(
      await http.request({ operation: 'get', method: 'GET', path: '/links/a', codec: Link })(),
    );
    expect(bad).toMatchObject({ _tag: 'DecodeError', httpStatus: 200 });
    expect(bad._tag === 'DecodeError' && bad.errors).toEqual([
      'id must be string, got 42',
      'status is required (string)',
    ]);
    expect(
      expectLeft(await http.request({ operation: 'get', method: 'GET', path: '/links/b', codec: Link })())
        ._tag,
    ).toBe('DecodeError');
  });

  it('classifies failures by status and provider code, keeping code, message and field', async () => {
    nock(base)
      .post('/links')
      .reply(400, {
        error: { code: 'invalid_amount', message: 'Amount must be positive', field: 'amount_cents' },
      })
      .post('/links/l/cancel')
      .reply(400, { error: { code: 'invalid_state', message: 'Link is paid' } });
    const { http } = client();
    expect(
      expectLeft(await http.request({ operation: 'create', method: 'POST', path: '/links', body: {} })()),
    ).toMatchObject({
      _tag: 'ValidationError',
      field: 'amount_cents',
      providerCode: 'invalid_amount',
      providerMessage: 'Amount must be positive',
      httpStatus: 400,
      retryable: false,
    });
    expect(
      expectLeft(
        await http.request({ operation: 'cancel', method: 'POST', path: '/links/l/cancel', body: {} })(),
      )._tag,
    ).toBe('ConflictError');
    const table: Array<[number, string]> = [
      [401, 'AuthenticationError'],
      [403, 'PermissionError'],
      [404, 'NotFoundError'],
      [409, 'ConflictError'],
      [422, 'ValidationError'],
      [429, 'RateLimitError'],
      [500, 'ProviderError'],
      [501, 'ProviderError'],
    ];
    for (const [status, tag] of table) {
      expect(
        classifyFailure({ provider: 'p', operation: 'get', status, details: undefined, headers: {} })._tag,
      ).toBe(tag);
    }
    expect(
      classifyFailure({ provider: 'p', operation: 'get', status: 501, details: undefined, headers: {} })
        .retryable,
    ).toBe(false);
  });

  it('renews credentials once on a 401 and retries', async () => {
    let token = 'old-token-1';
    let renewals = 0;
    nock(base)
      .get('/links/l')
      .matchHeader('authorization', 'Bearer old-token-1')
      .reply(401, {})
      .get('/links/l')
      .matchHeader('authorization', 'Bearer new-token-2')
      .reply(200, { id: 'l', status: 'new' });
    const { http } = client({
      auth: {
        headers: () => ({ Authorization: `Bearer ${token}` }),
        onUnauthorized: async () => {
          renewals += 1;
          token = 'new-token-2';
          return true;
        },
      },
    });
    expect(
      E.isRight(await http.request({ operation: 'get', method: 'GET', path: '/links/l', codec: Link })()),
    ).toBe(true);
    expect(renewals).toBe(1);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('secrets never leak', () => {
  it('keeps a random secret out of every error, even when the provider echoes it or the connection fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          minLength: 8,
          maxLength: 40,
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEF0123456789_-'.split('')),
        }),
        fc.constantFrom('echo-401', 'echo-400', 'reset', 'decode'),
        async (secret, scenario) => {
          const http = createHttpClient({
            provider: 'psp',
            baseUrl: base,
            auth: {
              headers: () => ({
                Authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}`,
                'x-api-key': secret,
              }),
            },
            secrets: () => [secret],
            readError: (body) => ({ message: String((body as { message?: unknown }).message) }),
            retry: { maxRetries: 0 },
          });
          const path = `/links/${scenario}`;
          if (scenario === 'echo-401')
            nock(base)
              .get(path)
              .reply(401, { message: `Invalid API key ${secret}` });
          if (scenario === 'echo-400') {
            nock(base)
              .get(path)
              .reply(400, { message: `bad header ${Buffer.from(`${secret}:`).toString('base64')}` });
          }
          if (scenario === 'reset') nock(base).get(path).replyWithError(`reset while sending ${secret}`);
          if (scenario === 'decode')
            nock(base)
              .get(path)
              .reply(200, { id: secret.slice(0, 30), status: 7 });
          const result = await http.request({ operation: 'get', method: 'GET', path, codec: Link })();
          const error = expectLeft(result);
          const exception = new PaymentLinkException(error);
          const surfaces = [
            JSON.stringify(error),
            JSON.stringify(exception),
            inspect(error, { depth: 10 }),
            inspect(exception, { depth: 10 }),
            String(exception.stack),
            exception.message,
          ];
          for (const text of surfaces) expect(text).not.toContain(secret);
          nock.cleanAll();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('HTTP boundary hooks', () => {
  it('passes the refused headers to onUnauthorized, fails with an error the auth strategy throws, and retries a POST marked retryable', async () => {
    const seen: Array<Readonly<Record<string, string>>> = [];
    nock(base).get('/links/l').reply(401, {});
    const renew = client({
      retry: { maxRetries: 0 },
      auth: {
        headers: () => ({ Authorization: 'Bearer t1' }),
        onUnauthorized: async (sent) => {
          seen.push(sent);
          return false;
        },
      },
    });
    expect(
      expectLeft(
        await renew.http.request({ operation: 'get', method: 'GET', path: '/links/l', codec: Link })(),
      )._tag,
    ).toBe('AuthenticationError');
    expect(seen[0]?.['Authorization']).toBe('Bearer t1');

    const refusing = client({
      auth: {
        headers: () => {
          throw new PaymentLinkException(
            authenticationError({
              provider: 'psp',
              message: 'token endpoint refused the client credentials',
            }),
          );
        },
      },
    });
    expect(
      expectLeft(
        await refusing.http.request({ operation: 'get', method: 'GET', path: '/links/l', codec: Link })(),
      ),
    ).toMatchObject({
      _tag: 'AuthenticationError',
      message: 'token endpoint refused the client credentials',
    });

    nock(base).post('/auth').reply(503).post('/auth').reply(200, { id: 'tok', status: 'ok' });
    const token = client();
    const result = await token.http.request({
      operation: 'auth',
      method: 'POST',
      path: '/auth',
      body: {},
      codec: Link,
      retryable: true,
    })();
    expect(E.isRight(result) && result.right.tries).toBe(2);
  });

  it('maps a provider code tagged UnsupportedError to UnsupportedError', () => {
    const error = classifyFailure({
      provider: 'conomy',
      operation: 'activate',
      status: 501,
      details: { code: '42', message: 'unimplemented' },
      headers: {},
      codeTags: { '42': 'UnsupportedError' },
    });
    expect(error).toMatchObject({
      _tag: 'UnsupportedError',
      feature: 'activate',
      providerCode: '42',
      retryable: false,
    });
  });
});

describe('5xx answers to creates', () => {
  it('marks a 5xx answer to a POST without an idempotency key as ambiguous and does not retry it', async () => {
    nock(base).post('/links').reply(502, 'Bad Gateway');
    const { http, waits } = client();
    expect(
      expectLeft(await http.request({ operation: 'create', method: 'POST', path: '/links', body: {} })()),
    ).toMatchObject({
      _tag: 'ProviderError',
      httpStatus: 502,
      ambiguous: true,
    });
    expect(waits).toEqual([]);
  });
});

describe('retries that know what happened', () => {
  it('reports a DELETE that gets 404 after a lost answer as done, and a plain 404 as NotFoundError', async () => {
    const faults = new FaultQueue();
    let deleted = false;
    const server = await startSimulatorServer({
      faults,
      handle: () => {
        if (deleted) return { status: 404, json: {} };
        deleted = true;
        return { status: 204 };
      },
      errorResponse: (status) => ({ status, json: {} }),
    });
    try {
      const { http } = client({ baseUrl: server.origin });
      faults.inject({ kind: 'drop-after' });
      const result = await http.request({ operation: 'delete', method: 'DELETE', path: '/links/l' })();
      expect(E.isRight(result) && result.right).toMatchObject({ status: 204, tries: 2 });
      expect(
        expectLeft(await http.request({ operation: 'delete', method: 'DELETE', path: '/links/l' })())._tag,
      ).toBe('NotFoundError');
    } finally {
      await server.close();
    }
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    nock(base).get('/links/l').reply(429, {}, { 'Retry-After': '5' });
    const controller = new AbortController();
    // The caller aborts once the boundary starts its 5 s wait; the call must end well before it.
    let waitEnded = false;
    const { http } = client({
      sleep: (ms) => {
        controller.abort();
        return new Promise((resolve) => setTimeout(resolve, ms)).then(() => {
          waitEnded = true;
        });
      },
      retry: { maxDelayMs: 10_000 },
    });
    const pending = http.request({
      operation: 'get',
      method: 'GET',
      path: '/links/l',
      codec: Link,
      signal: controller.signal,
    })();
    expect(expectLeft(await pending)._tag).toBe('RateLimitError');
    expect(waitEnded).toBe(false);
  });

  it('marks a keyed POST that lost its answer as ambiguous and hands back its key', async () => {
    // A real server that reads the request and then drops the connection: the request was written.
    const server = await startDroppingServer();
    const { http } = client({ retry: { maxRetries: 0 }, baseUrl: server.origin });
    try {
      expect(
        expectLeft(
          await http.request({
            operation: 'create',
            method: 'POST',
            path: '/links',
            body: {},
            codec: Link,
            idempotencyKey: 'key-9',
          })(),
        ),
      ).toMatchObject({ _tag: 'NetworkError', ambiguous: true, idempotencyKey: 'key-9' });
    } finally {
      await server.close();
    }
  });
});
