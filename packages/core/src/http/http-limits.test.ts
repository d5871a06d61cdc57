import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { afterEach, describe, expect, it } from 'vitest';

import { scriptedTransport } from '../__tests__/test-provider.js';
import { createHttpClient, defaultMaxResponseBytes, type HttpClientOptions } from './http-client.js';
import { expectLeft } from '@paylinks/testing';

const Anything = t.unknown;
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(baseUrl: string, overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ provider: 'psp', baseUrl, sleep: async () => {}, ...overrides });
}

// 64 MiB of zeros compresses to about 64 KiB: a small bomb, enough to pass any sane cap many times.
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

describe('answers are capped in decoded bytes', () => {
  it('stops reading a gzip bomb at the cap and reports a DecodeError that is not retryable', async () => {
    let served = 0;
    const url = await serve((_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = expectLeft(
      await client(url).request({ operation: 'get', method: 'GET', path: '/l/1', codec: Anything })(),
    );
    expect(error).toMatchObject({ _tag: 'DecodeError', retryable: false });
    expect(error.message).toContain(`maxResponseBytes (${defaultMaxResponseBytes} bytes decoded)`);
    expect(served).toBe(1); // not retried
  });

  it('stops reading an endless body long before the deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const error = expectLeft(
      await client(url, { maxResponseBytes: 1024 * 1024, timeoutMs: 60_000 }).request({
        operation: 'get',
        method: 'GET',
        path: '/l/1',
        codec: Anything,
      })(),
    );
    expect(error).toMatchObject({
      _tag: 'DecodeError',
      retryable: false,
      errors: ['body: larger than 1048576 bytes'],
    });
  });

  it('refuses a plain answer one byte over the cap and takes one at the cap', async () => {
    const body = (n: number) => JSON.stringify({ pad: 'x'.repeat(n - 10) });
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body(req.url === '/over' ? 4097 : 4096));
    });
    const http = client(url, { maxResponseBytes: 4096 });
    expect(body(4096)).toHaveLength(4096);
    expect(
      E.isRight(await http.request({ operation: 'get', method: 'GET', path: '/at', codec: Anything })()),
    ).toBe(true);
    expect(
      expectLeft(await http.request({ operation: 'get', method: 'GET', path: '/over', codec: Anything })()),
    ).toMatchObject({ _tag: 'DecodeError' });
  });

  it('marks a create whose answer was too large as ambiguous (the link may exist)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = expectLeft(
      await client(url).request({
        operation: 'create',
        method: 'POST',
        path: '/l',
        body: {},
        codec: Anything,
        idempotencyKey: 'k-1',
      })(),
    );
    expect(error).toMatchObject({ _tag: 'DecodeError', ambiguous: true, idempotencyKey: 'k-1' });
  });
});

describe('a create that never left the machine is not ambiguous', () => {
  it('tells creates that waited for a free socket (never sent) from the one that was sent', async () => {
    let received = 0;
    const url = await serve((req, res) => {
      received++;
      req.resume();
      req.on('end', () => setTimeout(() => res.end('{}'), 5_000));
    });
    // One socket and a deadline shorter than the answer: the first create is written and
    // times out; the other nine time out queued behind it.
    const http = client(url, { maxSockets: 1, timeoutMs: 1_000, retry: { maxRetries: 0 } });
    const errors = await Promise.all(
      Array.from({ length: 10 }, async () =>
        expectLeft(
          await http.request({
            operation: 'create',
            method: 'POST',
            path: '/l',
            body: {},
            codec: Anything,
          })(),
        ),
      ),
    );
    const ambiguous = errors.filter((e) => e._tag === 'NetworkError' && e.ambiguous);
    const notSent = errors.filter((e) => e._tag === 'NetworkError' && !e.ambiguous);
    // Exactly the creates the server saw are ambiguous; every other one is known never to have
    // been sent. Usually the server sees one; it can see none (a busy machine did not connect
    // within the deadline) or a second (the first's timeout frees the socket a moment before the
    // next one's own deadline fires), so the count is read, not assumed.
    expect(received).toBeLessThan(10);
    expect(ambiguous).toHaveLength(received);
    expect(notSent).toHaveLength(10 - received);
    expect(notSent[0]!.message).toContain('never sent');
  });

  it('retries a create that was never sent, even without an idempotency key, and sends it once', async () => {
    const received: string[] = [];
    const url = await serve((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => setTimeout(() => res.end('{"ok":true}'), req.url === '/slow' ? 600 : 0));
    });
    const http = client(url, { maxSockets: 1, timeoutMs: 250, retry: { maxRetries: 5 } });
    const slow = http.request({
      operation: 'get',
      method: 'GET',
      path: '/slow',
      codec: Anything,
      timeoutMs: 10_000,
    })();
    const created = await http.request({
      operation: 'create',
      method: 'POST',
      path: '/l',
      body: {},
      codec: Anything,
    })();
    expect(E.isRight(await slow)).toBe(true);
    expect(E.isRight(created) && created.right.tries).toBeGreaterThan(1);
    expect(received.filter((r) => r === 'POST /l')).toHaveLength(1);
  });
});

describe('paths', () => {
  it.each(['/links/..', '/links/.', '/links/../x', '/links/%2e%2E/', '/links/%2E'])(
    'refuses the dot segment in %s before any request',
    async (path) => {
      let received = 0;
      const url = await serve((_req, res) => {
        received++;
        res.end('{}');
      });
      const error = expectLeft(
        await client(url).request({ operation: 'get', method: 'GET', path, resourceId: 'x' })(),
      );
      expect(error).toMatchObject({ _tag: 'ValidationError', field: 'id' });
      expect(received).toBe(0);
    },
  );
});

describe('a retried create remembers that an earlier try may have made the link', () => {
  it('stays ambiguous, with its key, when a lost answer is followed by a 429', async () => {
    let received = 0;
    const url = await serve((req, res) => {
      received++;
      req.resume();
      req.on('end', () => {
        if (received === 1) req.socket.destroy();
        else res.writeHead(429, { 'retry-after': '0' }).end('{}');
      });
    });
    const error = expectLeft(
      await client(url, { retry: { maxRetries: 1 } }).request({
        operation: 'create',
        method: 'POST',
        path: '/l',
        body: {},
        codec: Anything,
        idempotencyKey: 'k-7',
      })(),
    );
    expect(received).toBe(2);
    expect(error).toMatchObject({ _tag: 'NetworkError', ambiguous: true, idempotencyKey: 'k-7' });
    expect(error.message).toContain('a retry then failed');
  });
});

describe('a refused connection proves the request was never sent', () => {
  it('retries a create without a key after ECONNREFUSED, even through an injected axios instance', async () => {
    const transport = scriptedTransport([
      { networkError: 'ECONNREFUSED' },
      { status: 201, body: { id: 'l_1' } },
    ]);
    const result = await client('https://api.psp.test', {
      httpClient: transport.axios,
      retry: { maxRetries: 1 },
    }).request({ operation: 'create', method: 'POST', path: '/l', body: {}, codec: Anything })();
    expect(E.isRight(result) && result.right.tries).toBe(2);
    expect(transport.urls).toHaveLength(2);
  });
});
