import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

import {
  type CreatePaymentLinkInput,
  fromProvider,
  type PaymentLink,
  type PaymentLinkError,
  type PaymentLinkProvider,
  PaymentLinkException,
} from '@paylinks/core';
import { createLedgerClient } from '@paylinks/ledger';
import { startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { createPostgresLedger, migrate } from '@paylinks/postgres';
import * as E from 'fp-ts/lib/Either.js';
import nock from 'nock';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { recordResult } from './support/results.js';

// Issue 20, findings 3 to 5, through the real Cost+ adapter and its simulator on the PostgreSQL
// ledger: what an attacker, a careless caller or a broken database can send the ledger. Each case
// is counted; the figures go to RELIABILITY.md ("New surfaces under attack").

let sim: CostplusSimulator;
let receiver: WebhookReceiver;
let pool: pg.Pool;
let schema: string;
const tried = { refusedInputs: 0, lookAlikes: 0, foreignLinks: 0, unstorableText: 0, databaseDown: 0 };

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  receiver = await startWebhookReceiver();
  sim = await startCostplusSimulator({ webhookRetryDelaysMs: [200, 1000] });
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
  schema = `attack_${randomBytes(4).toString('hex')}`;
  await migrate(pool, { schema });
});
afterAll(async () => {
  recordResult({ section: 'ledger-attacks', subject: 'postgres', figures: tried });
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await sim.close();
  await receiver.close();
  nock.enableNetConnect();
});

const settings = () => sim.adapterSettings() as { apiKey: string };
const input = (reference: string, extra: Partial<CreatePaymentLinkInput> = {}): CreatePaymentLinkInput => ({
  reference,
  amount: { amount: 995, currency: 'EUR' },
  successUrl: 'https://shop.example/ok',
  failureUrl: 'https://shop.example/failed',
  webhookUrl: receiver.url,
  ...extra,
});
const client = (provider: PaymentLinkProvider = costplus(settings())) =>
  createLedgerClient({
    ledger: createPostgresLedger({ pool, schema }),
    links: { costplus: fromProvider(provider) },
  });

async function tagOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof PaymentLinkException)) return `raw ${String(error).slice(0, 80)}`;
    return `${error._tag}${error.retryable ? ' retryable' : ''}`;
  }
}

/** The webhooks a link's checkout sent, as the platform's route receives them. */
async function webhooksAfterCheckout(
  url: string,
): Promise<Array<{ headers: Record<string, string>; rawBody: Buffer }>> {
  const before = receiver.received.length;
  await sim.checkout(url, 'success');
  await receiver.waitFor(before + 1, 30_000);
  return receiver.received.slice(before).map((w) => ({
    headers: Object.fromEntries(
      Object.entries(w.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
    ),
    rawBody: w.rawBody,
  }));
}

describe('the ledger under attack (Cost+ simulator, PostgreSQL)', { timeout: 60_000 }, () => {
  it('refuses references no database can key, before any write or request', async () => {
    const paylinks = client();
    const made = sim.stats().linksCreated;
    const hostile = [
      'r'.repeat(1024 * 1024),
      'inv\u0000-1',
      'inv\n-1',
      'inv-\ud800',
      'inv\u007f',
      'inv\u0085',
    ];
    for (const reference of hostile) {
      tried.refusedInputs += 1;
      expect(
        await tagOf(paylinks.create('costplus', input(reference))),
        JSON.stringify(reference.slice(0, 12)),
      ).toBe('ValidationError');
    }
    expect(sim.stats().linksCreated).toBe(made);
    expect(await paylinks.ledger.intents()).toEqual([]);
  });

  it('makes one link for one visible reference, typed in NFC or NFD', async () => {
    const paylinks = client();
    const made = sim.stats().linksCreated;
    const forms = ['Rechnung-Größe-\u00e9', 'Rechnung-Gro\u0308\u00dfe-e\u0301'];
    const links = await Promise.all(forms.map((reference) => paylinks.create('costplus', input(reference))));
    tried.lookAlikes += forms.length;
    expect(new Set(links.map((l) => l.id)).size).toBe(1);
    expect(sim.stats().linksCreated).toBe(made + 1);
    expect(sim.link(links[0]!.id)?.['merchant_order_id']).toBe('Rechnung-Größe-\u00e9'.normalize('NFC'));
  });

  it('records a paid link it never created as foreign and queues no fulfilment', async () => {
    const paylinks = client();
    // Made in the dashboard (straight at the provider), then paid.
    const outside = await fromProvider(costplus(settings())).create(
      input(`outside-${randomBytes(3).toString('hex')}`),
    );
    const outcomes = [];
    for (const webhook of await webhooksAfterCheckout(outside.url!)) {
      tried.foreignLinks += 1;
      outcomes.push((await paylinks.handleWebhook('costplus', webhook)).outcome);
    }
    expect(outcomes.every((o) => o === 'foreign' || o === 'duplicate')).toBe(true);
    expect(outcomes).toContain('foreign');
    expect((await paylinks.ledger.link('costplus', outside.id))?.status.unified).toBe('paid');
    const fulfilments = await paylinks.ledger.claimFulfilments({
      owner: 'attack',
      leaseMs: 1000,
      limit: 100,
    });
    expect(fulfilments.filter((f) => f.linkId === outside.id)).toEqual([]);
  });

  it('records a link the provider shows with NUL and a lone surrogate in its description, and gives it back exactly', async () => {
    const base = costplus(settings());
    const description = 'Order \u0000 with NUL \ud800 and a lone surrogate';
    // The provider (or a hostile one) answers the re-fetch with text PostgreSQL cannot hold as is.
    const withText = (got: E.Either<PaymentLinkError, PaymentLink>) =>
      E.isLeft(got) ? got : E.right({ ...got.right, raw: { ...(got.right.raw as object), description } });
    const hostile: PaymentLinkProvider = {
      ...base,
      get: (id, options) => async () => withText(await base.get(id, options)()),
      resolveWebhookLink: (event) => async () => withText(await base.resolveWebhookLink!(event)()),
    };
    const paylinks = client(hostile);
    const link = await paylinks.create('costplus', input(`nul-${randomBytes(3).toString('hex')}`));
    const outcomes = [];
    for (const webhook of await webhooksAfterCheckout(link.url!)) {
      tried.unstorableText += 1;
      outcomes.push((await paylinks.handleWebhook('costplus', webhook)).outcome);
    }
    expect(outcomes).toContain('applied');
    const held = await paylinks.ledger.link('costplus', link.id);
    expect(held?.status.unified).toBe('paid');
    expect((held?.body as { description?: string }).description).toBe(description);
  });

  it('answers a database that is down with a retryable error: the README route answers 503', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = new pg.Pool({ connectionString: `postgres://u:p@127.0.0.1:${port}/x` });
    try {
      const paylinks = createLedgerClient({
        ledger: createPostgresLedger({ pool: down }),
        links: { costplus: fromProvider(costplus(settings())) },
      });
      const link = await fromProvider(costplus(settings())).create(
        input(`down-${randomBytes(3).toString('hex')}`),
      );
      const [webhook] = await webhooksAfterCheckout(link.url!);
      // The route of packages/postgres/README.md: 400 for a forged notification, 503 for the rest.
      const route = async (call: Promise<unknown>) => {
        try {
          await call;
          return 200;
        } catch (error) {
          const bad = error instanceof PaymentLinkException && error._tag === 'WebhookVerificationError';
          return bad ? 400 : 503;
        }
      };
      tried.databaseDown += 2;
      expect(await tagOf(paylinks.create('costplus', input('down-create')))).toBe('NetworkError retryable');
      expect(await tagOf(paylinks.handleWebhook('costplus', webhook!))).toBe('NetworkError retryable');
      expect(await route(paylinks.handleWebhook('costplus', webhook!))).toBe(503);
    } finally {
      await down.end();
    }
  });
});
