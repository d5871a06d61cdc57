import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it, vi } from 'vitest';

import { scriptedProvider, testSecret as secret } from '../__tests__/test-provider.js';
import { fromProvider } from '../client/client.js';
import {
  bothObservers,
  httpTarget,
  urlTemplate,
  type HttpEvent,
  type PaymentLinksEventName,
} from './observability.js';

/** Every event a client emits, in order. */
function record(links: ReturnType<typeof fromProvider>) {
  const events: HttpEvent[] = [];
  for (const name of ['request', 'response', 'retry', 'error'] as const)
    links.on(name, (e) => events.push(e));
  return events;
}

const summary = (events: HttpEvent[]) =>
  events.map((e) => `${e.kind}#${e.attempt}${'status' in e && e.status !== undefined ? `:${e.status}` : ''}`);

describe('links.on: events of the HTTP boundary', () => {
  it('tells each try: request, response, retry, and the fields a log line needs', async () => {
    const { provider } = scriptedProvider([
      { status: 503, body: { error: 'busy' }, headers: { 'x-request-id': 'req_1' } },
      { status: 503, body: { error: 'busy' }, headers: { 'x-request-id': 'req_2' } },
      { status: 200, body: {}, headers: { 'x-request-id': 'req_3' } },
    ]);
    const links = fromProvider(provider);
    const events = record(links);
    await links.get('plink_42');
    expect(summary(events)).toEqual([
      'request#1',
      'response#1:503',
      'retry#1:503',
      'request#2',
      'response#2:503',
      'retry#2:503',
      'request#3',
      'response#3:200',
    ]);
    const base = {
      provider: 'test',
      operation: 'get',
      method: 'GET',
      urlTemplate: '/v2/payment-links/{id}',
      serverAddress: 'api.example.test',
      serverPort: 8443,
    };
    expect(events[0]).toEqual({ kind: 'request', ...base, attempt: 1 });
    expect(events[1]).toMatchObject({
      kind: 'response',
      ...base,
      attempt: 1,
      status: 503,
      requestId: 'req_1',
    });
    expect(events[2]).toMatchObject({ kind: 'retry', ...base, errorType: 'ProviderError', delayMs: 0.5 });
    expect(events[7]).toMatchObject({ kind: 'response', status: 200, requestId: 'req_3' });
    for (const event of events) {
      if ('durationMs' in event) expect(event.durationMs).toBeGreaterThanOrEqual(0);
      const text = JSON.stringify(event);
      expect(text).not.toContain('plink_42');
      expect(text).not.toContain('expand');
      expect(text).not.toContain(secret);
    }
  });

  it('ends a failed call with one error event; network failures have no status', async () => {
    const { provider } = scriptedProvider([{ networkError: 'ECONNRESET' }]);
    const links = fromProvider(provider);
    const events = record(links);
    const result = await links.te.get('plink_1')();
    expect(E.isLeft(result) && result.left._tag).toBe('NetworkError');
    expect(summary(events)).toEqual(['request#1', 'retry#1', 'request#2', 'retry#2', 'request#3', 'error#3']);
    expect(events[5]).toMatchObject({ kind: 'error', errorType: 'NetworkError', attempt: 3 });
    expect(events[5]).not.toHaveProperty('status');
    const refused = scriptedProvider([{ status: 404, body: {} }]);
    const notFound = fromProvider(refused.provider);
    const more = record(notFound);
    await notFound.te.get('plink_gone')();
    expect(summary(more)).toEqual(['request#1', 'response#1:404', 'error#1:404']);
    expect(more[2]).toMatchObject({ errorType: 'NotFoundError' });
  });

  it('carries the idempotency key of a create, the same on every try', async () => {
    const { provider } = scriptedProvider([
      { status: 500, body: {} },
      { status: 201, body: { id: 'plink_9' } },
    ]);
    const links = fromProvider(provider);
    const events = record(links);
    await links.create({ reference: 'r', amount: { amount: 100, currency: 'EUR' } } as never, {
      idempotencyKey: 'idem-abc',
    });
    expect(events.map((e) => e.idempotencyKey)).toEqual([
      'idem-abc',
      'idem-abc',
      'idem-abc',
      'idem-abc',
      'idem-abc',
    ]);
    expect(events.every((e) => e.urlTemplate === '/v2/payment-links' && e.method === 'POST')).toBe(true);
  });

  it('keeps a secret a provider echoes in its request id out of the event', async () => {
    const { provider } = scriptedProvider([
      { status: 200, body: {}, headers: { 'x-request-id': `id ${secret}` } },
    ]);
    const links = fromProvider(provider);
    const events = record(links);
    await links.get('plink_1');
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(events[1]).toMatchObject({ kind: 'response', requestId: expect.stringContaining('id ') });
  });

  it('stops with off(), isolates throwing listeners, and tells only the client whose operation runs', async () => {
    const { provider } = scriptedProvider([{ status: 200, body: {} }]);
    const first = fromProvider(provider);
    const second = fromProvider(provider);
    const seen: string[] = [];
    const listener = (e: HttpEvent) => seen.push(`first:${e.kind}`);
    first.on('request', listener);
    second.on('request', (e) => seen.push(`second:${e.kind}`));
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    second.on('response', () => {
      throw new Error('listener bug');
    });
    await first.get('a');
    await second.get('b');
    first.off('request', listener);
    await first.get('c');
    expect(seen).toEqual(['first:request', 'second:request']);
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('listener bug'), {
      code: 'PAYLINKS_LISTENER',
    });
    warning.mockRestore();
    expect(() => first.on('nonsense' as PaymentLinksEventName, () => undefined)).toThrow(/unknown event/);
    expect(first.on('error', () => undefined)).toBe(first);
  });

  it("takes an observer in the boundary's own options, and builds nothing when nobody observes", async () => {
    // A client without listeners or tracing hands the adapter the caller's options untouched.
    const untouched = scriptedProvider([{ status: 200, body: {} }]);
    const seenOptions: unknown[] = [];
    const quiet = fromProvider(
      { ...untouched.provider, get: (id, o) => (seenOptions.push(o), untouched.provider.get(id, o)) },
      { tracing: false },
    );
    const mine = { timeoutMs: 1000 };
    await quiet.get('plink_1', mine);
    expect(seenOptions[0]).toBe(mine);
    const seen: HttpEvent[] = [];
    const { http } = scriptedProvider([{ status: 200, body: {} }], { observer: (e) => seen.push(e) });
    await http.request({ operation: 'ping', method: 'GET', path: '/ping/123' })();
    expect(summary(seen)).toEqual(['request#1', 'response#1:200']);
    // No pathTemplate given: segments that could be ids are blanked.
    expect(seen[0]?.urlTemplate).toBe('/v2/ping/{}');
    expect(bothObservers(undefined, undefined)).toBeUndefined();
  });

  it('names routes by template, never by filled path or query', () => {
    const target = httpTarget('https://user:pw@api.example.test/v1?q=1');
    expect(target).toEqual({ serverAddress: 'api.example.test', serverPort: 443, basePath: '/v1' });
    expect(urlTemplate(target, '/links/abc', '/links/{id}')).toBe('/v1/links/{id}');
    expect(urlTemplate(target, '/links/plink_123/cancel?x=1', undefined)).toBe('/v1/links/{}/cancel');
    expect(httpTarget('http://127.0.0.1/').serverPort).toBe(80);
  });
});

/** Unhandled rejections while `during` runs (and the turn after it). */
async function unhandledDuring(during: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    await during();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  return seen;
}

describe('listeners are guests (issue 20, finding 6)', () => {
  it('an async listener that rejects is a warning, not an unhandled rejection, and the call answers as without it', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { provider } = scriptedProvider([{ status: 200, body: { id: 'plink_9' } }]);
    const links = fromProvider(provider, { tracing: false });
    let answer: unknown;
    const unhandled = await unhandledDuring(async () => {
      for (const name of ['request', 'response', 'retry', 'error'] as const)
        links.on(name, async () => {
          await Promise.resolve();
          throw new Error(`async ${name} listener bug`);
        });
      answer = await links.get('plink_9');
    });
    expect(unhandled).toEqual([]);
    expect(answer).toMatchObject({ id: 'plink_9' });
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('async request listener bug'), {
      code: 'PAYLINKS_LISTENER',
    });
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('async response listener bug'), {
      code: 'PAYLINKS_LISTENER',
    });
    warning.mockRestore();
  });

  it('a listener that throws something that is not an Error, or whose message cannot be read, is still only a warning', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { provider } = scriptedProvider([{ status: 200, body: {} }]);
    const links = fromProvider(provider, { tracing: false });
    const hostile = {
      toString() {
        throw new Error('no printing me');
      },
    };
    links.on('request', () => {
      throw hostile;
    });
    links.on('response', () => Promise.reject(null));
    const unhandled = await unhandledDuring(async () => {
      await expect(links.get('plink_1')).resolves.toMatchObject({ provider: 'test' });
    });
    expect(unhandled).toEqual([]);
    expect(warning).toHaveBeenCalledTimes(2);
    warning.mockRestore();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nonsense'])(
    'on(%j) is a TypeError naming the events and off is a no-op: nothing reads Object.prototype',
    (name) => {
      const { provider } = scriptedProvider([]);
      const links = fromProvider(provider, { tracing: false });
      expect(() => links.on(name as PaymentLinksEventName, () => undefined)).toThrow(
        /unknown event .*request, response, retry, error/,
      );
      expect(() => links.off(name as PaymentLinksEventName, () => undefined)).not.toThrow();
    },
  );

  it('bothObservers: the first observer failing does not keep the second from the event', () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const seen: string[] = [];
    const both = bothObservers(
      () => {
        throw new Error('first observer bug');
      },
      (e) => seen.push(e.kind),
    )!;
    both({ kind: 'request' } as HttpEvent, { redact: (t) => t });
    expect(seen).toEqual(['request']);
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('first observer bug'), {
      code: 'PAYLINKS_LISTENER',
    });
    warning.mockRestore();
  });
});
