import { verifyTimestampedSignature } from '@paylinks/core/adapter';
import { ManualClock, startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startHsaSimulator, type HsaSimulator, type HsaSimulatorOptions } from './index.js';

const start = new Date('2026-02-25T14:30:00.000Z');
let sim: HsaSimulator;
let receiver: WebhookReceiver;
let clock: ManualClock;

async function boot(options: HsaSimulatorOptions = {}) {
  await sim?.close();
  clock = new ManualClock(start);
  sim = await startHsaSimulator({ clock, webhookUrls: [receiver.url], webhookRetryDelaysMs: [], ...options });
}

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  await boot();
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

const oneTime = {
  amount_cents: 4995,
  currency: 'USD',
  description: 'Premium Blood Pressure Monitor',
  customer: { email: 'customer@example.com', first_name: 'Jane', last_name: 'Doe' },
  products: [
    { merchant_product_id: 'BP-MONITOR-001', name: 'Blood Pressure Monitor', quantity: 1, price_cents: 4995 },
  ],
  payment_type: 'one_time',
  success_url: 'https://yoursite.com/success',
  cancel_url: 'https://yoursite.com/cancel',
  metadata: { order_id: 'ORD-12345' },
};

const errorCode = (answer: Answer) => (answer.body['error'] as { code?: string } | undefined)?.code;
const fieldErrors = (answer: Answer) =>
  (answer.body['error'] as { details?: { field_errors?: Record<string, string[]> } }).details?.field_errors ??
  {};
const types = () => sim.events().map((e) => e.type);

describe('API', () => {
  it('refuses a missing or wrong key with 401 unauthorized', async () => {
    const missing = await call('GET', '/payment-links', undefined, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: 'unauthorized', message: 'Invalid or missing API key' } });
    expect(
      (await call('GET', '/payment-links', undefined, { authorization: 'Bearer glm_test_nope' })).status,
    ).toBe(401);
  });

  it('creates an active link with the documented fields, a 15-day default expiry and a created event', async () => {
    const created = await call('POST', '/payment-links', oneTime);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: expect.stringMatching(/\/pay\/plink_[0-9a-f]+$/),
      amount_cents: 4995,
      currency: 'USD',
      status: 'active',
      payment_type: 'one_time',
      products: [
        {
          merchant_product_id: 'BP-MONITOR-001',
          price_cents: 4995,
          is_hsa_fsa_eligible: true,
          eligibility_type: 'auto_substantiation',
        },
      ],
      expires_at: '2026-03-12T14:30:00.000Z',
      created_at: '2026-02-25T14:30:00.000Z',
      paid_at: null,
    });
    expect(created.body['id']).toMatch(/^plink_/);
    expect(created.headers.get('x-request-id')).toMatch(/^req_/);
    const fetched = await call('GET', `/payment-links/${String(created.body['id'])}`);
    expect(fetched.body).toEqual(created.body);
    expect(types()).toEqual(['payment_link.created']);
  });

  it('answers the newer names when asked', async () => {
    await boot({ responseFields: 'plain', isEligible: (p) => p.merchant_product_id !== 'SUNGLASSES' });
    const created = await call('POST', '/payment-links', {
      amount: 6000,
      currency: 'USD',
      description: 'Two items',
      success_url: 'https://yoursite.com/success',
      products: [
        { merchant_product_id: 'BP-MONITOR-001', name: 'Monitor', quantity: 1, price: 4995 },
        { merchant_product_id: 'SUNGLASSES', name: 'Sunglasses', quantity: 1, price: 1005 },
      ],
    });
    expect(created.body).toMatchObject({
      amount: 6000,
      products: [
        { price: 4995, hsa_fsa_eligible: true },
        { price: 1005, hsa_fsa_eligible: false },
      ],
    });
    expect(created.body['amount_cents']).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, number, string, string]>([
    ['no amount', { amount_cents: undefined }, 400, 'invalid_request', 'amount_cents'],
    ['no description', { description: undefined }, 400, 'invalid_request', 'description'],
    ['no success URL', { success_url: undefined }, 400, 'invalid_request', 'success_url'],
    ['a fractional amount', { amount_cents: 49.95 }, 400, 'invalid_amount', 'amount_cents'],
    ['a zero amount', { amount_cents: 0 }, 400, 'invalid_amount', 'amount_cents'],
    ['an unknown currency', { currency: 'XYZ' }, 400, 'invalid_currency', 'currency'],
    [
      'a product without its id',
      { products: [{ name: 'x', quantity: 1, price_cents: 4995 }] },
      422,
      'validation_error',
      'products[0].merchant_product_id',
    ],
    ['a numeric e-mail', { customer: { email: 42 } }, 422, 'validation_error', 'customer.email'],
    [
      'a subscription type without its block',
      { payment_type: 'subscription' },
      422,
      'validation_error',
      'subscription',
    ],
    [
      'a zero interval count',
      { payment_type: 'subscription', subscription: { interval: 'monthly', interval_count: 0 } },
      422,
      'validation_error',
      'subscription.interval_count',
    ],
    [
      'a negative trial',
      { payment_type: 'subscription', subscription: { interval: 'weekly', trial_period_days: -1 } },
      422,
      'validation_error',
      'subscription.trial_period_days',
    ],
    ['an expiry in the past', { expires_at: '2026-02-25T14:29:00Z' }, 422, 'validation_error', 'expires_at'],
    ['a metadata number', { metadata: { n: 1 } }, 422, 'validation_error', 'metadata.n'],
  ])('refuses %s', async (_name, change, status, code, field) => {
    const body: Record<string, unknown> = { ...oneTime, ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete body[key];
    const answer = await call('POST', '/payment-links', body);
    expect(answer.status).toBe(status);
    expect(errorCode(answer)).toBe(code);
    expect(Object.keys(fieldErrors(answer))).toContain(field);
    expect(sim.stats().linksCreated).toBe(0);
  });

  it('accepts what the docs do not forbid: products that leave out shipping, any e-mail text, any URL scheme', async () => {
    const answer = await call('POST', '/payment-links', {
      ...oneTime,
      amount_cents: 5995,
      customer: { email: 'jane at example' },
      success_url: 'myclinic://paid',
      subscription: { interval: 'monthly' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body['subscription']).toBeUndefined();
  });

  it('names every field at fault in one 422', async () => {
    const answer = await call('POST', '/payment-links', {
      ...oneTime,
      customer: { email: 42 },
      metadata: { n: 1 },
      products: [{ name: 'x', quantity: 0, price_cents: 1 }],
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(fieldErrors(answer)).sort()).toEqual([
      'customer.email',
      'metadata.n',
      'products[0].merchant_product_id',
      'products[0].quantity',
    ]);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const answer = await call('POST', '/payment-links', '{"amount_cents": ');
    expect([answer.status, errorCode(answer)]).toEqual([400, 'bad_request']);
  });

  it('writes the older envelope when asked', async () => {
    sim.setErrorEnvelope('legacy');
    const answer = await call('POST', '/payment-links', { ...oneTime, customer: { email: 42 } });
    expect(answer.body).toEqual({
      success: false,
      error_code: 422,
      error_type: 'unprocessable_entity',
      error_message: 'Validation failed: customer.email must be a string',
      details: { field_errors: { 'customer.email': ['must be a string'] } },
    });
  });
});

describe('idempotency', () => {
  it('replays the original answer for the same key and body, and refuses another body', async () => {
    const key = { 'idempotency-key': '0b6d7c9e-2f4a-4b1c-8d3e-5f6a7b8c9d0e' };
    const first = await call('POST', '/payment-links', oneTime, key);
    const again = await call('POST', '/payment-links', oneTime, key);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.stats().linksCreated).toBe(1);
    const other = await call('POST', '/payment-links', { ...oneTime, amount_cents: 100, products: [] }, key);
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe('conflict');
    expect(sim.stats().linksCreated).toBe(1);
    expect(sim.idempotentReplays()).toBe(1);
  });

  it('makes a new link for every POST without a key', async () => {
    await call('POST', '/payment-links', oneTime);
    await call('POST', '/payment-links', oneTime);
    expect(sim.stats().linksCreated).toBe(2);
  });

  it('forgets a key after 24 hours', async () => {
    const key = { 'idempotency-key': '1b6d7c9e-2f4a-4b1c-8d3e-5f6a7b8c9d0e' };
    const body = { ...oneTime, expires_at: '2026-04-01T00:00:00Z' };
    await call('POST', '/payment-links', body, key);
    clock.advance(24 * 3600 * 1000);
    await call('POST', '/payment-links', body, key);
    expect(sim.stats().linksCreated).toBe(2);
  });

  it('keeps the effect of a request whose answer was replaced after processing', async () => {
    sim.faultsAfterProcessing.inject({ kind: 'status', status: 503 });
    const key = { 'idempotency-key': '2b6d7c9e-2f4a-4b1c-8d3e-5f6a7b8c9d0e' };
    const lost = await call('POST', '/payment-links', oneTime, key);
    expect([lost.status, errorCode(lost)]).toEqual([503, 'internal_error']);
    const retried = await call('POST', '/payment-links', oneTime, key);
    expect(retried.status).toBe(201);
    expect(sim.stats().linksCreated).toBe(1);
  });
});

describe('bounded memory', () => {
  it('keeps the newest logSize events and webhook tries', async () => {
    await boot({ logSize: 3 });
    for (let i = 0; i < 5; i++) expect((await call('POST', '/payment-links', oneTime)).status).toBe(201);
    await sim.webhooks.flush();
    expect(sim.events()).toHaveLength(3);
    expect(sim.webhooks.deliveries).toHaveLength(3);
    expect(receiver.received).toHaveLength(5);
  });
});

describe('rate limit', () => {
  it('counts per key per minute, with X-RateLimit headers and 429 + Retry-After', async () => {
    let now = 1_772_000_000_000;
    await boot({ rateLimitPerMinute: 2, rateLimitNow: () => now, extraApiKeys: ['glm_live_other'] });
    const first = await call('GET', '/payment-links');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((now + 60_000) / 1000)));
    now += 20_000;
    expect((await call('GET', '/payment-links')).status).toBe(200);
    const limited = await call('GET', '/payment-links');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(errorCode(limited)).toBe('rate_limit_exceeded');
    expect(
      (await call('GET', '/payment-links', undefined, { authorization: 'Bearer glm_live_other' })).status,
    ).toBe(200);
    now += 40_000;
    expect((await call('GET', '/payment-links')).status).toBe(200);
  });

  it('allows 100 a minute on a test key by default', async () => {
    await boot({ rateLimitNow: () => 0 });
    const answer = await call('GET', '/payment-links');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
  });
});

describe('lifecycle', () => {
  const create = async (change: Record<string, unknown> = {}) =>
    (await call('POST', '/payment-links', { ...oneTime, ...change })).body;

  it('expires on the clock and says so in a webhook', async () => {
    const link = await create({ expires_at: '2026-02-25T15:30:00Z' });
    clock.advance(3_600_000);
    expect(sim.link(String(link['id']))?.['status']).toBe('expired');
    expect(types()).toEqual(['payment_link.created', 'payment_link.expired']);
    const answer = await call('POST', `/payment-links/${String(link['id'])}/cancel`, {});
    expect([answer.status, errorCode(answer)]).toEqual([400, 'invalid_state']);
  });

  it('cancels an active link once, with its reason, and refuses a paid one', async () => {
    const link = await create();
    const id = String(link['id']);
    const cancelled = await call('POST', `/payment-links/${id}/cancel`, {
      reason: 'Customer requested cancellation',
    });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelled_at: '2026-02-25T14:30:00.000Z',
      cancellation_reason: 'Customer requested cancellation',
    });
    expect((await call('POST', `/payment-links/${id}/cancel`, {})).status).toBe(400);
    const long = await call('POST', `/payment-links/${String((await create())['id'])}/cancel`, {
      reason: 'x'.repeat(501),
    });
    expect([long.status, Object.keys(fieldErrors(long))]).toEqual([422, ['reason']]);
    const paid = await create();
    await sim.checkout(String(paid['url']), 'success');
    const refused = await call('POST', `/payment-links/${String(paid['id'])}/cancel`, {});
    expect([refused.status, errorCode(refused)]).toEqual([400, 'invalid_state']);
    expect((await call('POST', '/payment-links/plink_missing/cancel', {})).status).toBe(404);
  });

  it('pages newest first with starting_after, next_cursor and has_more, and filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(String((await create(i === 4 ? { customer: { email: 'member@example.com' } } : {}))['id']));
      clock.advance(1000);
    }
    const first = await call('GET', '/payment-links?limit=2');
    expect(first.body['has_more']).toBe(true);
    expect((first.body['data'] as { id: string }[]).map((l) => l.id)).toEqual([ids[4], ids[3]]);
    expect(first.body['next_cursor']).toBe(ids[3]);
    const last = await call('GET', `/payment-links?limit=2&starting_after=${ids[1]}`);
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    expect((last.body['data'] as { id: string }[]).map((l) => l.id)).toEqual([ids[0]]);
    const mine = await call('GET', '/payment-links?customer_email=MEMBER@example.com');
    expect((mine.body['data'] as unknown[]).length).toBe(1);
    const later = await call('GET', '/payment-links?created_after=2026-02-25T14:30:02.000Z');
    expect((later.body['data'] as unknown[]).length).toBe(2);
    expect(((await call('GET', '/payment-links?status=paid')).body['data'] as unknown[]).length).toBe(0);
    expect((await call('GET', '/payment-links?limit=101')).status).toBe(400);
    expect((await call('GET', '/payment-links?status=open')).status).toBe(400);
  });
});

describe('hosted checkout and webhooks', () => {
  it('fails an attempt, then pays, redirecting and signing every webhook in the documented order', async () => {
    const link = (await call('POST', '/payment-links', oneTime)).body;
    const url = String(link['url']);
    const page = await fetch(url);
    const text = await page.text();
    expect(text).toContain('data-testid="pay"');
    expect(text).toContain('49.95');

    expect(await sim.checkout(url, 'failure')).toEqual({
      status: 303,
      location: 'https://yoursite.com/cancel',
    });
    expect(sim.link(String(link['id']))?.['status']).toBe('active');
    expect(await sim.checkout(url, 'success')).toEqual({
      status: 303,
      location: 'https://yoursite.com/success',
    });
    expect(sim.link(String(link['id']))).toMatchObject({
      status: 'paid',
      paid_at: '2026-02-25T14:30:00.000Z',
      order: { status: 'completed', paid_at: '2026-02-25T14:30:00.000Z' },
    });
    expect((await sim.checkout(url, 'success')).status).toBe(409);

    await sim.webhooks.flush();
    const received = await receiver.waitFor(4);
    const names = received.map((w) => (JSON.parse(w.rawBody.toString('utf8')) as { type: string }).type);
    expect(names).toEqual(['payment_link.created', 'order.failed', 'payment_link.paid', 'order.created']);
    for (const webhook of received) {
      const verified = verifyTimestampedSignature({
        provider: 'hsa-provider',
        header: webhook.headers['x-gale-signature'] as string,
        headerName: 'X-Gale-Signature',
        rawBody: webhook.rawBody,
        secret: sim.webhookSecret,
        now: clock.now(),
      });
      expect(E.isRight(verified)).toBe(true);
    }
    const orderCreated = JSON.parse(received[3]!.rawBody.toString('utf8')) as {
      data: Record<string, unknown>;
    };
    expect(orderCreated.data).toMatchObject({
      payment_link_id: link['id'],
      status: 'completed',
      amount_cents: 4995,
    });
  });

  it('records a subscription when paid, and can authenticate webhooks with the shared bearer secret', async () => {
    await boot({ webhookAuth: 'bearer' });
    const link = (
      await call('POST', '/payment-links', {
        ...oneTime,
        amount_cents: 9900,
        products: [],
        payment_type: 'subscription',
        subscription: { interval: 'monthly', trial_period_days: 14 },
      })
    ).body;
    expect(link['subscription']).toEqual({ interval: 'monthly', interval_count: 1, trial_period_days: 14 });
    await sim.checkout(String(link['url']), 'success');
    expect(sim.link(String(link['id']))?.['subscription']).toMatchObject({
      interval: 'monthly',
      id: expect.stringMatching(/^sub_/),
      status: 'trialing',
    });
    await sim.webhooks.flush();
    const received = await receiver.waitFor(4);
    expect(received.every((w) => w.headers['authorization'] === `Bearer ${sim.webhookSecret}`)).toBe(true);
    expect(types()).toEqual([
      'payment_link.created',
      'payment_link.paid',
      'order.created',
      'subscription.created',
    ]);
  });

  it('retries a webhook the endpoint refused', async () => {
    const refusing = await startWebhookReceiver({ status: 500 });
    await boot({ webhookUrls: [refusing.url], webhookRetryDelaysMs: [1, 1] });
    await call('POST', '/payment-links', oneTime);
    await sim.webhooks.flush();
    expect(sim.webhooks.deliveries.map((d) => [d.attempt, d.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    await refusing.close();
  });
});
