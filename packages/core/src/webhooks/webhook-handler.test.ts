import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, describe, expect, it } from 'vitest';

import { noCapabilities, testLink, testProvider } from '../__tests__/test-provider.js';
import { fromProvider } from '../client/client.js';
import { networkError, type PaymentLinkError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
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
    expect(claimed).toEqual(['test:evt_7']);
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
    const second = eventBody('evt_n4');
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

  it('refuses to guess after a JSON body parser: the error says how to mount it, to next() or as a 500', async () => {
    const { handled, options } = recorder();
    const handle = createNodeWebhookHandler(client(), options);
    const passed: unknown[] = [];
    const url = await serve(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      if (req.headers['x-next'] === 'yes') {
        await handle(req, res, (error) => {
          passed.push(error);
          res.writeHead(500).end();
        });
      } else await handle(req, res);
    });
    const body = eventBody('evt_n5');
    const direct = await send(url, body);
    expect(direct.status).toBe(500);
    expect(direct.body.error).toBe('body_already_parsed');
    expect(String(direct.body.message)).toMatch(/express\.json\(\)/);
    await fetch(url, { method: 'POST', headers: { ...signed(body), 'x-next': 'yes' }, body });
    expect(passed[0]).toBeInstanceOf(WebhookBodyConsumedError);
    expect(handled).toEqual([]);
  });
});
