import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, describe, expect, it } from 'vitest';

import { noCapabilities, testLink, testProvider } from '../__tests__/test-provider.js';
import { fromProvider } from '../client/client.js';
import {
  networkError,
  PaymentLinkException,
  type PaymentLinkError,
  type ValidationError,
} from '../model/errors.js';
import { reportedAttempts, type PaymentLink } from '../model/model.js';
import { linkStatus } from '../model/status.js';
import {
  createNodeWebhookHandler,
  createWebhookHandler,
  createWebhookReceiver,
  WebhookBodyConsumedError,
  type WebhookHandlerOptions,
} from './webhook-handler.js';
import {
  headerValue,
  readWebhookJson,
  signTimestamped,
  verifyTimestampedSignature,
  type WebhookEvent,
} from './webhook.js';

const secret = 'whsec_handler_test_5d8e1f';
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Setup {
  secret?: string | undefined;
  get?: (id: string) => TE.TaskEither<PaymentLinkError, PaymentLink>;
}

/** A client over a provider that signs like HSA (`X-Sig: t=,v1=`) and whose events carry an id. */
function client(setup: Setup = {}) {
  return fromProvider(
    testProvider({
      capabilities: { ...noCapabilities, signedWebhooks: true },
      get: setup.get ?? ((id) => TE.right(testLink(id, 'test'))),
      parseWebhook: (request) => {
        const configured = 'secret' in setup ? setup.secret : secret;
        if (configured === undefined) {
          return E.left({
            _tag: 'WebhookVerificationError',
            provider: 'test',
            reason: 'missing_secret',
            message: 'no secret',
            retryable: false,
          } as PaymentLinkError);
        }
        const read = readWebhookJson('test', request.rawBody);
        if (E.isLeft(read)) return read;
        const verified = verifyTimestampedSignature({
          provider: 'test',
          header: headerValue(request.headers, 'x-sig'),
          headerName: 'X-Sig',
          rawBody: read.right.bytes,
          secret: configured,
          now: new Date(),
        });
        if (E.isLeft(verified)) return verified;
        const body = read.right.body as { id: string; link: string };
        const event: WebhookEvent = {
          provider: 'test',
          type: 'link.paid',
          rawType: 'payment_link.paid',
          eventId: body.id,
          linkId: body.link,
          verified: true,
          raw: body,
        };
        return E.right(event);
      },
    }),
  );
}

const signed = (body: string, key = secret) => ({
  'content-type': 'application/json',
  'x-sig': signTimestamped(key, body, nowSeconds()),
});
const eventBody = (id: string, link = 'plink_1') => JSON.stringify({ id, link });
const post = (body: string, headers: Record<string, string> = signed(body)) =>
  new Request('http://127.0.0.1/webhooks', { method: 'POST', headers, body });

function recorder(extra: Partial<WebhookHandlerOptions> = {}) {
  const handled: Array<{ event: WebhookEvent; link: PaymentLink }> = [];
  const errors: Array<{ error: unknown; stage: string }> = [];
  const options: WebhookHandlerOptions = {
    onEvent: (event, link) => {
      handled.push({ event, link });
    },
    onError: (error, context) => errors.push({ error, stage: context.stage }),
    ...extra,
  };
  return { handled, errors, options };
}

async function answer(response: Response) {
  const text = await response.text();
  expect(text).not.toContain(secret);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('createWebhookHandler (Fetch)', () => {
  it('verifies, resolves the link and calls onEvent once; a duplicate is answered 200 without a second call', async () => {
    const { handled, options } = recorder();
    const handle = createWebhookHandler(client(), options);
    const body = eventBody('evt_1');
    expect(await answer(await handle(post(body)))).toEqual({ status: 200, body: { received: true } });
    expect(handled).toHaveLength(1);
    expect(handled[0]?.event).toMatchObject({ eventId: 'evt_1', linkId: 'plink_1', verified: true });
    expect(handled[0]?.link.id).toBe('plink_1');
    expect(await answer(await handle(post(body)))).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    expect(handled).toHaveLength(1);
  });

  it('answers 400 with a short reason for a tampered, unsigned or unreadable notification', async () => {
    const { handled, options } = recorder();
    const handle = createWebhookHandler(client(), options);
    const body = eventBody('evt_2');
    const tampered = body.replace('plink_1', 'plink_9');
    expect(await answer(await handle(post(tampered, signed(body))))).toEqual({
      status: 400,
      body: { received: false, error: 'signature_mismatch' },
    });
    expect((await answer(await handle(post(body, {})))).body.error).toBe('missing_signature');
    expect((await answer(await handle(post(body, signed(body, 'whsec_other'))))).body.error).toBe(
      'signature_mismatch',
    );
    expect((await answer(await handle(post('', signed(''))))).body.error).toBe('empty_body');
    expect((await answer(await handle(post('{oops', signed('{oops'))))).body.error).toBe('malformed_body');
    expect(handled).toEqual([]);
  });

  it('answers 413 past maxBytes, whether the length is declared or streamed, and 405 to other methods', async () => {
    const { handled, options } = recorder({ maxBytes: 1024 });
    const handle = createWebhookHandler(client(), options);
    const big = JSON.stringify({ id: 'evt_3', link: 'plink_1', pad: 'x'.repeat(2000) });
    expect(await answer(await handle(post(big)))).toEqual({
      status: 413,
      body: { received: false, error: 'body_too_large' },
    });
    const streamed = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      headers: signed(big),
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await handle(streamed)).status).toBe(413);
    const declared = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      headers: { ...signed(big), 'content-length': String(10 * 1024 * 1024) },
      body: big,
    });
    expect((await handle(declared)).status).toBe(413);
    const get = await handle(new Request('http://127.0.0.1/webhooks'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(handled).toEqual([]);
  });

  it('answers 500 when onEvent throws, and handles the provider retry as new', async () => {
    let fail = true;
    const { handled, errors, options } = recorder({
      onEvent: (event, link) => {
        if (fail) throw new Error(`database down (${secret})`);
        handled.push({ event, link });
      },
    });
    const handle = createWebhookHandler(client(), options);
    const body = eventBody('evt_4');
    expect(await answer(await handle(post(body)))).toEqual({
      status: 500,
      body: { received: false, error: 'handler_failed' },
    });
    expect(errors.map((e) => e.stage)).toEqual(['onEvent']);
    fail = false;
    expect((await handle(post(body))).status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it('answers 500 without a configured secret and 502 when the link cannot be re-fetched', async () => {
    const unconfigured = recorder();
    const noSecret = createWebhookHandler(client({ secret: undefined }), unconfigured.options);
    const body = eventBody('evt_5');
    expect(await answer(await noSecret(post(body)))).toEqual({
      status: 500,
      body: { received: false, error: 'missing_secret' },
    });
    const down = recorder();
    const unreachable = createWebhookHandler(
      client({
        get: () =>
          TE.left(
            networkError({
              provider: 'test',
              operation: 'get',
              code: 'ECONNREFUSED',
              ambiguous: false,
              message: 'refused',
            }),
          ),
      }),
      down.options,
    );
    expect(await answer(await unreachable(post(body)))).toEqual({
      status: 502,
      body: { received: false, error: 'resolve_failed' },
    });
    expect(down.errors).toMatchObject([{ stage: 'resolve', error: { _tag: 'NetworkError' } }]);
    // Nothing was handled, so nothing was remembered: the retry goes through once the link can be fetched.
    expect(unconfigured.handled).toEqual([]);
  });

  it('says so when something already read the Request body', async () => {
    const { errors, options } = recorder();
    const handle = createWebhookHandler(client(), options);
    const request = post(eventBody('evt_6'));
    await request.text();
    const { status, body } = await answer(await handle(request));
    expect(status).toBe(500);
    expect(body.error).toBe('body_already_read');
    expect(errors[0]?.error).toBeInstanceOf(WebhookBodyConsumedError);
  });

  it('takes a pluggable de-duplication store, and can handle every delivery', async () => {
    const claimed: string[] = [];
    const store = { firstTime: async (key: string) => (claimed.includes(key) ? false : !!claimed.push(key)) };
    const { handled, options } = recorder({ dedupe: store });
    const handle = createWebhookHandler(client(), options);
    const body = eventBody('evt_7');
    await handle(post(body));
    expect((await answer(await handle(post(body)))).body.duplicate).toBe(true);
    // The signed event id, then the link's state (provider, id, raw status, attempts) as a digest.
    expect(claimed).toEqual(['test:evt_7', expect.stringMatching(/^test:state:[0-9a-f]{64}$/)]);
    expect(handled).toHaveLength(1);
    const every = recorder({ dedupe: false });
    const handleAll = createWebhookHandler(client(), every.options);
    await handleAll(post(body));
    await handleAll(post(body));
    expect(every.handled).toHaveLength(2);
  });

  it('has a framework-free receiver for bodies already read', async () => {
    const { handled, options } = recorder();
    const receive = createWebhookReceiver(client(), options);
    const body = eventBody('evt_8');
    expect(await receive({ headers: signed(body), rawBody: Buffer.from(body) })).toEqual({
      status: 200,
      body: { received: true },
    });
    expect((await receive({ method: 'PUT', headers: {}, rawBody: '' })).status).toBe(405);
    expect((await receive({ headers: {}, rawBody: { parsed: true } as never })).status).toBe(400);
    expect(handled).toHaveLength(1);
  });
});

describe('createNodeWebhookHandler', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const closing = server;
    if (closing === undefined) return;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    server = undefined;
  });

  async function serve(
    handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
  ): Promise<string> {
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  }

  const send = async (url: string, body: string, headers: Record<string, string> = signed(body)) =>
    answer(await fetch(url, { method: 'POST', headers, body }));

  it('reads the raw body from the stream: genuine, duplicate, tampered, oversized', async () => {
    const { handled, options } = recorder({ maxBytes: 4096 });
    const url = await serve(createNodeWebhookHandler(client(), options));
    const body = eventBody('evt_n1');
    expect(await send(url, body)).toEqual({ status: 200, body: { received: true } });
    expect(await send(url, body)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect((await send(url, body.replace('plink_1', 'plink_2'), signed(body))).status).toBe(400);
    const big = JSON.stringify({ id: 'evt_n2', link: 'plink_1', pad: 'x'.repeat(10_000) });
    expect(await send(url, big)).toEqual({ status: 413, body: { received: false, error: 'body_too_large' } });
    expect(handled).toHaveLength(1);
  });

  it('uses bytes a raw-body parser left on req.body or req.rawBody', async () => {
    const { handled, options } = recorder();
    const handle = createNodeWebhookHandler(client(), options);
    const url = await serve(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      Object.assign(req, req.headers['x-form'] === 'rawBody' ? { body: {}, rawBody: raw } : { body: raw });
      await handle(req, res);
    });
    const first = eventBody('evt_n3');
    expect((await send(url, first)).status).toBe(200);
    const second = eventBody('evt_n4', 'plink_2');
    expect((await send(url, second, { ...signed(second), 'x-form': 'rawBody' })).status).toBe(200);
    expect(handled.map((h) => h.event.eventId)).toEqual(['evt_n3', 'evt_n4']);
  });

  it("reads the stream when a parser set req.body but left the body unread (Express 4's parsers do)", async () => {
    const { handled, options } = recorder();
    const handle = createNodeWebhookHandler(client(), options);
    const url = await serve(async (req, res) => {
      Object.assign(req, { body: {} });
      await handle(req, res);
    });
    expect((await send(url, eventBody('evt_n6'))).status).toBe(200);
    expect(handled.map((h) => h.event.eventId)).toEqual(['evt_n6']);
  });

  it('refuses to guess after a JSON body parser: answers 500 JSON saying how to mount it, never next()', async () => {
    const { handled, errors, options } = recorder();
    const handle = createNodeWebhookHandler(client(), options);
    const passed: unknown[] = [];
    const url = await serve(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      await handle(req, res, (error) => {
        passed.push(error);
        res.writeHead(500).end(String((error as Error).stack));
      });
    });
    const body = eventBody('evt_n5');
    const direct = await send(url, body);
    expect(direct.status).toBe(500);
    expect(direct.body.error).toBe('body_already_parsed');
    expect(String(direct.body.message)).toMatch(/express\.json\(\)/);
    expect(JSON.stringify(direct.body)).not.toMatch(/ at |\.ts:|\.js:|node_modules/);
    expect(passed).toEqual([]);
    expect(errors[0]?.error).toBeInstanceOf(WebhookBodyConsumedError);
    expect(handled).toEqual([]);
  });
});

/** A client over a provider that signs nothing (as Cost+): every field of the body is the sender's word. */
function unsignedClient(state: { status: string; attempts: number }) {
  return fromProvider(
    testProvider({
      capabilities: noCapabilities,
      get: (id) =>
        TE.right({
          ...testLink(id, 'test'),
          status: linkStatus(state.status === 'completed' ? 'paid' : 'open', state.status),
          attempts: reportedAttempts(
            Array.from({ length: state.attempts }, (_, i) => ({
              id: `a${i}`,
              status: { unified: 'failed' as const, raw: 'error' },
            })),
          ),
        }),
      parseWebhook: (request) => {
        const read = readWebhookJson('test', request.rawBody);
        if (E.isLeft(read)) return read;
        const body = read.right.body as { event: string; order_id: string; id?: string; at?: string };
        const event: WebhookEvent = {
          provider: 'test',
          type: 'link.updated',
          rawType: body.event,
          linkId: body.order_id,
          ...(body.id !== undefined ? { eventId: body.id } : {}),
          ...(body.at !== undefined ? { occurredAt: new Date(body.at) } : {}),
          verified: false,
          raw: body,
        };
        return E.right(event);
      },
    }),
  );
}

describe('de-duplication by the re-fetched state (issue 20, finding 1)', () => {
  const unsigned = (body: object) =>
    new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('calls onEvent once per state of an unsigned link, whatever event names, ids and times the sender writes', async () => {
    const state = { status: 'completed', attempts: 1 };
    const { handled, options } = recorder();
    const handle = createWebhookHandler(unsignedClient(state), options);
    const variants = [
      ...Array.from({ length: 20 }, (_, i) => ({ event: `x${i + 1}`, order_id: 'o1' })),
      { event: 'status_changed', order_id: 'o1' },
      { event: 'transaction_status_changed', order_id: 'o1', transaction_status: 'completed' },
      { event: 'status_changed', order_id: 'o1', id: 'forged-1', at: '2020-01-01T00:00:00Z' },
      { event: 'status_changed', order_id: 'o1', at: 'not a date' },
    ];
    const statuses = [];
    for (const body of variants) statuses.push((await answer(await handle(unsigned(body)))).body);
    expect(handled).toHaveLength(1);
    expect(statuses[0]).toEqual({ received: true });
    expect(statuses.slice(1).every((b) => b['duplicate'] === true)).toBe(true);
  });

  it('still calls onEvent for a real change: an attempt failed, then the link was paid', async () => {
    const state = { status: 'new', attempts: 0 };
    const { handled, options } = recorder();
    const handle = createWebhookHandler(unsignedClient(state), options);
    await handle(unsigned({ event: 'status_changed', order_id: 'o1' }));
    state.attempts = 1;
    state.status = 'all_unsuccessful';
    await handle(unsigned({ event: 'status_changed', order_id: 'o1' }));
    await handle(unsigned({ event: 'transaction_status_changed', order_id: 'o1' }));
    state.attempts = 2;
    state.status = 'completed';
    await handle(unsigned({ event: 'status_changed', order_id: 'o1' }));
    await handle(unsigned({ event: 'x2', order_id: 'o1' }));
    expect(handled.map((h) => h.link.status.raw)).toEqual(['new', 'all_unsuccessful', 'completed']);
  });

  it('hands one state of a signed link to onEvent once, and keeps a signed replay a duplicate after the link moved on', async () => {
    const { handled, options } = recorder();
    let status = 'new';
    const handle = createWebhookHandler(
      client({ get: (id) => TE.right({ ...testLink(id, 'test'), status: linkStatus('open', status) }) }),
      options,
    );
    expect((await answer(await handle(post(eventBody('evt_a'))))).body).toEqual({ received: true });
    // Another signed event (another id) that shows the same state: not a second call.
    expect((await answer(await handle(post(eventBody('evt_b'))))).body.duplicate).toBe(true);
    status = 'processing';
    // A replay of the first signed event, once the link moved on: still a duplicate (its id was handled).
    expect((await answer(await handle(post(eventBody('evt_a'))))).body.duplicate).toBe(true);
    expect((await answer(await handle(post(eventBody('evt_c'))))).body).toEqual({ received: true });
    expect(handled.map((h) => [h.event.eventId, h.link.status.raw])).toEqual([
      ['evt_a', 'new'],
      ['evt_c', 'processing'],
    ]);
  });

  it('keeps one bounded key for a flood of forged variants of one state', async () => {
    const keys = new Set<string>();
    const store = { firstTime: (key: string) => (keys.has(key) ? false : !!keys.add(key)) };
    const { handled, options } = recorder({ dedupe: store });
    const receive = createWebhookReceiver(unsignedClient({ status: 'completed', attempts: 1 }), options);
    for (let i = 0; i < 500; i++) {
      const body = JSON.stringify({
        event: `forged-${i}-${'y'.repeat(i * 10)}`,
        order_id: 'o1',
        id: `f${i}`,
      });
      await receive({ headers: {}, rawBody: body });
    }
    expect(handled).toHaveLength(1);
    expect([...keys]).toEqual([expect.stringMatching(/^test:state:[0-9a-f]{64}$/)]);
  });
});

describe('handler options are checked at creation (issue 20, finding 8)', () => {
  const creators = { createWebhookHandler, createNodeWebhookHandler, createWebhookReceiver };
  const onEvent = () => undefined;
  const refusal = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      expect(error).toBeInstanceOf(PaymentLinkException);
      expect((error as PaymentLinkException).error._tag).toBe('ValidationError');
      return (error as PaymentLinkException).error as ValidationError;
    }
    throw new Error('created a handler with bad options');
  };

  for (const [name, create] of Object.entries(creators)) {
    it(`${name}: a mistyped key is refused with the closest known one`, () => {
      const error = refusal(() => create(client(), { onEvent, maxbytes: 1024 } as never));
      expect(error).toMatchObject({ _tag: 'ValidationError', field: 'options.maxbytes', operation: name });
      expect(error.message).toBe('options.maxbytes is not a webhook handler option; did you mean maxBytes?');
      expect(refusal(() => create(client(), { onEvent, readTimeout: 5 } as never)).message).toMatch(
        /did you mean readTimeoutMs\?/,
      );
    });

    it(`${name}: onEvent must be a function`, () => {
      expect(refusal(() => create(client(), {} as never))).toMatchObject({ field: 'options.onEvent' });
      expect(refusal(() => create(client(), { onEvent: 'fulfil' } as never)).message).toMatch(
        /options\.onEvent must be a function/,
      );
      expect(refusal(() => create(client(), undefined as never)).field).toBe('options');
      expect(refusal(() => create(client(), { onEvent, onError: 1 } as never)).field).toBe('options.onError');
      expect(refusal(() => create(client(), { onEvent, dedupe: true } as never)).field).toBe(
        'options.dedupe',
      );
    });

    it(`${name}: sizes and timeouts are whole numbers within bounds`, () => {
      for (const key of ['maxBytes', 'timeoutMs', 'readTimeoutMs']) {
        for (const bad of [Number.NaN, -1, 0, 1.5, Infinity, 1e12, '10 s']) {
          const error = refusal(() => create(client(), { onEvent, [key]: bad } as never));
          expect(error.field, `${key}: ${String(bad)}`).toBe(`options.${key}`);
          expect(error.message).toMatch(/a whole number from 1 to/);
        }
      }
      expect(() =>
        create(client(), { onEvent, maxBytes: 4096, timeoutMs: 5000, readTimeoutMs: 2000 }),
      ).not.toThrow();
    });
  }
});

describe('read deadline (issue 20, finding 7)', () => {
  it('answers 408 to a Fetch Request whose body stalls, and cancels the stream', async () => {
    const { handled, errors, options } = recorder({ readTimeoutMs: 50 });
    const handle = createWebhookHandler(client(), options);
    let cancelled = false;
    const stalled = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
        },
        cancel() {
          cancelled = true;
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const response = await handle(stalled);
    expect(await answer(response)).toEqual({ status: 408, body: { received: false, error: 'body_timeout' } });
    expect(cancelled).toBe(true);
    expect(errors.map((e) => [e.stage, (e.error as Error).name])).toEqual([
      ['body', 'WebhookBodyTimeoutError'],
    ]);
    expect(handled).toEqual([]);
  });

  it('answers 400 when a Fetch body fails mid-read, never rejecting', async () => {
    const { options } = recorder();
    const handle = createWebhookHandler(client(), options);
    const failing = new Request('http://127.0.0.1/webhooks', {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          controller.error(new Error('socket reset'));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await answer(await handle(failing))).toEqual({
      status: 400,
      body: { received: false, error: 'body_incomplete' },
    });
  });

  it('answers 408 to a Node request that trickles its body, and closes the connection', async () => {
    const { handled, options } = recorder({ readTimeoutMs: 100 });
    const server = createServer((req, res) => void createNodeWebhookHandler(client(), options)(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const socket = connect(port, '127.0.0.1');
      socket.write(
        'POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      );
      // 4 bytes every 25 ms: the body would take seconds; the deadline ends it.
      const trickle = setInterval(() => socket.write('{"a"'), 25);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      await new Promise<void>((resolve) => socket.on('close', () => resolve()));
      clearInterval(trickle);
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      expect(received).toMatch(/connection: close/i);
      expect(received).toContain('{"received":false,"error":"body_timeout"}');
      expect(handled).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('observers and checked values', () => {
  it('uses the checked timeoutMs (digits given as text become a number) and survives an onError that rejects', async () => {
    const seen: unknown[] = [];
    const links = {
      te: {
        resolveWebhook: (
          request: Parameters<ReturnType<typeof client>['te']['resolveWebhook']>[0],
          o?: unknown,
        ) => {
          seen.push(o);
          return client().te.resolveWebhook(request, o as never);
        },
      },
    };
    const handle = createWebhookHandler(links, {
      onEvent: () => {
        throw new Error('fulfilment down');
      },
      onError: async () => {
        throw new Error('logger down');
      },
      timeoutMs: '2500' as never,
    });
    expect(await answer(await handle(post(eventBody('evt_obs'))))).toEqual({
      status: 500,
      body: { received: false, error: 'handler_failed' },
    });
    expect(seen).toEqual([{ timeoutMs: 2500 }]);
    // Let a rejected onError promise surface if it were left unhandled (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
