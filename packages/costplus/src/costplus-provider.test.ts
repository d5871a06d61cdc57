import { type CreatePaymentLinkInput, fromProvider } from '@paylinks/core';
import { expectLeft, expectRight, fixtures, startDroppingServer } from '@paylinks/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { costplus } from './costplus-provider.js';
import { costplusLegacyBaseUrl } from './costplus-settings.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

const apiKey = 'sk_test_costplus_0123456789';
const basic = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
const clock = () => new Date('2026-01-15T12:00:00.000Z');
const api = () => nock('https://api.costplus.online');

interface Captured {
  method?: string;
  path?: string;
  headers?: Record<string, unknown>;
  body?: unknown;
}

/** Answers with `status`/`reply` and records what was sent. */
function capture(scope: nock.Interceptor, status: number, reply: unknown, into: Captured) {
  return scope.reply(function (uri, body) {
    into.method = this.req.method;
    into.path = uri;
    into.headers = this.req.headers;
    into.body = body;
    return [status, reply as nock.Body];
  });
}

const provider = (extra: Record<string, unknown> = {}) =>
  costplus({ apiKey, now: clock, retry: { maxRetries: 0 }, ...extra } as Parameters<typeof costplus>[0]);

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  nock.cleanAll();
});

describe('create', () => {
  it('sends the documented request with Basic auth (key as user, empty password) and reads the 201', async () => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    const input = fixture.json<{
      merchant_order_id: string;
      amount: number;
      currency: string;
      description: string;
    }>('create-request');

    const link = await expectRight(
      provider().create({
        reference: input.merchant_order_id,
        amount: { amount: input.amount, currency: input.currency },
        description: input.description,
      }),
    );

    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/paymentlinks/');
    expect(sent.headers?.['authorization']).toBe(basic);
    expect(sent.headers?.['content-type']).toBe('application/json');
    // The documented body, plus the default expiry made explicit.
    expect(sent.body).toStrictEqual({ ...fixture.json('create-request'), expiration_period: 'P30D' });

    expect(link).toMatchObject({
      provider: 'costplus',
      id: 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1',
      reference: 'invoice-1234',
      url: 'https://api.costplus.online/paymentlinks/e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1/',
      amount: { amount: 995, currency: 'EUR' },
      description: 'Invoice #1234',
      status: { unified: 'open', raw: 'new', reason: 'Payment Link was created, not yet visited' },
      attempts: { reported: true, items: [], total: 0, failed: 0, limit: 25, remaining: 25 },
      metadata: {},
      redirects: {},
    });
    expect(link.createdAt).toEqual(new Date('2026-01-15T12:00:00.000Z'));
    expect(link.expiresAt).toEqual(new Date('2026-02-14T12:00:00.000Z'));
    expect(link.raw).toStrictEqual(fixture.json('create-response'));
    expect(link.paidAt).toBeUndefined();
  });

  it('sends the documented URLs request: return_url and webhook_url', async () => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    const doc = fixture.json<Record<string, string>>('create-request-urls');
    await expectRight(
      provider().create({
        reference: doc['merchant_order_id']!,
        amount: { amount: 1295, currency: 'EUR' },
        description: doc['description']!,
        successUrl: doc['return_url']!,
        webhookUrl: doc['webhook_url']!,
      }),
    );
    expect(sent.body).toStrictEqual({ ...doc, expiration_period: 'P30D' });
  });

  it('maps every documented field, customer included', async () => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    const input: CreatePaymentLinkInput = {
      reference: 'invoice-1234',
      amount: { amount: 995, currency: 'EUR' },
      description: 'Invoice #1234',
      expiresIn: 'P7D',
      successUrl: 'https://shop.example/thanks',
      failureUrl: 'https://shop.example/failed',
      webhookUrl: 'https://shop.example/hooks/costplus',
      paymentMethods: ['credit-card', 'ideal'],
      customer: {
        id: 'cust-42',
        email: 'jan@example.com',
        firstName: 'Jan',
        lastName: 'Jansen',
        phone: '+31201234567',
        locale: 'nl_NL',
        address: {
          line1: 'Singel 250',
          postalCode: '1016 AB',
          city: 'Amsterdam',
          houseNumber: '250',
          country: 'NL',
        },
        ipAddress: '192.168.0.1',
        userAgent: 'Mozilla/5.0',
        gender: 'male',
        birthdate: '1990-02-01',
      },
      providerOptions: {
        costplus: {
          customer: {
            addressType: 'billing',
            phoneNumbers: ['+31201234567', '+31612345678'],
            additionalAddresses: [
              {
                addressType: 'delivery',
                address: 'Kade 1',
                postalCode: '1000 AA',
                houseNumber: '1',
                country: 'NL',
              },
            ],
          },
        },
      },
    };

    await expectRight(provider().create(input));

    expect(sent.body).toStrictEqual({
      merchant_order_id: 'invoice-1234',
      amount: 995,
      currency: 'EUR',
      description: 'Invoice #1234',
      expiration_period: 'P7D',
      return_url: 'https://shop.example/thanks',
      failure_url: 'https://shop.example/failed',
      webhook_url: 'https://shop.example/hooks/costplus',
      payment_methods: ['credit-card', 'ideal'],
      customer: {
        merchant_customer_id: 'cust-42',
        email_address: 'jan@example.com',
        first_name: 'Jan',
        last_name: 'Jansen',
        address_type: 'billing',
        address: 'Singel 250\n1016 AB Amsterdam',
        postal_code: '1016 AB',
        housenumber: '250',
        country: 'NL',
        locale: 'nl_NL',
        phone_numbers: ['+31201234567', '+31612345678'],
        ip_address: '192.168.0.1',
        gender: 'male',
        birthdate: '1990-02-01',
        additional_addresses: [
          {
            address_type: 'delivery',
            address: 'Kade 1',
            postal_code: '1000 AA',
            housenumber: '1',
            country: 'NL',
          },
        ],
        user_agent: 'Mozilla/5.0',
      },
    });
  });

  it('sends customer.phone as phone_numbers and an explicit providerOptions address verbatim', async () => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    await expectRight(
      provider().create({
        reference: 'r-1',
        amount: { amount: 100, currency: 'EUR' },
        customer: { phone: '+441234567890' },
        providerOptions: { costplus: { customer: { address: 'Flat 2\n10 Downing Street' } } },
      }),
    );
    expect((sent.body as { customer: unknown }).customer).toStrictEqual({
      address: 'Flat 2\n10 Downing Street',
      phone_numbers: ['+441234567890'],
    });
  });

  it.each([
    ['expiresIn seconds', { expiresIn: 5400 }, 'PT1H30M'],
    ['expiresIn as given', { expiresIn: 'P1DT12H' }, 'P1DT12H'],
    ['expiresAt from the injected clock', { expiresAt: '2026-01-22T13:30:00Z' }, 'P7DT1H30M'],
    ['expiresAt as a Date', { expiresAt: new Date('2026-01-15T12:00:45.000Z') }, 'PT45S'],
    ['no expiry: the default P30D', {}, 'P30D'],
  ])('expiration_period from %s', async (_name, expiry, expected) => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    await expectRight(
      provider().create({ reference: 'r', amount: { amount: 1, currency: 'EUR' }, ...expiry }),
    );
    expect((sent.body as { expiration_period: string }).expiration_period).toBe(expected);
  });

  it.each([
    ['lineItems', { lineItems: [{ name: 'Widget', quantity: 1, unitAmount: 995 }] }],
    ['subscription', { subscription: { interval: 'month' } }],
    ['metadata', { metadata: { order: '42' } }],
    ['cancelUrl', { cancelUrl: 'https://shop.example/cancel', failureUrl: 'https://shop.example/failed' }],
    ['providerOptions.costplus.colour', { providerOptions: { costplus: { colour: 'red' } } }],
    [
      'providerOptions.costplus.customer.city',
      { providerOptions: { costplus: { customer: { city: 'Delft' } } } },
    ],
    [
      'providerOptions.costplus.customer.addressType',
      { providerOptions: { costplus: { customer: { addressType: 'home' } } } },
    ],
    ['amount.currency', { amount: { amount: 995, currency: 'XYZ' } }],
    ['reference', { reference: '' }],
  ])('refuses %s with a ValidationError before any request', async (field, extra) => {
    const scope = api().post('/v1/paymentlinks/').reply(201, fixture.json('create-response'));
    const error = await expectLeft(
      provider().create({
        reference: 'r',
        amount: { amount: 995, currency: 'EUR' },
        ...extra,
      } as CreatePaymentLinkInput),
    );
    expect(error._tag).toBe('ValidationError');
    expect(error._tag === 'ValidationError' && error.field).toBe(field);
    expect(scope.isDone()).toBe(false);
  });

  it('names the closest Cost+ option for a mistyped providerOptions key', async () => {
    const error = await expectLeft(
      provider().create({
        reference: 'r',
        amount: { amount: 995, currency: 'EUR' },
        providerOptions: { costplus: { customer: { adressType: 'billing' } } },
      }),
      'ValidationError',
    );
    expect(error.message).toContain(
      'providerOptions.costplus.customer.adressType is not an option of this provider (did you mean addressType?',
    );
  });

  it('accepts empty lineItems / metadata and a cancelUrl equal to failureUrl', async () => {
    const sent: Captured = {};
    capture(api().post('/v1/paymentlinks/'), 201, fixture.json('create-response'), sent);
    await expectRight(
      provider().create({
        reference: 'r',
        amount: { amount: 995, currency: 'EUR' },
        lineItems: [],
        metadata: {},
        failureUrl: 'https://shop.example/f',
        cancelUrl: 'https://shop.example/f',
      }),
    );
    expect(sent.body).toStrictEqual({
      merchant_order_id: 'r',
      amount: 995,
      currency: 'EUR',
      expiration_period: 'P30D',
      failure_url: 'https://shop.example/f',
    });
  });

  it('does not retry a POST (Cost+ has no idempotency keys), but a create 5xx is a retryable ProviderError', async () => {
    const scope = api().post('/v1/paymentlinks/').reply(503, fixture.json('error-documented'));
    const error = await expectLeft(
      costplus({ apiKey, now: clock, retry: { maxRetries: 3, baseDelayMs: 1 } }).create({
        reference: 'r',
        amount: { amount: 995, currency: 'EUR' },
      }),
    );
    expect(error).toMatchObject({ _tag: 'ProviderError', httpStatus: 503, retryable: true });
    expect(scope.isDone()).toBe(true);
  });
});

describe('get', () => {
  it('reads the documented completed link: status, reason, completed, orders -> attempts, both timestamp forms', async () => {
    const sent: Captured = {};
    capture(
      api().get('/v1/paymentlinks/e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1/'),
      200,
      fixture.json('get-completed'),
      sent,
    );

    const link = await expectRight(provider().get('e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1'));

    expect(sent).toMatchObject({
      method: 'GET',
      path: '/v1/paymentlinks/e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1/',
      body: '',
    });
    expect(sent.headers?.['authorization']).toBe(basic);
    expect(link.status).toStrictEqual({ unified: 'paid', raw: 'completed', reason: 'Completed' });
    expect(link.paidAt).toEqual(new Date('2026-01-15T12:05:30.123Z'));
    expect(link.createdAt).toEqual(new Date('2026-01-15T12:00:00.000Z'));
    expect(link.updatedAt).toEqual(new Date('2026-01-15T12:05:35.654Z'));
    expect(link.attempts).toStrictEqual({
      reported: true,
      items: [
        { id: '0d79014c-0aaa-4fd6-87c5-c8cfa5f5ac69', status: { unified: 'failed', raw: 'error' } },
        { id: '3bb663cc-2a20-400d-8bf6-18d9695d0c66', status: { unified: 'succeeded', raw: 'completed' } },
      ],
      total: 2,
      failed: 1,
      limit: 25,
      remaining: 0,
    });
    expect((link.raw as { completed_order_id: string }).completed_order_id).toBe(
      '3bb663cc-2a20-400d-8bf6-18d9695d0c66',
    );
  });

  it('works against the legacy host', async () => {
    const sent: Captured = {};
    capture(
      nock('https://api.nopayn.co.uk').get('/v1/paymentlinks/abc/'),
      200,
      fixture.json('get-completed'),
      sent,
    );
    const link = await expectRight(provider({ baseUrl: costplusLegacyBaseUrl }).get('abc'));
    expect(sent.headers?.['authorization']).toBe(basic);
    expect(link.status.unified).toBe('paid');
  });

  it('encodes the id into the path', async () => {
    const scope = api().get('/v1/paymentlinks/a%2Fb%3F/').reply(200, fixture.json('get-completed'));
    await expectRight(provider().get('a/b?'));
    expect(scope.isDone()).toBe(true);
  });

  const orders = (n: number) => Array.from({ length: n }, (_, i) => `order-${i}`);

  it.each([
    [1, 'open', 24],
    [24, 'open', 1],
    [25, 'failed', 0],
  ])('all_unsuccessful with %i failed attempts is %s (%i left)', async (n, unified, remaining) => {
    api()
      .get('/v1/paymentlinks/x/')
      .reply(200, {
        ...fixture.json('create-response'),
        status: 'all_unsuccessful',
        orders: { error: orders(n) },
      });
    const link = await expectRight(provider().get('x'));
    expect(link.status).toMatchObject({ unified, raw: 'all_unsuccessful' });
    expect(link.attempts).toMatchObject({ reported: true, total: n, failed: n, limit: 25, remaining });
  });

  it('keeps an unknown status raw', async () => {
    api()
      .get('/v1/paymentlinks/x/')
      .reply(200, { ...fixture.json('create-response'), status: 'on_hold', reason: null });
    const link = await expectRight(provider().get('x'));
    expect(link.status).toStrictEqual({ unified: 'unknown', raw: 'on_hold' });
  });

  it('reads the schema example customer into core fields, keeping the rest in raw', async () => {
    api()
      .get('/v1/paymentlinks/x/')
      .reply(200, { ...fixture.json('link-schema-example'), currency: 'EUR', flags: ['is-test'] });
    const link = await expectRight(provider().get('x'));
    expect(link.customer).toStrictEqual({
      id: 'string',
      email: 'user@example.com',
      firstName: 'string',
      lastName: 'string',
      phone: 'string',
      ipAddress: '192.168.0.1',
      userAgent: 'string',
      gender: 'male',
      birthdate: '2019-08-24',
      address: { line1: 'string', postalCode: 'string', houseNumber: 'string' },
    });
    expect(link.paymentMethods).toStrictEqual(['string']);
    expect(link.testMode).toBe(true);
    expect(link.status.unified).toBe('open');
    // `completed` is set but the status is not: no paidAt.
    expect(link.paidAt).toBeUndefined();
  });

  it('refuses the schema example as-is: "string" is no currency (DecodeError with the path)', async () => {
    api().get('/v1/paymentlinks/x/').reply(200, fixture.json('link-schema-example'));
    const error = await expectLeft(provider().get('x'));
    expect(error._tag).toBe('DecodeError');
    expect(error._tag === 'DecodeError' && error.errors.join(' ')).toContain('currency');
  });

  it('refuses an empty id before any request', async () => {
    const error = await expectLeft(provider().get(''));
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'id' });
  });

  it('refuses an id holding half of a surrogate pair before any request, instead of throwing URIError', async () => {
    const error = await expectLeft(provider().get('pl_\uD800'));
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'id' });
    const order = await expectLeft(provider().getOrder('\uDC00'));
    expect(order).toMatchObject({ _tag: 'ValidationError', field: 'orderId' });
  });

  it('retries a GET after a 503', async () => {
    api().get('/v1/paymentlinks/x/').reply(503, fixture.json('error-documented'));
    api().get('/v1/paymentlinks/x/').reply(200, fixture.json('get-completed'));
    const link = await expectRight(
      costplus({ apiKey, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } }).get('x'),
    );
    expect(link.status.unified).toBe('paid');
  });
});

describe('getOrder', () => {
  it('reads the documented order into an attempt', async () => {
    const sent: Captured = {};
    capture(
      api().get('/v1/orders/4851e31c-4137-4e91-95ef-1df945ee76a2/'),
      200,
      {
        ...fixture.json<Record<string, unknown>>('order-completed'),
        related_payment_link_id: 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1',
      },
      sent,
    );
    const order = await expectRight(provider().getOrder('4851e31c-4137-4e91-95ef-1df945ee76a2'));
    expect(sent).toMatchObject({ method: 'GET', path: '/v1/orders/4851e31c-4137-4e91-95ef-1df945ee76a2/' });
    expect(sent.headers?.['authorization']).toBe(basic);
    expect(order).toMatchObject({
      attempt: {
        id: '4851e31c-4137-4e91-95ef-1df945ee76a2',
        status: { unified: 'succeeded', raw: 'completed' },
        createdAt: new Date('2026-01-15T12:00:05.433Z'),
        amount: { amount: 1295, currency: 'EUR' },
      },
      paymentLinkId: 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1',
      reference: 'my-order-id-1',
      completedAt: new Date('2026-01-15T12:02:30.123Z'),
      updatedAt: new Date('2026-01-15T12:02:30.123Z'),
      paymentMethods: ['credit-card'],
    });
  });
});

describe('errors', () => {
  it('reads the documented 400 body: ValidationError with property_path and message', async () => {
    api()
      .post('/v1/paymentlinks/')
      .reply(400, {
        error: {
          status: 400,
          type: 'ValidationError',
          value: 'EURO',
          property_path: 'currency',
          property_description: "'EURO' is not a valid currency",
        },
      });
    const error = await expectLeft(
      provider().create({ reference: 'r', amount: { amount: 1, currency: 'EUR' } }),
    );
    expect(error).toMatchObject({
      _tag: 'ValidationError',
      field: 'amount.currency',
      httpStatus: 400,
      providerCode: 'ValidationError',
      provider: 'costplus',
      operation: 'create',
    });
    expect(error.providerMessage).toContain("'EURO' is not a valid currency");
  });

  it('reads the documented schema example body', async () => {
    api().get('/v1/paymentlinks/x/').reply(400, fixture.json('error-documented'));
    const error = await expectLeft(provider().get('x'));
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'string', providerCode: 'string' });
  });

  it('reads the werkzeug 401 body: AuthenticationError with the code and message, key redacted', async () => {
    api().get('/v1/paymentlinks/x/').reply(401, fixture.json('error-unauthorized'));
    const error = await expectLeft(provider().get('x'));
    expect(error).toMatchObject({
      _tag: 'AuthenticationError',
      httpStatus: 401,
      providerCode: 'werkzeug.exceptions.Unauthorized',
      retryable: false,
    });
    expect(error.providerMessage).toContain('could not verify that you are authorized');
    const text = JSON.stringify(error);
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(Buffer.from(`${apiKey}:`).toString('base64'));
  });

  it('redacts the key even when the provider echoes it', async () => {
    api()
      .get('/v1/paymentlinks/x/')
      .reply(403, { error: { status: 403, type: 'Forbidden', value: `key ${apiKey} may not read this` } });
    const error = await expectLeft(provider().get('x'));
    expect(error._tag).toBe('PermissionError');
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(error.providerMessage).toContain('[redacted]');
  });

  it.each([
    [403, { error: { status: 403, type: 'Forbidden', value: 'No access' } }, 'PermissionError'],
    [404, { error: { status: 404, type: 'NotFound', value: 'Not found' } }, 'NotFoundError'],
    [
      404,
      { error: 'werkzeug.exceptions.NotFound', message: 'The requested URL was not found on the server.' },
      'NotFoundError',
    ],
    [429, { error: 'werkzeug.exceptions.TooManyRequests', message: 'slow down' }, 'RateLimitError'],
    [500, { error: { status: 500, type: 'InternalServerError', value: 'boom' } }, 'ProviderError'],
    [502, '<html>Bad gateway</html>', 'ProviderError'],
  ])('HTTP %i -> %s', async (status, body, tag) => {
    api()
      .get('/v1/paymentlinks/x/')
      .reply(status, body as nock.Body, { 'Retry-After': '7' });
    const error = await expectLeft(provider().get('x'));
    expect(error._tag).toBe(tag);
    expect(error.httpStatus).toBe(status);
    if (error._tag === 'NotFoundError') expect(error.resourceId).toBe('x');
    if (error._tag === 'RateLimitError') expect(error.retryAfterMs).toBe(7000);
  });

  it('a 200 that is not JSON is a DecodeError', async () => {
    api().get('/v1/paymentlinks/x/').reply(200, '{"id": ');
    const error = await expectLeft(provider().get('x'));
    expect(error._tag).toBe('DecodeError');
  });

  it('a connection that fails before it is made is a NetworkError, not ambiguous (nothing was sent)', async () => {
    // nock fails a request before its socket connects.
    api()
      .post('/v1/paymentlinks/')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = await expectLeft(
      provider().create({ reference: 'r', amount: { amount: 1, currency: 'EUR' } }),
    );
    expect(error).toMatchObject({ _tag: 'NetworkError', code: 'ECONNRESET', ambiguous: false });
  });

  it('a create whose connection drops after it was sent is an ambiguous NetworkError', async () => {
    const server = await startDroppingServer();
    try {
      const error = await expectLeft(
        provider({ baseUrl: `${server.origin}/v1` }).create({
          reference: 'r',
          amount: { amount: 1, currency: 'EUR' },
        }),
      );
      expect(error).toMatchObject({ _tag: 'NetworkError', ambiguous: true });
    } finally {
      await server.close();
    }
  });
});

describe('capabilities and the client', () => {
  it('says what Cost+ lacks; the client answers UnsupportedError for it', async () => {
    const p = provider();
    expect(p.capabilities).toMatchObject({
      requires: [],
      refuses: ['lineItems', 'subscription', 'metadata'],
      defaultExpiry: { days: 30 },
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
      maxAttempts: 25,
    });
    expect(p.list).toBeUndefined();
    expect(p.cancel).toBeUndefined();
    const client = fromProvider(p);
    for (const call of [
      () => client.cancel('x'),
      () => client.activate('x'),
      () => client.delete('x'),
      () => client.reconcile('r'),
      () => client.list().next(),
    ]) {
      await expect(call()).rejects.toMatchObject({ _tag: 'UnsupportedError' });
    }
  });

  it('refuses bad settings naming the field, without echoing the key', () => {
    expect(() => costplus({ apiKey: '' })).toThrow(expect.objectContaining({ _tag: 'ValidationError' }));
    try {
      costplus({ apiKey: 'sk_secret_value', baseUrl: 'ftp://nope' });
      expect.unreachable();
    } catch (e) {
      expect((e as { error: { field: string } }).error.field).toBe('costplus.baseUrl');
      expect(JSON.stringify(e)).not.toContain('sk_secret_value');
    }
  });
});
