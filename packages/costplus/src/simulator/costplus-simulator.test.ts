import { fromProvider, type PaymentLinks } from '@paylinks/core';
import { ManualClock, startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { costplus } from '../costplus-provider.js';
import { costplusWebhookRetryDelaysMs, startCostplusSimulator, type CostplusSimulator } from './index.js';

const start = new Date('2026-01-15T12:00:00.000Z');
let sim: CostplusSimulator;
let receiver: WebhookReceiver;
let links: PaymentLinks;
let counter = 0;

const auth = (key = 'sim_test_key') => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function call(method: string, path: string, body?: unknown, key?: string | null) {
  const response = await fetch(`${sim.origin}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(key === null ? {} : { authorization: auth(key) }),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

const create = (extra: Record<string, unknown> = {}) =>
  call('POST', '/v1/paymentlinks/', {
    merchant_order_id: `sim-${++counter}`,
    amount: 995,
    currency: 'EUR',
    ...extra,
  });

async function newLink(extra: Record<string, unknown> = {}) {
  const created = await create(extra);
  expect(created.status).toBe(201);
  return created.json as { id: string; payment_url: string };
}

beforeAll(async () => {
  sim = await startCostplusSimulator({
    clock: new ManualClock(start),
    webhookRetryDelaysMs: [5, 5],
    webhookTimeoutMs: 2000,
  });
  receiver = await startWebhookReceiver();
  links = fromProvider(costplus(sim.adapterSettings() as Parameters<typeof costplus>[0]));
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

afterEach(() => {
  sim.faults.clear();
});

describe('API', () => {
  it('creates a link as documented (201, new, P30D, orders {}, both timestamp forms later)', async () => {
    const created = await create({ description: 'Invoice #1234' });
    expect(created.status).toBe(201);
    const body = created.json as Record<string, unknown>;
    expect(body).toMatchObject({
      merchant_order_id: `sim-${counter}`,
      amount: 995,
      currency: 'EUR',
      description: 'Invoice #1234',
      expiration_period: 'P30D',
      status: 'new',
      reason: 'Payment Link was created, not yet visited',
      orders: {},
      created: '2026-01-15T12:00:00.000000Z',
    });
    expect(body['id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body['payment_url']).toBe(`${sim.origin}/paymentlinks/${body['id'] as string}/`);
    const fetched = await call('GET', `/v1/paymentlinks/${body['id'] as string}/`);
    expect(fetched.json).toStrictEqual(body);
  });

  it.each([
    ['no header', null],
    ['another key', 'sk_wrong'],
  ])('answers 401 in the werkzeug form for %s', async (_name, key) => {
    const answer = await call('GET', '/v1/paymentlinks/x/', undefined, key);
    expect(answer.status).toBe(401);
    expect(answer.json).toStrictEqual({
      error: 'werkzeug.exceptions.Unauthorized',
      message: expect.stringContaining('could not verify that you are authorized') as unknown,
    });
  });

  it.each([
    [{ merchant_order_id: undefined }, 'merchant_order_id'],
    [{ merchant_order_id: '' }, 'merchant_order_id'],
    [{ amount: 0 }, 'amount'],
    [{ amount: 9.95 }, 'amount'],
    [{ amount: '995' }, 'amount'],
    [{ currency: 'EURO' }, 'currency'],
    [{ expiration_period: '30 days' }, 'expiration_period'],
    [{ expiration_period: 'PT0S' }, 'expiration_period'],
    [{ return_url: 'not a url' }, 'return_url'],
    [{ payment_methods: 'ideal' }, 'payment_methods'],
    [{ payment_methods: ['ideal', 3] }, 'payment_methods.1'],
    [{ customer: 'jan' }, 'customer'],
    [{ customer: { phone_numbers: '+31' } }, 'customer.phone_numbers'],
    [{ customer: { locale: 31 } }, 'customer.locale'],
    [{ customer: { additional_addresses: ['Singel 250'] } }, 'customer.additional_addresses.0'],
  ])('answers the documented 400 for %j naming %s', async (extra, path) => {
    const answer = await create(extra);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { status: 400, type: 'ValidationError', property_path: path },
    });
  });

  it('accepts what the docs do not forbid: unknown fields, any URL scheme, free-form customer values', async () => {
    const answer = await create({
      line_items: [],
      return_url: 'myshop://orders/1',
      webhook_url: 'ftp://example.com/hooks',
      customer: { email_address: 'not checked', address_type: 'home', country: 'NLD', city: 'Delft' },
    });
    expect(answer.status).toBe(201);
  });

  it('answers 400 for a body that is not JSON, 404 for unknown ids, 308 without the trailing slash', async () => {
    expect((await call('POST', '/v1/paymentlinks/', '{"amount":')).status).toBe(400);
    expect(await call('GET', '/v1/paymentlinks/nope/')).toMatchObject({
      status: 404,
      json: { error: { status: 404 } },
    });
    expect(await call('GET', '/v1/orders/nope/')).toMatchObject({
      status: 404,
      json: { error: { status: 404 } },
    });
    const noSlash = await call('GET', '/v1/paymentlinks/nope');
    expect(noSlash.status).toBe(308);
    expect(noSlash.headers.get('location')).toBe(`${sim.origin}/v1/paymentlinks/nope/`);
    expect((await call('GET', '/v1/paymentlinks/')).status).toBe(405);
  });

  it('accepts every field the adapter sends', async () => {
    const link = await links.create({
      reference: 'full-1',
      amount: { amount: 1250, currency: 'EUR' },
      description: 'All fields',
      expiresIn: 'P7D',
      successUrl: 'https://shop.example/ok',
      failureUrl: 'https://shop.example/ko',
      webhookUrl: receiver.url,
      paymentMethods: ['credit-card'],
      customer: {
        id: 'c1',
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
        ipAddress: '127.0.0.1',
        userAgent: 'vitest',
        gender: 'female',
        birthdate: '1990-02-01',
      },
      providerOptions: {
        costplus: {
          customer: {
            addressType: 'billing',
            additionalAddresses: [{ addressType: 'delivery', address: 'Kade 1', country: 'NL' }],
          },
        },
      },
    });
    expect(link.expiresAt).toEqual(new Date(sim.clock.now().getTime() + 7 * 86_400_000));
    expect(link.customer).toMatchObject({
      email: 'jan@example.com',
      firstName: 'Jan',
      birthdate: '1990-02-01',
    });
    expect(link.paymentMethods).toStrictEqual(['credit-card']);
    expect(link.redirects).toStrictEqual({
      success: 'https://shop.example/ok',
      failure: 'https://shop.example/ko',
    });
  });

  it('applies a fault to API calls only, then answers normally', async () => {
    const { id, payment_url } = await newLink();
    sim.faults.inject({ kind: 'status', status: 503 });
    const page = await fetch(payment_url);
    expect(page.status).toBe(200);
    const faulted = await call('GET', `/v1/paymentlinks/${id}/`);
    expect(faulted).toMatchObject({
      status: 503,
      json: { error: { status: 503, type: 'ServiceUnavailable' } },
    });
    sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    const limited = await call('GET', `/v1/paymentlinks/${id}/`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call('GET', `/v1/paymentlinks/${id}/`)).status).toBe(200);
  });
});

describe('hosted page', () => {
  it('renders the page with pay and fail buttons while payable', async () => {
    const { payment_url } = await newLink({ description: 'Page test' });
    const html = await (await fetch(payment_url)).text();
    expect(html).toContain('data-testid="pay"');
    expect(html).toContain('data-testid="fail"');
    expect(html).toContain('9.95');
    expect(html).toContain('Page test');
  });

  it('redirects per the docs: failure_url only when both URLs are given, else return_url, else the page', async () => {
    const both = await newLink({
      return_url: 'https://shop.example/ok',
      failure_url: 'https://shop.example/ko',
    });
    expect(await sim.checkout(both.payment_url, 'failure')).toStrictEqual({
      status: 303,
      location: 'https://shop.example/ko',
    });
    expect(await sim.checkout(both.payment_url, 'success')).toStrictEqual({
      status: 303,
      location: 'https://shop.example/ok',
    });

    const onlyReturn = await newLink({ return_url: 'https://shop.example/ok' });
    expect((await sim.checkout(onlyReturn.payment_url, 'failure')).location).toBe('https://shop.example/ok');

    const onlyFailure = await newLink({ failure_url: 'https://shop.example/ko' });
    expect((await sim.checkout(onlyFailure.payment_url, 'failure')).location).toBe(onlyFailure.payment_url);
  });

  it('records attempts as orders grouped by status, linked back to the link', async () => {
    const { id, payment_url } = await newLink();
    await sim.checkout(payment_url, 'failure');
    await sim.checkout(payment_url, 'success');
    const link = sim.link(id) as {
      status: string;
      orders: Record<string, string[]>;
      completed_order_id: string;
      completed: string;
    };
    expect(link.status).toBe('completed');
    expect(link.completed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    expect(Object.keys(link.orders).sort()).toStrictEqual(['completed', 'error']);
    const order = await call('GET', `/v1/orders/${link.completed_order_id}/`);
    expect(order.json).toMatchObject({
      id: link.completed_order_id,
      status: 'completed',
      related_payment_link_id: id,
      amount: 995,
      currency: 'EUR',
      flags: ['is-test'],
      transactions: [{ status: 'completed' }],
    });
    expect((order.json as { created: string }).created).toMatch(/\.\d{6}\+00:00$/);
    expect((await sim.checkout(payment_url, 'failure')).status).toBe(409);
  });

  it('takes 25 attempts, then refuses; the adapter reads all_unsuccessful as failed', async () => {
    const link = await links.create({ reference: 'exhaust', amount: { amount: 500, currency: 'EUR' } });
    for (let i = 0; i < 24; i++) expect((await sim.checkout(link.url as string, 'failure')).status).toBe(303);
    const open = await links.get(link.id);
    expect(open.status).toMatchObject({ unified: 'open', raw: 'all_unsuccessful' });
    expect(open.attempts).toMatchObject({ total: 24, failed: 24, remaining: 1 });
    expect((await sim.checkout(link.url as string, 'failure')).status).toBe(303);
    const failed = await links.get(link.id);
    expect(failed.status).toMatchObject({ unified: 'failed', raw: 'all_unsuccessful' });
    expect(failed.attempts).toMatchObject({ total: 25, failed: 25, remaining: 0 });
    expect((await sim.checkout(link.url as string, 'success')).status).toBe(409);
    const html = await (await fetch(link.url as string)).text();
    expect(html).toContain('data-testid="closed"');
  });

  it('answers 400 for an unknown outcome and 404 for an unknown link', async () => {
    const { payment_url } = await newLink();
    const bad = await fetch(payment_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=maybe',
    });
    expect(bad.status).toBe(400);
    expect((await fetch(`${sim.origin}/paymentlinks/nope/`)).status).toBe(404);
  });
});

describe('expiry and webhooks', () => {
  it('expires on the clock; unfinished orders expire too and are notified', async () => {
    const before = receiver.received.length;
    const { id, payment_url } = await newLink({ expiration_period: 'PT2H', webhook_url: receiver.url });
    await sim.checkout(payment_url, 'failure');
    await receiver.waitFor(before + 1);
    sim.clock.advance(2 * 3_600_000);
    const link = sim.link(id) as { status: string; orders: Record<string, string[]> };
    expect(link.status).toBe('expired');
    expect(Object.keys(link.orders)).toStrictEqual(['expired']);
    const received = await receiver.waitFor(before + 2);
    const bodies = received
      .slice(before)
      .map((w) => JSON.parse(w.rawBody.toString('utf8')) as Record<string, unknown>);
    expect(bodies).toStrictEqual([
      {
        event: 'status_changed',
        project_id: expect.any(String) as unknown,
        order_id: link.orders['expired']![0],
      },
      {
        event: 'status_changed',
        project_id: expect.any(String) as unknown,
        order_id: link.orders['expired']![0],
      },
    ]);
    expect((await sim.checkout(payment_url, 'success')).status).toBe(409);
  });

  it('sends status_changed to webhook_url and resolves it through the adapter', async () => {
    const link = await links.create({
      reference: 'hook-1',
      amount: { amount: 100, currency: 'EUR' },
      webhookUrl: receiver.url,
    });
    const before = receiver.received.length;
    await sim.checkout(link.url as string, 'success');
    const [webhook] = (await receiver.waitFor(before + 1)).slice(before);
    expect(webhook!.headers['content-type']).toBe('application/json');
    const { event, link: resolved } = await links.resolveWebhook({
      headers: webhook!.headers,
      rawBody: webhook!.rawBody,
    });
    expect(event).toMatchObject({ rawType: 'status_changed', verified: false });
    expect(resolved.id).toBe(link.id);
    expect(resolved.status.unified).toBe('paid');
  });

  it('retries a failing receiver on the configured schedule (Cost+: 10 retries, 2 minutes apart)', async () => {
    expect(costplusWebhookRetryDelaysMs).toStrictEqual(Array.from({ length: 10 }, () => 120_000));
    const failing = await startWebhookReceiver({ status: 500 });
    try {
      const { payment_url } = await newLink({ webhook_url: failing.url });
      await sim.checkout(payment_url, 'success');
      await sim.webhooks.flush();
      const tries = sim.webhooks.deliveries.filter((d) => d.url === failing.url);
      expect(tries.map((d) => [d.attempt, d.status, d.ok])).toStrictEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 500, false],
      ]);
      expect(failing.received).toHaveLength(3);
    } finally {
      await failing.close();
    }
  });

  it('also sends transaction_status_changed when asked', async () => {
    const other = await startCostplusSimulator({ transactionEvents: true, webhookRetryDelaysMs: [] });
    try {
      const r = await fetch(`${other.baseUrl}/paymentlinks/`, {
        method: 'POST',
        headers: { authorization: auth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          merchant_order_id: 't',
          amount: 1,
          currency: 'EUR',
          webhook_url: receiver.url,
        }),
      });
      const { payment_url } = (await r.json()) as { payment_url: string };
      const before = receiver.received.length;
      await other.checkout(payment_url, 'failure');
      const bodies = (await receiver.waitFor(before + 2))
        .slice(before)
        .map((w) => JSON.parse(w.rawBody.toString('utf8')) as { event: string; transaction_status?: string });
      expect(bodies.map((b) => b.event).sort()).toStrictEqual([
        'status_changed',
        'transaction_status_changed',
      ]);
      expect(bodies.find((b) => b.event === 'transaction_status_changed')?.transaction_status).toBe('error');
    } finally {
      await other.close();
    }
  });

  it('counts API requests and links, and offers ready settings', async () => {
    const stats = sim.stats();
    expect(stats.linksCreated).toBe(sim.linkIds().length);
    expect(stats.apiRequests).toBeGreaterThan(stats.linksCreated);
    expect(sim.adapterSettings()).toMatchObject({ apiKey: 'sim_test_key', baseUrl: `${sim.origin}/v1` });
    expect(sim.adapterSettings({ invalidCredentials: true })['apiKey']).not.toBe('sim_test_key');
  });
});
