import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

import { conomy, signConomyWebhook } from '@paylinks/conomy';
import { startConomySimulator } from '@paylinks/conomy/simulator';
import {
  createNodeWebhookHandler,
  createWebhookHandler,
  createWebhookReceiver,
  fromProvider,
  PaymentLinkException,
  WebhookDeduplicator,
  type CreatePaymentLinkInput,
  type PaymentLink,
  type PaymentLinks,
  type WebhookEvent,
  type WebhookHandlerOptions,
} from '@paylinks/core';
import { tamperWebhookBody, timeBudgetMs, type ProviderSimulator } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider, signHsaWebhook } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';
import { afterAll, describe, expect, it } from 'vitest';

import { recordResult, Tally, type ProviderId } from './support/results.js';

// Issue 20, findings 1, 7, 8 and 9: the webhook handlers under attack, on the three adapters.
// 1. Nothing a sender chose decides a duplicate: forged, renamed, re-keyed and re-signed
//    deliveries of a state already handled never reach onEvent again, and a flood of distinct
//    forged variants does not grow the de-duplication store.
// 7. A body that stalls or trickles is answered 408 at the read deadline (Node and Fetch forms).
// 8. Handler options and webhook secrets are checked at configuration.
// 9. Whatever a framework left (a parsed body) or a resolver threw, the sender gets a short JSON
//    answer: no stack trace, no file path, no next(error).

const figures: Record<string, Record<string, unknown>> = {};
const record = (subject: string, f: Record<string, unknown>) => {
  figures[subject] = { ...figures[subject], ...f };
};
afterAll(() => {
  for (const [subject, f] of Object.entries(figures))
    recordResult({ section: 'webhook-attack', subject, figures: f });
});

interface Captured {
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface AttackCase {
  readonly id: ProviderId;
  start(): Promise<ProviderSimulator>;
  client(sim: ProviderSimulator): PaymentLinks;
  input(sim: ProviderSimulator, reference: string, webhookUrl: string): CreatePaymentLinkInput;
}

const noRetries = { webhookRetryDelaysMs: [], webhookTimeoutMs: 10_000 } as const;
const order = (reference: string, currency: string): CreatePaymentLinkInput => ({
  reference,
  amount: { amount: 1995, currency },
  description: `Attack ${reference}`,
  successUrl: 'https://merchant.example/paid',
});
const cases: ReadonlyArray<AttackCase> = [
  {
    id: 'costplus',
    start: () => startCostplusSimulator(noRetries),
    client: (sim) => fromProvider(costplus(sim.adapterSettings() as never)),
    input: (_sim, reference, webhookUrl) => ({ ...order(reference, 'EUR'), webhookUrl }),
  },
  {
    id: 'conomy',
    start: () => startConomySimulator(noRetries),
    client: (sim) => fromProvider(conomy(sim.adapterSettings() as never)),
    input: (sim, reference, webhookUrl) => {
      sim.setWebhookUrl?.(webhookUrl);
      return { ...order(reference, 'EUR'), providerOptions: { conomy: { checkoutToken: reference } } };
    },
  },
  {
    id: 'hsa-provider',
    start: () => startHsaSimulator({ ...noRetries, rateLimitPerMinute: 1_000_000 }),
    client: (sim) => fromProvider(hsaProvider(sim.adapterSettings() as never)),
    input: (sim, reference, webhookUrl) => {
      sim.setWebhookUrl?.(webhookUrl);
      return order(reference, 'USD');
    },
  },
];

/** Headers of the connection, not of the delivery: a replay with another body sends its own. */
const hopByHop = new Set(['content-length', 'host', 'connection', 'transfer-encoding', 'keep-alive']);

/** Serves a Node handler on loopback; deliveries from the simulator are recorded on the way in. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>,
  captured: Captured[] = [],
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.headers['x-attack'] !== undefined) return void handler(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && !hopByHop.has(name)) headers[name] = value;
      captured.push({ headers, body: body.toString('utf8') });
      Object.assign(req, { body });
      void handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const post = async (url: string, headers: Record<string, string>, body: string) => {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'x-attack': '1' }, body });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
};

/** Stack frames, file paths and HTML: what must never reach a sender. */
const leaks = [/\bat .+\(/, /\.[cm]?[jt]s:\d+/, /node_modules/, /\/work\//, /<html|<pre/i];

/** Distinct forged (Cost+) or re-signed (Conomy, HSA) deliveries of one handled state sent at once. */
const floodSize = 200;

describe('finding 1: nothing a sender chose decides a duplicate', () => {
  for (const provider of cases) {
    // About 45 variants and a flood of 200, each re-fetching the link: 16 ms a delivery idle, 60 ms
    // measured beside the whole reliability suite on 2 cores; 250 ms each leaves room.
    const timeout = timeBudgetMs({ cases: 45 + floodSize, perCaseMs: 250, fixedMs: 20_000 });
    it(
      `${provider.id}: forged, renamed and re-signed deliveries of a handled state never reach onEvent again`,
      { timeout },
      async () => {
        const sim = await provider.start();
        const links = provider.client(sim);
        const handled: Array<{ event: WebhookEvent; link: PaymentLink }> = [];
        const store = new WebhookDeduplicator();
        const captured: Captured[] = [];
        const server = await serve(
          createNodeWebhookHandler(links, {
            onEvent: (event, link) => {
              handled.push({ event, link });
            },
            dedupe: store,
          }),
          captured,
        );
        const outcomes = new Tally();
        try {
          const created = await links.create(provider.input(sim, `attack-${provider.id}`, server.url));
          const link =
            created.status.unified === 'draft' && links.capabilities.activate
              ? await links.activate(created.id)
              : created;
          expect((await sim.checkout(link.url as string, 'failure')).status).toBe(303);
          await sim.webhooks.flush();
          expect((await sim.checkout(link.url as string, 'success')).status).toBe(303);
          await sim.webhooks.flush();
          expect(sim.webhooks.deliveries.filter((d) => !d.ok)).toEqual([]);
          const paidCalls = () => handled.filter((h) => h.link.status.unified === 'paid').length;
          expect(paidCalls()).toBe(1);
          // Each state reached onEvent once: no two calls saw the same (raw status, attempts).
          const states = handled.map((h) => JSON.stringify([h.link.status.raw, h.link.attempts]));
          expect(new Set(states).size).toBe(states.length);
          const genuineCalls = handled.length;

          const variants = attackVariants(provider.id, captured, sim);
          expect(variants.length).toBeGreaterThan(10);
          for (const variant of variants) {
            const answer = await post(server.url, variant.headers, variant.body);
            outcomes.add(`${variant.expect}:${answer.status}`);
            if (variant.expect === 'duplicate') {
              expect(answer, variant.name).toMatchObject({
                status: 200,
                body: { received: true, duplicate: true },
              });
            } else {
              expect(answer.status, variant.name).toBeGreaterThanOrEqual(400);
            }
          }
          expect(handled.length).toBe(genuineCalls);

          // A flood of distinct variants costs no memory: every one shows a state already remembered.
          const sizeBefore = store.size;
          const flood = floodVariants(provider.id, captured, sim, floodSize);
          await Promise.all(
            Array.from({ length: 6 }, async (_, lane) => {
              for (let i = lane; i < flood.length; i += 6) {
                const answer = await post(server.url, flood[i]!.headers, flood[i]!.body);
                expect(answer.status).toBe(200);
              }
            }),
          );
          expect(handled.length).toBe(genuineCalls);
          expect(store.size - sizeBefore).toBeLessThanOrEqual(provider.id === 'costplus' ? 0 : flood.length);
          record(provider.id, {
            duplicateAttacks: {
              tried: variants.length + flood.length,
              variants: variants.length,
              flood: flood.length,
              onEventCallsFromAttacks: handled.length - genuineCalls,
              dedupeStoreGrowth: store.size - sizeBefore,
              outcomes: outcomes.toJSON(),
            },
          });
        } finally {
          await server.close();
          await sim.close();
        }
      },
    );
  }
});

interface Variant {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** `duplicate`: a state already handled; `refused`: a 4xx/5xx, nothing handled. */
  readonly expect: 'duplicate' | 'refused';
}

const secretOf = (sim: ProviderSimulator) =>
  (sim.adapterSettings() as { webhookSecret: string }).webhookSecret;
const json = { 'content-type': 'application/json' };

function attackVariants(
  id: ProviderId,
  captured: ReadonlyArray<Captured>,
  sim: ProviderSimulator,
): Variant[] {
  const out: Variant[] = [];
  // Every genuine delivery again, as is: a replay.
  for (const [i, c] of captured.entries())
    out.push({ name: `replay ${i}`, headers: c.headers, body: c.body, expect: 'duplicate' });
  const last = captured.at(-1)!;
  const lastBody = JSON.parse(last.body) as Record<string, unknown>;
  if (id === 'costplus') {
    const orderId = lastBody['order_id'] as string;
    const base = { project_id: lastBody['project_id'], order_id: orderId };
    const named = (name: string, body: object | string) =>
      out.push({
        name,
        headers: json,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        expect: 'duplicate',
      });
    for (let i = 1; i <= 20; i++) named(`event x${i}`, { event: `x${i}`, ...base });
    named('status_changed', { event: 'status_changed', ...base });
    for (const status of ['completed', 'error', 'new', 'cancelled', 'bogus'])
      named(`transaction ${status}`, {
        event: 'transaction_status_changed',
        ...base,
        transaction_id: 'tx-forged',
        transaction_status: status,
      });
    named('forged event id', { event: 'status_changed', id: 'evt_forged', event_id: 'evt_forged', ...base });
    named('forged timestamps', {
      event: 'status_changed',
      created_at: '2001-01-01T00:00:00Z',
      occurred_at: 'never',
      ...base,
    });
    named(
      '__proto__ key',
      `{"event":"status_changed","order_id":"${orderId}","__proto__":{"polluted":true}}`,
    );
    named('constructor key', { event: 'status_changed', constructor: { prototype: 1 }, ...base });
    named('look-alike event name', { event: 'st\u0430tus_changed', ...base });
    named('NUL in event name', { event: 'status\u0000changed', ...base });
    named('100 KB event name', { event: 'x'.repeat(100_000), ...base });
    named('reformatted JSON', JSON.stringify({ event: 'status_changed', ...base }, null, 4));
    named('repeated key', `{"event":"a","event":"b","order_id":"${orderId}"}`);
    named('another project', {
      event: 'status_changed',
      project_id: '00000000-0000-4000-8000-00000000dead',
      order_id: orderId,
    });
    const refused = (name: string, body: object) =>
      out.push({ name, headers: json, body: JSON.stringify(body), expect: 'refused' });
    refused('unknown order', { event: 'status_changed', order_id: '00000000-0000-4000-8000-00000000f0f0' });
    refused('order id with a trailing space', { event: 'status_changed', order_id: `${orderId} ` });
    refused('order id upper-cased', { event: 'status_changed', order_id: orderId.toUpperCase() });
    refused('order id with NUL', { event: 'status_changed', order_id: `${orderId}\u0000` });
    refused('no order id', { event: 'status_changed' });
    return out;
  }
  for (const [i, c] of captured.entries()) {
    out.push({
      name: `tampered ${i}`,
      headers: c.headers,
      body: tamperWebhookBody(c.body),
      expect: 'refused',
    });
    const unsigned = { ...c.headers };
    for (const name of Object.keys(unsigned))
      if (/signature|authorization/i.test(name)) delete unsigned[name];
    const stripped = JSON.parse(c.body) as Record<string, unknown>;
    delete stripped['signature'];
    out.push({ name: `unsigned ${i}`, headers: unsigned, body: JSON.stringify(stripped), expect: 'refused' });
  }
  // Re-signed with the real secret under new event ids (what two genuine events for one state look like).
  out.push(...resignedVariants(id, last, sim, 8, 'signed'));
  return out;
}

/** Bodies of the last captured delivery with new event ids, signed with the simulator's secret. */
function resignedVariants(
  id: ProviderId,
  last: Captured,
  sim: ProviderSimulator,
  count: number,
  tag: string,
): Variant[] {
  const secret = secretOf(sim);
  const body = JSON.parse(last.body) as Record<string, unknown>;
  const out: Variant[] = [];
  for (let i = 0; i < count; i++) {
    if (id === 'hsa-provider') {
      const text = JSON.stringify({ ...body, id: `evt_${tag}_${i}` });
      out.push({
        name: `${tag} new id ${i}`,
        headers: { ...json, 'x-gale-signature': signHsaWebhook(secret, text, Math.floor(Date.now() / 1000)) },
        body: text,
        expect: 'duplicate',
      });
    } else {
      // Conomy's event id is (event, transaction id, status): a new event name makes a new id.
      const signed = signConomyWebhook(secret, {
        event: `Transaction.${tag}${i}`,
        data: body['data'],
      } as never);
      out.push({
        name: `${tag} new event ${i}`,
        headers: signed.headers,
        body: signed.rawBody,
        expect: 'duplicate',
      });
    }
  }
  return out;
}

function floodVariants(
  id: ProviderId,
  captured: ReadonlyArray<Captured>,
  sim: ProviderSimulator,
  count: number,
): Variant[] {
  const last = captured.at(-1)!;
  if (id !== 'costplus') return resignedVariants(id, last, sim, count, 'flood');
  const orderId = (JSON.parse(last.body) as { order_id: string }).order_id;
  return Array.from({ length: count }, (_, i) => ({
    name: `flood ${i}`,
    headers: json,
    body: JSON.stringify({ event: `flood-${i}-${'z'.repeat(i)}`, order_id: orderId, id: `f${i}` }),
    expect: 'duplicate' as const,
  }));
}

/** Sends a POST head declaring 1000 bytes, then `drip` every 25 ms (nothing when empty); answers what came back. */
async function stall(url: string, first: string, drip: string): Promise<string> {
  const { port, pathname } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(
    `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-attack: 1\r\nContent-Length: 1000\r\n\r\n${first}`,
  );
  const timer = drip === '' ? undefined : setInterval(() => socket.write(drip), 25);
  let received = '';
  try {
    await new Promise<void>((resolve) => {
      const giveUp = setTimeout(resolve, 30_000);
      const done = () => {
        clearTimeout(giveUp);
        resolve();
      };
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (/\r\n\r\n[\s\S]*\}/.test(received)) done();
      });
      socket.on('close', done);
      socket.on('error', done);
    });
  } finally {
    clearInterval(timer);
    socket.destroy();
  }
  return received;
}

describe('finding 7: every body read has a deadline', () => {
  for (const provider of cases) {
    // 5 stalled bodies, each ended by a 200 ms deadline (about 1 s in all idle).
    const timeout = timeBudgetMs({ cases: 5, perCaseMs: 3_000, fixedMs: 10_000 });
    it(
      `${provider.id}: a stalled or trickling body is answered 408 body_timeout (Node and Fetch)`,
      { timeout },
      async () => {
        const sim = await provider.start();
        const links = provider.client(sim);
        const handled: unknown[] = [];
        const options: WebhookHandlerOptions = {
          onEvent: (event) => {
            handled.push(event);
          },
          readTimeoutMs: 200,
        };
        const server = await serve(createNodeWebhookHandler(links, options));
        const fetchHandler = createWebhookHandler(links, options);
        let tried = 0;
        try {
          for (const [name, first, drip] of [
            ['trickle 4 bytes / 25 ms', '', '{"a"'],
            ['headers, then nothing', '', ''],
            ['half a body, then nothing', '{"event":"status_changed","order_id":"', ''],
          ] as const) {
            tried++;
            const received = await stall(server.url, first, drip);
            expect(received, name).toMatch(/^HTTP\/1\.1 408 /);
            expect(received, name).toContain('"error":"body_timeout"');
          }
          for (const [name, source] of [
            [
              'stalled stream',
              (c: ReadableStreamDefaultController<Uint8Array>) => c.enqueue(new TextEncoder().encode('{"')),
            ],
            [
              'trickling stream',
              (c: ReadableStreamDefaultController<Uint8Array>) => {
                const timer = setInterval(() => {
                  try {
                    c.enqueue(new TextEncoder().encode('{"a"'));
                  } catch {
                    clearInterval(timer);
                  }
                }, 25);
              },
            ],
          ] as const) {
            tried++;
            let cancelled = false;
            const request = new Request('http://127.0.0.1/webhooks', {
              method: 'POST',
              body: new ReadableStream<Uint8Array>({ start: source, cancel: () => void (cancelled = true) }),
              duplex: 'half',
            } as RequestInit);
            const response = await fetchHandler(request);
            expect(response.status, name).toBe(408);
            expect(await response.json()).toEqual({ received: false, error: 'body_timeout' });
            expect(cancelled, name).toBe(true);
          }
          expect(handled).toEqual([]);
          record(provider.id, { readDeadline: { tried, answered408: tried } });
        } finally {
          await server.close();
          await sim.close();
        }
      },
    );
  }
});

describe('finding 8: options and secrets are checked at configuration', () => {
  const links = fromProvider(
    hsaProvider({
      apiKey: 'glm_test_key',
      webhookSecret: 'whsec_attack_options',
      baseUrl: 'http://127.0.0.1:9',
    }),
  );
  const onEvent = () => undefined;
  const refused = (options: unknown) => {
    for (const create of [createWebhookHandler, createNodeWebhookHandler, createWebhookReceiver]) {
      let thrown: unknown;
      try {
        create(links, options as WebhookHandlerOptions);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(PaymentLinkException);
      expect((thrown as PaymentLinkException).error._tag).toBe('ValidationError');
    }
    return true;
  };

  it('refuses unknown keys, bad values and a missing onEvent in all three handler forms', () => {
    let tried = 0;
    const typos: Array<[string, string | undefined]> = [
      ['maxbytes', 'maxBytes'],
      ['MaxBytes', 'maxBytes'],
      ['max_bytes', 'maxBytes'],
      ['readTimeout', 'readTimeoutMs'],
      ['timeout', 'timeoutMs'],
      ['onevent', 'onEvent'],
      ['dedup', 'dedupe'],
      ['__proto__', undefined],
      ['constructor', undefined],
    ];
    for (const [key, suggestion] of typos) {
      tried++;
      const options = JSON.parse(`{"${key}": 1}`) as Record<string, unknown>;
      options['onEvent'] = onEvent;
      try {
        createNodeWebhookHandler(links, options as never);
        throw new Error(`accepted ${key}`);
      } catch (error) {
        const e = (error as PaymentLinkException).error as { field: string; message: string };
        expect(e.field).toBe(`options.${key}`);
        if (suggestion !== undefined) expect(e.message).toContain(`did you mean ${suggestion}?`);
      }
      refused(options);
    }
    for (const key of ['maxBytes', 'timeoutMs', 'readTimeoutMs']) {
      for (const bad of [Number.NaN, -1, 0, 1.5, Infinity, -Infinity, 1e12, '10s', null, {}]) {
        tried++;
        refused({ onEvent, [key]: bad });
      }
    }
    for (const options of [
      {},
      { onEvent: 'fulfil' },
      { onEvent: null },
      { onEvent: {} },
      undefined,
      null,
      [],
      'x',
    ]) {
      tried++;
      refused(options);
    }
    for (const extra of [
      { dedupe: true },
      { dedupe: {} },
      { dedupe: { firstTime: 1 } },
      { onError: 'log' },
    ]) {
      tried++;
      refused({ onEvent, ...extra });
    }
    record('options', { handlerOptions: { tried, refusedInEachForm: tried } });
  });

  const badSecrets = [
    'whsec_file\n',
    'whsec_crlf\r\n',
    ' whsec_leading',
    'whsec_trailing ',
    '\twhsec_tab',
    'whsec\u0000nul',
    'whsec\u001besc',
    'whsec\u007fdel',
    'whsec\u0085nel',
    '\ufeffwhsec_bom',
    'whsec\u2028sep',
    'whsec_nbsp\u00a0',
    'abc\n',
  ];
  for (const [id, make] of [
    [
      'conomy',
      (webhookSecret: unknown) =>
        conomy({ apiKey: 'k_attack', accessToken: 't_attack', webhookSecret } as never),
    ],
    [
      'hsa-provider',
      (webhookSecret: unknown) => hsaProvider({ apiKey: 'glm_attack', webhookSecret } as never),
    ],
  ] as const) {
    it(`${id}: refuses webhook secrets with surrounding whitespace or control characters, never echoing them`, () => {
      let tried = 0;
      for (const secret of badSecrets) {
        for (const value of [secret, ['whsec_good_one', secret]]) {
          tried++;
          let thrown: unknown;
          try {
            make(value);
          } catch (error) {
            thrown = error;
          }
          expect(thrown, JSON.stringify(value)).toBeInstanceOf(PaymentLinkException);
          const error = (thrown as PaymentLinkException).error as { field: string };
          expect(error.field).toMatch(new RegExp(`^${id}\\.webhookSecret`));
          const text =
            JSON.stringify(error) + String((thrown as Error).message) + String((thrown as Error).stack);
          for (const form of [secret, secret.trim(), JSON.stringify(secret).slice(1, -1)])
            if (form.length >= 3) expect(text).not.toContain(form);
        }
      }
      expect(() => make('whsec_clean_secret')).not.toThrow();
      record(id, { secrets: { tried, refused: tried } });
    });
  }
});

describe('finding 9: the sender never gets a stack trace', () => {
  for (const provider of cases) {
    it(`${provider.id}: a parsed body or a throwing resolver is answered in short JSON, never passed to next`, async () => {
      const sim = await provider.start();
      const real = provider.client(sim);
      const reported: string[] = [];
      const nexts: unknown[] = [];
      const parsedBodies: Array<[string, unknown]> = [
        ['express.json() object', { event: 'status_changed', order_id: 'o1' }],
        ['urlencoded null-prototype object', Object.assign(Object.create(null) as object, { a: '1' })],
        ['JSON array', [1, 2]],
        ['JSON number', 42],
      ];
      const throwing = {
        te: {
          resolveWebhook: () => () => {
            throw new Error(`resolver exploded at ${import.meta.url}`);
          },
        },
      } as unknown as PaymentLinks;
      let tried = 0;
      for (const [label, links] of [
        ['real', real],
        ['throwing', throwing],
      ] as const) {
        const handler = createNodeWebhookHandler(links, {
          onEvent: () => undefined,
          onError: (_error, { stage }) => reported.push(stage),
        });
        const server = await serve(async () => undefined);
        server.server.removeAllListeners('request');
        server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
          const mode = String(req.headers['x-mode']);
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            const parsed = parsedBodies.find(([name]) => name === mode);
            if (parsed !== undefined) Object.assign(req, { body: parsed[1] });
            else Object.assign(req, { body: Buffer.concat(chunks) });
            void handler(req, res, (error) => {
              nexts.push(error);
              res
                .writeHead(500, { 'content-type': 'text/html' })
                .end(`<pre>${String((error as Error).stack)}</pre>`);
            });
          });
        });
        try {
          const modes = label === 'real' ? parsedBodies.map(([name]) => name) : ['raw bytes'];
          for (const mode of modes) {
            tried++;
            const answer = await post(
              server.url,
              { ...json, 'x-mode': mode },
              '{"event":"status_changed","order_id":"o1"}',
            );
            expect(answer.status, mode).toBe(500);
            expect(answer.body.received).toBe(false);
            expect(['body_already_parsed', 'internal_error']).toContain(answer.body.error);
            for (const leak of leaks) expect(answer.text, mode).not.toMatch(leak);
          }
        } finally {
          await server.close();
        }
      }
      expect(nexts).toEqual([]);
      expect(reported.length).toBe(tried);
      record(provider.id, { noStackTraces: { tried, shortJson500: tried, nextCalls: nexts.length } });
      await sim.close();
    });
  }
});
