import { createHmac } from 'node:crypto';

import { fromProvider } from '@paylinks/core';
import { ManualClock, startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { conomy } from '../conomy-provider.js';
import { parseConomyWebhook } from '../conomy-webhook.js';
import { startConomySimulator, type ConomySimulator, type ConomySimulatorOptions } from './index.js';

let sim: ConomySimulator;
let receiver: WebhookReceiver;
let clock: ManualClock;

async function start(options: ConomySimulatorOptions = {}) {
  clock = new ManualClock(new Date('2026-01-15T12:00:00Z'));
  receiver = await startWebhookReceiver();
  sim = await startConomySimulator({ clock, webhookUrl: receiver.url, webhookRetryDelaysMs: [], ...options });
}

afterEach(async () => {
  await sim.close();
  await receiver.close();
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: {
      'x-api-key': sim.credentials.apiKey,
      'user-agent': 'SimTest/1.0',
      ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

async function token(): Promise<string> {
  const answer = await call('POST', '/auth', {
    body: { clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret },
  });
  expect(answer.status).toBe(200);
  return answer.body.accessToken as string;
}

const body = (overrides: Record<string, unknown> = {}) => ({
  checkoutToken: `tok-${Math.random().toString(36).slice(2)}`,
  currency: 'CLP',
  duration: 3600,
  items: [
    {
      preTaxAmount: '42008',
      totalAmount: '49990',
      description: 'Invoice',
      tax: { name: 'IVA', type: 'PERCENTAGE', value: '19', amount: '7982' },
    },
  ],
  successUrl: 'https://shop.example/ok',
  failedUrl: 'https://shop.example/ko',
  ...overrides,
});

const documentedError = (answer: Answer, status: number, code: string, type: string) => {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    status,
    code,
    type,
    detail: expect.any(String),
    traceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
};

describe('auth', () => {
  beforeEach(() => start({ tokenLifetimeSeconds: 120 }));

  it('issues a token for the right credentials, in the documented shape', async () => {
    const answer = await call('POST', '/auth', {
      body: { clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret },
    });
    expect(answer.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 120 });
    expect(sim.tokensIssued()).toBe(1);
  });

  it('refuses bad credentials, a bad API key and missing fields', async () => {
    documentedError(
      await call('POST', '/auth', { body: { clientId: sim.credentials.clientId, clientSecret: 'nope' } }),
      401,
      '41',
      'unauthorized',
    );
    documentedError(
      await call('POST', '/auth', {
        body: { clientId: 'a', clientSecret: 'b' },
        headers: { 'x-api-key': 'wrong' },
      }),
      401,
      '41',
      'unauthorized',
    );
    documentedError(await call('POST', '/auth', { body: { clientSecret: 'b' } }), 400, '12', 'missingParam');
  });

  it('requires the bearer token, the API key and a User-Agent on every call, and expires tokens on the clock', async () => {
    const bearer = await token();
    documentedError(await call('GET', '/payment-links'), 401, '41', 'unauthorized');
    documentedError(
      await call('GET', '/payment-links', { token: bearer, headers: { 'x-api-key': 'other' } }),
      401,
      '41',
      'unauthorized',
    );
    documentedError(
      await call('GET', '/payment-links', { token: bearer, headers: { 'user-agent': '' } }),
      400,
      '12',
      'missingParam',
    );
    expect((await call('GET', '/payment-links', { token: bearer })).status).toBe(200);
    clock.advance(120_000);
    const expired = await call('GET', '/payment-links', { token: bearer });
    documentedError(expired, 401, '41', 'unauthorized');
    expect(expired.body.detail).toContain('expired');
  });
});

describe('payment links', () => {
  let bearer: string;
  beforeEach(async () => {
    await start();
    bearer = await token();
  });

  it('creates links in ATTEMPT with totals added from the items', async () => {
    const sent = body();
    const created = await call('POST', '/payment-links', { token: bearer, body: sent });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      checkoutToken: sent.checkoutToken,
      status: 'ATTEMPT',
      currency: 'CLP',
      preTaxAmount: '42008',
      totalAmount: '49990',
      duration: 3600,
      createdAt: '2026-01-15T12:00:00.000Z',
      url: `${new URL(sim.baseUrl).origin}/checkout/${sent.checkoutToken}`,
      successUrl: 'https://shop.example/ok',
      failedUrl: 'https://shop.example/ko',
      paymentMethodsAllowed: ['CARD'],
    });
    expect((await call('GET', `/payment-links/${created.body.id}`, { token: bearer })).body).toEqual(
      created.body,
    );
    expect(sim.stats().linksCreated).toBe(1);
  });

  it.each<[string, unknown, number, string, string]>([
    ['no checkoutToken', body({ checkoutToken: undefined }), 400, '12', 'missingParam'],
    ['no duration', body({ duration: undefined }), 400, '12', 'missingParam'],
    ['a duration under 30 s', body({ duration: 29 }), 400, '11', 'invalidParam'],
    ['an unknown currency', body({ currency: 'XXY' }), 400, '11', 'invalidParam'],
    ['no items', body({ items: [] }), 400, '11', 'invalidParam'],
    [
      'more decimals than CLP has',
      body({ items: [{ preTaxAmount: '1.5', totalAmount: '1.5', description: 'x' }] }),
      400,
      '11',
      'invalidParam',
    ],
    [
      'an item without its totalAmount',
      body({ items: [{ preTaxAmount: '100', description: 'x' }] }),
      400,
      '12',
      'missingParam',
    ],
    [
      'a tax of unknown type',
      body({
        items: [
          {
            preTaxAmount: '1',
            totalAmount: '2',
            description: 'x',
            tax: { name: 'a', type: 'OTHER', value: '1', amount: '1' },
          },
        ],
      }),
      400,
      '11',
      'invalidParam',
    ],
    ['a body that is not JSON', '{"checkoutToken":', 400, '14', 'parsingResource'],
  ])('refuses %s in the documented format', async (_what, sent, status, code, type) => {
    documentedError(await call('POST', '/payment-links', { token: bearer, body: sent }), status, code, type);
    expect(sim.stats().linksCreated).toBe(0);
  });

  it('accepts what the docs do not forbid: VAT-included prices without a tax block, partial taxes, no description, any URL scheme', async () => {
    const created = await call('POST', '/payment-links', {
      token: bearer,
      body: body({
        items: [
          { preTaxAmount: '42008', totalAmount: '49990' },
          { preTaxAmount: '1000', totalAmount: '1190', tax: { type: 'PERCENTAGE', value: '19' } },
          { preTaxAmount: '500', totalAmount: '500', description: 'Shipping' },
        ],
        successUrl: 'myshop://paid',
        paymentMethodsAllowed: [],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ preTaxAmount: '43508', totalAmount: '51680' });
  });

  it('refuses a second link with the same checkoutToken (13 alreadyExist)', async () => {
    const sent = body();
    expect((await call('POST', '/payment-links', { token: bearer, body: sent })).status).toBe(201);
    documentedError(
      await call('POST', '/payment-links', { token: bearer, body: sent }),
      409,
      '13',
      'alreadyExist',
    );
  });

  it('activates ATTEMPT links only, and deletes only ATTEMPT and EXPIRED ones', async () => {
    const a = (await call('POST', '/payment-links', { token: bearer, body: body() })).body;
    const activated = await call('POST', `/payment-links/${a.id}/activate`, { token: bearer });
    expect(activated.body.status).toBe('ACTIVE');
    expect((await call('POST', `/payment-links/${a.id}/activate`, { token: bearer })).body.status).toBe(
      'ACTIVE',
    );
    documentedError(
      await call('DELETE', `/payment-links/${a.id}`, { token: bearer }),
      422,
      '21',
      'failedPrecondition',
    );

    const b = (await call('POST', '/payment-links', { token: bearer, body: body() })).body;
    const deleted = await call('DELETE', `/payment-links/${b.id}`, { token: bearer });
    expect(deleted).toMatchObject({ status: 204, body: undefined });
    documentedError(await call('GET', `/payment-links/${b.id}`, { token: bearer }), 404, '31', 'notFound');
    documentedError(
      await call('POST', `/payment-links/${b.id}/activate`, { token: bearer }),
      404,
      '31',
      'notFound',
    );

    sim.setLinkStatus(a.id, 'FINISHED');
    documentedError(
      await call('POST', `/payment-links/${a.id}/activate`, { token: bearer }),
      422,
      '21',
      'failedPrecondition',
    );
  });

  it('expires ATTEMPT and ACTIVE links duration seconds after creation, and then lets them be deleted', async () => {
    const a = (await call('POST', '/payment-links', { token: bearer, body: body({ duration: 60 }) })).body;
    const b = (await call('POST', '/payment-links', { token: bearer, body: body({ duration: 60 }) })).body;
    await call('POST', `/payment-links/${b.id}/activate`, { token: bearer });
    clock.advance(59_999);
    expect((await call('GET', `/payment-links/${a.id}`, { token: bearer })).body.status).toBe('ATTEMPT');
    clock.advance(1);
    expect(sim.link(a.id)?.['status']).toBe('EXPIRED');
    expect((await call('GET', `/payment-links/${b.id}`, { token: bearer })).body.status).toBe('EXPIRED');
    expect((await call('DELETE', `/payment-links/${a.id}`, { token: bearer })).status).toBe(204);
  });

  it('lists with every documented filter and offset/next pagination', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        (
          await call('POST', '/payment-links', {
            token: bearer,
            body: body({
              customer: { email: `p${i % 2}@example.cl` },
              owner: { identityId: `owner-${i % 2}` },
              destinations: [{ type: 'ACCOUNT', account: { accountNumber: `acc-${i}` } }],
            }),
          })
        ).body,
      );
    }
    await call('POST', `/payment-links/${made[0].id}/activate`, { token: bearer });
    const page = async (query: string) =>
      (await call('GET', `/payment-links?${query}`, { token: bearer })).body;
    expect(await page('limit=2')).toMatchObject({
      pagination: { count: 2, next: 2, previous: null, total: 5 },
    });
    const second = await page('limit=2&offset=2');
    expect(second.pagination).toEqual({ count: 2, next: 4, previous: 0, total: 5 });
    expect(second.results.map((l: { id: string }) => l.id)).toEqual([made[2].id, made[3].id]);
    expect((await page('limit=2&next=4')).pagination).toEqual({
      count: 1,
      next: null,
      previous: 2,
      total: 5,
    });
    expect((await page('status=ACTIVE')).results.map((l: { id: string }) => l.id)).toEqual([made[0].id]);
    expect((await page('status=ATTEMPT,ACTIVE')).pagination.total).toBe(5);
    expect((await page(`id=${made[1].id},${made[4].id}`)).pagination.total).toBe(2);
    expect((await page('customer.email=p1@example.cl')).pagination.total).toBe(2);
    expect((await page('owner.identityId=owner-0')).pagination.total).toBe(3);
    expect((await page('destination.accountNumber=acc-3,acc-4')).pagination.total).toBe(2);
    documentedError(
      await call('GET', '/payment-links?limit=51', { token: bearer }),
      400,
      '11',
      'invalidParam',
    );
    documentedError(
      await call('GET', '/payment-links?offset=-1', { token: bearer }),
      400,
      '11',
      'invalidParam',
    );
  });

  it('answers fault statuses in the documented format, with Retry-After on a 429', async () => {
    sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 4 });
    const limited = await call('GET', '/payment-links', { token: bearer });
    documentedError(limited, 429, '32', 'tooManyRequests');
    expect(limited.headers.get('retry-after')).toBe('4');
    sim.faults.inject({ kind: 'status', status: 501 });
    documentedError(await call('GET', '/payment-links', { token: bearer }), 501, '42', 'unimplemented');
  });
});

describe('checkout page and webhooks', () => {
  let bearer: string;
  const hmac = (payload: string) =>
    createHmac('sha256', sim.credentials.webhookSecret).update(payload).digest('hex');

  const activeLink = async (overrides: Record<string, unknown> = {}) => {
    const created = (await call('POST', '/payment-links', { token: bearer, body: body(overrides) })).body;
    return (await call('POST', `/payment-links/${created.id}/activate`, { token: bearer })).body;
  };

  it('shows a payable page only for ACTIVE links', async () => {
    await start();
    bearer = await token();
    const draft = (await call('POST', '/payment-links', { token: bearer, body: body() })).body;
    const draftPage = await (await fetch(draft.url)).text();
    expect(draftPage).toContain('data-testid="closed"');
    expect((await sim.checkout(draft.url, 'success')).status).toBe(409);
    const link = await activeLink();
    const page = await (await fetch(link.url)).text();
    expect(page).toContain('data-testid="pay"');
    expect(page).toContain('49990');
  });

  it('fails and then pays an attempt, redirecting and sending signed Transaction webhooks', async () => {
    await start();
    bearer = await token();
    const link = await activeLink();
    expect(await sim.checkout(link.url, 'failure')).toEqual({
      status: 303,
      location: 'https://shop.example/ko',
    });
    expect(sim.link(link.id)?.['status']).toBe('ACTIVE');
    expect(await sim.checkout(link.url, 'success')).toEqual({
      status: 303,
      location: 'https://shop.example/ok',
    });
    expect(sim.link(link.id)?.['status']).toBe('FINISHED');
    expect((await sim.checkout(link.url, 'success')).status).toBe(409);
    expect(sim.transactions(link.id).map((t) => t.status)).toEqual(['FAILED', 'CAPTURED']);

    const received = await receiver.waitFor(3);
    const bodies = received.map((w) => JSON.parse(w.rawBody.toString('utf8')));
    expect(bodies.map((b) => b.event)).toEqual([
      'Transaction.Failed',
      'Transaction.Captured',
      'Transaction.Received',
    ]);
    for (const b of bodies) {
      expect(b.signature).toBe(hmac(JSON.stringify({ event: b.event, data: b.data })));
      expect(b.data.transaction).toMatchObject({
        purchaseAmount: '49990',
        totalAmount: '49990',
        externalId: link.checkoutToken,
        currency: 'CLP',
      });
    }
    expect(bodies.map((b) => b.data.transaction.status)).toEqual(['FAILED', 'CAPTURED', 'RECEIVED']);
    expect(received[0]?.headers['x-webhook-signature']).toBeUndefined();
  });

  it('signs with the older X-Webhook-Signature header when configured, and the adapter verifies it', async () => {
    await start({ webhookSignature: 'header' });
    bearer = await token();
    const link = await activeLink();
    await sim.checkout(link.url, 'success');
    const [first] = await receiver.waitFor(1);
    const raw = first?.rawBody.toString('utf8') ?? '';
    expect(JSON.parse(raw)).not.toHaveProperty('signature');
    expect(first?.headers['x-webhook-signature']).toBe(hmac(raw));
    const event = parseConomyWebhook(
      { headers: first?.headers ?? {}, rawBody: raw },
      sim.credentials.webhookSecret,
    );
    expect(E.isRight(event) && event.right).toMatchObject({
      type: 'link.paid',
      reference: link.checkoutToken,
      verified: true,
    });
  });

  it('sends nothing while no webhook URL is registered', async () => {
    await start();
    sim.setWebhookUrl(undefined);
    bearer = await token();
    const link = await activeLink();
    await sim.checkout(link.url, 'success');
    await sim.webhooks.flush();
    expect(sim.webhooks.deliveries).toHaveLength(0);
  });

  it('retries a delivery the receiver refuses', async () => {
    clock = new ManualClock();
    receiver = await startWebhookReceiver({ status: 500 });
    sim = await startConomySimulator({ clock, webhookUrl: receiver.url, webhookRetryDelaysMs: [1, 1] });
    bearer = await token();
    const link = await activeLink();
    await sim.checkout(link.url, 'failure');
    await sim.webhooks.flush();
    expect(sim.webhooks.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
  });
});

describe('bounded memory', () => {
  it('keeps the newest logSize requests, however many it answered', async () => {
    await start({ logSize: 5 });
    const t = await token();
    for (let i = 0; i < 12; i++) await call('GET', `/payment-links/missing-${i}`, { token: t });
    expect(sim.requests).toHaveLength(5);
    expect(sim.requests.map((r) => r.path)).toEqual(
      [7, 8, 9, 10, 11].map((i) => `/sandbox/payment-links/missing-${i}`),
    );
  });
});

describe('with the adapter', () => {
  it('shares one token renewal between 20 concurrent calls when the token expires, and once more after a revocation', async () => {
    await start({ tokenLifetimeSeconds: 120 });
    const client = fromProvider(conomy(sim.adapterSettings()));
    const link = await client.create({
      reference: 'inv-1',
      amount: { amount: 1000, currency: 'CLP' },
      providerOptions: { conomy: { checkoutToken: 'inv-1' } },
    });
    expect(sim.tokensIssued()).toBe(1);
    clock.advance(120_000);
    const all = await Promise.all(Array.from({ length: 20 }, () => client.te.get(link.id)()));
    expect(all.every(E.isRight)).toBe(true);
    expect(sim.tokensIssued()).toBe(2);
    sim.revokeTokens();
    const again = await Promise.all(Array.from({ length: 20 }, () => client.te.get(link.id)()));
    expect(again.every(E.isRight)).toBe(true);
    expect(sim.tokensIssued()).toBe(3);
    const calls = sim.requests.filter((r) => r.path.endsWith(`/payment-links/${link.id}`));
    for (const r of calls) {
      expect(r.headers['user-agent']).toBe('paylinks/0.1.0 (+@paylinks/conomy)');
      expect(r.headers['x-api-key']).toBe(sim.credentials.apiKey);
      expect(r.headers['authorization']).toMatch(/^Bearer sim_at_/);
    }
  });

  it('reads trimmed amounts ("12.5") exactly', async () => {
    await start({ amountFormat: 'trimmed' });
    const client = fromProvider(conomy(sim.adapterSettings()));
    const link = await client.create({
      reference: 'eur-1',
      amount: { amount: 1250, currency: 'EUR' },
      providerOptions: { conomy: { checkoutToken: 'eur-1' } },
    });
    expect(sim.link(link.id)?.['totalAmount']).toBe('12.5');
    expect(link.amount).toEqual({ amount: 1250, currency: 'EUR' });
  });

  it('lists by unified status and pages through offsets', async () => {
    await start();
    const client = fromProvider(conomy(sim.adapterSettings()));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const link = await client.create({
        reference: `ref-${i}`,
        amount: { amount: 1000 + i, currency: 'CLP' },
        customer: { email: i === 4 ? 'vip@example.cl' : 'someone@example.cl' },
        // Only every other link is activated: the rest stay drafts.
        providerOptions: { conomy: { activate: i % 2 === 0 } },
      });
      ids.push(link.id);
    }
    const open: string[] = [];
    for await (const link of client.list({ status: ['open'], limit: 1 })) open.push(link.id);
    expect(open).toEqual([ids[0], ids[2], ids[4]]);
    const vip: string[] = [];
    for await (const link of client.list({ customerEmail: 'vip@example.cl' })) vip.push(link.id);
    expect(vip).toEqual([ids[4]]);
    expect((await client.reconcile('ref-3'))?.id).toBe(ids[3]);
    expect(await client.reconcile('ref-404')).toBeUndefined();
  });

  describe('one logical create', () => {
    const input = {
      reference: 'inv-77',
      amount: { amount: 4990, currency: 'CLP' },
      description: 'Invoice 77',
      successUrl: 'https://shop.example/paid',
    };

    it('leaves a draft, says so with its id, and a retry activates that draft without a second link', async () => {
      await start();
      const client = fromProvider(conomy({ ...sim.adapterSettings(), retry: { maxRetries: 0 } }));
      await client.te.get('warm-up')(); // obtains the token, so the next requests are the create's
      sim.faults.inject({ kind: 'delay', ms: 0 }); // the POST goes through...
      sim.faults.inject({ kind: 'status', status: 503 }); // ...the activation does not
      const failed = await client.te.create(input)();
      expect(E.isLeft(failed) && failed.left).toMatchObject({ _tag: 'ProviderError', operation: 'create' });
      const linkId = E.isLeft(failed) ? failed.left.linkId : undefined;
      expect(linkId).toBeTypeOf('string');
      expect(sim.link(linkId as string)?.['status']).toBe('ATTEMPT');
      expect(E.isLeft(failed) && failed.left.message).toContain(
        `payment link ${linkId} exists but is a draft`,
      );

      const retried = await client.create(input);
      expect(retried).toMatchObject({
        id: linkId,
        reference: 'inv-77',
        status: { unified: 'open', raw: 'ACTIVE' },
      });
      expect(sim.stats().linksCreated).toBe(1);
    });

    it('settles a create whose answer was lost by retrying it: one link, open', async () => {
      await start();
      const client = fromProvider(conomy({ ...sim.adapterSettings(), retry: { maxRetries: 0 } }));
      await client.te.get('warm-up')();
      sim.faults.inject({ kind: 'drop-after' });
      const lost = await client.te.create(input)();
      expect(E.isLeft(lost) && lost.left).toMatchObject({ _tag: 'NetworkError', ambiguous: true });
      expect(E.isLeft(lost) && lost.left.message).toContain('Retrying create with the same input is safe');
      const retried = await client.create(input);
      expect(retried.status.unified).toBe('open');
      expect(sim.stats().linksCreated).toBe(1);
    });

    it('refuses to adopt a live link of another amount under the same reference', async () => {
      await start();
      const client = fromProvider(conomy(sim.adapterSettings()));
      const first = await client.create(input);
      const other = await client.te.create({ ...input, amount: { amount: 100, currency: 'CLP' } })();
      expect(E.isLeft(other) && other.left).toMatchObject({ _tag: 'ConflictError', linkId: first.id });
      expect(sim.stats().linksCreated).toBe(1);
    });
  });

  it('runs standalone with default credentials', async () => {
    await start();
    expect(sim.credentials.apiKey).toBe('sim_test_key');
    expect(sim.adapterSettings()).toMatchObject({
      apiKey: 'sim_test_key',
      clientId: 'sim_client_id',
      clientSecret: 'sim_client_secret',
      webhookSecret: 'sim_webhook_secret',
      baseUrl: sim.baseUrl,
    });
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox$/);
  });
});
