import { type CreatePaymentLinkInput, fromProvider, PaymentLinkException } from '@paylinks/core';
import { expectLeft, expectRight, fixtures, startDroppingServer } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildHsaListQuery, hsaMaxPageSize, hsaProvider } from './hsa-provider.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

const api = 'https://api.withgale.com';
const apiKey = 'glm_test_4f8a2c9e1b7d3a5f';
const now = new Date('2025-10-18T14:30:00.000Z');
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fifteenDaysLater = '2025-11-02T14:30:00.000Z';

const settings = { apiKey, now: () => now, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 50 } };
const provider = () => hsaProvider(settings);

/** A connection reset (nock needs an Error instance for the code to reach axios). */
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** The documented create example, as paylinks input. */
const documentedInput: CreatePaymentLinkInput = {
  reference: 'inv-2025-0042',
  amount: { amount: 4995, currency: 'USD' },
  description: 'Premium Blood Pressure Monitor',
  customer: { email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
  lineItems: [{ id: 'BP-MONITOR-001', name: 'Blood Pressure Monitor', quantity: 1, unitAmount: 4995 }],
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
  metadata: { order_id: 'ORD-12345', customer_id: 'CUST-789' },
};

/** The create answer: the documented link object, before payment. */
function createdLink(extra: Record<string, unknown> = {}) {
  const { order: _order, paid_at: _paid, ...rest } = fixture.json('get-response.seed.json');
  return {
    ...rest,
    status: 'active',
    metadata: { ...(rest['metadata'] as object), paylinks_reference: 'inv-2025-0042' },
    ...extra,
  };
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('create', () => {
  it('sends the documented body with the seed field names, a bearer key and an idempotency key, and no expires_at of its own', async () => {
    let headers: Record<string, string | string[] | undefined> = {};
    const scope = nock(api)
      .post('/v2/payment-links', (body: unknown) => {
        expect(body).toEqual({
          ...fixture.json('create-request.seed.json'),
          metadata: { order_id: 'ORD-12345', customer_id: 'CUST-789', paylinks_reference: 'inv-2025-0042' },
        });
        return true;
      })
      .reply(function () {
        headers = this.req.headers;
        return [201, createdLink(), { 'x-request-id': 'req_1' }];
      });

    const link = await expectRight(provider().create(documentedInput));

    expect(scope.isDone()).toBe(true);
    expect(headers['authorization']).toBe(`Bearer ${apiKey}`);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['accept']).toBe('application/json');
    expect(headers['idempotency-key']).toMatch(uuidV4);
    expect(link).toMatchObject({
      provider: 'hsa-provider',
      id: 'plink_abc123xyz',
      reference: 'inv-2025-0042',
      url: 'https://checkout.withgale.com/pay/plink_abc123xyz',
      amount: { amount: 4995, currency: 'USD' },
      description: 'Premium Blood Pressure Monitor',
      status: { unified: 'open', raw: 'active' },
      customer: { email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
      lineItems: [
        {
          id: 'BP-MONITOR-001',
          name: 'Blood Pressure Monitor',
          quantity: 1,
          unitAmount: 4995,
          hsaFsaEligible: true,
        },
      ],
      metadata: { order_id: 'ORD-12345', customer_id: 'CUST-789' },
      redirects: {
        success: 'https://yoursite.com/success',
        cancel: 'https://yoursite.com/cancel',
        failure: 'https://yoursite.com/cancel',
      },
      attempts: { reported: false, items: [] },
      createdAt: new Date('2025-10-18T14:30:00Z'),
      expiresAt: new Date(fifteenDaysLater), // the provider's default, from its answer
      testMode: true,
    });
    expect(link.paidAt).toBeUndefined();
  });

  it('sends the newer field names (amount, price) when amountFields is plain', async () => {
    const scope = nock(api)
      .post('/v2/payment-links', {
        ...fixture.json<object>('create-request.plain.json'),
        metadata: { order_id: 'ORD-12345', paylinks_reference: 'inv-2025-0042' },
      })
      .reply(201, fixture.json('get-response.plain.json'));
    const link = await expectRight(
      hsaProvider({ ...settings, amountFields: 'plain' }).create({
        ...documentedInput,
        metadata: { order_id: 'ORD-12345' },
      }),
    );
    expect(scope.isDone()).toBe(true);
    expect(link.amount).toEqual({ amount: 4995, currency: 'USD' });
    expect(link.lineItems?.[0]).toMatchObject({ unitAmount: 4995, hsaFsaEligible: true });
  });

  it('sends a subscription with the provider interval names, expiry and failure URL as cancel_url', async () => {
    const scope = nock(api)
      .post('/v2/payment-links', {
        amount_cents: 9900,
        currency: 'USD',
        description: 'Monthly Membership',
        payment_type: 'subscription',
        subscription: { interval: 'monthly', interval_count: 3, trial_period_days: 14 },
        success_url: 'https://yoursite.com/welcome',
        cancel_url: 'https://yoursite.com/failed',
        metadata: { paylinks_reference: 'member-7' },
        expires_at: '2025-10-25T14:30:00.000Z',
      })
      .reply(201, {
        ...createdLink(),
        amount_cents: 9900,
        payment_type: 'subscription',
        products: [],
        subscription: { interval: 'monthly', interval_count: 3, trial_period_days: 14 },
        metadata: { paylinks_reference: 'member-7' },
      });
    const link = await expectRight(
      provider().create({
        reference: 'member-7',
        amount: { amount: 9900, currency: 'USD' },
        description: 'Monthly Membership',
        subscription: { interval: 'month', intervalCount: 3, trialPeriodDays: 14 },
        successUrl: 'https://yoursite.com/welcome',
        failureUrl: 'https://yoursite.com/failed',
        expiresIn: 'P7D',
        providerOptions: { 'hsa-provider': { paymentType: 'subscription' } },
      }),
    );
    expect(scope.isDone()).toBe(true);
    expect(link.subscription).toEqual({ interval: 'month', intervalCount: 3, trialPeriodDays: 14 });
    expect(link.reference).toBe('member-7');
    expect(link.metadata).toEqual({});
  });

  it.each([
    ['yearly', 'year'],
    ['weekly', 'week'],
    ['daily', 'day'],
  ] as const)('maps %s to %s both ways', async (wire, unified) => {
    nock(api)
      .post(
        '/v2/payment-links',
        (body: { subscription?: { interval?: string } }) => body.subscription?.interval === wire,
      )
      .reply(201, { ...createdLink(), subscription: { interval: wire } });
    const link = await expectRight(
      provider().create({ ...documentedInput, subscription: { interval: unified } }),
    );
    expect(link.subscription?.interval).toBe(unified);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing description', { description: undefined }, 'description'],
    ['a blank description', { description: '   ' }, 'description'],
    ['a missing success URL', { successUrl: undefined }, 'successUrl'],
    ['a per-link webhook URL', { webhookUrl: 'https://yoursite.com/hooks' }, 'webhookUrl'],
    ['payment methods', { paymentMethods: ['card'] }, 'paymentMethods'],
    [
      'a product without an id',
      { lineItems: [{ name: 'Monitor', quantity: 1, unitAmount: 4995 }] },
      'lineItems.0.id',
    ],
    [
      'an eligibility flag on create',
      { lineItems: [{ id: 'A', name: 'Monitor', quantity: 1, unitAmount: 4995, hsaFsaEligible: true }] },
      'lineItems.0.hsaFsaEligible',
    ],
    [
      'products that do not add up',
      { lineItems: [{ id: 'A', name: 'Monitor', quantity: 2, unitAmount: 2000 }] },
      'lineItems',
    ],
    [
      'the reserved reference key in metadata',
      { metadata: { paylinks_reference: 'x' } },
      'metadata.paylinks_reference',
    ],
    [
      'an interval count of zero',
      { subscription: { interval: 'month', intervalCount: 0 } },
      'subscription.intervalCount',
    ],
    [
      'a negative trial',
      { subscription: { interval: 'month', trialPeriodDays: -1 } },
      'subscription.trialPeriodDays',
    ],
    ['an unknown interval', { subscription: { interval: 'fortnight' as 'week' } }, 'subscription.interval'],
    [
      'a subscription payment without its block',
      { providerOptions: { 'hsa-provider': { paymentType: 'subscription' } } },
      'subscription',
    ],
    [
      'a one-time payment with a subscription',
      {
        subscription: { interval: 'month' },
        providerOptions: { 'hsa-provider': { paymentType: 'one_time' } },
      },
      'subscription',
    ],
    [
      'an unknown provider option',
      { providerOptions: { 'hsa-provider': { checkoutToken: 'x' } } },
      'providerOptions.hsa-provider.checkoutToken',
    ],
    [
      'a bad payment type',
      { providerOptions: { 'hsa-provider': { paymentType: 'monthly' } } },
      'providerOptions.hsa-provider.paymentType',
    ],
    ['an expiry in the past', { expiresAt: new Date(now.getTime() - 1000) }, 'expiresAt'],
  ])('refuses %s before sending anything', async (_name, change, field) => {
    const input = { ...documentedInput, ...change } as Record<string, unknown>;
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete input[key];
    const error = await expectLeft(provider().create(input as unknown as CreatePaymentLinkInput));
    expect(error).toMatchObject({
      _tag: 'ValidationError',
      field,
      provider: 'hsa-provider',
      operation: 'create',
    });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('names the closest option for a mistyped providerOptions key', async () => {
    const error = await expectLeft(
      provider().create({
        ...documentedInput,
        providerOptions: { 'hsa-provider': { paymentTyp: 'one_time' } },
      }),
      'ValidationError',
    );
    expect(error.message).toBe(
      'providerOptions.hsa-provider.paymentTyp is not an option of this provider (did you mean paymentType? known: paymentType)',
    );
  });

  it('refuses an idempotency key that cannot travel in a header', async () => {
    const error = await expectLeft(provider().create(documentedInput, { idempotencyKey: 'two words' }));
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'options.idempotencyKey' });
  });

  it('reuses one idempotency key on every retry of the same create', async () => {
    const keys: string[] = [];
    const record = function (this: { req: { headers: Record<string, string | string[] | undefined> } }) {
      keys.push(String(this.req.headers['idempotency-key']));
    };
    nock(api)
      .post('/v2/payment-links')
      .reply(function () {
        record.call(this);
        return [503, { error: { code: 'internal_error', message: 'Service unavailable' } }];
      })
      .post('/v2/payment-links')
      .replyWithError(reset())
      .post('/v2/payment-links')
      .reply(function () {
        record.call(this);
        return [201, createdLink()];
      });
    const link = await expectRight(provider().create(documentedInput));
    expect(link.id).toBe('plink_abc123xyz');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(uuidV4);
    expect(keys[1]).toBe(keys[0]);
  });

  it('uses the caller’s idempotency key, and a fresh one for another create', async () => {
    const keys: string[] = [];
    nock(api)
      .post('/v2/payment-links')
      .times(3)
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [201, createdLink()];
      });
    const p = provider();
    await expectRight(p.create(documentedInput, { idempotencyKey: '6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b' }));
    await expectRight(p.create(documentedInput));
    await expectRight(p.create(documentedInput));
    expect(keys[0]).toBe('6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b');
    expect(keys[1]).toMatch(uuidV4);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('reports a create whose answer was lost as ambiguous, with the key that makes a retry safe', async () => {
    // A real server that drops the connection after reading each create, twice (a keyed create
    // is retried once); nock fails requests before their socket connects (never sent).
    const server = await startDroppingServer(2);
    const error = await expectLeft(
      hsaProvider({ ...settings, baseUrl: server.origin, retry: { maxRetries: 1, baseDelayMs: 1 } }).create(
        documentedInput,
      ),
    ).finally(() => server.close());
    expect(server.apiRequests()).toBe(2);
    expect(error).toMatchObject({ _tag: 'NetworkError', ambiguous: true, retryable: true });
    expect(error._tag === 'NetworkError' && error.idempotencyKey).toMatch(uuidV4);
  });
});

describe('get', () => {
  it('reads the documented link (seed names) with its order, eligibility and dates', async () => {
    const scope = nock(api, { reqheaders: { authorization: `Bearer ${apiKey}` } })
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, fixture.json('get-response.seed.json'));
    const link = await expectRight(provider().get('plink_abc123xyz'));
    expect(scope.isDone()).toBe(true);
    expect(link).toMatchObject({
      id: 'plink_abc123xyz',
      amount: { amount: 4995, currency: 'USD' },
      status: { unified: 'paid', raw: 'paid' },
      paidAt: new Date('2025-10-18T15:30:00Z'),
      attempts: {
        reported: false,
        items: [{ id: 'ord_xyz789', status: { unified: 'succeeded', raw: 'completed' } }],
      },
      lineItems: [{ id: 'BP-MONITOR-001', unitAmount: 4995, hsaFsaEligible: true }],
      metadata: { order_id: 'ORD-12345', customer_id: 'CUST-789' },
    });
    expect(link.reference).toBeUndefined();
    expect(link.raw).toMatchObject({
      id: 'plink_abc123xyz',
      products: [{ eligibility_type: 'auto_substantiation' }],
    });
  });

  it('reads the newer names (amount, price, hsa_fsa_eligible)', async () => {
    nock(api).get('/v2/payment-links/plink_abc123xyz').reply(200, fixture.json('get-response.plain.json'));
    const link = await expectRight(provider().get('plink_abc123xyz'));
    expect(link).toMatchObject({
      amount: { amount: 4995, currency: 'USD' },
      lineItems: [{ unitAmount: 4995, hsaFsaEligible: true }],
      paidAt: new Date('2026-02-25T15:30:00Z'),
      expiresAt: new Date('2026-03-12T14:30:00Z'),
    });
  });

  it('refuses a body whose two amount names disagree', async () => {
    nock(api)
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, { ...fixture.json('get-response.seed.json'), amount: 5000 });
    const error = await expectLeft(provider().get('plink_abc123xyz'));
    expect(error._tag).toBe('DecodeError');
  });

  it('keeps an unknown status raw', async () => {
    nock(api)
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, { ...fixture.json('get-response.seed.json'), status: 'archived' });
    const link = await expectRight(provider().get('plink_abc123xyz'));
    expect(link.status).toEqual({ unified: 'unknown', raw: 'archived' });
  });

  it('escapes the id in the path and refuses an empty one', async () => {
    nock(api).get('/v2/payment-links/plink%2F..%2Fx').reply(404, fixture.json('error-not-found.json'));
    const error = await expectLeft(provider().get('plink/../x'));
    expect(error).toMatchObject({
      _tag: 'NotFoundError',
      resourceId: 'plink/../x',
      providerCode: 'not_found',
      httpStatus: 404,
    });
    expect(await expectLeft(provider().get(''))).toMatchObject({ _tag: 'ValidationError', field: 'id' });
  });

  it('refuses an id holding half of a surrogate pair before any request, instead of throwing URIError', async () => {
    const half = {
      _tag: 'ValidationError',
      field: 'id',
      message: 'get: id must be well-formed Unicode (it holds half of a surrogate pair)',
    };
    expect(await expectLeft(provider().get('plink_\uD83D'))).toMatchObject(half);
    expect(await expectLeft(provider().cancel('\uDE00plink', 'x'))).toMatchObject({
      ...half,
      message: half.message.replace('get', 'cancel'),
    });
  });

  it('retries a read through a 500 and a reset', async () => {
    nock(api)
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(500, { error: { code: 'internal_error', message: 'boom' } })
      .get('/v2/payment-links/plink_abc123xyz')
      .replyWithError(reset())
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, fixture.json('get-response.seed.json'));
    expect((await expectRight(provider().get('plink_abc123xyz'))).id).toBe('plink_abc123xyz');
  });
});

describe('list', () => {
  it('sends the filters and reads the documented page', async () => {
    const scope = nock(api)
      .get('/v2/payment-links')
      .query({
        limit: '2',
        starting_after: 'plink_zzz',
        status: 'paid',
        customer_email: 'member@example.com',
        created_after: '2025-10-01T00:00:00.000Z',
        created_before: '2025-10-31T00:00:00.000Z',
        payment_type: 'subscription',
      })
      .reply(200, fixture.json('list-response.json'));
    const page = await expectRight(
      provider().list(
        {
          limit: 2,
          status: ['paid'],
          customerEmail: 'member@example.com',
          createdAfter: new Date('2025-10-01T00:00:00Z'),
          createdBefore: new Date('2025-10-31T00:00:00Z'),
          providerFilters: { 'hsa-provider': { payment_type: 'subscription' } },
        },
        'plink_zzz',
      ),
    );
    expect(scope.isDone()).toBe(true);
    expect(page.nextCursor).toBe('plink_def456');
    expect(page.links.map((l) => l.id)).toEqual(['plink_abc123', 'plink_def456']);
    expect(page.links[0]?.attempts).toEqual({
      reported: false,
      items: [{ id: 'ord_xyz789', status: { unified: 'succeeded', raw: '' } }],
    });
    // The list shows a subscription without its interval: nothing to report but the raw body.
    expect(page.links[1]?.subscription).toBeUndefined();
    expect(page.links[1]?.raw).toMatchObject({ subscription: { id: 'sub_abc123', status: 'active' } });
  });

  it('caps the page size at 100 and walks every page through the client', async () => {
    const second = {
      ...fixture.json<{ data: unknown[] }>('list-response.json'),
      has_more: false,
      next_cursor: null,
    };
    nock(api)
      .get('/v2/payment-links')
      .query({ limit: '100' })
      .reply(200, fixture.json('list-response.json'))
      .get('/v2/payment-links')
      .query({ limit: '100', starting_after: 'plink_def456' })
      .reply(200, { ...second, data: second.data.slice(0, 1) });
    const ids: string[] = [];
    for await (const link of fromProvider(provider()).list({ limit: 500 })) ids.push(link.id);
    expect(ids).toEqual(['plink_abc123', 'plink_def456', 'plink_abc123']);
  });

  it('ends a listing whose next_cursor comes back with a ProviderError, after the pages before it', async () => {
    // Page 1 points at plink_def456, page 2 at plink_abc123, page 3 at plink_def456 again.
    const page = fixture.json<{ data: unknown[] }>('list-response.json');
    nock(api)
      .get('/v2/payment-links')
      .query({ limit: '100' })
      .reply(200, { ...page, has_more: true, next_cursor: 'plink_def456' })
      .get('/v2/payment-links')
      .query({ limit: '100', starting_after: 'plink_def456' })
      .reply(200, { ...page, has_more: true, next_cursor: 'plink_abc123' })
      .get('/v2/payment-links')
      .query({ limit: '100', starting_after: 'plink_abc123' })
      .reply(200, { ...page, has_more: true, next_cursor: 'plink_def456' });
    const ids: string[] = [];
    const failure = await (async () => {
      try {
        for await (const link of fromProvider(provider()).list()) ids.push(link.id);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(ids).toHaveLength(6);
    expect(failure).toBeInstanceOf(PaymentLinkException);
    expect(failure).toMatchObject({
      _tag: 'ProviderError',
      provider: 'hsa-provider',
      operation: 'list',
      retryable: false,
    });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("asks for the provider's largest page when the caller gives no limit", () => {
    // The provider serves 10 links a page without one: 1,000 requests for 10,000 links instead of 100.
    expect(buildHsaListQuery({}, undefined)).toEqual(E.right({ limit: hsaMaxPageSize }));
    expect(buildHsaListQuery({ limit: 20 }, 'plink_1')).toEqual(
      E.right({ limit: 20, starting_after: 'plink_1' }),
    );
  });

  it('falls back to the last id when has_more comes without next_cursor', async () => {
    const { next_cursor: _cursor, ...body } = fixture.json('list-response.json');
    nock(api).get('/v2/payment-links').query({ limit: '100' }).reply(200, body);
    expect((await expectRight(provider().list({}))).nextCursor).toBe('plink_def456');
  });

  it.each<[string, Parameters<ReturnType<typeof provider>['list']>[0], string]>([
    ['two statuses', { status: ['paid', 'open'] }, 'status'],
    ['a status HSA has not', { status: ['draft'] }, 'status'],
    ['ids', { ids: ['plink_1'] }, 'ids'],
    ['a zero limit', { limit: 0 }, 'limit'],
    [
      'an unknown provider filter',
      { providerFilters: { 'hsa-provider': { currency: 'USD' } } },
      'providerFilters.hsa-provider.currency',
    ],
    [
      'a bad payment type',
      { providerFilters: { 'hsa-provider': { payment_type: 'weekly' } } },
      'providerFilters.hsa-provider.payment_type',
    ],
  ])('refuses %s before sending', async (_name, query, field) => {
    expect(await expectLeft(provider().list(query))).toMatchObject({ _tag: 'ValidationError', field });
  });
});

describe('cancel', () => {
  it('posts the documented reason with an idempotency key and reads the cancelled link', async () => {
    let key: unknown;
    const scope = nock(api)
      .post('/v2/payment-links/plink_abc123xyz/cancel', fixture.json('cancel-request.json'))
      .reply(function () {
        key = this.req.headers['idempotency-key'];
        return [200, fixture.json('cancel-response.seed.json')];
      });
    const link = await expectRight(provider().cancel('plink_abc123xyz', 'Customer requested cancellation'));
    expect(scope.isDone()).toBe(true);
    expect(key).toMatch(uuidV4);
    expect(link).toMatchObject({
      status: { unified: 'cancelled', raw: 'cancelled', reason: 'Customer requested cancellation' },
      cancelledAt: new Date('2025-10-18T16:00:00Z'),
      cancellationReason: 'Customer requested cancellation',
    });
  });

  it('sends an empty body without a reason and reads the short newer answer', async () => {
    nock(api)
      .post('/v2/payment-links/plink_abc123xyz/cancel', {})
      .reply(200, fixture.json('cancel-response.plain.json'));
    const link = await expectRight(provider().cancel('plink_abc123xyz'));
    expect(link).toMatchObject({
      amount: { amount: 4995, currency: 'USD' },
      status: { unified: 'cancelled' },
    });
    expect(link.url).toBeUndefined();
  });

  it('refuses a reason over 500 characters before sending', async () => {
    const error = await expectLeft(provider().cancel('plink_abc123xyz', 'x'.repeat(501)));
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'reason', operation: 'cancel' });
    nock(api)
      .post('/v2/payment-links/plink_abc123xyz/cancel', { reason: 'é'.repeat(500) })
      .reply(200, fixture.json('cancel-response.seed.json'));
    await expectRight(provider().cancel('plink_abc123xyz', 'é'.repeat(500)));
  });

  it('turns 400 invalid_state into a ConflictError', async () => {
    nock(api)
      .post('/v2/payment-links/plink_abc123xyz/cancel')
      .reply(400, { error: { code: 'invalid_state', message: 'Link is not in cancellable state' } });
    const error = await expectLeft(provider().cancel('plink_abc123xyz'));
    expect(error).toMatchObject({
      _tag: 'ConflictError',
      httpStatus: 400,
      providerCode: 'invalid_state',
      providerMessage: 'Link is not in cancellable state',
      retryable: false,
    });
  });
});

describe('errors', () => {
  it.each([
    [400, 'bad_request', 'ValidationError'],
    [400, 'invalid_request', 'ValidationError'],
    [400, 'invalid_amount', 'ValidationError'],
    [400, 'invalid_currency', 'ValidationError'],
    [400, 'invalid_state', 'ConflictError'],
    [401, 'unauthorized', 'AuthenticationError'],
    [403, 'forbidden', 'PermissionError'],
    [404, 'not_found', 'NotFoundError'],
    [409, 'conflict', 'ConflictError'],
    [422, 'validation_error', 'ValidationError'],
    [429, 'rate_limit_exceeded', 'RateLimitError'],
    [500, 'internal_error', 'ProviderError'],
  ])('maps HTTP %i %s (both envelopes) to %s', async (status, code, tag) => {
    const p = hsaProvider({ ...settings, retry: { maxRetries: 0 } });
    nock(api)
      .get('/v2/payment-links/plink_1')
      .reply(status, { error: { code, message: `current ${code}` } });
    expect(await expectLeft(p.get('plink_1'))).toMatchObject({
      _tag: tag,
      httpStatus: status,
      providerCode: code,
      providerMessage: `current ${code}`,
    });
    nock(api)
      .get('/v2/payment-links/plink_1')
      .reply(status, {
        success: false,
        error_code: status,
        error_type: code,
        error_message: `legacy ${code}`,
        details: {},
      });
    expect(await expectLeft(p.get('plink_1'))).toMatchObject({
      _tag: tag,
      httpStatus: status,
      providerCode: code,
      providerMessage: `legacy ${code}`,
    });
  });

  it('names the field of a documented validation error', async () => {
    nock(api).post('/v2/payment-links').reply(422, fixture.json('error-validation.json'));
    const error = await expectLeft(provider().create(documentedInput));
    expect(error).toMatchObject({
      _tag: 'ValidationError',
      field: 'line_items',
      providerCode: 'validation_error',
    });
    expect(error.message).toContain('At least one line item is required');
  });

  it('maps a product field error to the line item path', async () => {
    nock(api)
      .post('/v2/payment-links')
      .reply(422, {
        error: {
          code: 'validation_error',
          message: 'Validation failed',
          details: { field_errors: { 'products[0].price_cents': ['must be an integer'] } },
        },
      });
    expect(await expectLeft(provider().create(documentedInput))).toMatchObject({
      field: 'lineItems.0.unitAmount',
    });
  });

  it('reads the older envelope, numeric error_code and all', async () => {
    nock(api).post('/v2/payment-links').reply(422, fixture.json('error-legacy.json'));
    const error = await expectLeft(provider().create(documentedInput));
    expect(error).toMatchObject({
      _tag: 'ValidationError',
      providerCode: 'unprocessable_entity',
      field: 'product_internal_id',
      providerMessage: 'Validation failed: product_internal_id is required.',
    });
  });

  it('turns 429 with Retry-After into a RateLimitError with the delay and the X-RateLimit state', async () => {
    nock(api).get('/v2/payment-links/plink_1').reply(429, fixture.json('error-rate-limited.json'), {
      'Retry-After': '30',
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '1760798460',
    });
    const error = await expectLeft(provider().get('plink_1'));
    expect(error).toMatchObject({
      _tag: 'RateLimitError',
      retryAfterMs: 30_000,
      retryable: true,
      rateLimit: { limit: 100, remaining: 0, resetAt: new Date(1_760_798_460_000) },
    });
  });

  it('waits out a short Retry-After and exposes the rate-limit headers on the provider', async () => {
    const p = hsaProvider({ ...settings, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2000 } });
    expect(p.rateLimit()).toBeUndefined();
    nock(api)
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(429, fixture.json('error-rate-limited.json'), { 'Retry-After': '0' })
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, fixture.json('get-response.seed.json'), {
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': '98',
        'X-RateLimit-Reset': '1760798460',
      });
    await expectRight(p.get('plink_abc123xyz'));
    expect(p.rateLimit()).toEqual({ limit: 100, remaining: 98, resetAt: new Date(1_760_798_460_000) });
  });

  it('never puts the API key in an error, even when the provider echoes it', async () => {
    nock(api)
      .get('/v2/payment-links/plink_1')
      .reply(401, { error: { code: 'unauthorized', message: `Invalid API key ${apiKey}` } });
    const error = await expectLeft(provider().get('plink_1'));
    expect(error._tag).toBe('AuthenticationError');
    expect(JSON.stringify(error)).not.toContain(apiKey);
    expect(String(new PaymentLinkException(error))).not.toContain(apiKey);
  });
});

describe('settings', () => {
  it('tells test and live keys apart', () => {
    expect(hsaProvider({ apiKey: 'glm_test_x' }).mode).toBe('test');
    expect(hsaProvider({ apiKey: 'glm_live_x' }).mode).toBe('live');
    expect(hsaProvider({ apiKey: 'sk_other' }).mode).toBe('unknown');
  });

  it('marks links made with a live key as not test mode', async () => {
    nock(api).get('/v2/payment-links/plink_abc123xyz').reply(200, fixture.json('get-response.seed.json'));
    const link = await expectRight(hsaProvider({ apiKey: 'glm_live_abcdef' }).get('plink_abc123xyz'));
    expect(link.testMode).toBe(false);
  });

  it('refuses bad settings naming the key, without echoing secrets', () => {
    const attempt = (s: unknown) => {
      try {
        hsaProvider(s as never);
        return undefined;
      } catch (e) {
        return e as PaymentLinkException;
      }
    };
    expect(attempt({})?.error).toMatchObject({ _tag: 'ValidationError', field: 'hsa-provider.apiKey' });
    const bad = attempt({ apiKey: 'glm_live_topsecret', baseUrl: 'ftp://glm_live_topsecret' });
    expect(bad?.error).toMatchObject({ field: 'hsa-provider.baseUrl' });
    expect(JSON.stringify(bad)).not.toContain('glm_live_topsecret');
    expect(attempt({ apiKey: 'glm_test_x', amountFields: 'both' })?.error).toMatchObject({
      field: 'hsa-provider.amountFields',
    });
  });

  it('sends to a configured base URL', async () => {
    nock('http://127.0.0.2:9')
      .get('/v2/payment-links/plink_abc123xyz')
      .reply(200, fixture.json('get-response.seed.json'));
    await expectRight(hsaProvider({ apiKey, baseUrl: 'http://127.0.0.2:9/v2/' }).get('plink_abc123xyz'));
  });
});

describe('decodeLink', () => {
  it('keeps a metadata key named __proto__ as a key (found by fast-check)', () => {
    const body = JSON.parse(
      '{"id":"plink_1","status":"active","currency":"USD","amount_cents":100,"metadata":{"__proto__":"x","order":"7"}}',
    ) as unknown;
    const decoded = provider().decodeLink?.(body);
    expect(decoded !== undefined && E.isRight(decoded)).toBe(true);
    const metadata = (decoded as E.Right<{ metadata: Record<string, string> }>).right.metadata;
    expect(Object.keys(metadata).sort()).toEqual(['__proto__', 'order']);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });
});
