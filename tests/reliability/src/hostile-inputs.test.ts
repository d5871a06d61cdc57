// Hostile answers and inputs (issue 11): answers that never end or expand without limit,
// ids and URLs that would reach another endpoint or split a header, settings nobody reads,
// and secrets whose characters need escaping. Every figure lands in RELIABILITY.md under
// "Hostile answers and inputs".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

import { conomy, signConomyWebhook } from '@paylinks/conomy';
import {
  configFromEnv,
  createPaymentLinksEither,
  fromProvider,
  type PaymentLinkError,
  PaymentLinkException,
  type PaymentLinkProvider,
} from '@paylinks/core';
import { expectLeft } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { hsaProvider, signHsaWebhook } from '@paylinks/hsa-provider';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';
import { LeakAudit } from './support/leak-audit.js';
import { providers, recordResult, type ProviderId } from './support/results.js';

type Mode = 'gzip-bomb' | 'endless' | 'huge-json' | 'echo' | 'ok';
let mode: Mode = 'ok';
let received = 0;
let lastBody = '';
let server: Server;
let origin = '';

const MiB = 1024 * 1024;

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  received++;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  lastBody = Buffer.concat(chunks).toString('utf8');
  const status = req.method === 'POST' ? 201 : 200;
  const closed = () => res.destroyed || res.writableEnded;
  if (mode === 'gzip-bomb') {
    // 1 GiB of zeros, compressed as it is sent (about 1 MiB on the wire).
    res.writeHead(status, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const zeros = Readable.from(
      (function* () {
        const chunk = Buffer.alloc(MiB, 0x20);
        for (let i = 0; i < 1024; i++) yield chunk;
      })(),
    );
    await pipeline(zeros, createGzip(), res).catch(() => undefined);
    return;
  }
  if (mode === 'endless' || mode === 'huge-json') {
    // A 200 that never ends, or one announcing 300 MB of JSON.
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(mode === 'huge-json' ? { 'content-length': String(300 * MiB) } : {}),
    });
    res.write('{"id":"');
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (!closed() && res.write(chunk));
    };
    res.on('drain', pump);
    pump();
    await new Promise((resolve) => res.once('close', resolve));
    return;
  }
  if (mode === 'echo') {
    // A provider that echoes every header it got, raw and JSON-escaped, in a 400 and in a body nobody can decode.
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: { message: JSON.stringify(req.headers), detail: req.headers, field_errors: req.headers },
      }),
    );
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end('{}');
}

beforeAll(async () => {
  server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const input = {
  reference: 'hostile-1',
  amount: { amount: 995, currency: 'EUR' },
  description: 'Hostile test',
  successUrl: 'https://shop.example/ok',
  providerOptions: { conomy: { checkoutToken: 'hostile-1' } },
} as const;

const factories = { costplus, conomy, 'hsa-provider': hsaProvider } as Readonly<
  Record<ProviderId, (settings: unknown) => PaymentLinkProvider>
>;

/** An adapter's credentials: the suite's canaries, or `apiKey` as every secret it holds. */
function credentialsOf(id: ProviderId, apiKey?: string): Record<string, string> {
  if (apiKey !== undefined) return id === 'conomy' ? { apiKey, accessToken: `${apiKey}-token` } : { apiKey };
  if (id === 'conomy') return { apiKey: canaries.conomy.apiKey, accessToken: canaries.conomy.accessToken };
  return { apiKey: canaries[id].apiKey };
}

/** A provider against this file's hostile server, without retries. */
function build(id: ProviderId, extra: Record<string, unknown> = {}, credentials = credentialsOf(id)) {
  return factories[id]({
    ...credentials,
    baseUrl: origin,
    retry: { maxRetries: 0 },
    ...extra,
    ...(id === 'costplus' ? { baseUrl: `${origin}/v1` } : {}),
  });
}

/** What `f` throws (a PaymentLinkException's error value), or `undefined`. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof PaymentLinkException ? e.error : e;
  }
}

/** Runs `task` while sampling the process's resident memory every 2 ms; returns the growth of the peak in MiB. */
async function peakGrowthMiB(task: () => Promise<unknown>): Promise<number> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - baseline) / MiB;
}

const figures: Record<ProviderId, Record<string, number>> = {
  costplus: {},
  conomy: {},
  'hsa-provider': {},
};
const count = (id: ProviderId, key: string, by = 1) => {
  figures[id][key] = (figures[id][key] ?? 0) + by;
};

afterAll(() => {
  for (const id of providers) recordResult({ section: 'hostile', subject: id, figures: figures[id] });
});

describe.each(providers)('%s: hostile answers', (id) => {
  it.each(['gzip-bomb', 'endless', 'huge-json'] as const)(
    'stops reading a %s answer at the 2 MiB cap, with a DecodeError, under 64 MiB of memory growth',
    async (kind) => {
      const provider = build(id, { timeoutMs: 60_000 });
      for (const operation of ['get', 'create'] as const) {
        mode = kind;
        let error: PaymentLinkError | undefined;
        const growth = await peakGrowthMiB(async () => {
          const result =
            operation === 'get' ? await provider.get('link_1')() : await provider.create(input as never)();
          error = E.isLeft(result) ? result.left : undefined;
        });
        mode = 'ok';
        expect(error).toMatchObject({ _tag: 'DecodeError', retryable: false });
        expect(error?.message).toContain('maxResponseBytes');
        expect(growth).toBeLessThan(64);
        count(id, 'answersTried');
        count(id, 'peakGrowthMiBMax', Math.max(0, growth - (figures[id]['peakGrowthMiBMax'] ?? 0)));
      }
    },
  );
});

const hostileIds = ['.', '..', '', ' ', '\t', 'a\u0000b', 'a\r\nb', 'x\u2028y', 'x'.repeat(256)];

describe.each(providers)('%s: hostile ids', (id) => {
  it('refuses every hostile id before any request, naming the argument', async () => {
    const links = fromProvider(build(id));
    for (const hostile of hostileIds) {
      const before = received;
      const calls: Array<[string, () => Promise<unknown>]> = [['get', () => links.get(hostile)]];
      if (links.capabilities.cancel) calls.push(['cancel', () => links.cancel(hostile)]);
      if (links.capabilities.activate) calls.push(['activate', () => links.activate(hostile)]);
      if (links.capabilities.delete) calls.push(['delete', () => links.delete(hostile)]);
      for (const [operation, call] of calls) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => (e instanceof PaymentLinkException ? e.error : e),
        );
        expect(error, `${operation}(${JSON.stringify(hostile)})`).toMatchObject({
          _tag: 'ValidationError',
          field: 'id',
        });
        count(id, 'hostileIdsTried');
      }
      expect(received).toBe(before);
    }
  });

  it('refuses a webhook that names a hostile id before fetching anything', async () => {
    const before = received;
    const links = fromProvider(
      id === 'costplus'
        ? build(id)
        : build(id, {
            webhookSecret:
              id === 'conomy' ? canaries.conomy.webhookSecret : canaries['hsa-provider'].webhookSecret,
          }),
    );
    for (const hostile of ['..', '.']) {
      const request =
        id === 'costplus'
          ? { headers: {}, rawBody: JSON.stringify({ event: 'status_changed', order_id: hostile }) }
          : id === 'conomy'
            ? signConomyWebhook(canaries.conomy.webhookSecret, {
                event: 'Transaction.Captured',
                data: { transaction: { id: hostile, status: 'CAPTURED', externalId: 'r' } },
              })
            : hsaWebhook(hostile);
      const error = await links.resolveWebhook(request).then(
        () => undefined,
        (e: unknown) => (e instanceof PaymentLinkException ? e.error : e),
      );
      expect(error).toMatchObject({ _tag: 'ValidationError' });
      count(id, 'hostileWebhookIdsTried');
    }
    expect(received).toBe(before);
  });
});

function hsaWebhook(linkId: string) {
  const rawBody = JSON.stringify({
    id: 'evt_1',
    type: 'payment_link.paid',
    created_at: new Date().toISOString(),
    data: { id: linkId, status: 'paid' },
  });
  const at = Math.floor(Date.now() / 1000);
  return {
    headers: { 'X-Gale-Signature': signHsaWebhook(canaries['hsa-provider'].webhookSecret, rawBody, at) },
    rawBody,
  };
}

const hostileUrls = [
  'https://x.example/ok\r\nSet-Cookie: a=b',
  'https://x.example/\n',
  'https://x.example/\u0000',
  'https://x.example/\u0085',
  'javascript:alert(1)',
  'data:text/html,hi',
  'ftp://x.example/',
  '//x.example/ok',
  'https://',
];

describe.each(providers)('%s: hostile URLs', (id) => {
  it('refuses control characters and other schemes in every URL input, before any request', async () => {
    const links = fromProvider(build(id));
    for (const field of ['successUrl', 'failureUrl', 'webhookUrl'] as const) {
      for (const url of hostileUrls) {
        const before = received;
        const error = await links.create({ ...input, [field]: url } as never).then(
          () => undefined,
          (e: unknown) => (e instanceof PaymentLinkException ? e.error : e),
        );
        expect(error, `${field} ${JSON.stringify(url)}`).toMatchObject({ _tag: 'ValidationError' });
        expect(received).toBe(before);
        count(id, 'hostileUrlsTried');
      }
    }
  });

  it('sends a non-ASCII redirect URL percent-encoded', async () => {
    mode = 'ok';
    await build(id).create({ ...input, successUrl: 'https://tienda.example/gracias/señor' } as never)();
    expect(lastBody).toContain('https://tienda.example/gracias/se%C3%B1or');
    expect(lastBody).not.toContain('ñ');
  });
});

const unknownSettings: ReadonlyArray<readonly [Record<string, unknown>, string, string]> = [
  [{ baseURL: 'https://x.example' }, 'baseURL', 'baseUrl'],
  [{ baseurl: 'https://x.example' }, 'baseurl', 'baseUrl'],
  [{ timeout: 1000 }, 'timeout', 'timeoutMs'],
  [{ timeoutMS: 1000 }, 'timeoutMS', 'timeoutMs'],
  [{ retry: { maxRetry: 1 } }, 'retry.maxRetry', 'maxRetries'],
  [{ maxSocket: 4 }, 'maxSocket', 'maxSockets'],
];
const badSettings: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
  [{ baseUrl: `https://user:${canaries.costplus.apiKey}@x.example/v1` }, 'baseUrl'],
  [{ baseUrl: 'https://x.example/v1?x=1' }, 'baseUrl'],
  [{ baseUrl: 'https://x.example/v1#f' }, 'baseUrl'],
  [{ baseUrl: 'http://x.example/v1' }, 'baseUrl'],
  [{ timeoutMs: 0 }, 'timeoutMs'],
  [{ timeoutMs: 600_001 }, 'timeoutMs'],
  [{ retry: { maxRetries: 11 } }, 'retry.maxRetries'],
];

describe.each(providers)('%s: settings', (id) => {
  const credentials = credentialsOf(id);
  const factory = factories[id];
  const audit = new LeakAudit();

  it('refuses every unknown setting, suggesting the known one, in settings, config and environment', () => {
    for (const [extra, key, suggestion] of unknownSettings) {
      const thrown = thrownBy(() => factory({ ...credentials, ...extra }));
      expect(thrown).toMatchObject({ _tag: 'ValidationError', field: `${id}.${key}` });
      expect((thrown as PaymentLinkError).message).toContain(`did you mean ${suggestion}?`);
      audit.error(`settings ${key}`, thrown);
      count(id, 'unknownSettingsTried');
    }
    const env = configFromEnv(
      {
        PAYLINKS_PROVIDER: id,
        [`PAYLINKS_${id.toUpperCase().replace('-', '_')}_API_KEY`]: credentials.apiKey,
        [`PAYLINKS_${id.toUpperCase().replace('-', '_')}_BASEURL`]: 'https://x.example',
      },
      { [id]: factory as never },
    );
    const fromEnv = createPaymentLinksEither(env, { [id]: factory as never });
    expect(E.isLeft(fromEnv) && fromEnv.left.message).toMatch(
      /BASEURL is not a .* setting; did you mean PAYLINKS_.*_BASE_URL\?/,
    );
    count(id, 'unknownSettingsTried');
  });

  it('refuses a baseUrl with user-info, query or fragment, http: off loopback, and out-of-range limits', () => {
    for (const [extra, field] of badSettings) {
      const thrown = thrownBy(() => factory({ ...credentials, ...extra }));
      expect(thrown).toMatchObject({ _tag: 'ValidationError', field: `${id}.${field}` });
      audit.error(`settings ${field}`, thrown);
      count(id, 'badSettingsTried');
    }
    expect(audit.leaks).toEqual([]);
    count(id, 'leaks', audit.leaks.length);
  });
});

const specialSecrets = [
  'cp"K\\ey1_special',
  'sk%2F+plus space/slash',
  'clé-secrète-ünïcode',
  'tab\there"quote\\back',
];

describe.each(providers)('%s: secrets with special characters', (id) => {
  it('never shows a secret in any encoding, in errors from echoing providers or in settings errors', async () => {
    const audit = new LeakAudit();
    for (const secret of specialSecrets) {
      audit.addSecret(secret);
      const provider = build(id, {}, credentialsOf(id, secret));
      if (id === 'conomy') audit.addSecret(`${secret}-token`);
      mode = 'echo';
      for (const result of [await provider.get('link_1')(), await provider.create(input as never)()]) {
        audit.error(`echo ${JSON.stringify(secret)}`, expectLeft(result));
      }
      mode = 'ok';
      const settingsError = thrownBy(() => factories[id]({ apiKey: secret, baseUrl: 42 }));
      audit.error(`settings ${JSON.stringify(secret)}`, settingsError);
      count(id, 'specialSecretsTried');
    }
    expect(audit.leaks).toEqual([]);
    count(id, 'renderingsChecked', audit.checked);
    count(id, 'leaks', audit.leaks.length);
  });
});
