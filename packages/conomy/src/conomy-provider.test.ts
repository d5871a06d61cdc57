import { readFileSync } from 'node:fs';

import {
  configFromEnv,
  type CreatePaymentLinkInput,
  createPaymentLinks,
  fromProvider,
  PaymentLinkException,
} from '@paylinks/core';
import { expectLeft, expectRight, fixtures, ManualClock, startDroppingServer } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { conomy } from './conomy-provider.js';
import { conomyPackageVersion, defaultConomyUserAgent } from './conomy-settings.js';
import { encodeConomyCursor } from './convert-to-conomy-request.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));
const authRequest = fixture.json<{ clientId: string; clientSecret: string }>('auth-request.json');
const authResponse = fixture.json<{ accessToken: string; expiresIn: number }>('auth-response.json');
const createRequest = fixture.json<Record<string, unknown>>('create-payment-link-request.json');
const errorBody = fixture.json('error-invalid-param.json');
const listPagination = fixture.json('list-pagination.json');
const paymentLink = fixture.json<{ id: string } & Record<string, unknown>>('payment-link.json');

const host = 'https://api.conomyhq.com';
const start = new Date('2025-12-05T21:58:58.111Z');
const linkId = paymentLink.id;

let clock: ManualClock;

const settings = (extra: Record<string, unknown> = {}) => ({
  apiKey: '{YOUR_API_KEY}',
  clientId: authRequest.clientId,
  clientSecret: authRequest.clientSecret,
  now: clock.fn,
  retry: { maxRetries: 0 },
  ...extra,
});

const client = (extra: Record<string, unknown> = {}) => fromProvider(conomy(settings(extra) as never));

interface Captured {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** `POST /auth` answering `token`; records what was sent. */
function expectAuth(
  token = authResponse.accessToken,
  captured: Captured[] = [],
  expiresIn = authResponse.expiresIn,
) {
  return nock(host)
    .post('/sandbox/auth')
    .reply(function (_uri, body) {
      captured.push({ headers: { ...this.req.headers }, body });
      return [200, { ...authResponse, accessToken: token, expiresIn }];
    });
}

/** `POST /payment-links/{id}/activate` answering the documented link, now ACTIVE. */
function expectActivate(id = linkId, link: Record<string, unknown> = paymentLink) {
  return nock(host)
    .post(`/sandbox/payment-links/${id}/activate`)
    .reply(200, { ...link, id, status: 'ACTIVE' });
}

/** The create input that produces the documented recipe body. */
const recipeInput: CreatePaymentLinkInput = {
  reference: 'invoice-1001',
  amount: { amount: 49990, currency: 'CLP' },
  description: 'Invoice 1001',
  expiresIn: 86400,
  paymentMethods: ['ETPAY', 'WEBPAY'],
  successUrl: 'https://yourapp.com/invoices/1001/success',
  failureUrl: 'https://yourapp.com/invoices/1001/failed',
  providerOptions: {
    conomy: {
      checkoutToken: 'invoice-1001',
      destinations: createRequest.destinations,
      owner: createRequest.owner,
      customerRequirements: createRequest.customerRequirements,
    },
  },
};

beforeEach(() => {
  clock = new ManualClock(start);
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  nock.cleanAll();
});

describe('auth and headers', () => {
  it('obtains a token at POST /auth, then sends Bearer, x-api-key and User-Agent on the call', async () => {
    const auth: Captured[] = [];
    const calls: Captured[] = [];
    expectAuth(authResponse.accessToken, auth);
    nock(host)
      .post('/sandbox/payment-links')
      .reply(function (_uri, body) {
        calls.push({ headers: { ...this.req.headers }, body });
        return [201, paymentLink];
      });
    expectActivate();
    const link = await expectRight(client().te.create(recipeInput));
    expect(link.id).toBe(linkId);

    expect(auth).toHaveLength(1);
    expect(auth[0]?.body).toEqual(authRequest);
    expect(auth[0]?.headers).toMatchObject({
      'x-api-key': '{YOUR_API_KEY}',
      'user-agent': defaultConomyUserAgent,
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(auth[0]?.headers['authorization']).toBeUndefined();

    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual(createRequest);
    expect(calls[0]?.headers).toMatchObject({
      authorization: `Bearer ${authResponse.accessToken}`,
      'x-api-key': '{YOUR_API_KEY}',
      'user-agent': defaultConomyUserAgent,
      'content-type': 'application/json',
    });
    expect(calls[0]?.headers['conomyhq-api-version']).toBeUndefined();
  });

  it('names paylinks and this package version in the default User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(conomyPackageVersion).toBe(pkg.version);
    expect(defaultConomyUserAgent).toBe(`paylinks/${pkg.version} (+@paylinks/conomy)`);
  });

  it('sends a custom User-Agent and the API version header when set', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_1', auth);
    const scope = nock(host, {
      reqheaders: {
        'user-agent': 'MyApp/1.0',
        'conomyhq-api-version': '24-04-2025',
        authorization: 'Bearer tok_1',
        'x-api-key': '{YOUR_API_KEY}',
      },
    })
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(200, paymentLink);
    await expectRight(client({ userAgent: 'MyApp/1.0', apiVersion: '24-04-2025' }).te.get(linkId));
    expect(auth[0]?.headers).toMatchObject({
      'user-agent': 'MyApp/1.0',
      'conomyhq-api-version': '24-04-2025',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('uses a ready accessToken without calling /auth, and cannot renew it on a 401', async () => {
    const scope = nock(host, { reqheaders: { authorization: 'Bearer ready_token_1' } })
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(200, paymentLink)
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(401, { status: 401, code: '41', type: 'unauthorized', detail: 'token expired', traceId: 't-1' });
    const c = fromProvider(
      conomy({ apiKey: 'k_12345', accessToken: 'ready_token_1', now: clock.fn, retry: { maxRetries: 0 } }),
    );
    await expectRight(c.te.get(linkId));
    const error = await expectLeft(c.te.get(linkId));
    expect(error).toMatchObject({ _tag: 'AuthenticationError', providerCode: '41', requestId: 't-1' });
    expect(scope.isDone()).toBe(true);
  });

  it('caches the token and renews it before it expires, against the injected clock', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_a', auth);
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .times(2)
      .matchHeader('authorization', 'Bearer tok_a')
      .reply(200, paymentLink);
    const c = client();
    await expectRight(c.te.get(linkId));
    clock.advance(3000 * 1000); // 50 minutes: still more than the 60 s margin left
    await expectRight(c.te.get(linkId));
    expect(auth).toHaveLength(1);

    expectAuth('tok_b', auth);
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .matchHeader('authorization', 'Bearer tok_b')
      .reply(200, paymentLink);
    clock.advance(560 * 1000); // 59 min 20 s: inside the renewal margin
    await expectRight(c.te.get(linkId));
    expect(auth).toHaveLength(2);
  });

  it('shares one renewal between 20 concurrent calls after the token expired', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_old', auth);
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .matchHeader('authorization', 'Bearer tok_old')
      .reply(200, paymentLink);
    const c = client();
    await expectRight(c.te.get(linkId));
    clock.advance(3600 * 1000);
    expectAuth('tok_new', auth);
    const scope = nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .times(20)
      .matchHeader('authorization', 'Bearer tok_new')
      .reply(200, paymentLink);
    const results = await Promise.all(Array.from({ length: 20 }, () => c.te.get(linkId)()));
    expect(results.every(E.isRight)).toBe(true);
    expect(auth).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
  });

  it('renews once when 20 concurrent calls are answered 401, and retries each with the new token', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_revoked', auth);
    const c = client();
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .matchHeader('authorization', 'Bearer tok_revoked')
      .reply(200, paymentLink);
    await expectRight(c.te.get(linkId));
    const unauthorized = {
      status: 401,
      code: '41',
      type: 'unauthorized',
      detail: 'invalid token',
      traceId: 'x',
    };
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .times(20)
      .matchHeader('authorization', 'Bearer tok_revoked')
      .reply(401, unauthorized);
    expectAuth('tok_fresh', auth);
    const fresh = nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .times(20)
      .matchHeader('authorization', 'Bearer tok_fresh')
      .reply(200, paymentLink);
    const results = await Promise.all(Array.from({ length: 20 }, () => c.te.get(linkId)()));
    expect(results.filter(E.isLeft)).toEqual([]);
    expect(auth).toHaveLength(2);
    expect(fresh.isDone()).toBe(true);
  });

  it('does not renew again for a 401 that arrives after another call already renewed', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_stale', auth);
    const c = client();
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .matchHeader('authorization', 'Bearer tok_stale')
      .reply(200, paymentLink);
    await expectRight(c.te.get(linkId));
    const unauthorized = {
      status: 401,
      code: '41',
      type: 'unauthorized',
      detail: 'invalid token',
      traceId: 'x',
    };
    nock(host)
      .get('/sandbox/payment-links/fast')
      .matchHeader('authorization', 'Bearer tok_stale')
      .reply(401, unauthorized);
    nock(host)
      .get('/sandbox/payment-links/slow')
      .matchHeader('authorization', 'Bearer tok_stale')
      .delay(150)
      .reply(401, unauthorized);
    expectAuth('tok_renewed', auth);
    nock(host)
      .get(/\/sandbox\/payment-links\/(fast|slow)/)
      .times(2)
      .matchHeader('authorization', 'Bearer tok_renewed')
      .reply(200, paymentLink);
    const [fast, slow] = await Promise.all([c.te.get('fast')(), c.te.get('slow')()]);
    expect(E.isRight(fast) && E.isRight(slow)).toBe(true);
    expect(auth).toHaveLength(2);
  });

  it('renews only once per call: a second 401 is an AuthenticationError', async () => {
    const auth: Captured[] = [];
    expectAuth('tok_1', auth);
    expectAuth('tok_2', auth);
    const unauthorized = {
      status: 401,
      code: '41',
      type: 'unauthorized',
      detail: 'no access',
      traceId: 'tr-41',
    };
    nock(host).get(`/sandbox/payment-links/${linkId}`).times(2).reply(401, unauthorized);
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toMatchObject({
      _tag: 'AuthenticationError',
      httpStatus: 401,
      providerCode: '41',
      requestId: 'tr-41',
    });
    expect(auth).toHaveLength(2);
  });

  it('reports refused client credentials as an AuthenticationError without echoing any secret', async () => {
    nock(host)
      .post('/sandbox/auth')
      .reply(401, {
        status: 401,
        code: '41',
        type: 'unauthorized',
        detail: `bad credentials ${authRequest.clientSecret} for key {YOUR_API_KEY}`,
        traceId: 'tr-auth',
      });
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toMatchObject({ _tag: 'AuthenticationError', operation: 'auth', requestId: 'tr-auth' });
    expect(error.message).toMatch(/check clientId and clientSecret/);
    expect(error.message).not.toMatch(/check the API key/);
    const text = JSON.stringify(error);
    expect(text).not.toContain(authRequest.clientSecret);
    expect(text).not.toContain('{YOUR_API_KEY}');
    expect(text).toContain('[redacted]');
  });

  it('never lets the bearer token into an error', async () => {
    expectAuth('tok_secret_value_123');
    nock(host).get(`/sandbox/payment-links/${linkId}`).reply(400, {
      status: 400,
      code: '11',
      type: 'invalidParam',
      detail: 'token tok_secret_value_123 is odd',
      traceId: 'a',
    });
    const error = await expectLeft(client().te.get(linkId));
    expect(JSON.stringify(error)).not.toContain('tok_secret_value_123');
  });
});

describe('settings', () => {
  it('takes clientId + clientSecret, or an accessToken', () => {
    clock = new ManualClock(start);
    expect(conomy({ apiKey: 'k_1', clientId: 'c', clientSecret: 's' }).id).toBe('conomy');
    expect(conomy({ apiKey: 'k_1', accessToken: 't' }).capabilities.activate).toBe(true);
  });

  it('builds from environment variables, numbers given as digits', () => {
    const env = {
      PAYLINKS_PROVIDER: 'conomy',
      PAYLINKS_CONOMY_API_KEY: 'k_env_1',
      PAYLINKS_CONOMY_CLIENT_ID: 'c_env',
      PAYLINKS_CONOMY_CLIENT_SECRET: 's_env_secret',
      PAYLINKS_CONOMY_TOKEN_RENEWAL_MARGIN_SECONDS: '30',
      PAYLINKS_CONOMY_DEFAULT_DURATION_SECONDS: '3600',
    };
    expect(createPaymentLinks(configFromEnv(env, { conomy }), { conomy }).id).toBe('conomy');
    try {
      createPaymentLinks(configFromEnv({ ...env, PAYLINKS_CONOMY_CLIENT_ID: '' }, { conomy }), { conomy });
      throw new Error('expected a PaymentLinkException');
    } catch (e) {
      expect((e as PaymentLinkException).error).toMatchObject({ field: 'conomy.clientId' });
      expect(JSON.stringify(e)).not.toContain('s_env_secret');
    }
  });

  it.each([
    [{ apiKey: 'k_1', clientId: 'c' }, 'conomy.clientSecret'],
    [{ apiKey: 'k_1', clientSecret: 'super-secret-1' }, 'conomy.clientId'],
    [{ apiKey: 'k_1' }, 'conomy.clientId'],
    [{ clientId: 'c', clientSecret: 's' }, 'conomy.apiKey'],
    [{ apiKey: 'k_1', accessToken: 't', defaultDurationSeconds: 10 }, 'conomy.defaultDurationSeconds'],
  ])('refuses %j naming %s', (bad, field) => {
    try {
      conomy(bad as never);
      throw new Error('expected a PaymentLinkException');
    } catch (e) {
      expect(e).toBeInstanceOf(PaymentLinkException);
      expect((e as PaymentLinkException).error).toMatchObject({ _tag: 'ValidationError', field });
      expect(JSON.stringify(e)).not.toContain('super-secret-1');
    }
  });
});

describe('create', () => {
  beforeEach(() => {
    expectAuth();
  });

  it('sends the documented body and reads the documented link', async () => {
    let sent: unknown;
    nock(host)
      .post('/sandbox/payment-links', (body) => {
        sent = body;
        return true;
      })
      .reply(201, paymentLink);
    expectActivate();
    const link = await expectRight(client().te.create(recipeInput));
    expect(sent).toEqual(createRequest);
    expect(nock.pendingMocks()).toEqual([]);
    expect(link).toMatchObject({
      provider: 'conomy',
      id: linkId,
      reference: 'invoice-1001',
      url: paymentLink.url,
      amount: { amount: 49990, currency: 'CLP' },
      description: 'Invoice 1001',
      status: { unified: 'open', raw: 'ACTIVE' },
      createdAt: new Date('2025-12-05T21:58:58.111Z'),
      expiresAt: new Date('2025-12-06T21:58:58.111Z'),
      redirects: {
        success: 'https://yourapp.com/invoices/1001/success',
        failure: 'https://yourapp.com/invoices/1001/failed',
        cancel: 'https://yourapp.com/invoices/1001/failed',
      },
      customer: { email: 'ana@example.cl', firstName: 'Ana', lastName: 'Rojas', phone: '+56 912345678' },
      lineItems: [
        {
          name: 'Invoice 1001',
          quantity: 1,
          unitAmount: 49990,
          tax: { type: 'percentage', amount: 7982, name: 'IVA', rate: '19' },
        },
      ],
      paymentMethods: ['ETPAY', 'WEBPAY'],
      attempts: { reported: false, items: [] },
      metadata: {},
    });
    expect(link.raw).toEqual({ ...paymentLink, status: 'ACTIVE' });
  });

  it('sends line items with taxes in major units with the currency digits', async () => {
    let sent: Record<string, unknown> | undefined;
    nock(host)
      .post('/sandbox/payment-links', (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(201, {
        ...paymentLink,
        currency: 'EUR',
        totalAmount: '30.00',
        preTaxAmount: '25.22',
        items: [],
      });
    const link = await expectRight(
      client().te.create({
        reference: 'order-7',
        amount: { amount: 3000, currency: 'EUR' },
        expiresAt: new Date(start.getTime() + 45_000),
        customer: { email: 'payer@example.com', firstName: 'Jo', phone: '+56 9 1234 5678', locale: 'nl_NL' },
        lineItems: [
          {
            name: 'Shirt',
            quantity: 2,
            unitAmount: 1000,
            tax: { type: 'percentage', rate: '19', amount: 319, name: 'VAT' },
          },
          {
            name: 'Shipping',
            quantity: 1,
            unitAmount: 1000,
            tax: { type: 'fixed', amount: 159, name: 'Fee' },
          },
        ],
        providerOptions: {
          conomy: { activate: false, customer: { documentType: 'RUT', documentNumber: '1-9' } },
        },
      }),
    );
    expect(sent).toEqual({
      checkoutToken: 'order-7',
      currency: 'EUR',
      duration: 45,
      items: [
        {
          preTaxAmount: '16.81',
          totalAmount: '20.00',
          description: 'Shirt x 2',
          tax: { name: 'VAT', type: 'PERCENTAGE', value: '19', amount: '3.19' },
        },
        {
          preTaxAmount: '8.41',
          totalAmount: '10.00',
          description: 'Shipping',
          tax: { name: 'Fee', type: 'FIXED', value: '1.59', amount: '1.59' },
        },
      ],
      customer: {
        email: 'payer@example.com',
        firstName: 'Jo',
        phoneNumberPrefix: '+56',
        phoneNumber: '912345678',
        documentType: 'RUT',
        documentNumber: '1-9',
      },
    });
    expect(link.amount).toEqual({ amount: 3000, currency: 'EUR' });
  });

  it.each([
    ['KWD', 1250, '1.250'],
    ['JPY', 500, '500'],
    ['CLF', 12345, '1.2345'],
    ['EUR', 5, '0.05'],
  ])('writes %s %i as %s', async (currency, amount, decimal) => {
    let sent: { items: Array<{ totalAmount: string }> } | undefined;
    nock(host)
      .post('/sandbox/payment-links', (body: { items: Array<{ totalAmount: string }> }) => {
        sent = body;
        return true;
      })
      .reply(201, { ...paymentLink, currency, totalAmount: decimal, items: [] });
    const link = await expectRight(
      client().te.create({
        reference: 'r-1',
        amount: { amount, currency },
        providerOptions: { conomy: { activate: false } },
      }),
    );
    expect(sent?.items[0]?.totalAmount).toBe(decimal);
    expect(link.amount).toEqual({ amount, currency });
  });

  it('sends the default duration of 24 hours when no expiry is given', async () => {
    let duration: unknown;
    nock(host)
      .post('/sandbox/payment-links', (body: { duration: unknown }) => {
        duration = body.duration;
        return true;
      })
      .reply(201, paymentLink);
    await expectRight(
      client().te.create({
        reference: 'r',
        amount: { amount: 100, currency: 'CLP' },
        providerOptions: { conomy: { activate: false } },
      }),
    );
    expect(duration).toBe(86400);
  });

  it.each<[string, Partial<CreatePaymentLinkInput>, string]>([
    [
      'an empty checkoutToken',
      { providerOptions: { conomy: { checkoutToken: '' } } },
      'providerOptions.conomy.checkoutToken',
    ],
    [
      'an owner without identityId',
      { providerOptions: { conomy: { checkoutToken: 'x', owner: {} } } },
      'providerOptions.conomy.owner.identityId',
    ],
    [
      // Conomy refused no unknown option before: a typo went unnoticed and changed nothing.
      'a mistyped option',
      { providerOptions: { conomy: { checkoutToken: 'x', activte: false } } },
      'providerOptions.conomy.activte',
    ],
    ['expiresIn under 30 s', { expiresIn: 29 }, 'expiresIn'],
    ['expiresIn PT20S', { expiresIn: 'PT20S' }, 'expiresIn'],
    ['expiresAt 10 s away', { expiresAt: new Date(start.getTime() + 10_000) }, 'expiresAt'],
    ['a webhookUrl', { webhookUrl: 'https://merchant.example/hook' }, 'webhookUrl'],
    ['metadata', { metadata: { order: '1' } }, 'metadata'],
    ['a subscription', { subscription: { interval: 'month' } }, 'subscription'],
    [
      'a cancelUrl unlike failureUrl',
      { failureUrl: 'https://m.example/failed', cancelUrl: 'https://m.example/cancelled' },
      'cancelUrl',
    ],
    ['a phone whose prefix cannot be told apart', { customer: { phone: '+56912345678' } }, 'customer.phone'],
    [
      'a tax without a name',
      { lineItems: [{ name: 'A', quantity: 1, unitAmount: 100, tax: { type: 'fixed', amount: 10 } }] },
      'lineItems.0.tax.name',
    ],
  ])('refuses %s before sending, naming %s', async (_what, overrides, field) => {
    nock.cleanAll();
    const error = await expectLeft(
      client().te.create({
        reference: 'r-9',
        amount: { amount: 100, currency: 'CLP' },
        providerOptions: { conomy: { checkoutToken: 'r-9' } },
        ...overrides,
      }),
    );
    expect(error).toMatchObject({ _tag: 'ValidationError', field, provider: 'conomy', operation: 'create' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('names the closest Conomy option for a mistyped one, and leaves open objects open', async () => {
    nock.cleanAll();
    const error = await expectLeft(
      client().te.create({
        reference: 'r-9',
        amount: { amount: 100, currency: 'CLP' },
        providerOptions: { conomy: { checkoutTokn: 'r-9', owner: { identityId: 'idt_1', extra: 1 } } },
      }),
      'ValidationError',
    );
    expect(error).toMatchObject({
      field: 'providerOptions.conomy.checkoutTokn',
      message: expect.stringContaining('did you mean checkoutToken?'),
    });
  });

  it('takes a cancelUrl equal to the failureUrl, or alone, as the failedUrl', async () => {
    let sent: { failedUrl?: string } | undefined;
    nock(host)
      .post('/sandbox/payment-links', (body: { failedUrl?: string }) => {
        sent = body;
        return true;
      })
      .reply(201, paymentLink);
    await expectRight(
      client().te.create({
        reference: 'r',
        amount: { amount: 100, currency: 'CLP' },
        cancelUrl: 'https://m.example/back',
        providerOptions: { conomy: { activate: false } },
      }),
    );
    expect(sent?.failedUrl).toBe('https://m.example/back');
  });

  it('does not retry a create that lost its answer: the NetworkError is ambiguous', async () => {
    // A real server that drops the connection after reading the create (nock fails requests
    // before their socket connects, which is a create that was never sent).
    const server = await startDroppingServer();
    try {
      const links = fromProvider(
        conomy({
          apiKey: 'k_12345',
          accessToken: 'ready_token_1',
          baseUrl: server.origin,
          retry: { maxRetries: 3, baseDelayMs: 1 },
        }),
      );
      const error = await expectLeft(links.te.create(recipeInput));
      expect(error).toMatchObject({ _tag: 'NetworkError', ambiguous: true });
      expect(server.apiRequests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  const alreadyExist = {
    status: 409,
    code: '13',
    type: 'alreadyExist',
    detail: 'checkoutToken already used',
    traceId: 'tr-13',
  };

  it('derives the checkoutToken from the reference, and reads the reference back', async () => {
    let sent: { checkoutToken?: string } | undefined;
    nock(host)
      .post('/sandbox/payment-links', (body: { checkoutToken?: string }) => {
        sent = body;
        return true;
      })
      .reply(201, { ...paymentLink, checkoutToken: 'b64-SU5WLzIwMjYgIzc' });
    expectActivate(linkId, { ...paymentLink, checkoutToken: 'b64-SU5WLzIwMjYgIzc' });
    const link = await expectRight(
      client().te.create({ reference: 'INV/2026 #7', amount: { amount: 49990, currency: 'CLP' } }),
    );
    expect(sent?.checkoutToken).toBe('b64-SU5WLzIwMjYgIzc');
    expect(link).toMatchObject({ reference: 'INV/2026 #7', status: { unified: 'open' } });
  });

  it('says the link exists as a draft, with its id, when activation fails after create', async () => {
    nock(host).post('/sandbox/payment-links').reply(201, paymentLink);
    nock(host).post(`/sandbox/payment-links/${linkId}/activate`).reply(503, { code: '01', detail: 'busy' });
    const error = await expectLeft(client().te.create(recipeInput));
    expect(error).toMatchObject({
      _tag: 'ProviderError',
      provider: 'conomy',
      operation: 'create',
      linkId,
      retryable: true,
    });
    expect(error.message).toContain(
      `payment link ${linkId} exists but is a draft (checkoutToken invoice-1001)`,
    );
    expect(error.message).toContain(
      'Retrying create with the same input activates this link and makes no second one',
    );
  });

  it('adopts its own draft when a retried create finds the checkoutToken taken, and activates it', async () => {
    nock(host).post('/sandbox/payment-links').reply(409, alreadyExist);
    nock(host)
      .get('/sandbox/payment-links')
      .query(true)
      .reply(200, { pagination: { count: 1, next: null, total: 1 }, results: [paymentLink] });
    expectActivate();
    const link = await expectRight(client().te.create(recipeInput));
    expect(link).toMatchObject({ id: linkId, reference: 'invoice-1001', status: { unified: 'open' } });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps a checkoutToken taken by another sale a ConflictError naming that link', async () => {
    nock(host).post('/sandbox/payment-links').reply(409, alreadyExist);
    nock(host)
      .get('/sandbox/payment-links')
      .query(true)
      .reply(200, { pagination: { count: 1, next: null, total: 1 }, results: [paymentLink] });
    const error = await expectLeft(
      client().te.create({ ...recipeInput, amount: { amount: 100, currency: 'CLP' } }),
    );
    expect(error).toMatchObject({
      _tag: 'ConflictError',
      providerCode: '13',
      requestId: 'tr-13',
      httpStatus: 409,
      linkId,
      currentStatus: 'ATTEMPT',
    });
    expect(error.message).toContain(`checkoutToken invoice-1001 belongs to payment link ${linkId}`);
  });

  it('answers the ConflictError as is when the taken checkoutToken cannot be found', async () => {
    nock(host).post('/sandbox/payment-links').reply(409, alreadyExist);
    nock(host)
      .get('/sandbox/payment-links')
      .query(true)
      .reply(200, { pagination: { count: 0, next: null, total: 0 }, results: [] });
    const error = await expectLeft(client().te.create(recipeInput));
    expect(error).toMatchObject({ _tag: 'ConflictError', providerCode: '13', httpStatus: 409 });
  });
});

describe('get, activate, delete', () => {
  beforeEach(() => {
    expectAuth();
  });

  it('gets a link by id, escaping the path', async () => {
    nock(host)
      .get('/sandbox/payment-links/a%2Fb')
      .reply(200, { ...paymentLink, id: 'a/b', status: 'FINISHED' });
    const link = await expectRight(client().te.get('a/b'));
    expect(link.status).toEqual({ unified: 'paid', raw: 'FINISHED' });
  });

  it('keeps an unknown status as unknown with its raw value', async () => {
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(200, { ...paymentLink, status: 'PAUSED' });
    const link = await expectRight(client().te.get(linkId));
    expect(link.status).toEqual({ unified: 'unknown', raw: 'PAUSED' });
  });

  it('reads "12.5", "12.50" and "12" exactly', async () => {
    const c = client();
    for (const [text, minor] of [
      ['12.5', 1250],
      ['12.50', 1250],
      ['12', 1200],
    ] as const) {
      nock(host)
        .get(`/sandbox/payment-links/${linkId}`)
        .reply(200, { ...paymentLink, currency: 'EUR', totalAmount: text, items: [] });
      expect((await expectRight(c.te.get(linkId))).amount).toEqual({ amount: minor, currency: 'EUR' });
    }
  });

  it('answers a DecodeError for an amount with more digits than the currency has', async () => {
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(200, { ...paymentLink, totalAmount: '49990.5' });
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toMatchObject({ _tag: 'DecodeError', operation: 'get', httpStatus: 200 });
  });

  it('answers a NotFoundError with the id and trace id', async () => {
    nock(host).get('/sandbox/payment-links/nope').reply(404, {
      status: 404,
      code: '31',
      type: 'notFound',
      detail: 'payment link not found',
      traceId: 'tr-31',
    });
    const error = await expectLeft(client().te.get('nope'));
    expect(error).toMatchObject({
      _tag: 'NotFoundError',
      resourceId: 'nope',
      requestId: 'tr-31',
      providerCode: '31',
    });
  });

  it('activates a link', async () => {
    const scope = nock(host)
      .post(`/sandbox/payment-links/${linkId}/activate`)
      .reply(200, { ...paymentLink, status: 'ACTIVE' });
    const link = await expectRight(client().te.activate(linkId));
    expect(link.status).toEqual({ unified: 'open', raw: 'ACTIVE' });
    expect(scope.isDone()).toBe(true);
  });

  it('deletes a link (204)', async () => {
    const scope = nock(host).delete(`/sandbox/payment-links/${linkId}`).reply(204);
    await expectRight(client().te.delete(linkId));
    expect(scope.isDone()).toBe(true);
  });

  it('answers a ConflictError when Conomy refuses to delete a link in its state (21 failedPrecondition)', async () => {
    nock(host).delete(`/sandbox/payment-links/${linkId}`).reply(422, {
      status: 422,
      code: '21',
      type: 'failedPrecondition',
      detail: 'Only ATTEMPT and EXPIRED links can be deleted',
      traceId: 'tr-21',
    });
    const error = await expectLeft(client().te.delete(linkId));
    expect(error).toMatchObject({
      _tag: 'ConflictError',
      httpStatus: 422,
      providerCode: '21',
      providerMessage: 'Only ATTEMPT and EXPIRED links can be deleted',
      requestId: 'tr-21',
      retryable: false,
    });
  });

  it('refuses an empty id before sending', async () => {
    nock.cleanAll();
    expect(await expectLeft(client().te.get(' '))).toMatchObject({ _tag: 'ValidationError', field: 'id' });
    expect(await expectLeft(client().te.delete(''))).toMatchObject({ _tag: 'ValidationError', field: 'id' });
  });

  it('refuses an id holding half of a surrogate pair before sending, instead of throwing URIError', async () => {
    nock.cleanAll();
    for (const call of [
      client().te.get('pl_\uD800'),
      client().te.activate('pl_\uD800'),
      client().te.delete('\uDC00'),
    ]) {
      expect(await expectLeft(call)).toMatchObject({ _tag: 'ValidationError', field: 'id' });
    }
  });
});

describe('errors', () => {
  beforeEach(() => {
    expectAuth();
  });

  it('reads the documented error body: code, detail and traceId', async () => {
    nock(host).get(`/sandbox/payment-links/${linkId}`).reply(400, errorBody);
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toEqual({
      _tag: 'ValidationError',
      provider: 'conomy',
      operation: 'get',
      httpStatus: 400,
      message: 'get failed: accountNumber is required',
      providerCode: '11',
      providerMessage: 'accountNumber is required',
      requestId: '5f8f2a8e-4b7c-4a1e-8d3f-1234567890ab',
      field: '',
      retryable: false,
    });
  });

  it.each([
    ['01', 'serverError', 500, 'ProviderError', true],
    ['02', 'unknown', 500, 'ProviderError', true],
    ['11', 'invalidParam', 400, 'ValidationError', false],
    ['12', 'missingParam', 400, 'ValidationError', false],
    ['13', 'alreadyExist', 409, 'ConflictError', false],
    ['14', 'parsingResource', 400, 'ValidationError', false],
    ['21', 'failedPrecondition', 422, 'ConflictError', false],
    ['31', 'notFound', 404, 'NotFoundError', false],
    ['32', 'tooManyRequests', 429, 'RateLimitError', true],
    ['41', 'unauthorized', 401, 'AuthenticationError', false],
    ['42', 'unimplemented', 501, 'ProviderError', false],
    ['43', 'forbiddenOperation', 403, 'PermissionError', false],
  ])('code %s (%s, HTTP %i) is a %s', async (code, type, status, tag, retryable) => {
    const body = { status, code, type, detail: `${type} happened`, traceId: `trace-${code}` };
    // A 401 renews the token once and retries.
    if (status === 401) expectAuth('tok_again');
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .times(status === 401 ? 2 : 1)
      .reply(status, body);
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toMatchObject({
      _tag: tag,
      httpStatus: status,
      providerCode: code,
      requestId: `trace-${code}`,
      retryable,
    });
  });

  it('retries a read through 5xx with backoff', async () => {
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(503, { status: 503, code: '01', type: 'serverError', detail: 'busy', traceId: 'a' })
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(200, paymentLink);
    const link = await expectRight(
      client({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } }).te.get(linkId),
    );
    expect(link.id).toBe(linkId);
  });

  it('honours Retry-After on a 429', async () => {
    nock(host)
      .get(`/sandbox/payment-links/${linkId}`)
      .reply(
        429,
        { status: 429, code: '32', type: 'tooManyRequests', detail: 'slow down', traceId: 'r' },
        { 'Retry-After': '3' },
      );
    const error = await expectLeft(client().te.get(linkId));
    expect(error).toMatchObject({ _tag: 'RateLimitError', retryAfterMs: 3000 });
  });
});

describe('list', () => {
  beforeEach(() => {
    expectAuth();
  });

  it('maps the query to Conomy filters and hands out a cursor for the next offset', async () => {
    const scope = nock(host)
      .get('/sandbox/payment-links')
      .query({
        status: 'ACTIVE,FINISHED',
        id: 'a,b',
        'customer.email': 'ana@example.cl',
        'destination.accountNumber': '123,456',
        'owner.identityId': 'idt_1',
        limit: '2',
      })
      .reply(200, {
        pagination: { count: 2, next: 2, previous: null, total: 3 },
        results: [paymentLink, { ...paymentLink, id: 'b' }],
      })
      .get('/sandbox/payment-links')
      .query({
        status: 'ACTIVE,FINISHED',
        id: 'a,b',
        'customer.email': 'ana@example.cl',
        'destination.accountNumber': '123,456',
        'owner.identityId': 'idt_1',
        limit: '2',
        offset: '2',
      })
      .reply(200, {
        pagination: { count: 1, next: null, previous: 0, total: 3 },
        results: [{ ...paymentLink, id: 'c' }],
      });
    const c = client();
    const query = {
      status: ['open', 'paid'] as const,
      ids: ['a', 'b'],
      customerEmail: 'ana@example.cl',
      limit: 2,
      providerFilters: { conomy: { 'destination.accountNumber': '123,456', ownerIdentityId: 'idt_1' } },
    };
    const first = await expectRight(c.te.listPage(query));
    expect(first.links.map((l) => l.id)).toEqual([linkId, 'b']);
    expect(first.total).toBe(3);
    expect(first.nextCursor).toBe(encodeConomyCursor(2));
    const second = await expectRight(c.te.listPage(query, first.nextCursor));
    expect(second.links.map((l) => l.id)).toEqual(['c']);
    expect(second.nextCursor).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('iterates every page and caps the page size at 50', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...paymentLink, id: `l${i}` }));
    nock(host)
      .get('/sandbox/payment-links')
      .query({ limit: '50' })
      .reply(200, { pagination: { count: 50, next: 50, previous: null, total: 51 }, results: many })
      .get('/sandbox/payment-links')
      .query({ limit: '50', offset: '50' })
      .reply(200, {
        pagination: { count: 1, next: null, previous: 0, total: 51 },
        results: [{ ...paymentLink, id: 'l50' }],
      });
    const ids: string[] = [];
    for await (const link of client().list({ limit: 500 })) ids.push(link.id);
    expect(ids).toHaveLength(51);
  });

  it('reads the documented pagination object', async () => {
    nock(host)
      .get('/sandbox/payment-links')
      .query(true)
      .reply(200, { ...listPagination, results: [paymentLink] });
    const page = await expectRight(client().te.listPage({}));
    expect(page).toMatchObject({ total: 1, links: [{ id: linkId }] });
    expect(page.nextCursor).toBeUndefined();
  });

  it('follows `next` when Conomy sends no total', async () => {
    nock(host)
      .get('/sandbox/payment-links')
      .query({ limit: '1' })
      .reply(200, { pagination: { count: 1, next: 1, previous: null }, results: [paymentLink] });
    const page = await expectRight(client().te.listPage({ limit: 1 }));
    expect(page.nextCursor).toBe(encodeConomyCursor(1));
  });

  it('answers an empty page without asking when only cancelled links are wanted', async () => {
    nock.cleanAll();
    expect(await expectRight(client().te.listPage({ status: ['cancelled'] }))).toEqual({
      links: [],
      total: 0,
    });
  });

  it.each<[string, Record<string, unknown>, string | undefined, string]>([
    ['a date filter', { createdAfter: new Date() }, undefined, 'createdAfter'],
    ['status unknown', { status: ['unknown'] }, undefined, 'status'],
    ['a zero limit', { limit: 0 }, undefined, 'limit'],
    ['an id with a comma', { ids: ['a,b'] }, undefined, 'ids.0'],
    [
      'an unknown provider filter',
      { providerFilters: { conomy: { checkoutToken: 'x' } } },
      undefined,
      'providerFilters.conomy.checkoutToken',
    ],
    ['a foreign cursor', {}, 'not-a-cursor', 'cursor'],
  ])('refuses %s before sending', async (_what, query, cursor, field) => {
    nock.cleanAll();
    const error = await expectLeft(client().te.listPage(query, cursor));
    expect(error).toMatchObject({ _tag: 'ValidationError', field, operation: 'list' });
  });
});

describe('reconcile and webhook resolution', () => {
  beforeEach(() => {
    expectAuth();
  });

  it('finds the link of a reference (its checkoutToken) page by page', async () => {
    nock(host)
      .get('/sandbox/payment-links')
      .query({ limit: '50' })
      .reply(200, {
        pagination: { count: 1, next: 1, previous: null, total: 2 },
        results: [{ ...paymentLink, id: 'x', checkoutToken: 'other' }],
      })
      .get('/sandbox/payment-links')
      .query({ limit: '50', offset: '1' })
      .reply(200, { pagination: { count: 1, next: null, previous: 0, total: 2 }, results: [paymentLink] });
    const found = await expectRight(client().te.reconcile('invoice-1001'));
    expect(found?.id).toBe(linkId);
  });

  it('walks a provider that ignores offset to its total, never in a loop', async () => {
    // The cursor is the offset the adapter computed from what it read, so it only advances and never
    // comes back (the repeated-cursor guard of walkPages cannot fire); `total` ends the walk.
    const same = {
      pagination: { count: 1, next: 1, previous: null, total: 3 },
      results: [{ ...paymentLink, id: 'x', checkoutToken: 'other' }],
    };
    const offsets: unknown[] = [];
    nock(host)
      .get('/sandbox/payment-links')
      .times(3)
      .query((query) => {
        offsets.push(query['offset']);
        return true;
      })
      .reply(200, same);
    expect(await expectRight(client().te.reconcile('invoice-1001'))).toBeUndefined();
    expect(offsets).toEqual([undefined, '1', '2']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('answers undefined when no link has the reference', async () => {
    nock(host)
      .get('/sandbox/payment-links')
      .query(true)
      .reply(200, { pagination: { count: 0, next: null, total: 0 }, results: [] });
    expect(await expectRight(client().te.reconcile('missing'))).toBeUndefined();
  });
});
